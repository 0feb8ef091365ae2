"""Genre: what kind of work a piece is, with a calibrated confidence and its reasons.

Evidence is counted, not modelled, from signals that do not depend on the topic:

- the author's own voice: first person outside quotes, prescriptive and evaluative
  sentences, a salutation ("Dear Sir") and a signature line;
- labels and furniture: "Opinion", "Letter to the editor", "Statement by", "Report",
  a think tank's name in the byline or credit, a speaker label of a transcript, a
  ministry's header line, "Source:" and desk credits;
- how the text sources itself: attributions (said, according to), quotes with a
  speaker, a dateline; present-tense declarations by the issuer ("The EU welcomes");
- rewrite signals: a stored story it repeats, quotes that differ from the stored
  words, relays of other media ("as previously reported"), machine-spun wording.

Each signal adds weight to one genre (`CUES` says how much and why). The confidence
is the winner's softmax share of the weights, so it is high only when one genre
clearly leads. Below `THRESHOLD`, the confidence at which the suggestion was right
at least 80% of the time on the development corpus (docs/analysis.md, chosen with
`python -m articles.analysis.train`), the genre is `unclassified`, and the reasons
say what the best guess was and why it is not trusted.
"""

import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .quotes import VERBS
from .text import mask_quotes, paragraph_spans, tokens

DEFAULT = 1.0  # the weight reporting starts with: most copy a desk meets is news
VALUES = ("reporting", "opinion", "analysis", "statement", "aggregated", "unclassified")
THRESHOLDS_PATH = Path(__file__).with_name("data") / "thresholds.toml"


@cache
def thresholds(path=THRESHOLDS_PATH):
    """The confidence thresholds chosen on the development corpus."""
    with open(path, "rb") as file:
        return tomllib.load(file)


ATTRIBUTION = (frozenset(VERBS) | {"according", "reportedly"}) - {
    "calls",
    "urges",
    "notes",
    "stresses",
    "reiterates",
    "demands",
    "condemns",
    "welcomes",
}
FIRST_SINGULAR = frozenset("i i'm i've i'd my me myself mine".split())
OPINION_LABEL = re.compile(
    r"^(?:opinion|op-ed|column|columns|editorial|commentary|viewpoint|comment|"
    r"letters?(?: to the editor)?|letter to the editor|your view|perspective|blog)\b",
    re.IGNORECASE,
)
SALUTATION = re.compile(
    r"^(?:dear\s+(?:sir|madam|editor|mr|ms|mrs)\b|sir\s*[-–—,:]|madam\s*[-–—,:]"
    r"|to the editor\b)",
    re.IGNORECASE,
)
ANALYSIS_LABEL = re.compile(
    r"\b(?:analysis|report|briefing|brief|working paper|policy paper|research|study|"
    r"studies|institute|endowment|think[- ]tank|crisis group|foundation|"
    r"cent(?:er|re) for|council on|summary of)\b",
    re.IGNORECASE,
)
AUTHOR_WRITES = re.compile(
    r"^[A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){0,3}\s+(?:writes|argues)\s*:\s*$"
)
QUESTION_HEAD = re.compile(r"^(?:[\w'’\-]+\s+){0,5}[\w'’\-]+\?\s")
HEDGES = frozenset(
    """likely unlikely may might could would prospects prospect suggests suggest
    appears seems pivotal risk risks probably perhaps whether scenario scenarios
    implications trend trends""".split()
)
STATEMENT_LABEL = re.compile(
    r"\b(?:statement (?:by|of|from|on)|press release|joint statement|declaration by|"
    r"communiqu[eé]|remarks (?:by|of|at)|readout|transcript|press statement|"
    r"comment of the press service)\b",
    re.IGNORECASE,
)
SPEAKER_LABEL = re.compile(r"^[A-Z][A-Z.'’\- ]{2,40}:\s")
ISSUER_HEADER = re.compile(
    r"^(?:(?:the\s+)?(?:ministry|department|embassy|office|government|presidency|"
    r"spokesperson|press service|mission|council|permanent mission)\b"
    r"|.*\b(?:ministry|department) of\b)",
    re.IGNORECASE,
)
DECLARATIVE = frozenset(
    """welcomes commends deplores condemns protests demands urges reiterates recalls
    expresses reaffirms regrets calls notes stresses underlines emphasises
    emphasizes supports rejects""".split()
)
PLACE_DATE = re.compile(
    r"^[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?,\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}$"
    r"|^[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?,\s+[A-Z][a-z]+\s+\d{1,2},\s+\d{4}$"
)
DATELINE = re.compile(
    r"^(?:[A-Z]{3,}(?:[ ,][A-Z][\w]*)*\s*(?:,\s*[A-Z][\w ]+)?\s*(?:\([\w ]+\))?\s*[–—-]"
    r"|[A-Z][\w]+\s*/\s*[\w./ ]+/\s*[\w ]*:|[A-Z][\w]+\s*/[A-Z][\w]+/)"
)
RELAY = re.compile(
    r"\b(?:as (?:previously|earlier) reported|it (?:was|has been|is) (?:also )?reported"
    r"|reports? [\"“«]|according to (?:media|press) reports|reported by [\"“«]?[A-Z])",
    re.IGNORECASE,
)
DESK_CREDIT = re.compile(
    r"[–—-]\s*(?:[A-Z][\w]*\s+)?(?:Desk|Agencies|Newsroom|Staff)\s*$"
    r"|\((?:with inputs from )?agencies\)\s*$",
)
GLUED = re.compile(r",[a-z]{2}")  # "reported,was": a comma glued to the next word
SPACED_STOP = re.compile(r" [,.](?!\d)")  # a space before a stop or a comma
NAME_BEFORE_QUOTE = re.compile(
    r"(?:^|[.!?]\s+)[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?,?\s+$"
)
QUOTE_OPENING = re.compile(r"[“\"](?=[A-Z])")
PRESCRIPTIVE_WORDS = frozenset("must should ought".split())
PRESCRIPTIVE_PAIRS = frozenset(
    [("need", "to"), ("needs", "to"), ("has", "to"), ("have", "to"), ("let", "us")]
)


