"""Quotes and their speakers: resolved when the attribution says who, null otherwise."""

import pytest

from articles.analysis.actors import find_mentions
from articles.analysis.quotes import find_quotes


def quotes(desk, text):
    return [
        (q.text, q.speaker) for q in find_quotes(text, find_mentions(text, desk), desk)
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“We will talk,” Ilham Aliyev said.", "ilham-aliyev"),
        ("“We will talk,” said Ilham Aliyev.", "ilham-aliyev"),
        ("Ilham Aliyev said: “We will talk.”", "ilham-aliyev"),
        ("“We will talk,” according to Ilham Aliyev.", "ilham-aliyev"),
        ("Ilham Aliyev told reporters that “we will talk”.", "ilham-aliyev"),
        (
            "“We will talk,” a State Department spokesperson said.",
            "us-state-department",
        ),
        (
            "Baku, according to the Azerbaijani Foreign Ministry, “will not attend”.",
            "azerbaijan-mfa",
        ),
    ],
)
def test_attribution_patterns_name_the_speaker(desk, text, speaker):
    ((_quote, found),) = quotes(desk, text)
    assert found == speaker


def test_a_pronoun_is_the_person_named_last(desk):
    text = "James O’Brien spoke to the committee. He stated, “Nothing will be normal.”"
    assert quotes(desk, text) == [("Nothing will be normal.", "james-obrien")]


def test_a_role_the_text_gave_a_person_names_them(desk):
    text = (
        "French President Emmanuel Macron met Nikol Pashinyan. "
        "“Peace cannot be built by force,” the French president said."
    )
    assert quotes(desk, text) == [("Peace cannot be built by force", "emmanuel-macron")]


def test_a_role_an_earlier_attribution_used_keeps_its_speaker(desk):
    text = (
        "“We value the relationship,” a State Department spokesperson said.\n\n"
        "“We will keep working,” the spokesperson concluded."
    )
    assert [speaker for _text, speaker in quotes(desk, text)] == [
        "us-state-department",
        "us-state-department",
    ]


def test_a_participle_after_a_comma_belongs_to_the_subject(desk):
    text = (
        "In response to O’Brien's remarks, the Azerbaijani foreign ministry rebuffed the "
        "State Department official's comments, labeling them as “biased”."
    )
    assert quotes(desk, text) == [("biased", "azerbaijan-mfa")]


def test_a_document_speaks_for_whoever_issued_it(desk):
    text = (
        "Congressman Adam Schiff circulated a draft resolution. "
        "The resolution condemns the so-called “unprovoked attacks on Armenia”."
    )
    assert quotes(desk, text) == [("unprovoked attacks on Armenia", "adam-schiff")]


def test_direct_speech_without_its_marks_is_still_a_quote(desk):
    text = (
        "James O’Brien spoke to the committee.\n\n"
        "We’ve canceled a number of high-level visits, O’Brien continued."
    )
    assert quotes(desk, text) == [
        ("We’ve canceled a number of high-level visits", "james-obrien")
    ]


def test_reported_speech_is_not_a_quote(desk):
    text = "The talks resumed in May after a long pause, officials said."
    assert quotes(desk, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The decision followed reportedly “biased” remarks by an official.",
        "Tensions between Baku and Washington grew after a letter urging talks to “press for release”.",
        "“We will talk,” a diplomat said.",
    ],
)
def test_an_unattributed_quote_has_no_speaker(desk, text):
    ((_quote, speaker),) = quotes(desk, text)
    assert speaker is None


def test_a_name_in_quotation_marks_is_not_a_quote(desk):
    assert quotes(desk, "The made-up “Republic of Artsakh” was named.") == []


def test_quote_text_and_offsets_point_into_the_body(desk):
    text = "Macron said: “Dialogue must be restored immediately,” in Paris."
    (quote,) = find_quotes(text, find_mentions(text, desk), desk)
    assert (
        text[quote.start : quote.end]
        == quote.text
        == ("Dialogue must be restored immediately")
    )


def test_a_new_actor_can_be_the_speaker(desk):
    text = (
        "Talks\nDmitri Trenin, director of the Example Center, spoke on Monday.\n"
        "“Actions aimed at conflict prevention require reforms,” Trenin said."
    )
    from tests.analysis.conftest import run

    result = run(text, desk)
    assert [q.speaker for q in result.quotes] == ["Dmitri Trenin"]
    assert result.quotes[0].confidence >= 0.7


def test_single_quotation_marks_are_quotes_where_no_double_ones_are_used(desk):
    from tests.analysis.conftest import run

    text = (
        "Media\nThe envoy, Harlem Dupont, called for an end to ‘restrictive measures "
        "detrimental to journalists’ freedom and safety’.\n"
        "‘I am hopeful that this decision will be overturned’, Dupont added.\n"
        "The court’s ruling is due in May."
    )
    result = run(text, desk)
    assert [q.text for q in result.quotes] == [
        "restrictive measures detrimental to journalists’ freedom and safety",
        "I am hopeful that this decision will be overturned",
    ]
    assert {q.speaker for q in result.quotes} == {"Harlem Dupont"}


def test_a_quote_paragraph_after_an_announcing_line_is_the_issuers(desk):
    from tests.analysis.conftest import run

    text = (
        "Ministry\nThe Latvian Foreign Ministry issued a statement on Monday about the "
        "talks between the two sides.\n\nThe statement reads, in particular:\n\n"
        "“The talks have been constructive and will continue next month in Riga.”\n\n"
        "The document notes that “both sides agreed to meet again”."
    )
    result = run(text, desk)
    assert [q.speaker for q in result.quotes] == [
        "Latvian Foreign Ministry",
        "Latvian Foreign Ministry",
    ]
    assert result.quotes[0].confidence < result.quotes[1].confidence or (
        result.quotes[0].confidence <= 0.7
    )


def test_a_name_right_before_the_mark_speaks_in_spun_copy(desk):
    from tests.analysis.conftest import run

    text = (
        "Interview\nPresident Ilham Aliyev answered questions on television on Monday.\n"
        "Ilham Aliyev, “Turkey is a stabilizing factor in the region. It is our ally ” said."
    )
    quotes = run(text, desk).quotes
    assert [(q.speaker, q.confidence) for q in quotes] == [("ilham-aliyev", 0.6)]
