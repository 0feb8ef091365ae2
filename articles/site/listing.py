"""Story lists whose cost does not grow with the archive or the page number.

`ListingPaginator` pages a queryset in two steps: the ids of the page first (an
index-only walk over the listing's order, or a topic's or actor's listing entries;
no row is read for the pages skipped), then those 20 stories with everything a
list shows (`stories_by_id`, which reads the home page's newest stories too). Its
count is given by the caller: a topic's, outlet's, actor's or event's from its
tally (`articles/tallies.py`), a filtered list's from the cache
(`articles/site/cache.py`: until the next public change); a search counts its
window of at most 2,000 stories.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from . import cache as site_cache


class ListingPaginator(Paginator):
    def __init__(
        self, object_list, per_page, *, total=None, rows=None, ids=None, **kwargs
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.total = total
        # The list's ids in its order: its own, or a topic's or actor's listing
        # entries (`tallies.listed`), read from one narrow index.
        self.ids = object_list.values_list("pk", flat=True) if ids is None else ids
        # Where the page's stories are read from by id: the list itself, or (when
        # its filters are costly to run twice) the same stories without them.
        self.rows = object_list if rows is None else rows

    @cached_property
    def count(self):
        return self.object_list.count() if self.total is None else self.total()

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.ids[bottom:top])
        return self._get_page(stories_by_id(self.rows, ids), number, self)


def stories_by_id(rows, ids):
    """The stories of a page's `ids`, read from `rows` by id, in the order of `ids`.

    The list's filters and order chose the ids; the stories are read by primary
    key without them (a list joined to its outlets in one query was sorted by
    SQLite's planner outlet by outlet). `ids` is a list, or a query of the rows'
    own ids (the home page's newest, `.values("pk")[:20]`): that one stays a
    subquery, so both steps are one query, and the stories take its order in SQL.
    """
    if isinstance(ids, QuerySet):
        if ids.model is not rows.model:  # its order would name another model's fields
            raise ValueError("A query of ids must be of the rows' own model.")
        ordering = ids.query.order_by or ids.model._meta.ordering
        return list(rows.filter(pk__in=ids).order_by(*ordering))
    by_id = {story.pk: story for story in rows.filter(pk__in=ids).order_by()}
    return [by_id[pk] for pk in ids if pk in by_id]


def cached_count(key, queryset):
    """A count for `total`, kept in the cache until the next public change."""
    return lambda: site_cache.aggregate(f"count:{key}", queryset.order_by().count)


def page_of(
    request, queryset, per_page, *, total=None, rows=None, ids=None, param="page"
):
    """The requested page (a bad number gives the first or last page)."""
    paginator = ListingPaginator(queryset, per_page, total=total, rows=rows, ids=ids)
    return paginator.get_page(request.GET.get(param))


def with_cards(stories, *, template, key, prepare):
    """Set each story's `card`: its HTML from `template`, kept under `key(story)`.

    The cards found in the cache are not rendered again, and `prepare(missing)`
    (the prefetches a card needs) runs for the others only: a page whose stories
    did not change reads none of their details. `key` must change with anything the
    card shows (the story's version, the directory's, its counts).
    """
    keys = {story.pk: f"card:{key(story)}" for story in stories}
    found = cache.get_many(list(keys.values()))
    missing = [story for story in stories if keys[story.pk] not in found]
    if missing:
        prepare(missing)
        rendered = {
            keys[story.pk]: str(render_to_string(template, {"story": story}))
            for story in missing
        }
        if settings.PAGE_CACHE_SECONDS:
            cache.set_many(rendered, settings.PAGE_CACHE_SECONDS)
        found |= rendered
    for story in stories:
        # Rendered by the project's own template, which escapes what it shows.
        story.card = mark_safe(found[keys[story.pk]])  # noqa: S308
    return stories