def garble_traces(body):
    """Traces of machine-spun or machine-translated copy, as short excerpts."""
    found = []
    for m in GLUED.finditer(body):
        before = body[max(0, m.start() - 3) : m.start()]
        if len(before) == 3 and before.isalpha() and before.islower():
            found.append(before + m.group(0))
    found += ["… ”"] * body.count(" \u201d")
    if " ." in body or " ," in body:
        found += [m.group(0) for m in SPACED_STOP.finditer(body)]
    found += ["” said."] * body.count("\u201d said.")
    # A sentence that opens with a name and goes straight into a quote.
    for m in QUOTE_OPENING.finditer(body):
        head = body[max(0, m.start() - 40) : m.start()].rstrip(" \t,")
        if not head[-1:].isalpha():
            continue  # a name must stand right before the mark
        if NAME_BEFORE_QUOTE.search(body[max(0, m.start() - 40) : m.start()]):
            found.append(body[max(0, m.start() - 20) : m.start() + 1].strip())
    return found


@dataclass
class Genre:
    value: str
    confidence: float
    reasons: list = field(default_factory=list)
    guess: str = ""  # the best genre, even when it is not trusted
    weights: dict = field(default_factory=dict)  # the evidence, for training


@dataclass
class Evidence:
    weights: dict
    reasons: dict

    def add(self, value, weight, reason):
        if weight > 0:
            self.weights[value] += weight
            self.reasons[value].append(reason)


def suggest_genre(
    *,
    body,
    headline,
    source,
    quotes,
    altered_quotes,
    duplicate,
    removed=(),
    byline=None,
    threshold=None,
):
    evidence = gather(
        body=body,
        headline=headline,
        source=source,
        quotes=quotes,
        altered_quotes=altered_quotes,
        duplicate=duplicate,
        removed=removed,
        byline=byline,
    )
    return decide(evidence, threshold=threshold)


def decide(evidence, *, threshold=None):
    """The genre the evidence points to, `unclassified` below the threshold."""
    weights = evidence.weights
    if sum(weights.values()) <= DEFAULT:
        return Genre("unclassified", 0.0, ["no signal of a genre in the text"])
    value = max(weights, key=weights.get)
    confidence = softmax_confidence(weights, thresholds()["genre"]["temperature"])
    reasons = list(evidence.reasons[value])
    if threshold is None:
        threshold = thresholds()["genre"]["threshold"]
    if confidence < threshold:
        runner = max((v for v in weights if v != value), key=weights.get)
        why = [
            f"best guess {value} at confidence {confidence:.2f}, below the "
            f"{threshold:.2f} at which guesses were right 80% of the time",
            *(f"for {value}: {r}" for r in reasons),
        ]
        if weights[runner] > 0:
            why += [f"for {runner}: {r}" for r in evidence.reasons[runner]]
        return Genre("unclassified", confidence, why, value, dict(weights))
    return Genre(value, confidence, reasons, value, dict(weights))


