"""The pipeline: one raw article in, one Analysis out, in the order the parts need.

`analyze` cleans, then finds mentions (quotes need them), quotes (flags need
them), dates, the outlet, a stored story this one rewrites, the genre (opinion
flags depend on it) and finally the flags and the actors the desk does not know.
"""

import bisect
import hashlib
import re
from dataclasses import dataclass, field

from . import flags as flagging
from .actors import find_mentions
from .budget import check, time_budget
from .candidates import find as find_candidates
from .cleaning import SOURCE_LINE, clean
from .dates import find_dates, resolve
from .genre import suggest_genre, thresholds
from .quotes import find_quotes
from .text import InputError, content_words, fold, normalize, stem, tokens

SAME_TEXT = 0.95  # a near-duplicate this close is the same text, not a rewrite


@dataclass
class Analysis:
    file: str
    headline: str | None
    byline: str | None
    outlet: object  # KnownOutlet or None
    source_url: str | None
    published: object  # datetime.date or None
    body: str
    removed: list
    genre: object
    mentions: list
    candidates: list
    quotes: list
    flags: list
    dates: list
    # Beyond the JSON contract: what ingest and the editor's notes need.
    content_hash: str = ""
    source: str | None = None
    outlet_evidence: str = ""
    duplicate: object = None  # DuplicateMatch or None
    headline_gaps: list = field(default_factory=list)

    def to_dict(self, desk):
        """The `analyze --json` object, exactly as docs/design.md specifies it."""
        actors = {}
        for mention in self.mentions:
            actor = desk.actors[mention.actor]
            entry = actors.setdefault(
                actor.slug,
                {
                    "slug": actor.slug,
                    "name": actor.name,
                    "kind": actor.kind,
                    "mentions": [],
                },
            )
            entry["mentions"].append(
                {"start": mention.start, "end": mention.end, "text": mention.text}
            )
        for entry in actors.values():
            entry["confidence"] = _actor_confidence(entry, desk)
        return {
            "file": self.file,
            "headline": self.headline or None,
            "byline": self.byline or None,
            "outlet": (
                {"slug": self.outlet.slug, "name": self.outlet.name}
                if self.outlet
                else None
            ),
            "source_url": self.source_url or None,
            "published": self.published.isoformat() if self.published else None,
            "body": self.body,
            "removed": [{"text": r.text, "reason": r.reason} for r in self.removed],
            "genre": {
                "value": self.genre.value,
                "confidence": self.genre.confidence,
                "reasons": list(self.genre.reasons),
            },
            "actors": list(actors.values()),
            "new_actor_candidates": list(self.candidates),
            "quotes": [
                {
                    "text": q.text,
                    "speaker": q.speaker,
                    "start": q.start,
                    "end": q.end,
                    "confidence": q.confidence,
                }
                for q in self.quotes
            ],
            "flags": [
                {
                    "kind": f.kind,
                    "start": f.start,
                    "end": f.end,
                    "text": f.text,
                    "reason": f.reason,
                    "confidence": f.confidence,
                }
                for f in self.flags
            ],
            "dates": [
                {"text": d.text, "date": d.date.isoformat() if d.date else None}
                for d in self.dates
            ],
        }


def _actor_confidence(entry, desk):
    """0.95 for an actor named in full, 0.85 when only other forms name it more
    than once (a capital, a title, a surname), 0.75 for one such mention."""
    name = fold(entry["name"])
    if any(fold(m["text"]) == name for m in entry["mentions"]):
        return 0.95
    return 0.85 if len(entry["mentions"]) > 1 else 0.75


