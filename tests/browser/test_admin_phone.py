"""The article change page on a phone (390 × 844), in Debian's chromium: the page
never scrolls sideways, every control is reachable, axe-core finds no serious or
critical problem, and an editor reviews mentions and quotes from their cards."""

import pytest
from playwright.sync_api import expect

from articles.devtools.demo import demo_load
from articles.models import Article, Mention, Quote
from tests.browser.conftest import open_page
from tests.browser.test_admin_day import IN_REVIEW, log_in, serious_violations
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

Review = Mention.Review

# What sticks out of the viewport on the right, for a readable failure.
WIDER_THAN_VIEWPORT = """() => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > innerWidth + 1
                   && e.getClientRects().length)
    .slice(0, 10)
    .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`
                + ` right=${Math.round(e.getBoundingClientRect().right)}`)"""


CLIPPED_CONTROLS = """() => {
  const controls = document.querySelectorAll(
    '#article_form :is(input:not([type=hidden]), select, textarea, button, a[href],'
    + ' summary, .select2-container)');
  const clipped = [];
  for (const control of controls) {
    if (!control.getClientRects().length || control.closest('details:not([open])')) {
      continue;
    }
    const box = control.getBoundingClientRect();
    const boxes = [{left: 0, right: innerWidth, name: 'viewport'}];
    for (let up = control.parentElement; up; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') {
        const r = up.getBoundingClientRect();
        boxes.push({left: r.left, right: r.right, name: up.className || up.tagName});
      }
    }
    for (const outer of boxes) {
      if (box.left < outer.left - 1 || box.right > outer.right + 1) {
        clipped.push(`${control.tagName.toLowerCase()}#${control.id}`
                     + `[${control.name || control.className}] by ${outer.name}`);
        break;
      }
    }
  }
  return clipped;
}"""


@pytest.fixture
def admin_page(chromium):
    context, page = open_page(chromium, 390, 844)
    yield page
    context.close()


def open_story(page, live_server):
    demo_load()
    UserFactory(username="editor", group="Editor")
    article = Article.objects.get(slug=IN_REVIEW)
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    expect(page.locator("#mentions-review")).to_be_visible()
    return article


def assert_no_sideways_scroll(page):
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= page.evaluate("innerWidth") + 1, page.evaluate(WIDER_THAN_VIEWPORT)


def test_the_change_page_fits_a_phone_and_every_control_is_reachable(
    live_server, admin_page, screenshot
):
    page = admin_page
    open_story(page, live_server)
    screenshot("change-page")
    assert_no_sideways_scroll(page)
    assert serious_violations(page) == []

    # Every field, button and link of the form lies within the page's width and
    # within every box around it that clips what sticks out.
    assert page.evaluate(CLIPPED_CONTROLS) == []
    small = page.evaluate("""() => [...document.querySelectorAll(
        '#article_form :is(button, input[type=submit])')]
        .filter((e) => e.getClientRects().length && !e.closest('details:not([open])'))
        .filter((e) => e.offsetHeight < 24 || e.offsetWidth < 24)
        .map((e) => e.textContent || e.value)""")
    assert small == []  # WCAG 2.5.8: targets of at least 24 × 24 px

    # A note names the passage it corrects by its words; no offset is typed.
    page.get_by_role("button", name="Add another Editorial note").click()
    passage = page.locator("textarea[name$='-passage']:not([name*=__prefix__])")
    expect(passage.last).to_be_visible()
    assert page.locator("[name*='passage_start'], [name*='passage_end']").count() == 0
    assert page.evaluate(CLIPPED_CONTROLS) == []

    body = page.locator("#id_body")
    box = body.bounding_box()
    assert box["width"] >= 300 and box["height"] >= 150  # a body one can edit
    body.click()
    page.keyboard.press("End")
    page.keyboard.type(" (edited on a phone)")
    assert body.input_value().find("(edited on a phone)") > 0


def test_an_editor_reviews_mentions_and_quotes_from_the_cards_on_a_phone(
    live_server, admin_page, screenshot
):
    page = admin_page
    article = open_story(page, live_server)
    mentions = list(article.mentions.select_related("actor").order_by("start", "pk"))
    accepted, relinked = mentions[0], mentions[1]
    state_department = relinked.actor.__class__.objects.get(slug="us-state-department")
    assert relinked.actor != state_department
    removed = article.quotes.order_by("start", "pk").first()
    unreviewed = Mention.objects.unreviewed().filter(article=article).count()

    card = page.locator(f"#mention-card-{accepted.pk}")
    expect(card.locator("mark")).to_have_text(accepted.text)
    card.get_by_role("button", name="Accept").click()
    expect(page.locator(".messagelist")).to_contain_text("Mention 1 accepted")
    expect(page.locator(f"details#mention-card-{accepted.pk}")).to_be_attached()
    assert serious_violations(page) == [], "cards after an accept"

    card = page.locator(f"#mention-card-{relinked.pk}")
    card.get_by_role("combobox").first.click()
    page.locator(".select2-container--open .select2-search__field").fill(
        state_department.name
    )
    page.locator(
        ".select2-results__option", has_text=state_department.name
    ).first.click()
    assert_no_sideways_scroll(page)
    card.get_by_role("button", name="Change actor").click()
    expect(page.locator(".messagelist")).to_contain_text(
        f"Mention 2 now names {state_department.name}."
    )

    page.locator(f"#quote-card-{removed.pk}").get_by_role(
        "button", name="Remove"
    ).click()
    expect(page.locator(".messagelist")).to_contain_text("Quote 1: removed.")
    expect(page.locator(f"#quote-card-{removed.pk}")).to_have_count(0)
    screenshot("after-review")
    assert_no_sideways_scroll(page)

    accepted.refresh_from_db()
    relinked.refresh_from_db()
    assert (accepted.review, accepted.reviewed_by.username) == (
        Review.ACCEPTED,
        "editor",
    )
    assert (relinked.actor, relinked.review) == (state_department, Review.ACCEPTED)
    assert not Quote.objects.filter(pk=removed.pk).exists()
    assert (
        Mention.objects.unreviewed().filter(article=article).count() == unreviewed - 2
    )
    assert list(
        article.audit_entries.order_by("pk").values_list("action", flat=True)
    ) == ["mention.accept", "mention.edit", "quote.delete"]
