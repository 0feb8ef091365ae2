"""Scoring: the pipeline against a hand-made gold annotation, part by part.

The gold (tests/data/gold/*.toml) says what must be removed, kept, mentioned,
quoted and flagged in each sample. Spans are matched one to one when they overlap
and agree on what they are (the same actor, speaker or flag kind), so a flag on a
whole sentence still counts for the clause the gold marks. Samples are analyzed in
order, each remembered as ingest would store it, so later ones are compared with
earlier ones (the spun copy's quotes with the original's).
"""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .desk import StoredArticle, StoredQuote
from .pipeline import analyze
from .text import decode

# The targets: (part, measure) -> lowest acceptable value.
TARGETS = {
    ("junk removed", "recall"): 0.95,
    ("story sentences kept", "recall"): 1.0,
    ("actor mentions", "precision"): 0.95,
    ("actor mentions", "recall"): 0.9,
    ("quote speakers", "precision"): 0.85,
    ("quote speakers", "recall"): 0.85,
    ("flags", "precision"): 0.7,
}
METADATA = ("headline", "byline", "outlet", "source_url", "published", "genre")


@dataclass
class Part:
    name: str
    correct: int = 0
    predicted: int = 0
    expected: int = 0
    found: int = 0  # expected items found (recall's numerator; differs for overlaps)

    @property
    def precision(self):
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self):
        return self.found / self.expected if self.expected else None


@dataclass
class Report:
    parts: dict
    misses: list  # (file, part, what) for the editor-readable detail

    def failures(self):
        """The targets missed: [(part, measure, value, target)]."""
        missed = []
        for (name, measure), target in TARGETS.items():
            value = getattr(self.parts[name], measure)
            if value is None or value < target:
                missed.append((name, measure, value, target))
        return missed


def gold_load(directory):
    files = sorted(Path(directory).glob("*.toml"))
    return [(path, tomllib.loads(path.read_text(encoding="utf-8"))) for path in files]


def score_samples(*, desk, gold_dir, seeds_dir):
    """Analyze each gold sample in order, as ingest would, and score the results."""
    pairs = []
    for number, (path, gold) in enumerate(gold_load(gold_dir)):
        raw = (Path(seeds_dir) / gold["seed"]).read_bytes()
        result = analyze(decode(raw, name=gold["seed"]), name=gold["seed"], desk=desk)
        key = f"gold-{number}"
        desk.remember(
            StoredArticle(
                key, path.stem, result.headline or "", result.body, result.content_hash
            ),
            [
                StoredQuote(q.speaker, q.text, result.headline or gold["seed"], key)
                for q in result.quotes
                if q.speaker
            ],
        )
        pairs.append((gold, result))
    return score(pairs)


def score(pairs):
    names = [
        "junk removed", "story sentences kept", "metadata", "actor mentions",
        "quotes found", "quote speakers", "flags",
    ]  # fmt: skip
    parts = {name: Part(name) for name in names}
    misses = []
    for gold, result in pairs:
        file = gold["seed"]
        reference = "\n\n".join(gold["kept"])
        _cleaning(gold, result, parts, misses)
        _metadata(gold, result, parts["metadata"], misses)
        predicted = [
            (m.actor, *_anchor(result.body, reference, m.start, m.end))
            for m in result.mentions
        ]
        expected = [
            (g["actor"], s, e)
            for g in gold.get("mentions", [])
            for s, e in _find(reference, g["text"], g.get("occurrence", "all"), file)
        ]
        _match(parts["actor mentions"], predicted, expected, reference, file, misses)
        q_predicted = [
            (q.speaker, *_anchor(result.body, reference, q.start, q.end))
            for q in result.quotes
        ]
        q_expected = [
            (
                g.get("speaker"),
                *_find(reference, g["text"], g.get("occurrence", 1), file)[0],
            )
            for g in gold.get("quotes", [])
        ]
        _match(parts["quotes found"], [(None, s, e) for _k, s, e in q_predicted],
               [(None, s, e) for _k, s, e in q_expected], reference, file, misses)  # fmt: skip
        _match(
            parts["quote speakers"], q_predicted, q_expected, reference, file, misses
        )
        f_predicted = [
            (f.kind, *(_anchor(result.body, reference, f.start, f.end) if f.start is not None else (None, None)))
            for f in result.flags
        ]  # fmt: skip
        f_expected = [
            (g["kind"], None, None)
            if g.get("headline")
            else (
                g["kind"],
                *_find(reference, g["text"], g.get("occurrence", 1), file)[0],
            )
            for g in gold.get("flags", [])
        ]
        _match(parts["flags"], f_predicted, f_expected, reference, file, misses)
    return Report(parts, misses)


