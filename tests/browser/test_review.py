"""An editor reviews a story in admin, in a real browser, and publishes it."""

import pytest
from playwright.sync_api import expect

from articles.models import Article, Flag
from tests.factories import FlagFactory, InReviewArticleFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"


def test_editor_confirms_a_flag_and_the_genre_then_publishes(
    live_server, desk_page, screenshot
):
    page = desk_page
    UserFactory(username="editor", group="Editor")
    body = (
        "Azerbaijan declined the meeting in Washington.\n\n"
        "And of course, the occupation goes on."
    )
    article = InReviewArticleFactory(
        headline="Azerbaijan declines Washington meeting",
        body=body,
        genre=Article.Genre.REPORTING,
        genre_confirmed_at=None,
    )
    start = body.index("And of course")
    flag = FlagFactory(
        article=article,
        start=start,
        end=len(body),
        kind=Flag.Kind.OPINION_IN_REPORTING,
        reason="Unattributed judgement at the end of a news story.",
    )

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.get_by_role("link", name="In review").click()
    screenshot("review-queue")
    page.get_by_role("link", name=article.headline).click()

    mark = page.locator("mark.flag-opinion_in_reporting")
    expect(mark).to_have_text("And of course, the occupation goes on.")
    screenshot("story-with-flag")

    card = page.locator(f"#flag-card-{flag.pk}")
    card.get_by_label("Your reason").fill("Opinion with no source, in a news story.")
    card.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Flag 1: confirmed.")).to_be_visible()
    screenshot("after-save")
    expect(page.locator("mark.flag-confirmed")).to_have_count(1)

    page.get_by_role("button", name="Confirm genre").click()
    expect(page.get_by_text("genre confirmed as Reporting")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("now published")).to_be_visible()
    screenshot("published")

    article.refresh_from_db()
    flag.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert flag.state == Flag.State.CONFIRMED
    assert flag.decided_by.username == "editor"

    page.goto(live_server.url + article.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(article.headline)
