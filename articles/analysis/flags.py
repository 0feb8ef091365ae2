"""Flags: passages where a piece slips, each with a reason an editor can check.

Nothing fires inside a quote (the speaker's words are attributed, or flagged as
an unattributed quote elsewhere). Where one sentence draws several flags, the
broadest one keeps the others' evidence in its reason instead of stacking marks.
"""

import bisect
import difflib
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path

from rapidfuzz import fuzz, process

from .budget import check
from .quotes import VERBS, quote_words
from .text import (
    content_words,
    content_words_of,
    fold,
    paragraph_spans,
    sentence_spans,
    stem,
    tokens,
)

LEXICON_PATH = Path(__file__).with_name("data") / "loaded_language.toml"

ATTRIBUTION_WORDS = frozenset(VERBS) | frozenset(
    """reported reports reporting alleged alleges charged blamed blames considers
    considered viewed views sees saw""".split()
)
FIRST_PERSON_WORDS = frozenset("i i'm i've me my we we're we've our us".split())
VAGUE_TRIGGERS = frozenset(
    """observers experts analysts critics commentators pundits insiders some many
    others believed thought known understood claimed alleged seen considered regarded
    viewed reported""".split()
)
VAGUE_SOURCE = re.compile(
    r"(?i:\b(?:(?:some|many|several|other)\s+)?(?:observers|experts|analysts|critics|"
    r"commentators|pundits|insiders)\s+(?:\w+\s+)?(?:suggest|speculate|believe|say|said|"
    r"think|argue|claim|note|warn|fear|agree|predict|expect|point out)\w*\b)"
    r"|\b(?:[Ss]ome|[Mm]any|[Oo]thers)\s+(?:say|said|believe|argue|claim|fear)\b"
    r"|\b[Ii]t is (?:widely |generally |often )?(?:believed|said|thought|known|understood|"
    r"claimed|alleged)\b"
    r"|\bis widely (?:seen|considered|regarded|viewed) as\b"
    r"|\b[Ii]t (?:was|has been|had been) (?:also |previously |earlier )?"
    r"(?:reported|claimed|alleged)\b"
)
TEASER = re.compile(
    r"^(?:watch|video|listen|photos?|gallery|also watch|see the video)\s*[:：]\s+",
    re.IGNORECASE,
)


@dataclass
class Flag:
    kind: str
    start: int | None
    end: int | None
    text: str
    reason: str
    confidence: float = 0.9
    scaled: bool = False  # whether the genre's factor went into the confidence
    base: float = 0.0  # the confidence before it did


# How far each kind of evidence is trusted before the genre is taken into account
# (docs/analysis.md): a lexicon label is the word itself, an accusation needs the
# missing attribution to be real, first person alone is the weakest sign of opinion.
BASE_CONFIDENCE = {
    "label": 0.95,
    "accusation": 0.8,
    "vague": 0.85,
    "judgement": 0.9,
    "commentary": 0.9,
    "first_person": 0.6,
    "headline": 0.8,
    "teaser": 0.9,
    "unrelated": 0.95,
    "altered": 0.9,
}
# Flags judge the piece's own voice, which only news copy owes to its sources: in
# an opinion piece or an analysis the author's voice is the genre; a statement is
# attributed as a whole to its issuer.
NEWS = ("reporting", "aggregated")


def genre_factor(genre):
    """How much the piece's genre lets its own voice be flagged (0-1)."""
    value = getattr(genre, "value", genre)
    confidence = getattr(genre, "confidence", 0.9)
    if value in NEWS:
        return confidence
    if value == "unclassified" and getattr(genre, "guess", "") in NEWS:
        return 0.5 * confidence
    if value == "statement":
        return 0.3
    if value == "unclassified":
        return 0.2
    return 0.0


def suggested(flags, thresholds):
    """The flags whose confidence reaches the threshold of their kind."""
    return [f for f in flags if f.confidence >= thresholds.get(f.kind, 0.0)]


@dataclass(frozen=True)
class Term:
    category: str
    note: str
    label: str
    regex: re.Pattern


@dataclass(frozen=True)
class Lexicon:
    terms: tuple
    by_start: dict  # lower-case first word -> the terms a match can begin with

    def find(self, text, words=None):
        """(term, start, end) for every lexicon hit in `text`, left to right.

        `words` are the text's tokens when the caller has them already.
        """
        hits, reached = [], 0
        for start, _end, word in tokens(text) if words is None else words:
            if start < reached or word not in self.by_start:
                continue
            # The longest match wins: "terrorist attack" over "terrorist".
            matches = [
                (match.end(), term)
                for term in self.by_start[word]
                if (match := term.regex.match(text, start))
            ]
            if matches:
                end, term = max(matches, key=lambda found: found[0])
                hits.append((term, start, end))
                reached = end
        return hits


