"""The world the desk covers: who acts (actors and their aliases) and what happens (events).

This app never imports `articles`; coverage points at actors and events, not the reverse.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def _name_key(text: str) -> str:
    """A name as the directory compares it: case, spacing and apostrophes aside."""
    return " ".join(text.translate(APOSTROPHES).split()).casefold()


def _any_of(field: str, spellings) -> Q:
    return Q.create([(f"{field}__iexact", spelling) for spelling in spellings], Q.OR)


class ActorQuerySet(models.QuerySet):
    def named(self, text: str, prefer: "Actor | None" = None):
        """The (actor, alias) that `text` names exactly, or (None, None).

        A name beats an alias; among several, `prefer` (the actor a mention named
        before an edit) wins, otherwise the name is ambiguous and names no one.
        """
        key = _name_key(text)
        if not key:
            return None, None
        spelled = {text.strip(), text.strip().translate(APOSTROPHES)}
        spelled.add(text.strip().replace("'", "\u2019"))
        by_name = [
            actor
            for actor in self.filter(_any_of("name", spelled))
            if _name_key(actor.name) == key
        ]
        by_alias = [
            alias
            for alias in Alias.objects.filter(
                _any_of("text", spelled), actor__in=self
            ).select_related("actor")
            if _name_key(alias.text) == key
        ]
        for candidates, pick in ((by_name, lambda a: (a, None)),
                                 (by_alias, lambda al: (al.actor, al))):  # fmt: skip
            if prefer is not None:
                for candidate in candidates:
                    if pick(candidate)[0].pk == prefer.pk:
                        return pick(candidate)
            if len({pick(c)[0].pk for c in candidates}) == 1:
                return pick(candidates[0])
        return None, None


class Actor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANIZATION = "organization", _("Organization")
        STATE = "state", _("State")
        GROUP = "group", _("Group")

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind)
    description = models.TextField(blank=True)
    country = models.CharField(
        max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2 code, e.g. AZ.")
    )
    wikidata_id = models.CharField(
        _("Wikidata ID"), max_length=20, blank=True, help_text=_("For example Q2334.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actors:actor", kwargs={"slug": self.slug})


class Alias(models.Model):
    """Another name one actor goes by; the analyzer matches these in article text."""

    class Kind(models.TextChoices):
        SPELLING = "spelling", _("Spelling or misspelling")
        TRANSLITERATION = "transliteration", _("Transliteration")
        METONYM = "metonym", _("Metonym (a capital for its government)")
        ABBREVIATION = "abbreviation", _("Abbreviation")
        TITLE = "title", _("Title or role")
        OTHER = "other", _("Other name")

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.SPELLING)
    shared = models.BooleanField(
        _("deliberately shared"),
        default=False,
        help_text=_(
            "Tick only when this other name truly belongs to several actors (e.g. "
            "a title); the analyzer then cannot tell them apart by it."
        ),
    )

    class Meta:
        verbose_name_plural = "aliases"
        ordering = ["text"]
        constraints = [
            models.UniqueConstraint(
                Lower("text"),
                "actor",
                name="alias_text_unique_per_actor",
                violation_error_message=_("This actor already has this alias."),
            ),
        ]

    def __str__(self):
        return f"{self.text} → {self.actor}"

    def clean(self):
        """Refuse a name another actor already goes by, unless shared on purpose."""
        super().clean()
        if not self.text or self.shared:
            return
        key = _name_key(self.text)
        others = (
            Actor.objects.exclude(pk=self.actor_id) if self.actor_id else Actor.objects
        )
        for actor in others.filter(name__iexact=self.text.strip()):
            if _name_key(actor.name) == key:
                raise ValidationError(
                    {"text": _("“%(text)s” is the name of %(actor)s; an alias may "
                               "not be another actor's name.")
                     % {"text": self.text, "actor": actor}}
                )  # fmt: skip
        clashes = Alias.objects.filter(text__iexact=self.text.strip()).select_related(
            "actor"
        )
        if self.actor_id:
            clashes = clashes.exclude(actor_id=self.actor_id)
        for alias in clashes:
            if _name_key(alias.text) == key and not alias.shared:
                raise ValidationError(
                    {"text": _("“%(text)s” is already an alias of %(actor)s. Remove "
                               "it there first, or tick “deliberately shared” if "
                               "both are meant.")
                     % {"text": self.text, "actor": alias.actor}}
                )  # fmt: skip


class Affiliation(models.Model):
    """A person's role in an organization, with dates when known."""

    person = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        related_name="affiliations",
        limit_choices_to={"kind": Actor.Kind.PERSON},
    )
    organization = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        related_name="members",
        limit_choices_to=~Q(kind=Actor.Kind.PERSON),
    )
    title = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="affiliation_ends_after_start",
                violation_error_message=_("The end date is before the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(person=F("organization")),
                name="affiliation_not_with_self",
                violation_error_message=_(
                    "A person cannot be affiliated with themselves."
                ),
            ),
        ]

    def __str__(self):
        title = f", {self.title}" if self.title else ""
        return f"{self.person} — {self.organization}{title}"


