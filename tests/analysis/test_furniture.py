"""Furniture by the shape of a line: every rule takes its example, spares its
counter-example, and works wherever the line stands."""

import pytest

from articles.analysis.cleaning import clean
from articles.analysis.furniture import BLURB, RULES, line_rule

STORY = (
    "The two foreign ministers met in Vienna on Monday to discuss the text of a peace "
    "treaty, their ministries said.\n"
    "Both sides agreed to meet again before the end of the month, according to a "
    "joint statement released after the talks.\n"
    "The talks lasted five hours and ended without a final agreement on the border, "
    "officials said.\n"
)


@pytest.mark.parametrize("rule", RULES + (BLURB,), ids=lambda r: r.name)
def test_every_rule_takes_its_example_and_spares_its_counter(rule):
    assert rule.test(rule.example)
    assert not rule.test(rule.counter)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_a_story_line_is_not_taken_by_any_rule(rule):
    for line in STORY.splitlines():
        assert line_rule(line) is None


@pytest.mark.parametrize("position", ["top", "middle", "bottom"])
@pytest.mark.parametrize(
    "junk",
    [
        "Share news",
        "Print",
        "Follow us on social networks",
        "Subscribe to receive our regional updates and new publications",
        "Smoke rises over the border village, March 3, 2024. (AFP Photo)",
        "Copyright © 2021 Example Group, All rights reserved.",
        "Read the full article at the Example Institute.",
        "Are you a journalist? Follow @ExamplePress",
        "This text available in Հայերեն and Русский",
        "1 2 3 4 5 6",
    ],
)
def test_a_furniture_line_goes_wherever_it_stands(junk, position):
    lines = STORY.splitlines()
    at = {"top": 0, "middle": 2, "bottom": len(lines)}[position]
    lines.insert(at, junk)
    cleaned = clean("Ministers meet in Vienna\n" + "\n".join(lines))
    assert junk not in cleaned.body
    assert any(item.text == junk for item in cleaned.removed)
    for line in STORY.splitlines():
        assert line in cleaned.body


def test_a_closing_block_goes_with_the_agencys_blurb():
    text = (
        "Ministers meet in Vienna\n" + STORY + "© Example Press. All rights reserved.\n"
        "Join the conversation\n"
        "Example Press\n"
        "Example Press is an independent news agency founded in 1901 and read "
        "by millions of people every day.\n"
    )
    cleaned = clean(text)
    assert "independent news agency" not in cleaned.body
    assert cleaned.body.rstrip().endswith("officials said.")


def test_a_short_note_without_a_story_is_left_alone():
    cleaned = clean("Notice\nOffice closed\nBack on Monday")
    assert "Office closed" in cleaned.body


def test_a_short_line_announcing_a_quote_stays():
    text = (
        "Ministers meet in Vienna\n" + STORY + "The statement reads, in particular:\n"
        "“The talks were constructive and will continue next month in Vienna, "
        "where both delegations will meet again.”\n"
        "Alexander Roe writes:\n"
        "- The talks were long and ended without a deal on the border or the corridor.\n"
    )
    cleaned = clean(text)
    assert "The statement reads, in particular:" in cleaned.body
    assert "Alexander Roe writes:" not in cleaned.body


def test_short_sentences_and_rhetorical_questions_in_the_story_stay():
    text = (
        "Ministers meet in Vienna\n" + STORY.splitlines()[0] + "\n"
        "Nobody was hurt.\n"
        "What would you do if your own village were on the wrong side of the line?\n"
        "The ministry published the full text of the agreement on its website, "
        "www.example.gov, on Tuesday evening after the talks.\n"
        + STORY.splitlines()[1]
        + "\n"
    )
    cleaned = clean(text)
    assert "Nobody was hurt." in cleaned.body
    assert "What would you do" in cleaned.body
    assert "www.example.gov" in cleaned.body
