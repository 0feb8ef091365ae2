"""Cleaning: furniture goes with its reason, every sentence of the story stays."""

from articles.analysis.cleaning import clean
from articles.analysis.text import normalize
from tests.analysis.conftest import sample, seed


def removed(cleaned):
    return {item.text: item.reason for item in cleaned.removed}


def test_trailing_comment_prompt_goes():
    cleaned = clean(normalize(seed("000_65deec5dc040f274.txt")))
    assert removed(cleaned) == {"Comments": "comment or review prompt"}
    assert cleaned.body.endswith("in the region and abroad.")
    assert cleaned.headline.startswith("Azerbaijan Rejects Washington Meeting")


def test_closing_block_after_a_rule_goes_and_the_byline_moves():
    cleaned = clean(normalize(seed("002_016c10ce82b5f83f.txt")))
    reasons = removed(cleaned)
    assert cleaned.byline == "Sabina Mammadli"
    assert cleaned.headline.endswith("intensifying anti-Baku moves")
    assert reasons["[PHOTO]"].startswith("media marker")
    assert reasons["Thank you!"] == "closing thanks to the reader"
    assert (
        "author's bio"
        in reasons[
            "Sabina Mammadli is AzerNews’ staff journalist, follow her on Twitter: @SabinaMmdl"
        ]
    )
    assert "Follow us" not in cleaned.body
    assert cleaned.body.endswith("20 soldiers were taken as prisoners.")


def test_duplicated_headline_and_trailing_feed_go():
    cleaned = clean(normalize(seed("003_8e4d10b2d15ce027.txt")))
    reasons = removed(cleaned)
    assert cleaned.headline not in cleaned.body
    assert reasons["Politics"].startswith("section label of a trailing feed")
    assert "Putin" not in cleaned.body
    assert "Leave a review" in reasons
    assert cleaned.body.endswith("to the November climate conference.")
    assert cleaned.published is None  # the feed's dates are other items' dates


def test_source_line_becomes_the_original_url_and_no_headline_is_invented():
    cleaned = clean(normalize(seed("004_a024e19ec12b4c45.txt")))
    assert cleaned.headline is None
    assert cleaned.source == "www.commonspace.eu"
    assert cleaned.source_url == "https://www.commonspace.eu/"
    assert "Original Source" not in cleaned.body


def test_a_blank_line_separated_text_keeps_its_paragraphs():
    cleaned = clean(normalize(seed("001_0136c8d1c3c00aa5.txt")))
    assert cleaned.removed == []
    assert cleaned.body.count("\n\n") == 18
    assert cleaned.body.startswith("Following Baku’s withdrawal")


def test_furniture_anywhere_goes_but_a_story_sentence_stays():
    cleaned = clean(normalize(sample("furniture.txt")))
    reasons = removed(cleaned)
    assert (
        reasons["Share on Facebook | Share on Twitter | Email | Print"]
        == "share buttons"
    )
    assert reasons["Advertisement"] == "advertisement marker"
    assert reasons[
        "Read also: Pashinyan says peace treaty text is 80 percent agreed"
    ] == ("link to another story")
    assert reasons["Comments (3)"] == "comment or review prompt"
    assert "Oil prices rise" not in cleaned.body
    assert "Most read" not in cleaned.body
    assert "Subscribe" not in cleaned.body
    assert "The commissions last met in November" in cleaned.body
    assert "Apple unveiled" in cleaned.body  # unrelated, but flagged, not removed


def test_a_plea_inside_the_story_is_not_taken_for_furniture():
    text = (
        "Activists urge readers to follow\n"
        "Activists urged supporters to follow the trial on Telegram, the lawyer said.\n"
        "The court adjourned until Monday."
    )
    cleaned = clean(text)
    assert "follow the trial on Telegram" in cleaned.body


def test_a_dateline_sets_the_publication_date():
    cleaned = clean(normalize(sample("dated_report.txt")))
    assert str(cleaned.published) == "2024-03-12"
    assert "Published" not in cleaned.body


def test_html_goes_through_the_extractor_with_its_metadata():
    cleaned = clean(normalize(sample("azernews_page.html")), name="azernews_page.html")
    assert cleaned.headline == "Baku and Tbilisi sign transit deal"
    assert cleaned.byline == "Nigar Hasanova"
    assert str(cleaned.published) == "2024-03-12"
    assert cleaned.site == "AzerNews"
    assert cleaned.body.startswith("Azerbaijan and Georgia signed an agreement")
    assert "Share on Facebook" not in cleaned.body
    texts = removed(cleaned)
    assert "Share on Facebook | Share on Twitter | Email" in texts
    assert "© 2024 AzerNews. All rights reserved." in texts
