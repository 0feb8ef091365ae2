"""Dates in the text, resolved against the publication date when it is known.

A date with its year is resolved as written. A day without a year takes the year
that puts it nearest before the publication date (up to ~10 months back, ~2 months
ahead), or, with no publication date, the year of the text's own full dates when
they agree on one. Weekdays ("on Tuesday") and "yesterday" resolve only against a
publication date. What cannot be resolved is reported with a null date.
"""

import datetime
import re
from dataclasses import dataclass

from .text import MONTHS, WEEKDAYS, tokens

MONTH_NAMES = "|".join(
    sorted((name.capitalize() for name in MONTHS), key=len, reverse=True)
)
DAY = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?"
DATE_PATTERN = re.compile(
    "|".join(
        [
            # 20 November 2023, 20 November
            rf"\b{DAY.format('d1')}\s+(?:of\s+)?(?P<m1>{MONTH_NAMES})\.?(?:,?\s+(?P<y1>(?:19|20)\d\d))?\b",
            # November 20, 2023 / November 20
            rf"\b(?P<m2>{MONTH_NAMES})\.?\s+{DAY.format('d2')}(?:,?\s+(?P<y2>(?:19|20)\d\d))?\b(?!\s*(?:%|percent))",
            # 2023-11-20
            r"\b(?P<y3>(?:19|20)\d\d)-(?P<m3>[01]\d)-(?P<d3>[0-3]\d)\b",
            # 20.11.2023
            r"\b(?P<d4>[0-3]?\d)\.(?P<m4>[01]?\d)\.(?P<y4>(?:19|20)\d\d)\b",
            # on Tuesday, last Friday
            r"\b(?P<rel>(?:last|next|this)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
            r"\b(?P<near>yesterday|today|tomorrow)\b",
        ]
    )
)


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    date: datetime.date | None
    explicit_year: bool = False
    # For resolution: (month, day) without a year, or a weekday / near word.
    month_day: tuple | None = None
    weekday: int | None = None
    relation: str = ""
    near: str = ""


NUMERIC_DATE = re.compile(
    r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b|\b[0-3]?\d\.[01]?\d\.(?:19|20)\d\d\b"
)
TRIGGERS = frozenset(MONTHS) | frozenset(WEEKDAYS) | {"yesterday", "today", "tomorrow"}


def _matches(text):
    """DATE_PATTERN's matches, tried only around month and day names and digit dates.

    One pattern of many alternatives is slow when run at every position of a long
    text; the words that every date needs are found first.
    """
    windows = [(s, e) for s, e, word in tokens(text) if word in TRIGGERS]
    windows += [m.span() for m in NUMERIC_DATE.finditer(text)]
    merged = []
    for start, end in sorted(windows):
        start, end = max(0, start - 12), min(len(text), end + 12)
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in merged:
        yield from DATE_PATTERN.finditer(text, start, end)


def find_dates(text):
    """Every date expression in `text`, with a date where the text alone fixes it."""
    found = []
    for match in _matches(text):
        groups = {key: value for key, value in match.groupdict().items() if value}
        mention = DateMention(match.start(), match.end(), match.group(0), None)
        if "wd" in groups:
            if "rel" not in groups:
                # "on Tuesday": report the weekday word itself.
                mention.start, mention.end = match.span("wd")
                mention.text = groups["wd"]
            mention.weekday = WEEKDAYS.index(groups["wd"].lower())
            mention.relation = groups.get("rel", "").strip().lower()
        elif "near" in groups:
            mention.near = groups["near"].lower()
        else:
            day, month, year = _parts(groups)
            if month is None or not 1 <= month <= 12:
                continue
            if year:
                try:
                    mention.date = datetime.date(year, month, day)
                except ValueError:
                    continue
                mention.explicit_year = True
            else:
                if not _valid_day(month, day):
                    continue
                mention.month_day = (month, day)
        found.append(mention)
    return found


def _parts(groups):
    for n in "1234":
        if f"m{n}" in groups:
            month = groups[f"m{n}"]
            month = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
            year = groups.get(f"y{n}")
            return int(groups[f"d{n}"]), month, int(year) if year else None
    return None, None, None


def _valid_day(month, day):
    try:
        datetime.date(2024, month, day)  # a leap year: 29 February is a day
    except ValueError:
        return False
    return True


def resolve(mentions, *, published=None):
    """Fill in the dates that need an anchor; return the mentions."""
    years = {m.date.year for m in mentions if m.explicit_year}
    context_year = years.pop() if len(years) == 1 else None
    for mention in mentions:
        if mention.date is not None:
            continue
        if mention.month_day:
            mention.date = _with_year(mention.month_day, published, context_year)
        elif mention.weekday is not None and published:
            mention.date = _weekday(mention.weekday, mention.relation, published)
        elif mention.near and published:
            offset = {"yesterday": -1, "today": 0, "tomorrow": 1}[mention.near]
            mention.date = published + datetime.timedelta(days=offset)
    return mentions


def _with_year(month_day, published, context_year):
    month, day = month_day
    if published:
        for year in (published.year, published.year - 1, published.year + 1):
            try:
                candidate = datetime.date(year, month, day)
            except ValueError:
                continue
            if -300 <= (candidate - published).days <= 65:
                return candidate
        return None
    if context_year:
        try:
            return datetime.date(context_year, month, day)
        except ValueError:
            return None
    return None


def _weekday(weekday, relation, published):
    back = (published.weekday() - weekday) % 7
    if relation == "next":
        return published + datetime.timedelta(
            days=(weekday - published.weekday()) % 7 or 7
        )
    if relation == "last" and back == 0:
        back = 7
    return published - datetime.timedelta(days=back)
