"""Near-duplicates: a rewrite is linked to the stored story, and compared with it."""

from articles.analysis import StoredArticle, StoredQuote
from articles.analysis.duplicates import DuplicateIndex, compare
from tests.analysis.conftest import run, sample, seed


def stored_000(desk):
    original = run(seed("000_65deec5dc040f274.txt"), desk)
    desk.remember(
        StoredArticle(1, "original", original.headline, original.body),
        [StoredQuote(q.speaker, q.text, original.headline, 1) for q in original.quotes],
    )
    return original


def test_a_machine_rewrite_is_the_same_story(desk):
    original = stored_000(desk)
    copy = run(sample("spun_copy_of_000.txt"), desk)
    assert copy.duplicate.article.key == 1
    assert copy.duplicate.score >= 0.7
    assert copy.genre.value == "aggregated"
    assert any("rewrites a stored story" in reason for reason in copy.genre.reasons)
    assert [f.kind for f in copy.flags if f.kind == "altered_quote"] == [
        "altered_quote"
    ]
    assert original.headline != copy.headline


def test_another_report_of_the_same_news_is_not_a_duplicate(desk):
    stored_000(desk)
    assert run(seed("001_0136c8d1c3c00aa5.txt"), desk).duplicate is None


def test_the_same_text_stored_already_is_not_its_own_duplicate(desk):
    original = stored_000(desk)
    desk.duplicates.articles[1].content_hash = original.content_hash
    assert run(seed("000_65deec5dc040f274.txt"), desk).duplicate is None


def test_an_empty_index_finds_nothing():
    assert DuplicateIndex().find("Some body text about talks.") is None


def test_the_comparison_shows_what_the_rewrite_changed(desk):
    original = run(seed("000_65deec5dc040f274.txt"), desk)
    copy = run(sample("spun_copy_of_000.txt"), desk)
    comparison = compare(
        old_headline=original.headline,
        old_body=original.body,
        old_quotes=[q.text for q in original.quotes],
        new_headline=copy.headline,
        new_body=copy.body,
        new_quotes=[q.text for q in copy.quotes],
    )
    kinds = [row.kind for row in comparison.rows]
    assert comparison.headline.kind == "changed"
    assert kinds.count("inserted") == 1  # "Analysts in the region say ..."
    dropped = [row.old[0][1] for row in comparison.rows if row.kind == "dropped"]
    assert [text[:20] for text in dropped] == [
        "They also raised con",
        "And of course, Azerb",
    ]
    assert ("O’Brien", "O’Brian") in comparison.respelled
    (changed_quote,) = [row for row in comparison.quotes if row.kind == "changed"]
    assert ("insert", "typical") in changed_quote.new
    assert ("delete", "normal") in changed_quote.old
    assert comparison.counts["quotes changed"] == 1
    inserted = next(row for row in comparison.rows if row.kind == "inserted")
    assert inserted.new[0][1].startswith("Analysts in the region")


def test_a_stored_copy_of_the_same_text_does_not_hide_altered_quotes(desk):
    """The desk's own cleaned copy of the spun text quotes it word for word; the
    quotes are still checked against the original report, 000."""
    for key, name in ((1, "000_65deec5dc040f274.txt"), (2, "001_0136c8d1c3c00aa5.txt")):
        stored = run(seed(name), desk)
        desk.remember(
            StoredArticle(key, name, stored.headline, stored.body),
            [
                StoredQuote(q.speaker, q.text, stored.headline, key)
                for q in stored.quotes
                if q.speaker
            ],
        )
    again = run(seed("001_0136c8d1c3c00aa5.txt"), desk)
    assert again.duplicate.article.key == 2
    altered = [f for f in again.flags if f.kind == "altered_quote"]
    assert len(altered) == 2
    assert all("Azerbaijan Rejects Washington Meeting" in f.reason for f in altered)