@cache
def lexicon(path=LEXICON_PATH):
    """The curated loaded-language lexicon (data/loaded_language.toml), compiled."""
    with open(path, "rb") as file:
        data = tomllib.load(file)
    terms, by_start = [], {}
    for entry in data.get("terms", []):
        source = entry.get("pattern") or re.escape(entry["term"])
        starts = entry.get("starts") or [entry["term"].split()[0].lower()]
        term = Term(
            entry["category"],
            entry["note"],
            entry.get("term") or entry.get("pattern"),
            re.compile(rf"(?:{source})(?![\w-])", re.IGNORECASE),
        )
        terms.append(term)
        for word in starts:
            by_start.setdefault(fold(word), []).append(term)
    return Lexicon(tuple(terms), by_start)


def find_flags(*, body, headline, quotes, genre, mentions, altered=(), thresholds=None):
    """Every flag for this body with its confidence, sorted by position; a headline
    flag first. Nothing is dropped here: `suggested` applies the thresholds.

    `altered` are the altered-quote flags, found first because the genre uses them.
    `genre` is the suggested Genre (or its value).
    """
    quoted = [(q.start, q.end) for q in quotes]
    flags = list(altered)
    if headline:
        flags.extend(_headline_flags(headline, body))
    flags.extend(_teasers(body))
    factor = genre_factor(genre)
    # A digression is off topic in news copy; a column may roam.
    for flag in _unrelated_paragraphs(body, mentions):
        flag.base, flag.scaled = flag.confidence, True
        flag.confidence = round(flag.confidence * factor, 2)
        flags.append(flag)
    # Opinion in reporting needs news copy the analyzer is sure of.
    reporting = getattr(genre, "value", genre) in NEWS
    # Each pattern runs once over the body with its quotes blanked out (same length,
    # so offsets hold); sentences then take the hits that fall inside them.
    unquoted = _blank(body, quoted)
    words = _outside_quotes(tokens(body), quoted)
    found = {
        "terms": lexicon().find(unquoted, words),
        "attribution": _attributions(words),
        "first_person": [
            (start, body[start:end])
            for start, end, word in words
            if word in FIRST_PERSON_WORDS and (word != "us" or body[start:end] == "us")
        ],
        "vague": [
            (m.start(), m.end(), m.group(0)) for m in VAGUE_SOURCE.finditer(unquoted)
        ]
        if VAGUE_TRIGGERS & {word for _s, _e, word in words}
        else [],
    }
    # Each sentence gets its own slice of the hits (a binary search, not a scan of
    # every hit per sentence).
    keys = {
        "terms": [hit[1] for hit in found["terms"]],
        "attribution": found["attribution"],
        "first_person": [at for at, _word in found["first_person"]],
        "vague": [hit[0] for hit in found["vague"]],
    }
    for start, end in (
        s for p in paragraph_spans(body) for s in sentence_spans(body, *p)
    ):
        check("flags")
        local = {
            name: found[name][
                bisect.bisect_left(keys[name], start) : bisect.bisect_left(
                    keys[name], end
                )
            ]
            for name in found
        }
        for flag in _sentence_flags(body, start, end, local, reporting):
            flag.base, flag.scaled = flag.confidence, True
            flag.confidence = round(flag.confidence * factor, 2)
            flags.append(flag)
    return _merge(suggested(flags, thresholds or {}))


def _outside_quotes(words, quoted):
    if not quoted:
        return words
    spans = sorted(quoted)
    kept, index = [], 0
    for token in words:
        while index < len(spans) and spans[index][1] <= token[0]:
            index += 1
        if index < len(spans) and spans[index][0] <= token[0] < spans[index][1]:
            continue
        kept.append(token)
    return kept


def _attributions(words):
    """Offsets of words that attribute a statement: said, according to, reported..."""
    found, previous = [], ""
    for start, _end, word in words:
        if word in ATTRIBUTION_WORDS or (previous == "according" and word == "to"):
            found.append(start)
        previous = word
    return found


def _blank(body, quoted):
    pieces, cursor = [], 0
    for q_start, q_end in sorted(quoted):
        if q_start < cursor:
            continue
        pieces.append(body[cursor:q_start])
        pieces.append(" " * (q_end - q_start))
        cursor = q_end
    pieces.append(body[cursor:])
    return "".join(pieces)


