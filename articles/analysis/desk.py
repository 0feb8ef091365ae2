"""What the desk already knows, as plain data: actors and aliases, outlets, stored
quotes and stories. `analyze` reads it, never writes it.

Built once per run (the matcher's automaton most of all) and extended in memory as
`ingest` stores each story, so the next file of the same run is compared with it.
The ORM loader lives in `articles/ingest.py`; this module does not touch the database.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from .duplicates import DuplicateIndex
from .quotes import quote_words
from .text import fold, sentence_spans


@dataclass(frozen=True)
class KnownActor:
    slug: str
    name: str
    kind: str
    pk: int | None = None


@dataclass(frozen=True)
class KnownAlias:
    actor: str  # the actor's slug
    text: str
    kind: str = "spelling"
    pk: int | None = None


@dataclass(frozen=True)
class KnownOutlet:
    slug: str
    name: str
    domain: str = ""


@dataclass(frozen=True)
class StoredQuote:
    speaker: str  # actor slug
    text: str
    article: str  # the stored story's headline, to name it in a reason
    article_key: object = None


@dataclass
class StoredArticle:
    key: object  # primary key, or any label outside the database
    slug: str
    headline: str
    body: str
    content_hash: str = ""


# The matcher --------------------------------------------------------------------

# Punctuation that separates words becomes a space in the searched form, so every
# pattern can start with one and hits land only at the start of a word. Full stops,
# apostrophes and ampersands stay: they belong to names (U.S., O'Brien, AT&T).
SEPARATORS = re.compile(r"[\s\"“”„«»()\[\]{},;:!?/\\|\-–—‐‑*•·<>=+~^$%#@_]")


@lru_cache(maxsize=32)
def search_form(text):
    return SEPARATORS.sub(" ", fold(text))


@dataclass(frozen=True)
class Pattern:
    actor: KnownActor
    text: str  # as the desk spells it
    alias_kind: str  # "name" for the actor's own name
    alias_pk: int | None
    case_sensitive: bool
    trimmed_stop: bool = False  # "U.S" for "U.S.": must not be followed by a stop

    @property
    def single_word(self):
        return " " not in self.text.strip()


class ActorMatcher:
    """One Aho–Corasick automaton over every name and alias the desk knows.

    A single word ("Baku", "US", "EU") must match its case exactly; a name of several
    words matches whatever its case ("Azerbaijani foreign ministry") as long as it
    starts with a capital. Which hits count as mentions is decided in `actors.py`.
    """

    def __init__(self, actors, aliases):
        self.automaton = ahocorasick.Automaton()
        entries = defaultdict(list)
        by_slug = {actor.slug: actor for actor in actors}
        for actor in by_slug.values():
            self._add(entries, Pattern(actor, actor.name, "name", None, False))
        for alias in aliases:
            actor = by_slug.get(alias.actor)
            if actor is None or not alias.text.strip():
                continue
            self._add(
                entries, Pattern(actor, alias.text.strip(), alias.kind, alias.pk, False)
            )
        for key, patterns in entries.items():
            self.automaton.add_word(key, (len(key), tuple(patterns)))
        self.size = len(entries)
        if entries:
            self.automaton.make_automaton()

    def _add(self, entries, pattern):
        text = " ".join(pattern.text.split())
        case_sensitive = " " not in text
        pattern = Pattern(
            pattern.actor, text, pattern.alias_kind, pattern.alias_pk, case_sensitive
        )
        key = " " + search_form(text)
        if len(key.strip()) < 2:
            return
        entries[key].append(pattern)
        # "U.S." is often written "U.S" before a comma or semicolon.
        if text.endswith(".") and text.count(".") >= 2:
            entries[key[:-1]].append(
                Pattern(pattern.actor, text[:-1], pattern.alias_kind,
                        pattern.alias_pk, case_sensitive, trimmed_stop=True)
            )  # fmt: skip

    def hits(self, body):
        """Every word-bounded, case-checked hit: (start, end, pattern)."""
        if not self.size:
            return []
        form = " " + search_form(body)
        found = []
        for end, (length, patterns) in self.automaton.iter(form):
            # `form` has one leading space: form[i] is body[i - 1].
            stop = end  # exclusive end in body coordinates
            start = stop - (length - 1)
            after = body[stop] if stop < len(body) else ""
            if after and (after.isalnum()):
                continue
            surface = body[start:stop]
            for pattern in patterns:
                if pattern.trimmed_stop and after == ".":
                    continue
                if pattern.case_sensitive:
                    if fold_apostrophes(surface) != fold_apostrophes(pattern.text):
                        continue
                elif not surface[:1].isupper():
                    continue
                found.append((start, stop, pattern))
        return found


def fold_apostrophes(text):
    return text.replace("’", "'").replace("‘", "'")


# Outlets ------------------------------------------------------------------------

GENERIC_DOMAIN_PARTS = frozenset(
    "news www com org net info media press online tv".split()
)


class OutletFinder:
    """Finds the desk's outlets in a text by name, domain, or the domain's first part."""

    def __init__(self, outlets):
        self.outlets = list(outlets)
        self.keys = []  # (compiled pattern, outlet)
        self.handles = []  # (prefix, outlet) for @handles
        for outlet in self.outlets:
            names = {outlet.name}
            if outlet.domain:
                domain = outlet.domain.lower().removeprefix("www.")
                names.add(domain)
                base = domain.split(".")[0]
                if len(base) >= 4 and base not in GENERIC_DOMAIN_PARTS:
                    names.add(base)
                    self.handles.append((base, outlet))
            for name in names:
                self.keys.append(
                    (re.compile(rf"(?<!\w){re.escape(fold(name))}(?!\w)"), outlet)
                )

    def find(self, text):
        """(outlet, start, end) for every place an outlet is named in `text`."""
        folded = fold(text)
        found = []
        for pattern, outlet in self.keys:
            found.extend((outlet, m.start(), m.end()) for m in pattern.finditer(folded))
        for match in re.finditer(r"@(\w+)", folded):
            for base, outlet in self.handles:
                if match.group(1).startswith(base):
                    found.append((outlet, match.start(), match.end()))
        return found


# Near-duplicate index -------------------------------------------------------------


class Desk:
    """The snapshot one run of the pipeline works against."""

    def __init__(self, *, actors=(), aliases=(), outlets=(), quotes=(), articles=()):
        self.actors = {actor.slug: actor for actor in actors}
        self.aliases = list(aliases)
        self.matcher = ActorMatcher(self.actors.values(), self.aliases)
        self.outlets = OutletFinder(outlets)
        self.outlet_by_slug = {outlet.slug: outlet for outlet in outlets}
        self.quotes_by_speaker = defaultdict(list)
        for quote in quotes:
            self.quotes_by_speaker[quote.speaker].append(quote)
        self.duplicates = DuplicateIndex(articles)
        self._names = None
        self._pieces = {}
        self.folded_names = {fold(alias.text) for alias in self.aliases} | {
            fold(actor.name) for actor in self.actors.values()
        }

    @property
    def actor_names(self):
        """Every name and multi-word alias, for fuzzy look-ups of respelled names."""
        if self._names is None:
            names = {actor.name: actor for actor in self.actors.values()}
            for alias in self.aliases:
                if " " in alias.text and alias.actor in self.actors:
                    names.setdefault(alias.text, self.actors[alias.actor])
            self._names = names
        return self._names

    def quote_pieces(self, speaker):
        """The speaker's stored quotes cut into sentences of normalised words, cached."""
        if speaker not in self._pieces:
            pieces = []
            for quote in self.quotes_by_speaker.get(speaker, ()):
                for start, end in sentence_spans(quote.text) or [(0, len(quote.text))]:
                    words = [w for w in quote_words(quote.text[start:end]) if w]
                    if words:
                        pieces.append((quote, words, " ".join(words)))
            self._pieces[speaker] = pieces
        return self._pieces[speaker]

    def remember(self, article, quotes=()):
        """Add a story just stored, so later files of the run are compared with it."""
        for quote in quotes:
            self.quotes_by_speaker[quote.speaker].append(quote)
            self._pieces.pop(quote.speaker, None)
        self.duplicates.add(article)
