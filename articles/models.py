"""The coverage and the desk's work on it.

An article body is plain text, paragraphs separated by blank lines; mentions, quotes
and flags point into it by character offsets [start, end).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PlainTextField(models.TextField):
    """Text stored with `\n` line breaks, whatever a browser sent (`\r\n`).

    Offsets into the body are how flags, quotes and mentions point at text, so a
    body must not change length when it goes through a form.
    """

    def to_python(self, value):
        value = super().to_python(value)
        if isinstance(value, str):
            return value.replace("\r\n", "\n").replace("\r", "\n")
        return value


def choice_label(choices, value):
    """`value`'s label among `choices`, or `value` itself, as `get_FOO_display` gives.

    Lists ask for labels 40 times a page: `get_FOO_display` hashes every choice's lazy
    label on each call (50 µs, and DRF inspects its signature too); this is a lookup.
    """
    return choices(value).label if value in choices else value


class Outlet(models.Model):
    class Ownership(models.TextChoices):
        INDEPENDENT = "independent", _("Independent")
        STATE_OWNED = "state_owned", _("State-owned")
        STATE_AFFILIATED = "state_affiliated", _("State-affiliated")
        PARTY_ADVOCACY = "party_advocacy", _("Party or advocacy")
        UNKNOWN = "unknown", _("Unknown")

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    domain = models.CharField(
        max_length=253, blank=True, help_text=_("e.g. azernews.az")
    )
    country = models.CharField(
        max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2.")
    )
    ownership = models.CharField(
        max_length=20, choices=Ownership, default=Ownership.UNKNOWN
    )
    ownership_notes = models.TextField(
        blank=True,
        help_text=_("Why the desk labels it so: funding, editorial control, sources."),
    )
    ownership_assessed_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["domain"],
                condition=~Q(domain=""),
                name="outlet_domain_unique",
                violation_error_message=_("Another outlet already has this domain."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:outlet", kwargs={"slug": self.slug})

    @property
    def ownership_label(self):
        return choice_label(self.Ownership, self.ownership)


class Topic(models.Model):
    """A conflict topic; it gathers articles (declared on Article) and events."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    iptc_mediatopic = models.CharField(
        _("IPTC Media Topic"),
        max_length=20,
        blank=True,
        help_text=_("e.g. medtop:20000638"),
    )
    events = models.ManyToManyField("actors.Event", related_name="topics", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:topic", kwargs={"slug": self.slug})


def is_desk(user):
    """Desk staff see every story, flag and note; everyone else sees the public record."""
    return user.has_perm("articles.view_article")


def _counted(rows):
    """How many of `rows` (spans, notes...) each story holds: a subquery, 0 if none."""
    per_story = (
        rows.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(per_story), 0)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The only public door: every public surface starts here."""
        return self.filter(status=Article.Status.PUBLISHED)

    def exists_for(self, story_field="article"):
        """A condition for rows of another model: their story is one of these.

        `EXISTS`, probed row by row through the row's own index: the quotes of one
        speaker or one event are found first. SQLite ran `story IN (these)` the other
        way round, through all 80,000 published stories, and took 100-200 ms.
        """
        return Exists(self.filter(pk=OuterRef(story_field)))

    def on_record(self):
        """Published stories and the tombstones of withdrawn ones: story URLs that answer.

        A withdrawn story's page shows only its headline and the reason, never its body.
        """
        return self.filter(
            status__in=[Article.Status.PUBLISHED, Article.Status.WITHDRAWN]
        )

    def withdrawn_tombstone(self, slug):
        """What the public may know of a withdrawn story, or None if there is none.

        The ninjs `pubstatus` says `canceled`, as the IPTC asks of a retraction.
        """
        story = (
            self.filter(slug=slug, status=Article.Status.WITHDRAWN)
            .with_withdrawn_at()
            .values("uuid", "slug", "headline", "withdrawal_reason", "withdrawn_at")
            .first()
        )
        if story is None:
            return None
        return {
            "pubstatus": "canceled",
            "id": str(story["uuid"]),
            "uri": article_tag_uri(story["uuid"]),
            "slug": story["slug"],
            "headline": story["headline"],
            "reason": story["withdrawal_reason"],
            "withdrawn_at": story["withdrawn_at"],
        }

    def renamed_from(self, slug):
        """The story that had `slug` before a rename, or None."""
        return self.filter(old_slugs__slug=slug).first()

    def with_withdrawn_at(self):
        """Annotate `withdrawn_at`: when the desk withdrew the story, from the audit
        trail (its last change if the trail has no entry); None unless withdrawn."""
        withdrawn = (
            AuditEntry.objects.filter(article=OuterRef("pk"), action="article.withdraw")
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        return self.annotate(
            withdrawn_at=Case(
                When(
                    status=Article.Status.WITHDRAWN,
                    then=Coalesce(Subquery(withdrawn), F("updated_at")),
                ),
                default=None,
            )
        )

    def search(self, query, *, ranked=True):
        """Stories matching every word of `query` (or another name of it), best first.

        `query` is a reader's text or what `search.prepare` made of it (None for
        no words: nothing matches).
        Each word may be matched by the other names of the actor it names, and
        straight and typographic apostrophes are the same; only the newest
        `search.WINDOW` matching stories are ranked (`articles/search.py`).
        PostgreSQL ranks with its full-text search over the stored document and GIN
        index of migration 0015 (headline weighted above dek, body and byline);
        SQLite with FTS5's bm25 over the `articles_search` table of migration 0010,
        weighted the same. `ranked=False` only filters: what a count needs.
        """
        from . import search

        match = search.prepare(query) if isinstance(query, str) else query
        if match is None:
            return self.none()
        # The SQL is articles/search.py's constants; the reader's words are params.
        found = self.extra(  # noqa: S610
            tables=match.tables, where=[match.condition], params=match.params
        )
        if not ranked:
            return found
        return found.extra(  # noqa: S610
            select={"rank": match.rank}, select_params=match.rank_params
        ).order_by("-rank", "-published_at")

    def visible_to(self, user):
        if is_desk(user):
            return self
        return self.published()

    def for_listing(self, *, body=False, topics=False):
        """What a list of stories shows: each story with its outlet.

        Its body (the largest column) and its topics (a query, and a queryset built
        per story) only when asked: the API and the feeds show topics, the site's
        lists do not.
        """
        stories = self.select_related("outlet")
        if topics:
            stories = stories.prefetch_related("topics")
        return stories if body else stories.defer("body")

    def in_listing(self, scope, scope_id):
        """The published ones of these stories in a topic's or actor's list, newest
        first.

        Joined to the list's entries (`ListingEntry`: published stories only) and
        ordered by their index, so a filtered page walks the list's entries up to it
        and stops, where a filter on the topic's links read and sorted all its
        15,000 stories. Drafts are in no list: a desk's list keeps the links.
        `scope_id` may be a subquery.
        """
        return (
            self.published()
            .filter(listing_entries__scope=scope, listing_entries__scope_id=scope_id)
            .order_by("-listing_entries__published_at", "-listing_entries__article_id")
        )

    def as_listed(self, *, from_entries=False):
        """Stories as a list shows them, read by the ids of one page of it.

        Ids from `published()` need no status filter again; ids from the listing
        entries (`tallies.listed`) get one, so no entry, however it came to be,
        lists an unpublished story.
        """
        stories = self.published() if from_entries else self
        return stories.for_listing().with_confirmed_flag_count()

    def with_confirmed_flag_count(self):
        """Annotate `confirmed_flag_count`: the passages the desk flagged publicly."""
        return self.annotate(confirmed_flag_count=_counted(Flag.objects.public()))

    def with_undecided_flag_count(self):
        """Annotate `undecided_flag_count`: the flags waiting for an editor."""
        return self.annotate(undecided_flag_count=_counted(Flag.objects.undecided()))

    def with_span_counts(self):
        """Annotate `mention_count` and `quote_count`, whatever their review.

        The analyzer's suggestions add spans without a new version of the story:
        what a page keeps by the story's version is kept by these counts too.
        """
        return self.annotate(
            mention_count=_counted(Mention.objects.all()),
            quote_count=_counted(Quote.objects.all()),
        )

    def other_coverage_of(self, story):
        """Stories from other outlets on any of the events `story` covers.

        A subquery, not a join: no DISTINCT over the stories of busy events.
        """
        on_its_events = Article.events.through.objects.filter(
            event__in=story.events.all()
        ).values("article_id")
        return (
            self.filter(pk__in=on_its_events)
            .exclude(pk=story.pk)
            .exclude(outlet_id=story.outlet_id)
        )

    # The editors' review queue: key -> (label, queryset method), counted on the
    # admin index and offered as a changelist filter.
    REVIEW_QUEUES = {
        "in_review": (_("In review"), "in_review"),
        "genre_unconfirmed": (_("Genre unconfirmed"), "genre_unconfirmed"),
        "flags_undecided": (_("Flags undecided"), "with_undecided_flags"),
    }

    def in_review(self):
        return self.filter(status=Article.Status.IN_REVIEW)

    def genre_unconfirmed(self):
        """Stories still on the desk whose type of work nobody has confirmed."""
        return self.filter(
            genre_confirmed_at__isnull=True,
            status__in=[Article.Status.DRAFT, Article.Status.IN_REVIEW],
        )

    def with_undecided_flags(self):
        return self.filter(pk__in=Flag.objects.undecided().values("article_id"))

    def review_queue_counts(self):
        """Each queue's size: one count per queue, each along its own index.

        (One aggregate with a filter per queue read every story of the archive.)
        """
        return [
            (key, label, getattr(self, method)().count())
            for key, (label, method) in self.REVIEW_QUEUES.items()
        ]


class Article(models.Model):
    class Genre(models.TextChoices):
        REPORTING = "reporting", _("Reporting")
        OPINION = "opinion", _("Opinion")
        ANALYSIS = "analysis", _("Analysis")
        STATEMENT = "statement", _("Statement")
        AGGREGATED = "aggregated", _("Aggregated")
        UNCLASSIFIED = "unclassified", _("Unclassified")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        SPIKED = "spiked", _("Spiked")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    uuid = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Minted once: the story's identity whatever its slug becomes."),
    )
    headline = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    dek = models.TextField(
        blank=True, help_text=_("The standfirst under the headline.")
    )
    body = PlainTextField(
        help_text=_("Plain text; paragraphs separated by blank lines.")
    )
    byline = models.CharField(max_length=200, blank=True)
    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, related_name="articles"
    )
    original_url = models.URLField(max_length=500, blank=True)
    language = models.CharField(max_length=15, default="en", help_text=_("BCP 47 tag."))
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("First publication: the outlet's date for collected coverage."),
    )
    ingested_at = models.DateTimeField(null=True, blank=True)
    genre = models.CharField(max_length=20, choices=Genre, default=Genre.UNCLASSIFIED)
    genre_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    genre_confirmed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    topics = models.ManyToManyField(Topic, related_name="articles", blank=True)
    events = models.ManyToManyField("actors.Event", related_name="articles", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles_created",
    )
    content_hash = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_(
            "SHA-256 of the ingested raw text: the same file twice is one story."
        ),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        help_text=_("The stored story this one copies or rewrites."),
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Raised by every saved edit; guards concurrent edits."),
    )
    withdrawal_reason = models.TextField(
        blank=True, help_text=_("Shown to readers on the withdrawn story's page.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[topics, events])

    class Meta:
        ordering = ["-published_at", "-pk"]
        # Lists are newest first, ties by id: each index holds the whole order, so
        # a page deep in a list skips index entries without sorting them.
        indexes = [
            models.Index(
                fields=["status", "-published_at", "-id"],
                name="article_status_published",
            ),
            models.Index(
                fields=["outlet", "status", "-published_at", "-id"],
                name="article_outlet_published",
            ),
            models.Index(
                fields=["genre", "status", "-published_at", "-id"],
                name="article_genre_published",
            ),
            # The desk's lists, newest change first (admin), and a mirror's sync.
            models.Index(fields=["-updated_at", "-id"], name="article_updated"),
        ]
        permissions = [
            ("publish_article", "Can publish articles"),
            ("review_article", "Can review articles: confirm genre, decide flags"),
            ("withdraw_article", "Can withdraw published articles"),
        ]
        constraints = [
            models.CheckConstraint(
                # Meta cannot see Status, so the stored value is spelled out here.
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_article_has_publication_time",
                violation_error_message=_(
                    "A published story needs its publication time."
                ),
            ),
            models.CheckConstraint(
                condition=Q(genre_confirmed_at__isnull=True) | ~Q(genre="unclassified"),
                name="confirmed_genre_is_classified",
                violation_error_message=_(
                    "A confirmed genre cannot be “unclassified”."
                ),
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("articles:story", kwargs={"slug": self.slug})

    @property
    def genre_label(self):
        return choice_label(self.Genre, self.genre)

    @property
    def genre_confirmed(self):
        return self.genre_confirmed_at is not None

    @property
    def tag_uri(self):
        """The story's permanent name (RFC 4151): Atom id, ninjs uri, JSON-LD @id."""
        return article_tag_uri(self.uuid)


