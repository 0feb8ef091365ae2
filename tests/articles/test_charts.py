"""Geometry of the server-rendered SVG charts."""

import datetime
from types import SimpleNamespace

from articles.site.charts import share_bar, timeline

TODAY = datetime.date(2024, 1, 1)


def event(title, date, status="took_place"):
    return SimpleNamespace(
        title=title,
        date=date,
        status=status,
        display_date=f"{date:%-d %B %Y}",
        get_status_display=lambda: status.replace("_", " ").capitalize(),
    )


def test_share_bar_splits_the_width_in_proportion():
    segments = share_bar(
        [("reporting", "Reporting", 3), ("opinion", "Opinion", 1), ("x", "X", 0)],
        width=200,
    )
    assert [(s.key, s.x, s.width, s.percent) for s in segments] == [
        ("reporting", 0.0, 150.0, 75),
        ("opinion", 150.0, 50.0, 25),
    ]


def test_share_bar_of_nothing_is_empty():
    assert share_bar([]) == []


def test_timeline_orders_events_and_labels_long_gaps():
    later = event("Meeting", datetime.date(2023, 11, 20), status="cancelled")
    first = event("Law signed", datetime.date(1992, 10, 24))
    drawn = timeline([later, first], today=TODAY)
    assert [row.event for row in drawn.rows] == [first, later]
    assert [gap.label for gap in drawn.gaps] == ["31 years later"]
    assert drawn.rows[1].state == "cancelled"
    assert drawn.rows[1].cross_path.startswith("M")
    assert drawn.rows[0].y < drawn.gaps[0].y < drawn.rows[1].y
    assert drawn.height > drawn.rows[1].lines[-1][0]


def test_timeline_wraps_long_titles_and_marks_upcoming_events():
    title = "Armenia–Azerbaijan foreign ministers' meeting in Washington on a treaty"
    row = timeline(
        [event(title, datetime.date(2024, 3, 1), status="scheduled")], today=TODAY
    ).rows[0]
    assert len(row.lines) > 1
    assert " ".join(text for _y, text in row.lines) == title
    assert row.state == "upcoming"
