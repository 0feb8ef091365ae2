"""One FilterSet for story lists: the API's `/articles/` and the public topic page.

Several values of one filter mean any of them, as a comma list (`?actor=a,b`) or as
repeated keys (`?actor=a&actor=b`, as HTTP clients send lists); different filters
combine with and. `updated_after`/`updated_before` let a mirror fetch what changed.
An unknown slug or genre is a validation error naming it, so the API answers 400
and the page shows it beside the field. The other resources' FilterSets follow.
"""

import django_filters as filters
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db.models import ManyToManyField
from django.utils.translation import gettext_lazy as _

from actors.models import Actor, Event
from newsdesk.filters import ChangedBetweenFilterSet, changed_between

from ..models import Article, EditorialNote, Flag, Outlet, Tally, Topic, is_desk


class KnownSlugField(forms.SlugField):
    """A slug that must name a row of `queryset`."""

    def __init__(self, *args, queryset, **kwargs):
        self.queryset = queryset
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and not self.queryset.filter(slug=value).exists():
            raise forms.ValidationError(
                _("Unknown %(model)s “%(slug)s”.")
                % {"model": self.queryset.model._meta.verbose_name, "slug": value}
            )
        return value


class SlugsFilter(filters.BaseInFilter, filters.CharFilter):
    """`?field=a,b`: rows linked to any of these slugs.

    Through a subquery of ids, not a join: a join repeats a row per link and needs
    DISTINCT over whole rows, which at 100,000 stories cost more than the list
    (a topic's count 90 ms, its page 75 ms). The subquery reads the links alone
    (the topic and event link tables, the mentions), never the stories again; an
    outlet, which the story names itself, is matched by the outlet's ids.
    """

    field_class = KnownSlugField

    def __init__(self, *args, queryset, **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, queryset=queryset, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        relation, related = self.field_name.split("__", 1)
        field = qs.model._meta.get_field(relation)
        if field.many_to_one:
            # The row holds the link itself (a story's outlet): match its column.
            linked = field.related_model._default_manager.filter(
                **{f"{related}__{self.lookup_expr}": value}
            )
            return qs.filter(**{f"{relation}__in": linked.values("pk")})
        if isinstance(field, ManyToManyField):  # declared here, with its link table
            links, row = field.remote_field.through, field.m2m_field_name()
            related = f"{field.m2m_reverse_field_name()}__{related}"
        elif field.one_to_many:
            # Rows that each point at one of ours (a story's mentions).
            links, row = field.related_model, field.field.name
        else:
            raise ImproperlyConfigured(f"SlugsFilter cannot follow {self.field_name}")
        linked = links._default_manager.filter(
            **{f"{related}__{self.lookup_expr}": value}
        )
        return qs.filter(pk__in=linked.values(row))


class ListedSlugsFilter(SlugsFilter):
    """`?topic=a`, `?actor=a`: for a public list, one topic's or actor's own list.

    The public sees published stories only, which is what a list's entries hold, so
    its stories filtered by one topic or actor are joined to that list's entries in
    its order (`ArticleQuerySet.in_listing`): a page walks the entries up to it and
    stops. The desk's lists include drafts, which no entry lists, and several
    slugs would list a story twice: both take the subquery.
    """

    def __init__(self, *args, scope, queryset, **kwargs):
        self.scope, self.listings = scope, queryset
        super().__init__(*args, queryset=queryset, **kwargs)

    def filter(self, qs, value):
        request = getattr(getattr(self, "parent", None), "request", None)
        if len(value or ()) != 1 or request is None or is_desk(request.user):
            return super().filter(qs, value)
        listing = self.listings.filter(slug=value[0]).order_by().values("pk")[:1]
        return qs.in_listing(self.scope, listing)


class ChoicesFilter(filters.BaseInFilter, filters.ChoiceFilter):
    """`?genre=opinion,analysis`: any of these choices."""


class ArticleFilter(filters.FilterSet):
    topic = ListedSlugsFilter(
        field_name="topics__slug", queryset=Topic.objects.all(), scope=Tally.Scope.TOPIC
    )
    outlet = SlugsFilter(field_name="outlet__slug", queryset=Outlet.objects.all())
    actor = ListedSlugsFilter(
        field_name="mentions__actor__slug",
        queryset=Actor.objects.all(),
        scope=Tally.Scope.ACTOR,
    )
    event = SlugsFilter(field_name="events__slug", queryset=Event.objects.all())
    genre = ChoicesFilter(choices=Article.Genre.choices)
    status = ChoicesFilter(
        choices=Article.Status.choices, label=_("Status (desk only)")
    )
    published_after = filters.DateFilter(
        field_name="published_at", lookup_expr="date__gte"
    )
    published_before = filters.DateFilter(
        field_name="published_at", lookup_expr="date__lte"
    )
    updated_after, updated_before = changed_between()
    q = filters.CharFilter(method="filter_text", label=_("Text"))
    ordering = filters.OrderingFilter(
        fields=["published_at", "updated_at", "headline"],
        help_text=_("published_at, updated_at or headline; '-' for descending."),
    )

    class Meta:
        model = Article
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(_lists_joined(data, self.base_filters), *args, **kwargs)

    def filter_text(self, queryset, name, value):
        return queryset.search(value)


def _lists_joined(data, base_filters):
    """`?genre=a&genre=b` read as `?genre=a,b` for every any-of filter."""
    if data is None or not hasattr(data, "getlist"):
        return data
    data = data.copy()
    for name, filter_ in base_filters.items():
        values = data.getlist(name)
        if len(values) > 1 and isinstance(filter_, filters.BaseCSVFilter):
            data.setlist(name, [",".join(values)])
    return data


class ChangeFilter(ChangedBetweenFilterSet):
    class Meta:
        model = Article
        fields = []


class OutletFilter(ChangedBetweenFilterSet):
    class Meta:
        model = Outlet
        fields = ["ownership", "country"]


class TopicFilter(ChangedBetweenFilterSet):
    class Meta:
        model = Topic
        fields = []


# Notes and flags have no time of their own: they go with their story, whose
# `updated_at` every public note and every flag decision raises.
STORY_CHANGED = _(": of stories changed then")


class NoteFilter(ChangedBetweenFilterSet):
    updated_after, updated_before = changed_between(
        "article__updated_at", what=STORY_CHANGED
    )

    class Meta:
        model = EditorialNote
        fields = ["kind"]


class FlagFilter(ChangedBetweenFilterSet):
    updated_after, updated_before = changed_between(
        "article__updated_at", what=STORY_CHANGED
    )

    class Meta:
        model = Flag
        fields = ["state", "kind"]
