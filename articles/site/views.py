"""Public pages. Every story on them comes through Article.objects.published().

A withdrawn story answers at its own URL as a tombstone (`on_record()`), and
nowhere else: not in a list, a count, a feed, the sitemap or search.
"""

import datetime
import functools
import hashlib

from django import forms
from django.core.validators import slug_re
from django.db.models import Count, Exists, OuterRef, Prefetch, prefetch_related_objects
from django.forms.utils import flatatt
from django.http import Http404, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView
from django_filters.widgets import BaseCSVWidget

from actors import views as actor_views
from actors.models import Actor, Event
from newsdesk.site import absolute_for, public_url

from .. import labels, search, tallies
from ..api.filters import ArticleFilter
from ..models import (
    Article,
    EditorialNote,
    Flag,
    Outlet,
    Quote,
    Tally,
    Topic,
)
from . import cache as site_cache
from .charts import share_bar, timeline
from .jsonld import story_jsonld
from .listing import ListingPaginator, cached_count, stories_by_id, with_cards
from .listing import page_of as listing_page_of
from .story_body import body_with_public_flags

STORIES_PER_PAGE = 20
SEARCH_MAX_LENGTH = 200
# The topic page offers the actors its stories name most (a topic of 15,000 stories
# names thousands); an actor chosen through a link or the API's filter is added.
ACTOR_CHOICES = 100
# Likewise its 50 busiest outlets (a chosen one is added), and the 10 busiest in its
# outlet mix, the rest summed up.
OUTLET_CHOICES = 50
OUTLET_MIX = 10


def genre_segments(counts):
    """A genre mix ((genre, count) pairs) as share-bar segments, most common first."""
    return share_bar(
        (genre, Article.Genre(genre).label, count) for genre, count in counts
    )


def page_of(
    request, queryset, per_page=STORIES_PER_PAGE, *, total=None, rows=None, ids=None
):
    return listing_page_of(request, queryset, per_page, total=total, rows=rows, ids=ids)


def topics_with_counts():
    """Every topic with its number of published stories."""
    return tallies.with_story_counts(Topic.objects.all(), Tally.Scope.TOPIC)


class HomeView(ListView):
    template_name = "home.html"
    context_object_name = "stories"

    def get_queryset(self):
        newest = Article.objects.published().values("pk")[:STORIES_PER_PAGE]
        return stories_by_id(Article.objects.as_listed(), newest)

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            topics=topics_with_counts(),
            recent_events=Event.objects.recent(today)[:5],
            upcoming_events=Event.objects.upcoming(today)[:5],
            **kwargs,
        )


class TopicListView(ListView):
    template_name = "articles/topic_list.html"

    def get_queryset(self):
        return topics_with_counts()