def article_tag_uri(story_uuid):
    """`tag:<site domain>,<date>:story:<uuid>`, from settings, never from a request.

    A request's Host says where a reader found the story, not what it is; the
    configured domain and date keep the name the same behind any proxy or mirror.
    """
    return (
        f"tag:{settings.NEWSDESK_SITE_DOMAIN},{settings.NEWSDESK_TAG_DATE}:"
        f"story:{story_uuid}"
    )


class OldSlug(models.Model):
    """A slug a story had before it was renamed: its old URLs redirect to the new.

    Unique across stories, so an old address never comes to name another story.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="old_slugs"
    )
    slug = models.SlugField(max_length=200, unique=True)
    retired_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-retired_at"]

    def __str__(self):
        return f"{self.slug} → {self.article.slug}"


class Span(models.Model):
    """A passage of an article body: [start, end) offsets and the text found there."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="%(class)ss"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = PlainTextField()

    class Meta:
        abstract = True
        ordering = ["article", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="%(app_label)s_%(class)s_span_not_empty",
                violation_error_message=_(
                    "A passage must hold at least one character."
                ),
            ),
        ]

    def clean(self):
        super().clean()
        if self.start is None or self.end is None or self.article_id is None:
            return
        if getattr(self, "detached", False):
            return  # the record of words an edit deleted: they are not in the body
        body = self.article.body
        if not 0 <= self.start < self.end <= len(body):
            raise ValidationError(
                {
                    "end": _(
                        "The span %(start)s–%(end)s lies outside the body (%(n)s characters)."
                    )
                    % {"start": self.start, "end": self.end, "n": len(body)}
                }
            )
        if body[self.start : self.end] != self.text:
            raise ValidationError(
                {
                    "text": _("The text does not match the body at %(start)s–%(end)s.")
                    % {"start": self.start, "end": self.end}
                }
            )


