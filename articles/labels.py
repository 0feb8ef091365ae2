"""What the public labels mean: type of work, ownership, flag kinds and notes.

The single place the site, its feeds and its structured data read a label's
explanation, its schema.org types and its IPTC genre from (standards.md, "Genre
mapping"). The label text itself is the model's choice label.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Article, EditorialNote, Flag, Outlet

IPTC_GENRE_SCHEME = "http://cv.iptc.org/newscodes/genre/"


@dataclass(frozen=True)
class GenreLabel:
    genre: Article.Genre
    explanation: str
    # schema.org @type: the core NewsArticle first, then the Trust Project subtype.
    schema_types: tuple[str, ...]
    iptc_code: str = ""

    @property
    def value(self):
        return self.genre.value

    @property
    def label(self):
        return self.genre.label

    @property
    def iptc_uri(self):
        return f"{IPTC_GENRE_SCHEME}{self.iptc_code}" if self.iptc_code else ""


@dataclass(frozen=True)
class Explained:
    """A choice and the one line that says what it means to a reader."""

    choice: object
    explanation: str

    @property
    def value(self):
        return self.choice.value

    @property
    def label(self):
        return self.choice.label


GENRES = {
    label.genre: label
    for label in (
        GenreLabel(
            Article.Genre.REPORTING,
            _(
                "Facts the outlet gathered and checked, attributed to their sources, "
                "without the writer's opinion."
            ),
            ("NewsArticle", "ReportageNewsArticle"),
            "Current",
        ),
        GenreLabel(
            Article.Genre.ANALYSIS,
            _(
                "Reported facts with the writer's interpretation of what they mean "
                "and what may follow."
            ),
            ("NewsArticle", "AnalysisNewsArticle"),
            "Analysis",
        ),
        GenreLabel(
            Article.Genre.OPINION,
            _(
                "The writer's own views and arguments: a column, an op-ed or an "
                "editorial, not a neutral account."
            ),
            ("NewsArticle", "OpinionNewsArticle"),
            "Opinion",
        ),
        GenreLabel(
            Article.Genre.STATEMENT,
            _(
                "An official statement or press release, published as its author "
                "issued it; it speaks for that author."
            ),
            ("NewsArticle",),
            "Press_Release",
        ),
        GenreLabel(
            Article.Genre.AGGREGATED,
            _(
                "A rewrite or summary of other outlets' work, with no reporting of "
                "its own; see the original where it is given."
            ),
            ("NewsArticle",),
            "Press-Digest",
        ),
        GenreLabel(
            Article.Genre.UNCLASSIFIED,
            _("The desk has not decided what type of work this is."),
            ("NewsArticle",),
        ),
    )
}

OWNERSHIP = {
    item.choice: item
    for item in (
        Explained(
            Outlet.Ownership.INDEPENDENT,
            _(
                "No government or party controls what it publishes, as far as the "
                "desk can tell."
            ),
        ),
        Explained(
            Outlet.Ownership.STATE_OWNED,
            _(
                "Owned or funded by a government; the desk's note says whether the "
                "state also steers what it publishes."
            ),
        ),
        Explained(
            Outlet.Ownership.STATE_AFFILIATED,
            _(
                "Its editorial line follows a government's, through ownership, "
                "money, pressure or distribution."
            ),
        ),
        Explained(
            Outlet.Ownership.PARTY_ADVOCACY,
            _(
                "Owned by or speaking for a political party or an advocacy group: "
                "it argues a cause."
            ),
        ),
        Explained(
            Outlet.Ownership.UNKNOWN,
            _("The desk could not establish who owns or controls this outlet."),
        ),
    )
}

FLAG_KINDS = {
    item.choice: item
    for item in (
        Explained(
            Flag.Kind.OPINION_IN_REPORTING,
            _("The writer's own judgment, inside a piece presented as reporting."),
        ),
        Explained(
            Flag.Kind.LOADED_LANGUAGE,
            _(
                "Words that take a side or pass judgment (“so-called”) where neutral "
                "words would do."
            ),
        ),
        Explained(
            Flag.Kind.UNATTRIBUTED_CLAIM,
            _("A disputed claim stated as fact, without saying who makes it."),
        ),
        Explained(
            Flag.Kind.ALTERED_QUOTE,
            _("A quotation whose words differ from what the speaker said."),
        ),
        Explained(
            Flag.Kind.OFF_TOPIC,
            _(
                "Text that is not part of the story: boilerplate, promotion or "
                "unrelated items."
            ),
        ),
    )
}

NOTE_KINDS = {
    item.choice: item
    for item in (
        Explained(
            EditorialNote.Kind.EDITORS_NOTE,
            _("What the desk wants readers to know about the piece and its source."),
        ),
        Explained(
            EditorialNote.Kind.CORRECTION,
            _("An error of fact the desk found, and what was wrong."),
        ),
        Explained(
            EditorialNote.Kind.CLARIFICATION,
            _("Context that a reader needs and the piece left out or blurred."),
        ),
    )
}


def genre_info(genre):
    return GENRES[Article.Genre(genre)]


def ownership_info(ownership):
    return OWNERSHIP[Outlet.Ownership(ownership)]


def flag_kind_info(kind):
    return FLAG_KINDS[Flag.Kind(kind)]