class QuickSelect(forms.Select):
    """Django's `<select>`, written without a template per option.

    The topic page offers 150 outlets and actors; Django's option templates made
    rendering them a third of the page's cost.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(choice)}"'
            f"{' selected' if str(choice) in chosen else ''}>{escape(label)}</option>"
            for choice, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        # Every value and label is escaped above; the attributes by flatatt.
        html = f'<select name="{escape(name)}"{attributes}>{options}</select>'
        return mark_safe(html)  # noqa: S308


class CSVSelect(BaseCSVWidget, QuickSelect):
    """A select for a comma-separated filter; several values fall back to text."""


class DateInput(forms.DateInput):
    """`<input type="date">`, left empty when what the reader sent is no date."""

    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, str):
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                return None
        return super().format_value(value)


class TopicPanels:
    """What a topic page shows beside its stories: its filters, mix and timeline.

    Drawn from the topic's tally (`tallies.topic_counts`) and built on first use
    only. The page keeps each one's HTML in the cache under a key made of what it
    is drawn from and the directory's version (outlets', actors' and events' names):
    the filters by which genres, outlets and actors they offer, the mix by its
    counts, the timeline by the day (it marks what is upcoming). So a publication
    on the topic draws its mix again and, mostly, nothing else; a correction, a flag
    decision or a story on another topic draws none. A filtered page builds its
    filters each time: its form shows what the reader chose.
    """

    def __init__(self, view, counts):
        self.view = view
        self.topic = view.topic
        self.counts = counts
        self.today = timezone.localdate()
        self.filterset = None  # the view's, once it has one

    @functools.cached_property
    def filters_key(self):
        return site_cache.drawn_from(
            sorted(genre for genre, _n in self.counts["genres"]),
            sorted(outlet for outlet, _n in self.counts["outlets"]),
            sorted(self.counts["actors"]),
        )

    @functools.cached_property
    def mix_key(self):
        # Every offered outlet's count: the mix's ten are picked among them by name
        # where counts tie, which the ranking of the counts alone does not say.
        counts = self.counts
        return site_cache.drawn_from(
            counts["stories"], counts["genres"], counts["outlets"]
        )

    @functools.cached_property
    def timeline_key(self):
        return site_cache.drawn_from(self.today.isoformat())

    @functools.cached_property
    def outlets(self):
        """The busiest outlets with their slug, name and ownership, busiest first."""
        counts = dict(self.counts["outlets"])
        rows = Outlet.objects.filter(pk__in=counts).values(
            "pk", "slug", "name", "ownership"
        )
        found = [{**row, "count": counts[row["pk"]]} for row in rows]
        return sorted(found, key=lambda row: (-row["count"], row["name"]))

    @functools.cached_property
    def filter_fields(self):
        """The filter form's fields, offering what the topic's stories hold."""
        filterset = self.filterset
        fields = filterset.form.fields
        fields["genre"].label = "Type of work"
        present = {genre for genre, _n in self.counts["genres"]}
        fields["genre"].widget = CSVSelect(
            choices=[("", "Any")]
            + [
                (genre.value, genre.label)
                for genre in Article.Genre
                if genre in present
            ]
        )
        outlets = sorted(
            ((row["slug"], row["name"]) for row in self.outlets),
            key=lambda pair: pair[1],
        )
        chosen = self.chosen(filterset, "outlet", outlets)
        if chosen:
            outlets += (
                Outlet.objects.filter(
                    slug__in=chosen, articles__in=self.view.get_queryset()
                )
                .distinct()
                .values_list("slug", "name")
            )
        fields["outlet"].label = "Outlet"
        fields["outlet"].widget = CSVSelect(choices=[("", "Any outlet")] + outlets)
        actors = sorted(
            Actor.objects.filter(pk__in=self.counts["actors"]).values_list(
                "slug", "name"
            ),
            key=lambda pair: pair[1],
        )
        chosen = self.chosen(filterset, "actor", actors)
        if chosen:
            actors += (
                Actor.objects.filter(
                    slug__in=chosen, mentions__article__in=self.view.get_queryset()
                )
                .distinct()
                .values_list("slug", "name")
            )
        fields["actor"].label = "Actor mentioned"
        fields["actor"].widget = CSVSelect(choices=[("", "Anyone")] + actors)
        for name in self.view.filter_fields:
            fields[name].help_text = ""  # "comma-separated" means nothing in a select
        for name, label in (("published_after", "From"), ("published_before", "To")):
            fields[name].label = label
            fields[name].widget = DateInput()
        return [filterset.form[name] for name in self.view.filter_fields]

    @staticmethod
    def chosen(filterset, name, offered):
        """Slugs the reader filters `name` by that the select does not offer yet."""
        if not filterset.is_bound:
            return set()
        offered = {slug for slug, _name in offered}
        return {
            slug
            for value in filterset.data.getlist(name)
            for slug in value.split(",")
            if slug_re.match(slug) and slug not in offered  # no NUL reaches the query
        }

    @functools.cached_property
    def genre_mix(self):
        return genre_segments(self.counts["genres"])

    @functools.cached_property
    def outlet_mix(self):
        return [
            {**row, "ownership_label": Outlet.Ownership(row["ownership"]).label}
            for row in self.outlets[:OUTLET_MIX]
        ]

    @functools.cached_property
    def outlet_max(self):
        return max((n for _outlet, n in self.counts["outlets"]), default=0)

    @functools.cached_property
    def other_outlets(self):
        shown = sum(n for _outlet, n in self.counts["outlets"][:OUTLET_MIX])
        return max(0, self.counts["stories"] - shown)

    @functools.cached_property
    def timeline(self):
        return timeline(self.topic.events.all(), today=self.today)


class TopicDetailView(FilterView):
    """A topic's published stories through the API's FilterSet, with its timeline.

    Readers filter by genre, outlet, actor and date range; the other filters of
    ArticleFilter (status, free text, ordering...) are not offered here. An
    unfiltered page binds no form (nothing to validate) and builds its filters and
    charts only when their fragment is not in the cache (`TopicPanels`).
    """

    filterset_class = ArticleFilter
    filter_fields = ("genre", "outlet", "actor", "published_after", "published_before")
    template_name = "articles/topic_detail.html"
    context_object_name = "stories"
    paginate_by = STORIES_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.topic = get_object_or_404(Topic, slug=kwargs["slug"])
        self.panels = TopicPanels(
            self,
            tallies.topic_counts(
                self.topic.pk, outlets=OUTLET_CHOICES, actors=ACTOR_CHOICES
            ),
        )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.in_listing(Tally.Scope.TOPIC, self.topic.pk)

    def get_paginator(self, queryset, per_page, orphans=0, **kwargs):
        rows = Article.objects.as_listed(from_entries=True)
        if self.filterset.is_bound:
            data = self.filterset.data.urlencode()
            digest = hashlib.sha256(data.encode()).hexdigest()[:16]
            total = cached_count(f"topic:{self.topic.pk}:{digest}", queryset)
            return ListingPaginator(queryset, per_page, total=total, rows=rows)
        return ListingPaginator(
            queryset,
            per_page,
            total=lambda: self.panels.counts["stories"],
            ids=tallies.listed(Tally.Scope.TOPIC, self.topic.pk),
            rows=rows,
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = QueryDict(mutable=True)
        for name in self.filter_fields:
            values = [value for value in self.request.GET.getlist(name) if value]
            if values:
                data.setlist(name, values)
        kwargs["data"] = data or None  # unfiltered: an unbound form, never validated
        return kwargs

    def get_filterset(self, filterset_class):
        self.panels.filterset = filterset = super().get_filterset(filterset_class)
        if filterset.is_bound:
            # Labels and widgets set before validation: the bound fields keep them.
            self.panels.filter_fields  # noqa: B018
        return filterset

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            topic=self.topic,
            panels=self.panels,
            filtered=self.filterset.is_bound,
            **kwargs,
        )


class StoryParts:
    """What a story page draws from the story's own rows, read on first use only.

    The page keeps their HTML in the cache under `key`: the story's version (which
    every service write a reader could see raises: an edit, a note, a flag
    decision), its counts of mentions and quotes (the analyzer adds those without a
    new version), the directory's version (outlets', actors', events' and topics'
    names), the site's address (JSON-LD is absolute) and whether it is the desk's
    preview. So a public change elsewhere reads and renders none of it again; the
    other outlets' coverage, which other stories change, is drawn each time.
    """

    def __init__(self, story, request, *, preview):
        self.story = story
        self.request = request
        self.key = site_cache.drawn_from(
            story.pk,
            story.version,
            story.mention_count,
            story.quote_count,
            public_url("/", request),
            "preview" if preview else "public",
        )

    @functools.cached_property
    def related(self):
        """The story with its topics, its events in order and its public notes."""
        public_notes = EditorialNote.objects.public().select_related(
            "quote__speaker", "actor"
        )
        prefetch_related_objects(
            [self.story],
            "topics",
            Prefetch("events", queryset=Event.objects.order_by("date", "title")),
            Prefetch("notes", queryset=public_notes),
        )
        return self.story

    @functools.cached_property
    def notes(self):
        return list(self.related.notes.all())

    @functools.cached_property
    def events(self):
        return list(self.related.events.all())

    @functools.cached_property
    def topics(self):
        return list(self.related.topics.all())

    @functools.cached_property
    def flags(self):
        return list(self.story.flags.public())

    @functools.cached_property
    def paragraphs(self):
        return body_with_public_flags(self.story.body, self.flags)

    @functools.cached_property
    def actors(self):
        return list(
            Actor.objects.filter(mentions__article=self.story)
            .annotate(mention_count=Count("mentions"))
            .order_by("-mention_count", "name")
        )

    @functools.cached_property
    def quotes(self):
        return list(
            self.story.quotes.select_related("speaker", "event").order_by("start")
        )

    @functools.cached_property
    def structured_data(self):
        return story_jsonld(
            story=self.related,
            notes=self.notes,
            actors=self.actors,
            absolute=absolute_for(self.request),
        )


class StoryDetailView(DetailView):
    context_object_name = "story"
    template_name = "articles/story_detail.html"
    preview = False

    def stories(self):
        """The stories that answer here: the published ones and the tombstones."""
        return Article.objects.on_record()

    def get(self, request, *args, **kwargs):
        """A slug the story had before a rename answers 301 to its current page."""
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            renamed = self.stories().renamed_from(kwargs["slug"])
            if renamed is None:
                raise
            view_name = request.resolver_match.view_name  # the story, or its preview
            return HttpResponsePermanentRedirect(
                reverse(view_name, kwargs={"slug": renamed.slug})
            )

    def get_queryset(self):
        covers = Article.events.through.objects.filter(article=OuterRef("pk"))
        return (
            self.stories()
            .select_related("outlet")
            .with_span_counts()
            .annotate(covers_events=Exists(covers))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        story = self.object
        if story.status != Article.Status.PUBLISHED:
            return context  # a tombstone: the headline and the reason, nothing else
        story_events = Article.events.through.objects.filter(article=story).values(
            "event"
        )
        other_coverage = (
            Article.objects.published()
            .other_coverage_of(story)
            .select_related("outlet")
            .defer("body")
            .with_confirmed_flag_count()
            .prefetch_related(
                Prefetch(
                    "events",
                    queryset=Event.objects.filter(pk__in=story_events),
                    to_attr="shared_events",
                )
            )[:12]
        )
        context.update(
            parts=StoryParts(story, self.request, preview=self.preview),
            genre=labels.genre_info(story.genre),
            ownership=labels.ownership_info(story.outlet.ownership),
            other_coverage=other_coverage,
            modified=story.updated_at
            and story.published_at
            and story.updated_at.date() > story.published_at.date(),
        )
        return context


class OutletListView(ListView):
    template_name = "articles/outlet_list.html"

    def get_queryset(self):
        return tallies.with_story_counts(Outlet.objects.all(), Tally.Scope.OUTLET)


class OutletDetailView(DetailView):
    model = Outlet

    def get_context_data(self, **kwargs):
        stories = Article.objects.published().filter(outlet=self.object)
        outlet = (Tally.Scope.OUTLET, self.object.pk)
        return super().get_context_data(
            ownership=labels.ownership_info(self.object.ownership),
            page_obj=page_of(
                self.request,
                stories.as_listed(),
                total=functools.partial(tallies.stories, *outlet),
            ),
            genre_mix=genre_segments(tallies.genres(*outlet)),
            **kwargs,
        )


class SearchView(ListView):
    """Published stories matching every word of `q`, best first."""

    template_name = "articles/search.html"
    context_object_name = "stories"
    paginate_by = STORIES_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.query = " ".join(request.GET.get("q", "").split())[:SEARCH_MAX_LENGTH]
        self.match = search.prepare(self.query)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # The page's ids, best first; its stories are read by id (`as_listed`).
        return Article.objects.published().search(self.match)

    def get_paginator(self, queryset, per_page, orphans=0, **kwargs):
        # At most `search.WINDOW` stories: counted, not kept.
        matching = Article.objects.published().search(self.match, ranked=False)
        return ListingPaginator(
            queryset, per_page, total=matching.count, rows=Article.objects.as_listed()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.query,
            windowed=self.match is not None and self.match.windowed,
            window=search.WINDOW,
            **kwargs,
        )


class LabelsView(TemplateView):
    """What each label means: the page every label on the site points to."""

    template_name = "articles/labels.html"
    extra_context = {
        "genres": [
            label
            for genre, label in labels.GENRES.items()
            if genre != Article.Genre.UNCLASSIFIED
        ],
        "ownerships": labels.OWNERSHIP.values(),
        "flag_kinds": labels.FLAG_KINDS.values(),
        "note_kinds": labels.NOTE_KINDS.values(),
    }


class ActorDetailView(actor_views.ActorDetailView):
    """Who an actor is, with their quotes and the stories naming them.

    Their latest quotes are in the latest stories quoting them: those come from
    the actor's quoted list (`ListingEntry`), newest first, so the busiest actor's
    12,000 quotes are not sorted to show 20.
    """

    quotes_shown = 20

    def get_context_data(self, **kwargs):
        actor = self.object
        published = Article.objects.published()
        quoting = tallies.listed(Tally.Scope.QUOTED, actor.pk)[: self.quotes_shown]
        counts = tallies.stories_in((Tally.Scope.ACTOR, Tally.Scope.QUOTED), actor.pk)
        quoting_count = counts[Tally.Scope.QUOTED]
        quotes = (
            Quote.objects.public()
            .filter(speaker=actor, article__in=quoting)
            .select_related("article__outlet", "event")
            .defer("article__body")
            .order_by("-article__published_at", "-article_id", "start")
        )
        quotes = list(quotes[: self.quotes_shown])
        return super().get_context_data(
            quotes=quotes,
            quotes_key=site_cache.quotes_key(quotes),
            quoting_count=quoting_count,
            quoting_shown=min(quoting_count, self.quotes_shown),
            page_obj=page_of(
                self.request,
                published,
                ids=tallies.listed(Tally.Scope.ACTOR, actor.pk),
                rows=Article.objects.as_listed(from_entries=True),
                total=lambda: counts[Tally.Scope.ACTOR],
            ),
            **kwargs,
        )


class EventDetailView(actor_views.EventDetailView):
    """An event and its coverage side by side, outlet by outlet.

    Each story's card (its quotes' speakers and its confirmed flags) is kept in the
    cache by the story's version, its counts of quotes and flags and the directory's
    version (`with_cards`): after a publication elsewhere the page renders, and
    prefetches, none of them again.
    """

    coverage_per_page = 30
    # What "What was said" shows of a quote: not its story's body.
    quote_fields = (
        "text",
        "speaker__name",
        "speaker__slug",
        "article__headline",
        "article__slug",
        "article__version",
        "article__outlet__name",
    )

    def directory_prefetches(self):
        return (*super().directory_prefetches(), "topics")

    def get_context_data(self, **kwargs):
        event = self.object
        published = Article.objects.published()
        coverage = (
            published.filter(events=event)
            .select_related("outlet")
            .defer("body")
            .with_confirmed_flag_count()
            .with_span_counts()
            .order_by("outlet__name", "outlet_id", "-published_at", "-pk")
        )
        quotes = (
            Quote.objects.public()
            .filter(event=event)
            .select_related("speaker", "article__outlet")
            .only(*self.quote_fields)
            .order_by("speaker__name", "speaker_id", "article__published_at", "pk")
        )
        page = page_of(
            self.request,
            coverage,
            self.coverage_per_page,
            total=functools.partial(tallies.stories, Tally.Scope.EVENT, event.pk),
        )
        with_cards(
            page.object_list,
            template="actors/event_detail.html#coverage_story",
            key=lambda story: site_cache.drawn_from(
                "coverage",
                story.pk,
                story.version,
                story.quote_count,
                story.confirmed_flag_count,
            ),
            prepare=self.prefetch_card_details,
        )
        event_quotes = list(quotes[:50])
        return super().get_context_data(
            page_obj=page,
            event_quotes=event_quotes,
            event_quotes_key=site_cache.quotes_key(event_quotes),
            **kwargs,
        )

    @staticmethod
    def prefetch_card_details(stories):
        prefetch_related_objects(
            stories,
            Prefetch(
                "quotes",
                queryset=Quote.objects.select_related("speaker").order_by(
                    "speaker__name", "start"
                ),
            ),
            Prefetch(
                "flags",
                queryset=Flag.objects.public().order_by("kind", "start"),
                to_attr="confirmed_flags",
            ),
        )
