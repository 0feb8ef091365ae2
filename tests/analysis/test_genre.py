"""Genre suggestions with a confidence and the reasons for them."""

from tests.analysis.conftest import run, sample, seed


def test_a_report_with_quotes_and_attributions_is_reporting(desk):
    genre = run(seed("003_8e4d10b2d15ce027.txt"), desk).genre
    assert genre.value == "reporting"
    assert 0.5 <= genre.confidence <= 0.9
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
