"""Dates in the text, resolved against the publication date when the text gives one."""

import datetime

from articles.analysis.dates import find_dates, resolve
from tests.analysis.conftest import run, sample, seed


def resolved(text, published=None):
    return [(d.text, d.date) for d in resolve(find_dates(text), published=published)]


def test_full_dates_resolve_as_written():
    assert resolved("On 17 February 2024 and on November 20, 2023 and 2024-03-12.") == [
        ("17 February 2024", datetime.date(2024, 2, 17)),
        ("November 20, 2023", datetime.date(2023, 11, 20)),
        ("2024-03-12", datetime.date(2024, 3, 12)),
    ]


def test_a_day_without_a_year_takes_the_publication_year():
    published = datetime.date(2024, 1, 5)
    assert resolved("Talks on December 28 and on January 9.", published) == [
        ("December 28", datetime.date(2023, 12, 28)),
        ("January 9", datetime.date(2024, 1, 9)),
    ]


def test_weekdays_and_yesterday_resolve_before_the_publication_date():
    published = datetime.date(2024, 3, 12)  # a Tuesday
    assert resolved("He spoke on Monday, yesterday and on Tuesday.", published) == [
        ("Monday", datetime.date(2024, 3, 11)),
        ("yesterday", datetime.date(2024, 3, 11)),
        ("Tuesday", datetime.date(2024, 3, 12)),
    ]


def test_what_cannot_be_resolved_is_null():
    assert resolved("On Tuesday, on November 20.") == [
        ("Tuesday", None),
        ("November 20", None),
    ]


def test_the_texts_own_year_resolves_its_other_days(desk):
    result = run(seed("001_0136c8d1c3c00aa5.txt"), desk)
    assert ("November 16", "2023-11-16") in [
        (d.text, d.date.isoformat()) for d in result.dates if d.date
    ]


def test_a_dateline_anchors_relative_dates(desk):
    result = run(sample("dated_report.txt"), desk)
    assert result.published == datetime.date(2024, 3, 12)
    assert [(d.text, d.date.isoformat()) for d in result.dates] == [
        ("Monday", "2024-03-11"),
        ("yesterday", "2024-03-11"),
        ("17 February 2024", "2024-02-17"),
    ]


def test_percentages_are_not_dates():
    assert resolved("Inflation fell to May 5 percent.") == []
