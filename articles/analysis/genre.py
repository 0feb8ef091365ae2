"""Genre: what kind of work a piece is, suggested with a confidence and its reasons.

Evidence is counted, not modelled: each signal adds weight to one genre and says
so in the reasons. The confidence is the winner's share of all weight, capped at
0.9 because an editor confirms every genre. With no signal the piece is
`unclassified` at confidence 0.
"""

import re
from dataclasses import dataclass, field

from .quotes import VERBS
from .text import tokens

OPINION_MARKERS = re.compile(
    r"^(?:opinion|op-ed|commentary|column|editorial|viewpoint|analysis|comment)\s*[:|–—-]",
    re.IGNORECASE,
)
FIRST_PERSON_SINGULAR = frozenset("i i'm i've my me".split())
STATEMENT_MARKERS = re.compile(
    r"\b(?:press release|statement by|statement of the|comment(?:ary)? of the press "
    r"service|the ministry (?:strongly )?(?:condemns|welcomes|expresses|calls)|we,? the "
    r"undersigned|hereby)\b",
    re.IGNORECASE,
)
ANALYSIS_MARKERS = frozenset(
    """conclusion underscore underscores dynamics landscape juncture implication
    implications likely observers analysts experts speculate scenario""".split()
)
ATTRIBUTION = frozenset(VERBS) | {"according"}
VALUES = ("reporting", "opinion", "analysis", "statement", "aggregated", "unclassified")


@dataclass
class Genre:
    value: str
    confidence: float
    reasons: list = field(default_factory=list)


def suggest_genre(*, body, headline, source, quotes, altered_quotes, duplicate):
    weights = dict.fromkeys(VALUES[:-1], 0.0)
    reasons = {value: [] for value in VALUES}

    def add(value, weight, reason):
        weights[value] += weight
        reasons[value].append(reason)

    if source:
        add("aggregated", 3, f"credits another publication as its source (“{source}”)")
    if duplicate:
        add("aggregated", 4, f"repeats or rewrites a stored story (“{duplicate}”)")
    if altered_quotes:
        add(
            "aggregated",
            min(6, 2 * altered_quotes),
            f"{altered_quotes} quote(s) differ from the speakers' stored words: a rewrite of another report",
        )
    words = tokens(body)
    attributions = sum(1 for _s, _e, word in words if word in ATTRIBUTION)
    if quotes:
        add("reporting", min(1.5, 0.5 * len(quotes)), f"{len(quotes)} quote(s)")
    if attributions:
        add(
            "reporting",
            min(1.5, attributions * 150 / max(1, len(words))),
            f"{attributions} attribution(s) (said, stated, according to)",
        )
    if headline and OPINION_MARKERS.match(headline):
        add(
            "opinion",
            3,
            f"the headline is labelled “{OPINION_MARKERS.match(headline).group(0).strip(' :|–—-')}”",
        )
    singular = 0
    if any(word in FIRST_PERSON_SINGULAR for _s, _e, word in words):
        unquoted = _unquoted(body, quotes)
        singular = sum(
            1 for start, end, word in tokens(unquoted)
            if word in FIRST_PERSON_SINGULAR and (word != "i" or unquoted[start:end] == "I")
        )  # fmt: skip
    if singular >= 3:
        add(
            "opinion",
            min(3.0, singular / 3),
            f"the writer speaks in the first person ({singular} times)",
        )
    statements = STATEMENT_MARKERS.findall(body)
    if statements:
        add("statement", 2.5, f"official wording (“{statements[0]}”)")
    analytic = [word for _s, _e, word in words if word in ANALYSIS_MARKERS]
    if len(analytic) >= 3 and len(quotes) <= 1:
        add(
            "analysis",
            min(2.5, len(analytic) * 0.5),
            f"interpretive wording without quotes ({', '.join(list(dict.fromkeys(analytic))[:4])})",
        )
    total = sum(weights.values())
    if total == 0:
        return Genre("unclassified", 0.0, ["no signal of a genre in the text"])
    value = max(weights, key=weights.get)
    confidence = round(min(0.9, weights[value] / total), 2)
    return Genre(value, confidence, reasons[value])


def _unquoted(body, quotes):
    pieces, cursor = [], 0
    for quote in sorted(quotes, key=lambda q: q.start):
        if quote.start >= cursor:
            pieces.append(body[cursor : quote.start])
            cursor = quote.end
    pieces.append(body[cursor:])
    return " ".join(pieces)
