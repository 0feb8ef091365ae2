"""A reader browses the public site in Debian's chromium, on a desktop and a phone.

Home → topic → story → event, then the other public pages. Every page is checked
with axe-core (shipped by axe-playwright-python, run in the same browser): no
serious or critical violation. Screenshots land in test-artifacts/.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from articles.devtools.demo import demo_load

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Axe()
TOPIC = "Armenia–Azerbaijan peace process"
STORY = (
    "Azerbaijan Rejects Washington Meeting with Armenia Following U.S. Senate's "
    "Blockade on Military Aid"
)
EVENT = "Armenia–Azerbaijan foreign ministers' meeting in Washington"


@pytest.fixture
def demo(transactional_db):
    demo_load()


@pytest.fixture
def csp_violations(page):
    """Console errors about the Content Security Policy, collected as the test runs."""
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return found


def assert_accessible(page, where):
    violations = AXE.run(page).response["violations"]
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], (
        where
        + ": "
        + "; ".join(
            f"{v['id']} ({v['impact']}) at {v['nodes'][0]['target']}" for v in serious
        )
    )


def assert_fits_the_screen(page, where):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{where} is {overflow}px wider than the screen"


def check(page, screenshot, name):
    assert_accessible(page, name)
    assert_fits_the_screen(page, name)
    screenshot(name)


def test_reader_goes_from_home_to_topic_story_and_event(
    live_server, page, screenshot, demo, csp_violations
):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Latest stories")
    expect(page.get_by_role("link", name=STORY)).to_be_visible()
    check(page, screenshot, "1-home")

    page.get_by_role("link", name=TOPIC, exact=True).first.click()
    page.wait_for_url("**/topics/armenia-azerbaijan-peace-process/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TOPIC)
    timeline = page.locator("svg.timeline")
    expect(timeline).to_be_visible()
    expect(timeline.locator(".tl-cancelled")).to_contain_text("Cancelled")
    expect(page.locator("svg.share-bar")).to_be_visible()
    check(page, screenshot, "2-topic")

    page.get_by_label("Type of work").select_option("reporting")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**?genre=reporting**")
    expect(page.locator(".story-item .label-genre")).to_have_text(
        ["Reporting", "Reporting"]
    )
    check(page, screenshot, "3-topic-filtered")

    page.get_by_role("link", name=STORY).click()
    page.wait_for_url("**/stories/azerbaijan-rejects-washington-meeting-with-armenia/")
    expect(page.get_by_role("heading", level=1)).to_have_text(STORY)
    expect(page.get_by_role("heading", name="Type of work: Reporting")).to_be_visible()
    expect(page.locator("mark.flag")).to_have_count(1)
    expect(page.locator("#flag-1")).to_contain_text("Opinion in reporting")
    expect(page.get_by_text("Editor's note", exact=True)).to_be_visible()
    assert page.locator('script[type="application/ld+json"]').count() == 1
    check(page, screenshot, "4-story")

    page.locator(".flag-ref a").first.click()
    expect(page.locator("#flag-1")).to_be_in_viewport()

    page.get_by_role("link", name=EVENT).first.click()
    page.wait_for_url("**/events/washington-foreign-ministers-meeting-2023-11-20/")
    expect(page.get_by_role("heading", level=1)).to_have_text(EVENT)
    expect(page.get_by_text("This event was cancelled")).to_be_visible()
    expect(page.locator(".coverage-column")).to_contain_text("Unidentified outlet")
    check(page, screenshot, "5-event")

    assert csp_violations == []


PAGES = [
    "/topics/",
    "/events/",
    "/actors/",
    "/actors/james-obrien/",
    "/actors/azerbaijan/",
    "/outlets/",
    "/outlets/azernews/",
    "/search/?q=Baku",
    "/labels/",
    "/stories/azerbaijan-us-eye-bilateral-ties-amid-armenian-lobby-moves/",
    "/stories/azerbaijan-turns-down-us-mediation-in-talks-with-armenia/",
    "/events/cop29-baku/",
    "/no-such-page/",
]


def test_every_public_page_is_accessible_and_fits(
    live_server, page, screenshot, demo, csp_violations
):
    for path in PAGES:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        name = path.strip("/").replace("/", "-").replace("?", "-") or "home"
        check(page, screenshot, name)
    assert csp_violations == []
