"""Flags: each kind fires where it should, says why, and stays quiet elsewhere."""

import tomllib

import pytest

from articles.analysis import StoredArticle, StoredQuote
from articles.analysis.flags import LEXICON_PATH, lexicon
from tests.analysis.conftest import run, sample, seed


def flags(result, kind=None):
    return [(f.kind, f.text) for f in result.flags if kind in (None, f.kind)]


def lexicon_entries():
    with open(LEXICON_PATH, "rb") as file:
        return tomllib.load(file)["terms"]


@pytest.mark.parametrize(
    "entry", lexicon_entries(), ids=lambda e: e.get("term") or e["example"]
)
def test_every_lexicon_entry_flags_its_example(entry):
    """The data documents itself: each example fires with its own note."""
    hits = lexicon().find(entry["example"])
    assert hits, f"{entry['example']!r} does not fire"
    assert entry["note"] in {term.note for term, _s, _e in hits}


def test_every_lexicon_entry_has_a_category_and_a_note():
    for entry in lexicon_entries():
        assert entry["category"] in {"label", "accusation", "judgement", "commentary"}
        assert entry["note"].strip()


def test_loaded_terms_are_flagged_with_the_term_that_fired(desk):
    result = run(
        "Talks stall\nThe so-called republic held a vote, the agency said.", desk
    )
    ((kind, text),) = flags(result)
    assert (kind, text) == ("loaded_language", "so-called")
    assert "“so-called”" in result.flags[0].reason


def test_nothing_fires_inside_a_quote(desk):
    text = "Talks stall\n“The so-called republic is a regime of occupiers,” Ilham Aliyev said."
    assert flags(run(text, desk)) == []


# Flags are suggested only in copy the analyzer is sure is news (issue 11): a
# one-line text is not, so the flag tests give theirs a few attributed sentences.
REPORT = (
    "The defence ministry said two soldiers were wounded on Tuesday.\n"
    "Officials told reporters that talks would resume, according to the agency.\n"
    "The spokesman said the border commission would meet next week.\n"
)


def test_a_neutral_use_does_not_fire(desk):
    text = "Talks stall\nThe sanctions regime was eased, and the regime change debate ended."
    assert flags(run(text, desk)) == []


def test_an_accusation_in_the_writers_voice_is_an_unattributed_claim(desk):
    result = run(
        "Clashes\n" + REPORT + "Armenian units carried out provocations.", desk
    )
    assert result.genre.value == "reporting"
    assert flags(result) == [
        ("unattributed_claim", "Armenian units carried out provocations.")
    ]


def test_an_accusation_someone_made_is_reporting(desk):
    text = "Clashes\nBaku said Armenian units carried out provocations on the border."
    assert flags(run(text, desk)) == []


def test_unnamed_sources_are_an_unattributed_claim(desk):
    result = run(
        "Outlook\n"
        + REPORT
        + "Observers suggest that a deal may come soon, as talks go on.",
        desk,
    )
    assert flags(result) == [
        ("unattributed_claim", "Observers suggest that a deal may come soon")
    ]


def test_commentary_in_a_report_is_opinion_and_absorbs_the_loaded_words(desk):
    result = run(seed("000_65deec5dc040f274.txt"), desk)
    ((kind, text),) = flags(result)
    assert kind == "opinion_in_reporting"
    assert text.startswith("And of course")
    assert "“Armenophobia”" in result.flags[0].reason


def test_an_opinion_piece_is_not_flagged_for_being_opinion(desk):
    result = run(sample("opinion_column.txt"), desk)
    assert result.genre.value == "opinion"
    assert flags(result, "opinion_in_reporting") == []


def test_a_headline_that_belongs_to_another_story_is_off_topic(desk):
    result = run(seed("001_0136c8d1c3c00aa5.txt"), desk)
    headline = [f for f in result.flags if f.start is None]
    assert [(f.kind, f.text) for f in headline] == [
        ("off_topic", "Tajikistan and China Telecoms Network to Connect")
    ]
    assert "tajikistan" in headline[0].reason


def test_a_teaser_and_an_unrelated_paragraph_are_off_topic(desk):
    assert any(
        text.startswith("Watch:")
        for _kind, text in flags(
            run(seed("001_0136c8d1c3c00aa5.txt"), desk), "off_topic"
        )
    )
    assert [
        text[:13] for _k, text in flags(run(sample("furniture.txt"), desk), "off_topic")
    ] == ["Apple unveile"]


def test_a_quote_close_to_the_speakers_stored_words_is_altered(desk):
    desk.remember(
        StoredArticle(1, "original", "The hearing", "James O’Brien spoke."),
        [
            StoredQuote(
                "james-obrien",
                "Nothing will be normal until we see progress on the peace track.",
                "The hearing",
                1,
            )
        ],
    )
    text = (
        "Hearing\nNothing will be typical until we see improvement on the harmony track, "
        "James O’Brien declared.\n\n“Nothing will be normal until we see progress,” "
        "James O’Brien said."
    )
    result = run(text, desk)
    (flag,) = [f for f in result.flags if f.kind == "altered_quote"]
    assert flag.text.startswith("Nothing will be typical")
    assert "“harmony” for “peace”" in flag.reason
    assert "“The hearing”" in flag.reason


def test_every_flag_points_at_its_text(desk):
    for name in ("000_65deec5dc040f274.txt", "002_016c10ce82b5f83f.txt"):
        result = run(seed(name), desk)
        for flag in result.flags:
            if flag.start is not None:
                assert result.body[flag.start : flag.end] == flag.text
            assert flag.reason