def content_hash(text):
    """SHA-256 of the normalized raw input: the same content twice is one story."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


def analyze(
    text, *, name, desk, exclude_article=None, flag_thresholds=None, seconds=None
):
    """Analyze decoded raw text (plain or HTML) against the desk's snapshot.

    `exclude_article` keeps a stored story from being compared with itself.
    `flag_thresholds` overrides the thresholds of data/thresholds.toml (training
    passes {} to see every flag with its confidence). With `seconds`, the analysis
    raises BudgetExceeded (an InputError) once it has run that long (budget.py).
    """
    with time_budget(seconds):
        return _analyze(text, name=name, desk=desk, exclude_article=exclude_article,
                        flag_thresholds=flag_thresholds)  # fmt: skip


def _analyze(text, *, name, desk, exclude_article, flag_thresholds):
    text = normalize(text)
    cleaned = clean(text, name=name)
    body = cleaned.body
    if len(tokens(body)) < 5:
        raise InputError("no story text left after cleaning")

    check("cleaning")
    mentions = find_mentions(body, desk)
    check("known actors")
    known_names = [cleaned.byline, *(o.name for o in desk.outlets.outlets)]
    candidates = find_candidates(body, mentions, desk, exclude=known_names)
    check("new actors")
    quotes = find_quotes(body, mentions, desk, candidates=candidates)
    check("quotes")
    dates = resolve(find_dates(body), published=cleaned.published)
    outlet, evidence = find_outlet(text, cleaned, desk)
    digest = content_hash(text)
    check("dates and outlet")
    duplicate = desk.duplicates.find(body, exclude=exclude_article, exclude_hash=digest)
    check("near-duplicates")
    # A stored copy of this very text quotes it word for word: compare the quotes
    # with other stories only. A rewrite's original is exactly what to compare with.
    same_text = duplicate and duplicate.score >= SAME_TEXT
    altered = flagging.altered_quote_flags(
        quotes, desk, duplicate.article.key if same_text else exclude_article
    )
    genre = suggest_genre(
        body=body,
        headline=cleaned.headline,
        source=cleaned.source,
        quotes=quotes,
        altered_quotes=len(altered),
        duplicate=duplicate.article.headline if duplicate else None,
        removed=cleaned.removed,
        byline=cleaned.byline,
    )
    check("genre")
    flags = flagging.find_flags(
        body=body,
        headline=cleaned.headline,
        quotes=quotes,
        genre=genre,
        mentions=mentions,
        altered=altered,
        thresholds=thresholds()["flags"]
        if flag_thresholds is None
        else flag_thresholds,
    )
    return Analysis(
        file=name,
        headline=cleaned.headline,
        byline=cleaned.byline,
        outlet=outlet,
        source_url=cleaned.source_url,
        published=cleaned.published,
        body=body,
        removed=cleaned.removed,
        genre=genre,
        mentions=mentions,
        candidates=[c.as_dict() for c in candidates],
        quotes=quotes,
        flags=flags,
        dates=dates,
        content_hash=digest,
        source=cleaned.source,
        outlet_evidence=evidence,
        duplicate=duplicate,
        headline_gaps=_headline_gaps(cleaned.headline, body, flags),
    )


STAFF = re.compile(
    r"^(?:['’]s?)?\s+(?:own\s+)?(?:[\w-]+\s+)?(?:staff\s+)?(?:journalist|correspondent|"
    r"reporter|editor|columnist|writer|bureau)\b"
)


@dataclass
class Suggestions:
    """What the analyzer suggests for a body the desk already holds."""

    mentions: list
    quotes: list
    flags: list
    genre: object


def suggest(body, *, desk, genre=None):
    """The mentions, quotes and flags `analyze` would suggest for a clean body.

    No cleaning and no metadata: the body is the desk's own (written or edited in
    admin or the API). `genre` is the story's confirmed type of work when there is
    one (it decides which flags mean something); otherwise the text's is used.
    """
    # Offsets index into the body as stored: it is not normalised again.
    mentions = find_mentions(body, desk)
    candidates = find_candidates(body, mentions, desk, exclude=[])
    quotes = find_quotes(body, mentions, desk, candidates=candidates)
    found = suggest_genre(body=body, headline=None, source=None, quotes=quotes,
                          altered_quotes=0, duplicate=None)  # fmt: skip
    if genre is not None:
        found = type(found)(genre, 1.0, [f"confirmed as {genre} by the desk"], genre)
    flags = flagging.find_flags(body=body, headline=None, quotes=quotes, genre=found,
                                mentions=mentions, thresholds=thresholds()["flags"])  # fmt: skip
    return Suggestions(
        mentions, quotes, [f for f in flags if f.start is not None], found
    )


def find_outlet(text, cleaned, desk):
    """The desk's outlet that published the text, from its own clues, or None.

    Only self-reference counts: the page's site name, "X's correspondent", "told X",
    an @handle or the outlet's name in the furniture (bio, follow and copyright
    lines). An outlet merely cited ("according to Reuters") or credited as the
    source of a rewrite is not the publisher.
    """
    own_text = "\n".join(
        line for line in text.split("\n") if not SOURCE_LINE.match(line.strip())
    )
    furniture = fold(" ".join(r.text for r in cleaned.removed))
    scores, evidence = {}, {}

    def cue(outlet, weight, clue):
        scores[outlet.slug] = scores.get(outlet.slug, 0) + weight
        evidence.setdefault(outlet.slug, clue)

    if cleaned.site:
        for outlet, _s, _e in desk.outlets.find(cleaned.site):
            cue(outlet, 3, f"the page's site name “{cleaned.site}”")
    folded = fold(own_text)
    # Each line is cut and folded once, however often it names an outlet.
    breaks = [m.start() for m in re.finditer("\n", own_text)] + [len(own_text)]
    lines = {}  # line number -> (stripped line, whether it is furniture)

    for outlet, start, end in desk.outlets.find(own_text):
        number = bisect.bisect_left(breaks, start)
        if number not in lines:
            line = own_text[breaks[number - 1] + 1 if number else 0 : breaks[number]]
            lines[number] = line.strip(), fold(line.strip()) in furniture
        line, in_furniture = lines[number]
        if folded[start] == "@":
            cue(outlet, 2, f"its handle in “{line}”")
        elif STAFF.match(own_text[end : end + 40]):
            cue(outlet, 2, f"“{line[:160]}”")
        elif folded[max(0, start - 5) : start] == "told ":
            cue(outlet, 1, f"“{line[:160]}”")
        elif in_furniture:
            cue(outlet, 1, f"“{line[:160]}”")
    if not scores:
        return None, ""
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None, ""
    slug = ranked[0][0]
    return desk.outlet_by_slug[slug], evidence[slug]


def _headline_gaps(headline, body, flags):
    """Headline words the body never uses, for an editor's note; none if already flagged."""
    if not headline or any(f.kind == "off_topic" and f.start is None for f in flags):
        return []
    head = content_words(headline)
    missing = sorted(head - content_words(body))
    if len(missing) >= 3 and len(missing) / max(1, len(head)) >= 0.3:
        return [w for w in re.findall(r"[\w'’-]+", headline) if stem(w) in missing]
    return []
