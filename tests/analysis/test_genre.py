"""Genre suggestions with a confidence and the reasons for them."""

from articles.analysis.genre import thresholds
from tests.analysis.conftest import run, sample, seed


def test_a_report_with_quotes_and_attributions_is_reporting(desk):
    genre = run(seed("003_8e4d10b2d15ce027.txt"), desk).genre
    assert genre.value == "reporting"
    assert thresholds()["genre"]["threshold"] <= genre.confidence <= 1
    assert any("quote" in reason for reason in genre.reasons)


def test_a_text_crediting_another_source_is_aggregated(desk):
    genre = run(seed("004_a024e19ec12b4c45.txt"), desk).genre
    assert genre.value == "aggregated"
    assert "www.commonspace.eu" in genre.reasons[0]


def test_an_official_statement_is_a_statement(desk):
    assert run(sample("mfa_statement.txt"), desk).genre.value == "statement"


def test_a_first_person_column_is_opinion(desk):
    genre = run(sample("opinion_column.txt"), desk).genre
    assert genre.value == "opinion"
    assert genre.confidence >= 0.8


def test_without_any_signal_the_genre_is_unclassified(desk):
    genre = run(
        "Weather\nIt rained for three days over the hills near the lake.", desk
    ).genre
    assert (genre.value, genre.confidence) == ("unclassified", 0.0)


COLUMN = (
    "Why the talks keep failing\n"
    "I have watched these negotiations for ten years, and I am tired of them.\n"
    "In my view the mediators should stop pretending that a deadline means anything.\n"
    "The government must tell people the truth about what it has already given away.\n"
    "I do not believe a treaty signed in a hurry will last, and I say so plainly.\n"
    "Jane Roe\n"
)


def test_a_first_person_column_is_opinion_without_opinion_flags(desk):
    result = run(COLUMN, desk)
    assert result.genre.value == "opinion"
    assert any("first person" in reason for reason in result.genre.reasons)
    assert [f for f in result.flags if f.kind == "opinion_in_reporting"] == []


def test_the_same_sentences_without_the_first_person_are_not_a_column(desk):
    plain = COLUMN.replace("I have watched", "Diplomats have watched").replace(
        "In my view the", "The"
    )
    plain = (
        plain.replace("I do not believe", "Few believe")
        .replace(", and I say so plainly", "")
        .replace(", and I am tired of them", "")
    )
    assert run(plain, desk).genre.value != "opinion"


def test_a_label_in_the_furniture_decides_a_letter(desk):
    text = (
        "Border talks\nLetter to the editor\n"
        "The article on the border talks left out the villages that lost their land.\n"
        "Those families deserve a hearing before any commission draws a new line.\n"
        "John Doe\n"
    )
    genre = run(text, desk).genre
    assert genre.value == "opinion"
    assert any("Letter to the editor" in reason for reason in genre.reasons)


def test_a_transcript_speaker_label_is_a_statement(desk):
    text = (
        "Remarks before the meeting\n"
        "SECRETARY ROE:  Good afternoon, everyone.  I want to thank my colleagues for "
        "being here today.  We are ready to support these efforts.  Thank you.\n"
        "The two ministers will meet again next month to continue the conversation.\n"
    )
    genre = run(text, desk).genre
    assert genre.value == "statement"
    assert any("speaker label" in reason for reason in genre.reasons)


def test_issuer_declarations_in_the_present_tense_are_a_statement(desk):
    text = (
        "Statement by the Spokesperson on the ceasefire\n"
        "The Union welcomes the announced ceasefire between the two sides.\n"
        "It commends the mediators and calls for a thorough investigation of the "
        "deaths of civilians.\n"
        "The Union reiterates its support for a negotiated settlement of the conflict.\n"
    )
    assert run(text, desk).genre.value == "statement"


def test_a_low_confidence_genre_is_unclassified_with_its_reasons():
    from articles.analysis.genre import Evidence, decide

    evidence = Evidence(
        {"reporting": 2.0, "opinion": 1.8, "analysis": 0.0, "statement": 0.0,
         "aggregated": 0.0},
        {"reporting": ["2 attribution(s)"], "opinion": ["first person twice"],
         "analysis": [], "statement": [], "aggregated": []},
    )  # fmt: skip
    genre = decide(evidence)
    assert genre.value == "unclassified"
    assert genre.guess == "reporting"
    assert genre.confidence < thresholds()["genre"]["threshold"]
    assert genre.reasons[0].startswith("best guess reporting")
    assert any("first person" in reason for reason in genre.reasons)
    assert decide(evidence, threshold=0.0).value == "reporting"


def test_a_rewrite_signal_outweighs_the_sources_it_copied(desk):
    text = (
        "Ministers meet\n"
        + "The minister said the talks went well, officials said.\n" * 3
        + "The two sides will meet again in May, the ministry said.–Web Desk"
    )
    genre = run(text, desk).genre
    assert genre.guess == "aggregated"
    assert any("desk" in reason for reason in genre.reasons)