def _sentence_flags(body, start, end, found, reporting):
    sentence = body[start:end]
    hits = [hit for hit in found["terms"] if start <= hit[1] < end]
    flags = []
    attributed = any(start <= at < end for at in found["attribution"])
    judgements = [h for h in hits if h[0].category == "judgement"]
    commentary = [h for h in hits if h[0].category == "commentary" and h[1] == start]
    first_person = next(
        (word for at, word in found["first_person"] if start <= at < end), None
    )
    if attributed:
        first_person = None  # "I am hopeful ...', Désir added": someone else's words
    if reporting and (judgements or commentary or first_person):
        cues = [
            f"“{body[s:e]}” ({term.note})" for term, s, e in commentary + judgements
        ]
        if first_person and not (commentary or judgements):
            cues.append(f"“{first_person}”: the writer speaking in the first person")
        loaded = [
            body[s:e] for term, s, e in hits if term.category in ("label", "accusation")
        ]
        reason = "Opinion in the writer's own voice, with no source: " + "; ".join(cues)
        if loaded:
            reason += "; it also uses " + ", ".join(
                f"“{w}”" for w in dict.fromkeys(loaded)
            )
        base = BASE_CONFIDENCE[
            "first_person" if not (commentary or judgements) else "judgement"
        ]
        flags.append(
            Flag("opinion_in_reporting", start, end, sentence, reason + ".", base)
        )
    for term, s, e in hits:
        if term.category == "label":
            flags.append(
                Flag("loaded_language", s, e, body[s:e],
                     f"Loaded term “{body[s:e]}”: {term.note} (lexicon: {term.label}).",
                     BASE_CONFIDENCE["label"])
            )  # fmt: skip
    accusations = [h for h in hits if h[0].category == "accusation"]
    if accusations and not attributed:
        words = ", ".join(dict.fromkeys(f"“{body[s:e]}”" for _t, s, e in accusations))
        note = accusations[0][0].note
        flags.append(
            Flag("unattributed_claim", start, end, sentence,
                 f"States a contested charge as fact, attributed to no one: {words} ({note}).",
                 BASE_CONFIDENCE["accusation"])
        )  # fmt: skip
    for s, match_end, phrase in found["vague"]:
        if not start <= s < end:
            continue
        stop = body.find(",", match_end, end)
        e = stop if stop != -1 else end
        flags.append(
            Flag("unattributed_claim", s, e, body[s:e],
                 f"Credited to unnamed sources (“{phrase}”): no one is named or described.",
                 BASE_CONFIDENCE["vague"])
        )  # fmt: skip
    return flags


def _headline_flags(headline, body):
    """A headline that shares no names or subjects with its body belongs elsewhere."""
    head = content_words(headline)
    if len(head) < 3:
        return []
    text = content_words(body)
    shared = head & text
    if len(shared) / len(head) >= 0.2:
        return []
    missing = ", ".join(sorted(w for w in head - text))
    return [
        Flag(
            "off_topic",
            None,
            None,
            headline,
            "The headline shares no names or subjects with the body "
            f"({missing}): it belongs to another story. Write one from the body.",
            # More headline words with nothing in the body: surer it is elsewhere.
            round(min(0.95, 0.5 + 0.08 * len(head)), 2),
        )
    ]


def _teasers(body):
    flags = []
    for start, end in paragraph_spans(body):
        match = TEASER.match(body[start:end])
        if match:
            flags.append(
                Flag("off_topic", start, end, body[start:end],
                     f"A teaser for other content (“{match.group(0).strip()}”) inside "
                     "the story; it is not part of the report.", BASE_CONFIDENCE["teaser"])
            )  # fmt: skip
    return flags


def _unrelated_paragraphs(body, mentions):
    """A paragraph that shares no actor and (almost) no subject word with the rest.

    Strict on purpose: background paragraphs share little with the news around them,
    so only a long paragraph with nothing in common with four or more others fires.
    """
    spans = paragraph_spans(body)
    if len(spans) < 5:
        return []
    words = tokens(body)
    own, cursor = [], 0
    for _start, end in spans:
        first = cursor
        while cursor < len(words) and words[cursor][0] < end:
            cursor += 1
        own.append(content_words_of(word for _s, _e, word in words[first:cursor]))
    counts = Counter(word for group in own for word in group)
    starts = sorted((m.start, m.actor) for m in mentions)
    actors = [
        {actor for _s, actor in starts[bisect.bisect_left(starts, (start,)) :
                                      bisect.bisect_left(starts, (end,))]}
        for start, end in spans
    ]  # fmt: skip
    flags = []
    for index, (start, end) in enumerate(spans):
        if index == 0 or len(own[index]) < 10 or len(body[start:end].split()) < 20:
            continue
        shared = sum(1 for word in own[index] if counts[word] > 1)
        if actors[index] or shared > len(own[index]) // 10:
            continue
        flags.append(
            Flag("off_topic", start, end, body[start:end],
                 "Shares no names and almost no subject words with the rest of the "
                 "story: text from another item?", BASE_CONFIDENCE["unrelated"])
        )  # fmt: skip
    return flags


