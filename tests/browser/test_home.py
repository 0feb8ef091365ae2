"""A reader opens the home page in a real browser and follows a story."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import DraftArticleFactory, PublishedArticleFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_reader_goes_from_home_to_a_story(live_server, page, screenshot):
    story = PublishedArticleFactory(
        headline="Azerbaijan rejects Washington meeting",
        genre=Article.Genre.REPORTING,
        outlet__name="Turan",
        outlet__ownership="independent",
    )
    DraftArticleFactory(headline="Unpublished draft about Baku")

    page.goto(live_server.url + "/")
    assert page.title() == "Newsdesk"
    expect(page.get_by_role("link", name=story.headline)).to_be_visible()
    assert page.get_by_text("Unpublished draft about Baku").count() == 0
    # The site's own stylesheet is served and applied.
    assert (
        page.locator("body").evaluate("el => getComputedStyle(el).marginTop") == "0px"
    )
    screenshot("home")

    page.get_by_role("link", name=story.headline).click()
    page.wait_for_url(f"**{story.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(story.headline)
    expect(page.get_by_text("Reporting", exact=True).first).to_be_visible()
    expect(page.get_by_text("Independent", exact=True).first).to_be_visible()
    screenshot("story")