class EventQuerySet(models.QuerySet):
    def upcoming(self, today):
        """Events from `today` on, the soonest first."""
        return self.filter(date__gte=today).order_by("date", "title")

    def recent(self, today):
        """Events before `today`, the latest first."""
        return self.filter(date__lt=today).order_by("-date", "title")


class Event(models.Model):
    """A dated happening, with the precision its sources allow (ACLED's time_precision)."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        HEARING = "hearing", _("Hearing")
        STATEMENT = "statement", _("Statement")
        MILITARY_ACTION = "military_action", _("Military action")
        LEGISLATION = "legislation", _("Legislation")
        AGREEMENT = "agreement", _("Agreement")
        ELECTION = "election", _("Election")
        PROTEST = "protest", _("Protest")
        CONFERENCE = "conference", _("Conference")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        TOOK_PLACE = "took_place", _("Took place")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        WEEK = "week", _("Week")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    status = models.CharField(max_length=20, choices=Status, default=Status.TOOK_PLACE)
    date = models.DateField(
        help_text=_("First day; with a coarser precision, the first day of the period.")
    )
    date_precision = models.CharField(
        max_length=10, choices=Precision, default=Precision.DAY
    )
    end_date = models.DateField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True)
    country = models.CharField(
        max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2.")
    )
    description = models.TextField(blank=True)
    participants = models.ManyToManyField(
        Actor, through="Participation", related_name="events", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        indexes = [
            models.Index(fields=["-date"]),
            models.Index(fields=["status", "date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="event_ends_after_start",
                violation_error_message=_(
                    "The end date is before the date the event starts."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.display_date})"

    def get_absolute_url(self):
        return reverse("actors:event", kwargs={"slug": self.slug})

    @property
    def display_date(self) -> str:
        """The date as precisely as it is known: '20 November 2023', 'November 2023', '1992'."""
        formats = {
            self.Precision.DAY: "%-d %B %Y",
            self.Precision.WEEK: "week of %-d %B %Y",
            self.Precision.MONTH: "%B %Y",
            self.Precision.YEAR: "%Y",
        }
        return self.date.strftime(formats[self.date_precision])


class Participation(models.Model):
    class Role(models.TextChoices):
        PRIMARY = "primary", _("Primary actor")
        COUNTERPART = "counterpart", _("Counterpart")
        HOST = "host", _("Host")
        MEDIATOR = "mediator", _("Mediator")
        ASSOCIATED = "associated", _("Associated")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participations"
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(max_length=20, choices=Role, default=Role.PRIMARY)

    class Meta:
        ordering = ["event", "role", "actor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "actor", "role"],
                name="participation_unique_role",
                violation_error_message=_(
                    "This actor is already listed at this event in this role."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.actor} ({self.get_role_display()}) at {self.event.title}"
