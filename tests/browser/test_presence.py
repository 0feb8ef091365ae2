"""Two editors on one story, in Debian's chromium: the second is warned while the
first has the change form open, and no longer once the first has left it, which the
form's script says with a beacon as the page goes (static/js/admin-presence.js)."""

import re
import time

import pytest
from playwright.sync_api import expect

from articles.devtools.demo import demo_load
from articles.models import Article, EditingSession
from tests.browser.conftest import open_page
from tests.browser.test_admin_day import IN_REVIEW, log_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the server never heard the beacon"
        time.sleep(0.1)


def test_a_colleague_is_warned_only_while_the_form_is_open(live_server, chromium):
    demo_load()
    editor = UserFactory(username="editor", group="Editor")
    UserFactory(username="colleague", group="Editor")
    article = Article.objects.get(slug=IN_REVIEW)
    change = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    first_context, first = open_page(chromium, 1366, 900, presence=True)
    second_context, second = open_page(chromium, 1366, 900, presence=True)
    try:
        log_in(first, live_server, "editor")
        first.goto(change)  # waits for `load`, where the script starts listening
        log_in(second, live_server, "colleague")
        second.goto(change)
        warnings = second.locator(".messagelist")
        # (admin's style capitalises a message's first letter)
        expect(warnings).to_contain_text(re.compile("editor has this story open", re.I))

        first.goto("about:blank")
        open_by_editor = EditingSession.objects.filter(article=article, user=editor)
        wait_for(lambda: not open_by_editor.exists())
        second.reload()
        expect(second.locator("#article_form")).to_be_visible()
        expect(second.get_by_text("has this story open")).to_have_count(0)
    finally:
        first_context.close()
        second_context.close()