def _cleaning(gold, result, parts, misses):
    file = gold["seed"]
    shown = (result.headline or "") + "\n" + result.body
    junk = parts["junk removed"]
    for item in gold.get("removed", []):
        junk.expected += 1
        if item in shown:
            misses.append((file, "junk removed", f"still there: “{item[:70]}”"))
        else:
            junk.found += 1
    if gold.get("headline_not_in_body"):
        junk.expected += 1
        if gold["headline"] in result.body:
            misses.append(
                (file, "junk removed", "the headline is repeated in the body")
            )
        else:
            junk.found += 1
    # Precision: a removal is wrong when it takes a sentence of the story with it.
    sentences = [s for p in gold["kept"] for s in _sentences(p) if len(s) > 20]
    for item in result.removed:
        junk.predicted += 1
        if any(sentence in item.text for sentence in sentences):
            misses.append((file, "junk removed", f"story removed: “{item.text[:70]}”"))
        else:
            junk.correct += 1
    kept = parts["story sentences kept"]
    for paragraph in gold["kept"]:
        for sentence in _sentences(paragraph):
            kept.expected += 1
            if sentence in result.body:
                kept.found += 1
                kept.correct += 1
            else:
                misses.append(
                    (file, "story sentences kept", f"lost: “{sentence[:70]}”")
                )
    kept.predicted = kept.expected


def _sentences(paragraph):
    """Sentences by a plain rule, independent of the pipeline's own splitter."""
    return re.split(r"(?<=[.!?…])\s+(?=[A-Z“\"])", paragraph)


def _metadata(gold, result, part, misses):
    found = {
        "headline": result.headline or "",
        "byline": result.byline or "",
        "outlet": result.outlet.slug if result.outlet else "",
        "source_url": result.source_url or "",
        "published": result.published.isoformat() if result.published else "",
        "genre": result.genre.value,
    }
    for field in METADATA:
        part.expected += 1
        part.predicted += 1
        if found[field] == gold.get(field, ""):
            part.found += 1
            part.correct += 1
        else:
            misses.append(
                (
                    gold["seed"],
                    "metadata",
                    f"{field}: {found[field]!r}, gold {gold.get(field, '')!r}",
                )
            )


def _match(part, predicted, expected, reference, file, misses):
    """One-to-one matching of (key, start, end) spans that overlap and share a key."""
    used = set()
    part.predicted += len(predicted)
    part.expected += len(expected)
    for key, start, end in predicted:
        hit = next(
            (
                index
                for index, (g_key, g_start, g_end) in enumerate(expected)
                if index not in used
                and g_key == key
                and _overlap(start, end, g_start, g_end)
            ),
            None,
        )
        if hit is None:
            text = reference[start:end] if start is not None else "(headline)"
            misses.append((file, part.name, f"wrong: {key} “{text[:60]}”"))
            continue
        used.add(hit)
        part.correct += 1
    # Recall: a gold span counts as found when any prediction of its key overlaps it.
    for g_key, g_start, g_end in expected:
        if any(
            key == g_key and _overlap(start, end, g_start, g_end)
            for key, start, end in predicted
        ):
            part.found += 1
        else:
            text = reference[g_start:g_end] if g_start is not None else "(headline)"
            misses.append((file, part.name, f"missed: {g_key} “{text[:60]}”"))


def _overlap(start, end, g_start, g_end):
    if start is None or g_start is None:
        return start is None and g_start is None
    return start < g_end and g_start < end


def _anchor(body, reference, start, end):
    """Offsets of a predicted span in the gold's reference body (the same text)."""
    if body == reference or start is None:
        return start, end
    text = body[start:end]
    occurrence = body.count(text, 0, start)
    position = -1
    for _ in range(occurrence + 1):
        position = reference.find(text, position + 1)
        if position == -1:
            return -1, -1  # not in the gold's text: matches nothing
    return position, position + len(text)


def _find(body, text, occurrence, file):
    head = r"(?<!\w)" if re.match(r"\w", text) else ""
    tail = r"(?!\w)" if re.search(r"\w\Z", text) else ""
    found = [m.span() for m in re.finditer(head + re.escape(text) + tail, body)]
    if not found:
        raise ValueError(f"{file}: gold text not in the kept paragraphs: {text[:60]!r}")
    if occurrence == "all":
        return found
    numbers = occurrence if isinstance(occurrence, list) else [occurrence]
    return [found[n - 1] for n in numbers]
