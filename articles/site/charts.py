"""Geometry for the site's small server-rendered SVG charts; templates draw them.

Pure functions over plain values: no ORM, no HTML. Colours come from CSS classes,
since the Content Security Policy forbids `style=` attributes.
"""

import datetime
import textwrap
from dataclasses import dataclass, field

SHARE_BAR_WIDTH = 300


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    count: int
    x: float
    width: float
    percent: int


def share_bar(counts, width=SHARE_BAR_WIDTH):
    """Split a bar of `width` among (key, label, count) rows, in their order."""
    counts = [(key, label, count) for key, label, count in counts if count]
    total = sum(count for _key, _label, count in counts)
    segments, x = [], 0.0
    for key, label, count in counts:
        share = count / total
        segments.append(
            Segment(
                key=key,
                label=label,
                count=count,
                x=round(x, 2),
                width=round(share * width, 2),
                percent=round(share * 100),
            )
        )
        x += share * width
    return segments


# The timeline: a vertical line, one row per event (dot, date, wrapped title).
TIMELINE_WIDTH = 320
LINE_X = 12
TEXT_X = 30
LINE_HEIGHT = 18
ROW_GAP = 14
GAP_ROW = 22
TITLE_CHARS = 36
LONG_GAP = datetime.timedelta(days=365)


@dataclass
class TimelineRow:
    event: object
    y: float
    dot_y: float
    date_y: float
    date_label: str
    status_label: str
    state: str
    lines: list[tuple[float, str]] = field(default_factory=list)

    @property
    def cross_path(self):
        """An × over the dot: how a cancelled event is drawn."""
        x, y, r = LINE_X, self.dot_y, 4
        return f"M{x - r} {y - r} L{x + r} {y + r} M{x - r} {y + r} L{x + r} {y - r}"


@dataclass
class TimelineGap:
    y: float
    label: str


@dataclass
class Timeline:
    rows: list[TimelineRow]
    gaps: list[TimelineGap]
    width: int
    height: float
    line_x: int = LINE_X
    text_x: int = TEXT_X


def _years_between(earlier, later):
    years = later.year - earlier.year
    if (later.month, later.day) < (earlier.month, earlier.day):
        years -= 1
    return years


def timeline(events, *, today):
    """Lay out events oldest first; a gap of a year or more is labelled.

    `state` is one of took_place, scheduled, postponed, cancelled, and upcoming
    for a scheduled event still ahead of `today`.
    """
    events = sorted(events, key=lambda event: (event.date, event.title))
    rows, gaps, y, previous = [], [], 0.0, None
    for event in events:
        if previous is not None and event.date - previous.date >= LONG_GAP:
            years = _years_between(previous.date, event.date)
            label = "1 year later" if years == 1 else f"{years} years later"
            gaps.append(TimelineGap(y=y + GAP_ROW / 2 + 4, label=label))
            y += GAP_ROW
        state = event.status
        if state == "scheduled" and event.date >= today:
            state = "upcoming"
        row = TimelineRow(
            event=event,
            y=y,
            dot_y=y + 9,
            date_y=y + 14,
            date_label=event.display_date,
            status_label=event.get_status_display(),
            state=state,
        )
        line_y = row.date_y
        for text in textwrap.wrap(event.title, TITLE_CHARS) or [event.title]:
            line_y += LINE_HEIGHT
            row.lines.append((line_y, text))
        rows.append(row)
        y = line_y + ROW_GAP
        previous = event
    return Timeline(rows=rows, gaps=gaps, width=TIMELINE_WIDTH, height=max(y, 1))
