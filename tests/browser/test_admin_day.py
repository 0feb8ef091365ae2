"""A newsroom's day in admin, in Debian's chromium: a reporter writes, previews and
submits; an editor sends it back; the reporter learns why; an editor reviews every
flag of the demo's in-review story from the cards, at desktop and phone width, and
publishes. axe-core checks the dashboard, the change page and the review cards."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from articles.devtools.demo import demo_load
from articles.models import Article, Flag
from tests.browser.conftest import open_page
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Axe()
PASSWORD = "correct horse battery staple"
IN_REVIEW = "washington-reaffirms-support-for-armenia-azerbaijan-talks"


def serious_violations(page):
    """axe's serious and critical findings on the page once it has fully loaded (a
    page still streaming in has buttons whose labels are not parsed yet)."""
    page.wait_for_load_state("load")
    violations = AXE.run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])}) at {v['nodes'][0]['target']}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.get_by_role("heading", name="Desk")).to_be_visible()


@pytest.fixture(params=[(1366, 900), (390, 844)], ids=["desktop", "phone"])
def admin_page(request, chromium):
    context, page = open_page(chromium, *request.param)
    yield page
    context.close()


def test_reporter_writes_previews_submits_and_learns_why_it_came_back(
    live_server, desk_page, screenshot
):
    page = desk_page
    UserFactory(username="reporter", group="Reporter")
    UserFactory(username="editor", group="Editor")

    log_in(page, live_server, "reporter")
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", "Border crossing at Lachin reopens")
    page.fill("#id_body", "The crossing reopened on Monday.\n\nTraffic was light.")
    page.locator("input[name='_continue']").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    article = Article.objects.get(headline="Border crossing at Lachin reopens")
    assert article.outlet.slug == "newsdesk"
    assert article.slug == "border-crossing-at-lachin-reopens"

    # Preview: the story as readers will see it, with the banner.
    page.get_by_role("link", name="Preview").click()
    expect(page.locator(".preview-banner")).to_contain_text("Preview — not published")
    expect(page.get_by_role("heading", level=1)).to_have_text(article.headline)
    expect(page.locator(".story-header")).to_contain_text("Newsdesk")
    screenshot("preview")
    page.get_by_role("link", name="Back to editing").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("now in review")).to_be_visible()

    # Anonymous readers get nothing, at the public address or the preview.
    anonymous = page.context.browser.new_context()
    reader = anonymous.new_page()
    for path in (article.get_absolute_url(), f"/stories/{article.slug}/preview/"):
        assert reader.goto(live_server.url + path).status == 404
    anonymous.close()

    log_in(page, live_server, "editor")
    page.get_by_role("link", name=article.headline).first.click()
    page.fill("#id_workflow_reason", "Who says traffic was light? Attribute it.")
    page.get_by_role("button", name="Send back").click()
    expect(page.get_by_text("now draft")).to_be_visible()

    log_in(page, live_server, "reporter")
    mine = page.locator(".desk-mine")
    expect(mine).to_contain_text("Sent back by editor on")
    expect(mine).to_contain_text("Who says traffic was light? Attribute it.")
    screenshot("dashboard-sent-back")
    assert serious_violations(page) == []
    mine.get_by_role("link", name=article.headline).click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Who says traffic was light? Attribute it."
    )
    screenshot("story-sent-back")
    page.fill("#id_body", "The crossing reopened on Monday.\n\nTraffic was light, "
                          "border guards said.")  # fmt: skip
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("now in review")).to_be_visible()
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator(".desk-mine")).not_to_contain_text("Sent back by")


def test_editor_reviews_every_flag_from_the_cards_and_publishes(
    live_server, admin_page, screenshot
):
    page = admin_page
    width = page.viewport_size["width"]
    demo_load()
    UserFactory(username="editor", group="Editor")
    article = Article.objects.get(slug=IN_REVIEW)
    undecided = article.flags.undecided().count()
    assert undecided >= 3

    log_in(page, live_server, "editor")
    assert serious_violations(page) == [], "dashboard"
    page.get_by_role("link", name=article.headline).first.click()
    expect(page.locator("#review")).to_be_visible()
    assert serious_violations(page) == [], "change page"
    legend = page.locator(".flag-legend")
    expect(legend).to_contain_text("Altered quote")

    # The highlight leads to its card, and the card back to the highlight.
    first = article.flags.undecided().order_by("start").first()
    page.locator(f"a[href='#flag-card-{first.pk}']").last.click()
    expect(page).to_have_url(re.compile(f"#flag-card-{first.pk}$"))
    expect(page.locator(f"#flag-card-{first.pk}")).to_be_in_viewport()
    page.locator(f"#flag-card-{first.pk} .flag-words a").click()
    expect(page.locator(f"#flag-mark-{first.pk}")).to_be_in_viewport()

    cards = page.locator("article.flag-card")
    for decided in range(undecided):
        # A count that waits: the cards come after the form's first fieldset.
        expect(cards).to_have_count(undecided - decided)
        card = cards.first
        card.scroll_into_view_if_needed()
        button = "Dismiss" if decided % 2 else "Confirm"
        if decided == 0:  # a decision without a reason is refused, edits kept
            card.get_by_role("button", name=button).click()
            expect(page.locator(".errornote")).to_be_visible()
            card = cards.first
            expect(card).to_contain_text("Say why you confirm this flag")
        card.get_by_label("Your reason").fill(
            f"Checked against the source ({decided})."
        )
        card.get_by_role("button", name=button).click()
        expect(page.locator(".messagelist")).to_contain_text(f": {button.lower()}ed.")
        if decided == 0:
            assert serious_violations(page) == [], "cards after a decision"
    expect(cards).to_have_count(0)
    screenshot(f"all-decided-{width}")
    expect(page.locator("details.flag-card[id^=flag-card-]")).to_have_count(
        article.flags.count()
    )
    assert not article.flags.undecided().exists()
    assert all(flag.decision_reason for flag in article.flags.all())
    assert Flag.objects.filter(
        article=article, decided_by__username="editor"
    ).count() == (undecided)

    page.get_by_role("button", name="Confirm genre").click()
    expect(page.locator(".messagelist")).to_contain_text("genre confirmed")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messagelist")).to_contain_text("now published")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_history_shows_a_word_diff_and_steps_in_plain_words(
    live_server, desk_page, screenshot
):
    from tests.factories import InReviewArticleFactory

    page = desk_page
    UserFactory(username="editor", group="Editor")
    article = InReviewArticleFactory(
        headline="Talks stall in Geneva", body="The talks stalled on Monday."
    )
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.fill("#id_headline", "Talks resume in Geneva")
    page.fill("#id_body", "The talks resumed on Monday, both sides said.")
    page.locator("input[name='_continue']").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.get_by_role("link", name="History").click()
    versions = page.locator(".history-versions")
    expect(versions.locator("del").first).to_have_text("stall")
    expect(versions.locator("ins").first).to_have_text("resume")
    expect(page.locator(".history-steps")).to_contain_text(
        "editor edited it: headline, body."
    )
    screenshot("history")
    assert serious_violations(page) == []
