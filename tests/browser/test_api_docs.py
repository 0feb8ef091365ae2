"""A developer opens the API docs in a real browser, under the site's strict CSP."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_api_docs_render_from_local_files(live_server, desk_page, screenshot):
    page = desk_page
    blocked = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(live_server.url) else None)  # fmt: skip

    page.goto(f"{live_server.url}/api/docs/")
    expect(page.get_by_text("Newsdesk API").first).to_be_visible()
    expect(
        page.get_by_text("/api/v1/articles/{slug}/transition/").first
    ).to_be_visible()
    screenshot("api-docs")
    assert [message for message in blocked if "script" in message] == []
    assert [url for url in outside if not url.startswith("data:")] == []