def altered_quote_flags(quotes, desk, exclude_article=None):
    """A quote close to, but not the same as, a stored quote of the same speaker.

    Compared sentence by sentence, so a long quote with one word swapped is caught
    and a quote that keeps only part of a statement is not.
    """
    flags = []
    for quote in quotes:
        if not quote.speaker or quote.speaker not in desk.quotes_by_speaker:
            continue
        pieces = [
            piece for piece in desk.quote_pieces(quote.speaker)
            if piece[0].article_key is None or piece[0].article_key != exclude_article
        ]  # fmt: skip
        if not pieces:
            continue
        changes, source = [], None
        for start, end in sentence_spans(quote.text) or [(0, len(quote.text))]:
            new = [w for w in quote_words(quote.text[start:end]) if w]
            if len(new) < 4:
                continue
            best = _closest_stored(new, pieces)
            if best:
                source = source or best[0]
                changes.extend(best[1])
        if not changes:
            continue
        speaker = (
            desk.actors[quote.speaker].name
            if quote.speaker in desk.actors
            else quote.speaker
        )
        flags.append(
            Flag("altered_quote", quote.start, quote.end, quote.text,
                 f"Differs from {speaker}'s words as stored from “{source.article}”: "
                 + "; ".join(changes[:6]) + ".", BASE_CONFIDENCE["altered"])
        )  # fmt: skip
    return flags


def _closest_stored(new, pieces):
    """(stored quote, changes) for the stored sentence this one rewords, or None."""
    joined = " ".join(new)
    candidates = process.extract(
        joined, [text for _q, _w, text in pieces], scorer=fuzz.partial_ratio,
        score_cutoff=55, limit=3,
    )  # fmt: skip
    best = None
    for _choice, _score, index in candidates:
        quote, old, text = pieces[index]
        if joined in text:
            return None  # quoted exactly, in full or in part
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        blocks = matcher.get_matching_blocks()
        matched = sum(block.size for block in blocks)
        longest = max((block.size for block in blocks), default=0)
        if matched / len(new) < 0.5 or longest < 3:
            continue
        changes = _changes(old, new, matcher)
        if changes and (best is None or matched > best[2]):
            best = (quote, changes, matched)
    return (best[0], best[1]) if best else None


def _changes(old, new, matcher):
    """What the new quote says differently; old words it leaves out at either end
    are not changes (quoting part of a statement is not altering it)."""
    changes = []
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        was, now = " ".join(old[i1:i2]), " ".join(new[j1:j2])
        at_edge = index in (0, len(opcodes) - 1)
        if tag == "replace" and stem(was) != stem(now):
            changes.append(f"“{now}” for “{was}”")
        elif tag == "insert":
            changes.append(f"adds “{now}”")
        elif tag == "delete" and not at_edge:
            changes.append(f"drops “{was}”")
    return changes


def _merge(flags):
    """Drop flags inside a broader flag of an opinion sentence; sort by position."""
    opinion = sorted(
        (f.start, f.end) for f in flags if f.kind == "opinion_in_reporting"
    )
    starts = [start for start, _end in opinion]
    reach = list(accumulate((end for _start, end in opinion), max))
    kept = []
    for flag in flags:
        if flag.kind in ("loaded_language", "unattributed_claim"):
            # Inside an opinion sentence: one starting by this flag's start reaches
            # its end (a binary search, not a scan of every opinion flag).
            index = bisect.bisect_right(starts, flag.start)
            if index and reach[index - 1] >= flag.end:
                continue
        kept.append(flag)
    seen, unique = set(), []
    for flag in kept:
        key = (flag.kind, flag.start, flag.end)
        if key not in seen:
            seen.add(key)
            unique.append(flag)
    unique.sort(key=lambda f: (-1 if f.start is None else f.start, f.end or 0))
    return unique