def softmax_confidence(weights, temperature):
    """The leading genre's share of exp(weight / temperature), at most 0.99."""
    top = max(weights.values())
    exps = [math.exp((w - top) / temperature) for w in weights.values()]
    return round(min(0.99, 1.0 / sum(exps)), 2)


def gather(
    *, body, headline, source, quotes, altered_quotes, duplicate, removed, byline
):
    """Weights and reasons per genre from every signal in the text and its furniture."""
    ev = Evidence(dict.fromkeys(VALUES[:-1], 0.0), {value: [] for value in VALUES[:-1]})
    furniture = [r.text for r in removed if r.reason]
    paragraphs = [body[s:e].strip() for s, e in paragraph_spans(body)]
    # A label may also be a short line the cleaning kept at the top.
    leading = [p for p in paragraphs[:3] if len(p.split()) <= 6]
    labels = [headline or "", byline or "", *furniture, *leading]
    unquoted = mask_quotes(body)
    # The body's own tokens (cached for every module) outside the quotes.
    words = [t for t in tokens(body) if unquoted[t[0]] != "x" or body[t[0]] == "x"]
    n_words = max(1, len(words))
    counts = Counter(w for _s, _e, w in words)  # one pass; the cues below look up

    def count(vocabulary):
        return sum(counts[w] for w in vocabulary if w in counts)

    # How the text sources itself: reporting. Relays of other media ("as previously
    # reported") and quotes no one says ("Aliyev, “...”") are not sourcing.
    relays = RELAY.findall(unquoted) if "report" in unquoted else []
    garbled = garble_traces(body)
    attributions = max(0, count(ATTRIBUTION) - len(relays))
    ev.add("reporting", DEFAULT, "news copy by default: third-person prose")
    ev.add(
        "reporting",
        min(3.0, 0.6 * attributions),
        f"{attributions} attribution(s) in its own voice (said, stated, according to)",
    )
    # Only quotes credited by their own attribution: one the analyzer had to guess
    # a speaker for (a fallback below 0.7) is no sign of careful sourcing.
    spoken = sum(1 for q in quotes if q.speaker and getattr(q, "confidence", 1) >= 0.7)
    ev.add("reporting", min(1.5, 0.5 * spoken), f"{spoken} attributed quote(s)")
    if paragraphs and DATELINE.match(paragraphs[0]):
        ev.add("reporting", 1.5, f"opens with a dateline (“{paragraphs[0][:30]}…”)")

    # The author's own voice: opinion.
    singular = count(FIRST_SINGULAR - {"i"}) + (
        sum(1 for s, e, w in words if w == "i" and unquoted[s:e] == "I")
        if "i" in counts
        else 0
    )
    if singular >= 2:
        ev.add(
            "opinion",
            min(4.0, 0.8 * singular),
            f"the writer speaks in the first person outside quotes ({singular} times)",
        )
    prescriptive = count(PRESCRIPTIVE_WORDS) + (
        sum(
            1
            for a, b in zip(words, words[1:], strict=False)
            if (a[2], b[2]) in PRESCRIPTIVE_PAIRS
        )
        if counts["to"] or counts["us"]
        else 0
    )
    ev.add(
        "opinion",
        min(1.5, 0.5 * prescriptive),
        f"{prescriptive} prescriptive phrase(s) in its own voice (must, should)",
    )
    label = next((t for t in labels if OPINION_LABEL.match(t.strip())), None)
    if label:
        ev.add("opinion", 4.0, f"labelled “{label.strip()[:40]}”")
    salutation = next(
        (p for p in paragraphs[:2] + furniture[:4] if SALUTATION.match(p.strip())),
        None,
    )
    if salutation:
        ev.add("opinion", 4.0, f"a letter's salutation (“{salutation[:20]}”)")
    signature = _signature(furniture)
    if signature and singular:
        ev.add("opinion", 1.5, f"signed by a person at the end (“{signature}”)")

    # Think tanks and explainers: analysis.
    # Labels and credits are short lines, not a plea that mentions "analysis".
    short_labels = [
        t for t in labels if len(t.split()) <= 20 and "you" not in t.lower()
    ]
    label = next((t for t in short_labels if ANALYSIS_LABEL.search(t)), None)
    if label:
        found = ANALYSIS_LABEL.search(label).group(0)
        ev.add(
            "analysis", 3.0, f"a research label or credit (“{found}” in “{label[:60]}”)"
        )
    writes = next((t for t in furniture if AUTHOR_WRITES.match(t.strip())), None)
    if writes:
        ev.add("analysis", 1.5, f"a summary's header (“{writes.strip()}”)")
    questions = sum(1 for p in paragraphs if QUESTION_HEAD.match(p))
    ev.add(
        "analysis",
        min(2.0, 1.0 * questions),
        f"{questions} paragraph(s) opening with a question it answers",
    )
    hedges = count(HEDGES)
    if not quotes and attributions <= 1:
        ev.add(
            "analysis",
            min(2.0, hedges * 100 / n_words),
            f"{hedges} hedged or forward-looking word(s) (likely, may, could) "
            "and no sources quoted",
        )

    # Issuers speaking for themselves: statement.
    label = next((t for t in labels if STATEMENT_LABEL.search(t)), None) or next(
        (p for p in paragraphs[:1] if STATEMENT_LABEL.match(p)), None
    )
    if label:
        # A body that attributes what it relays is a report about a statement.
        found = STATEMENT_LABEL.search(label).group(0)
        ev.add(
            "statement",
            3.0 if attributions <= 2 else 1.0,
            f"labelled as a statement (“{found}”)",
        )
    speakers = [p for p in paragraphs if SPEAKER_LABEL.match(p)]
    if speakers:
        ev.add(
            "statement",
            5.0,
            f"a transcript's speaker label (“{SPEAKER_LABEL.match(speakers[0]).group(0).strip()}”)",
        )
    declared = [w for w in DECLARATIVE if w in counts for _n in range(counts[w])]
    ev.add(
        "statement",
        min(4.0, 0.8 * len(declared)),
        f"the issuer declares in the present tense ({', '.join(dict.fromkeys(declared))})",
    )
    header = next(
        (t for t in furniture if ISSUER_HEADER.match(t.strip()) and len(t) < 80), None
    )
    if header:
        ev.add("statement", 1.5, f"an issuer's header line (“{header.strip()}”)")
    place_date = next((t for t in furniture if PLACE_DATE.match(t.strip())), None)
    if place_date:
        ev.add("statement", 1.0, f"a place-and-date line (“{place_date.strip()}”)")

    # Copies of other media: aggregated. A rewrite keeps its original's sources, so
    # these outweigh everything that counts for reporting.
    if source:
        ev.add(
            "aggregated", 5.0, f"credits another publication as its source (“{source}”)"
        )
    if duplicate:
        ev.add("aggregated", 6.0, f"repeats or rewrites a stored story (“{duplicate}”)")
    if altered_quotes:
        ev.add(
            "aggregated",
            min(8.0, 4.0 * altered_quotes),
            f"{altered_quotes} quote(s) differ from the speakers' stored words: "
            "a rewrite of another report",
        )
    ev.add(
        "aggregated",
        min(4.5, 1.5 * len(relays)),
        "relays other media without a source of its own ("
        + ", ".join(f"“{r.strip(' “«"')}”" for r in relays)
        + ")",
    )
    if DESK_CREDIT.search(body.rstrip()):
        found = DESK_CREDIT.search(body.rstrip()).group(0).strip()
        ev.add("aggregated", 5.0, f"credited to a desk, not a writer (“{found}”)")
    if len(garbled) >= 2:
        ev.add(
            "aggregated",
            min(4.5, 1.0 * len(garbled)),
            f"{len(garbled)} traces of machine-spun or machine-translated copy "
            "(glued or spaced punctuation, a quote no one says)",
        )
    return ev


NAME_LINE = re.compile(r"^[A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){1,2}$")


def _signature(furniture):
    """A person's name on its own line among the last lines of furniture."""
    for text in furniture[-4:]:
        text = text.strip()
        if NAME_LINE.match(text) and not re.match(r"(?i)(?:the|by)\b", text):
            return text
    return None
