"""Story lists whose cost does not grow with the archive or the page number.

`ListingPaginator` pages a queryset in two steps: the ids of the page first (an
index-only walk over the listing's order; no row is read for the pages skipped),
then those 20 stories with everything a list shows. Its count is given by the
caller: a topic's, outlet's, actor's or event's from its tally
(`articles/tallies.py`), a filtered list's or a search's from the cache
(`articles/site/cache.py`: until the next public change).
"""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.utils.functional import cached_property

from .. import tallies
from . import cache as site_cache


class ListingPaginator(Paginator):
    def __init__(self, object_list, per_page, *, total=None, rows=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.total = total
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
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        by_id = {story.pk: story for story in self.rows.filter(pk__in=ids).order_by()}
        stories = [by_id[pk] for pk in ids if pk in by_id]
        return self._get_page(stories, number, self)


def cached_count(key, queryset):
    """A count for `total`, kept in the cache until the next public change."""
    return lambda: site_cache.aggregate(f"count:{key}", queryset.order_by().count)


def page_of(request, queryset, per_page, *, total=None, rows=None, param="page"):
    """The requested page (a bad number gives the first or last page)."""
    return ListingPaginator(queryset, per_page, total=total, rows=rows).get_page(
        request.GET.get(param)
    )


def page_number(request, param="page") -> int:
    """The page a reader asks for, as `get_page` reads it (anything odd is 1)."""
    try:
        return max(1, int(request.GET.get(param, 1)))
    except ValueError:
        return 1


def among(stories, links, *, members, page_end):
    """`stories` linked by `links` (rows with `article_id`), by the cheaper plan.

    Without statistics per value a database cannot tell an actor named in a quarter
    of the archive from one named in three stories, and plans both alike: read
    every linked story to sort them (27,000 for the busiest actor: 75 ms), or walk
    the archive newest first until the page is full (all 80,000 stories for a rare
    one: 100 ms). The tally knows `members`: walk when the walk reaches the page's
    end before the sort would have read every member, else sort the members.
    """
    if page_end * tallies.published_total() < members * members:
        return stories.filter(Exists(links.filter(article_id=OuterRef("pk"))))
    return stories.filter(pk__in=links.values("article_id"))