class ReviewedSpanQuerySet(models.QuerySet):
    def unreviewed(self):
        """What the analyzer suggested and nobody on the desk has accepted yet."""
        return self.filter(review=ReviewedSpan.Review.SUGGESTED)

    def public(self):
        """Spans of published stories, probed one by one (`exists_for`)."""
        return self.filter(Article.objects.published().exists_for("article"))


class ReviewedSpan(Span):
    """A span the analyzer suggests and the desk accepts (`services.mention_accept`).

    A span the desk links by hand is accepted; one whose words an edit rewrote is
    suggested again, as a decided flag is.
    """

    class Review(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        ACCEPTED = "accepted", _("Accepted")

    review = models.CharField(max_length=20, choices=Review, default=Review.SUGGESTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewedSpanQuerySet.as_manager()

    class Meta(Span.Meta):
        abstract = True


class Mention(ReviewedSpan):
    """An actor named in an article, and the alias it went by there (if not its name)."""

    actor = models.ForeignKey(
        "actors.Actor", on_delete=models.CASCADE, related_name="mentions"
    )
    alias = models.ForeignKey(
        "actors.Alias",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentions",
    )

    class Meta(Span.Meta):
        constraints = [
            *Span.Meta.constraints,
            models.UniqueConstraint(
                fields=["article", "actor", "start"],
                name="mention_unique_per_offset",
                violation_error_message=_("This actor is already mentioned there."),
            ),
        ]

    def __str__(self):
        return f"{self.actor} as “{self.text}”"


class Quote(ReviewedSpan):
    """Words attributed to a speaker (null when the article does not say who)."""

    speaker = models.ForeignKey(
        "actors.Actor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
    )
    event = models.ForeignKey(
        "actors.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
    )

    class Meta(Span.Meta):
        pass

    def __str__(self):
        speaker = self.speaker or _("unattributed")
        return f"{speaker}: “{self.text[:60]}”"


class FlagQuerySet(models.QuerySet):
    def attached(self):
        """Flags on words the body still has (see `Flag.detached`)."""
        return self.filter(detached=False)

    def public(self):
        """The flags readers see: confirmed by an editor, on words still in the body."""
        return self.attached().filter(state=Flag.State.CONFIRMED)

    def undecided(self):
        """Flags waiting for an editor: suggested, on words still in the body."""
        return self.attached().filter(state=Flag.State.SUGGESTED)


class Flag(Span):
    """A passage where the piece slips: suggested by the analyzer, decided by an editor."""

    class Kind(models.TextChoices):
        OPINION_IN_REPORTING = "opinion_in_reporting", _("Opinion in reporting")
        LOADED_LANGUAGE = "loaded_language", _("Loaded language")
        UNATTRIBUTED_CLAIM = "unattributed_claim", _("Unattributed claim")
        ALTERED_QUOTE = "altered_quote", _("Altered quote")
        OFF_TOPIC = "off_topic", _("Off-topic or boilerplate")

    class State(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        CONFIRMED = "confirmed", _("Confirmed")
        DISMISSED = "dismissed", _("Dismissed")

    kind = models.CharField(max_length=30, choices=Kind)
    state = models.CharField(max_length=20, choices=State, default=State.SUGGESTED)
    reason = models.TextField(help_text=_("Why the passage was flagged."))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(
        blank=True, help_text=_("Why the editor decided so.")
    )
    confidence = models.FloatField(
        null=True,
        blank=True,
        help_text=_(
            "How sure the analyzer was (0–1); empty for a flag an editor added."
        ),
    )
    detached = models.BooleanField(
        default=False,
        help_text=_(
            "The flagged words were deleted by an edit: the flag is kept for the "
            "record, with the offsets and text it had, but is never shown or counted."
        ),
    )
    history = HistoricalRecords()

    objects = FlagQuerySet.as_manager()

    class Meta(Span.Meta):
        indexes = [models.Index(fields=["state", "kind"])]
        constraints = [
            *Span.Meta.constraints,
            models.CheckConstraint(
                condition=Q(state="suggested", decided_at__isnull=True)
                | (~Q(state="suggested") & Q(decided_at__isnull=False)),
                name="flag_decided_iff_decision_time",
                violation_error_message=_(
                    "A decided flag needs the time of the decision."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: “{self.text[:60]}”"

    @property
    def is_public(self):
        """The rule of `FlagQuerySet.public`, for flags already fetched."""
        return self.state == self.State.CONFIRMED and not self.detached


class EditorialNoteQuerySet(models.QuerySet):
    def public(self):
        """The notes readers see: every kind but internal notes."""
        return self.filter(kind__in=EditorialNote.PUBLIC_KINDS)


class EditorialNote(models.Model):
    """The desk's notes on a story; all but internal ones are shown to readers."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Internal note")
        EDITORS_NOTE = "editors_note", _("Editor's note")
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")

    PUBLIC_KINDS = (Kind.EDITORS_NOTE, Kind.CORRECTION, Kind.CLARIFICATION)

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.INTERNAL)
    body = PlainTextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # What a correction or clarification fixes, so readers see which words changed.
    passage_start = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Offset of the corrected words in the body.")
    )
    passage_end = models.PositiveIntegerField(null=True, blank=True)
    previous_text = PlainTextField(
        blank=True, help_text=_("What the passage said before.")
    )
    quote = models.ForeignKey(
        Quote,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections",
        help_text=_("The quote this corrects."),
    )
    actor = models.ForeignKey(
        "actors.Actor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The actor who was named wrongly."),
    )
    history = HistoricalRecords()

    objects = EditorialNoteQuerySet.as_manager()

    class Meta:
        ordering = ["article", "created_at"]
        indexes = [models.Index(fields=["article", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(passage_start__isnull=True, passage_end__isnull=True)
                | Q(passage_end__gt=F("passage_start")),
                name="note_passage_is_a_span",
                violation_error_message=_(
                    "The corrected passage must end after it starts (or give neither)."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.article}"

    def clean(self):
        super().clean()
        if self.passage_start is not None and self.article_id:
            if self.passage_end is None or not (
                0 <= self.passage_start < self.passage_end <= len(self.article.body)
            ):
                raise ValidationError(
                    {"passage_end": _("The corrected passage lies outside the body.")}
                )

    @property
    def corrected_text(self):
        """The passage as it reads now."""
        if self.passage_start is None:
            return ""
        return self.article.body[self.passage_start : self.passage_end]

    @property
    def is_public(self):
        """The rule of `EditorialNoteQuerySet.public`, for notes already fetched."""
        return self.kind in self.PUBLIC_KINDS


class AuditEntry(models.Model):
    """Who did what to which story, and when: one row per workflow step or decision.

    Shaped like admin's LogEntry, with Wagtail's dotted action names
    (`article.publish`, `flag.confirm`) and the state before and after.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="audit_entries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=50)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name_plural = "audit entries"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.action} on {self.article} by {self.user or '—'}"


class EditingSession(models.Model):
    """Who has a story open for editing, refreshed each time they open it.

    Kept in the database, not a per-process cache, so every server process sees it.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="one_editing_session_per_user"
            ),
        ]

    def __str__(self):
        return f"{self.user} editing {self.article}"


class SiteVersion(models.Model):
    """Two counters of public changes (articles/site/cache.py).

    `number` is raised by every public change: cached pages and aggregates are
    keyed by it, so a change is visible to the next reader whatever the cache
    backend, local memory per process or a shared Redis. `directory` is raised by
    directory edits only (actors, events, outlets, topics): fragments drawn from
    counts and names, not from stories, are keyed by it and outlive a publication.
    Kept in the database and raised inside the change's own transaction, so no
    process can miss it and no reader can see the change before the new number.
    """

    number = models.BigIntegerField(default=0)
    directory = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"public site version {self.number}"


class Tally(models.Model):
    """How many published stories fall in one slice of a public listing.

    A topic's count, genre mix, outlet mix and most-named actors, an outlet's genre
    mix, an actor's and an event's number of stories: read from here in one indexed
    query instead of counted over the archive on every change. Kept exact by
    `articles/tallies.py`, which every service write goes through.
    """

    class Scope(models.TextChoices):
        TOPIC = "topic"
        OUTLET = "outlet"
        ACTOR = "actor"
        EVENT = "event"
        # The stories quoting an actor (`Quote.speaker`), where ACTOR is the stories
        # naming them: an actor's page lists what they said from these.
        QUOTED = "quoted", "Quoting an actor"

    class Item(models.TextChoices):
        STORIES = "stories"
        GENRE = "genre"
        OUTLET = "outlet"
        ACTOR = "actor"

    scope = models.CharField(max_length=8, choices=Scope.choices)
    scope_id = models.PositiveIntegerField()
    item = models.CharField(max_length=8, choices=Item.choices)
    # The genre's value, or the outlet's or actor's id; "" for the stories count.
    key = models.CharField(max_length=40, blank=True)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "scope_id", "item", "key"], name="tally_unique_slice"
            )
        ]
        indexes = [
            models.Index(
                fields=["scope", "scope_id", "item", "-count"], name="tally_ranked"
            )
        ]

    def __str__(self):
        return f"{self.scope} {self.scope_id} {self.item} {self.key}: {self.count}"


class TallyShare(models.Model):
    """The slices a story is counted in now, so the next change knows what to undo."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    slices = models.JSONField(default=list)

    def __str__(self):
        return f"{len(self.slices)} slices of story {self.article_id}"


class ListingEntry(models.Model):
    """A published story's place in a topic's or an actor's list, newest first.

    The list's order lives in one narrow index, so page 200 skips 4,000 index
    entries instead of sorting or probing the topic's 15,000 stories: a page costs
    the same at any depth and any archive size. Kept by `articles/tallies.py` with
    the counts, in the same transaction as the write.
    """

    scope = models.CharField(max_length=8, choices=Tally.Scope.choices)
    scope_id = models.PositiveIntegerField()
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="listing_entries"
    )
    published_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "scope_id", "article"], name="listing_unique_entry"
            )
        ]
        indexes = [
            models.Index(
                fields=["scope", "scope_id", "-published_at", "-article"],
                name="listing_newest",
            )
        ]
        verbose_name_plural = "listing entries"

    def __str__(self):
        return f"story {self.article_id} in {self.scope} {self.scope_id}"


class IngestBatch(models.Model):
    """Files uploaded together in admin, ingested in the background by one task.

    The rows say where each file stands: the task writes them as it goes, so the
    upload's page reads its progress from the database, whichever process works.
    """

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    task_id = models.CharField(max_length=64, blank=True)  # the task's result id

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "ingest batches"

    def __str__(self):
        return f"Upload #{self.pk}"


class IngestFile(models.Model):
    """One file of an upload: its bytes until ingested, then what became of it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        CREATED = "created", _("Draft created")
        UNCHANGED = "unchanged", _("Already stored")
        FAILED = "failed", _("Failed")

    batch = models.ForeignKey(
        IngestBatch, on_delete=models.CASCADE, related_name="files"
    )
    name = models.CharField(max_length=255)
    data = models.BinaryField(blank=True)  # emptied once the file is ingested
    status = models.CharField(max_length=20, choices=Status, default=Status.QUEUED)
    error = models.TextField(blank=True)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name

    @property
    def done(self):
        return self.status not in {self.Status.QUEUED, self.Status.RUNNING}
