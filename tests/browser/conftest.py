"""Playwright for Python driving Debian's chromium (never a downloaded browser).

Screenshots land in test-artifacts/ (ignored by git, kept by CI as artifacts).
"""

import os
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from playwright.sync_api import expect, sync_playwright

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make in that thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("NEWSDESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


@pytest.fixture(scope="session")
def chromium(migrated_rows):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is missing at {CHROMIUM}: run `make test`.")
    with sync_playwright() as playwright:
        from django.db import connection

        connection._test_serialized_contents = migrated_rows
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# Playwright's default for `expect` is 5 s: a slow CI machine needs what actions get.
TIMEOUT_MS = 15_000
expect.set_options(timeout=TIMEOUT_MS)
# The change form's heartbeat and "left the page" beacon (static/js/admin-presence.js).
PRESENCE_SCRIPT = "**/js/admin-presence*.js"


def open_page(chromium, width, height, *, presence=False):
    """A new browser context and its page.

    Without `presence` the change form's presence script is left out: its beacon,
    sent as a test leaves the form, would write while the next page is read (the
    live server's threads share one SQLite connection in the tests) or while the
    database is flushed. Only the presence test runs it.
    """
    context = chromium.new_context(viewport={"width": width, "height": height})
    if not presence:
        context.route(
            PRESENCE_SCRIPT,
            lambda route: route.fulfill(content_type="text/javascript", body=""),
        )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return context, page


@pytest.fixture(params=[(1280, 900), (390, 844)], ids=["desktop", "phone"])
def page(request, chromium):
    """A reader's page, once at desktop and once at phone width."""
    context, page = open_page(chromium, *request.param)
    yield page
    context.close()


@pytest.fixture
def desk_page(chromium):
    """An editor's page: admin is used on a desktop."""
    context, page = open_page(chromium, 1366, 900)
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot named after the test (and its viewport)."""
    ARTIFACTS.mkdir(exist_ok=True)
    fixture = next(
        (name for name in ("desk_page", "admin_page") if name in request.fixturenames),
        "page",
    )
    page = request.getfixturevalue(fixture)

    def take(name):
        path = ARTIFACTS / f"{request.node.name}-{name}.png".replace("/", "_")
        page.screenshot(path=path, full_page=True)
        return path

    return take


@pytest.fixture(scope="session")
def migrated_rows(django_db_setup):
    """The rows migrations created (the desk's groups), serialized by the test setup.

    Django restores them after each transactional test's flush (`serialized_rollback`)
    from an attribute of the connection object. Once Playwright's event loop runs in
    the test thread, Django hands that thread another connection object, without the
    attribute; `chromium` copies it over.
    """
    from django.db import connection

    return connection._test_serialized_contents


class RequestsInFlight:
    """Counts the live server's requests, to wait for the last one to be answered."""

    def __init__(self):
        self.count = 0
        self.last_seen = time.monotonic()
        self.lock = threading.Lock()

    def started(self, **kwargs):
        with self.lock:
            self.count += 1
            self.last_seen = time.monotonic()

    def finished(self, **kwargs):
        with self.lock:
            self.count -= 1
            self.last_seen = time.monotonic()

    def wait_until_quiet(self, quiet=0.5, timeout=10.0):
        """Until no request has started or finished for `quiet` seconds from now."""
        with self.lock:
            self.last_seen = time.monotonic()
        deadline = self.last_seen + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if self.count <= 0 and time.monotonic() - self.last_seen >= quiet:
                    return
            time.sleep(0.05)
        pytest.fail(
            f"the live server still answered {self.count} request(s) after the test"
        )


@pytest.fixture(autouse=True)
def server_settles():
    """After a test, wait until the live server has answered what the browser sent.

    A request still answered while the test database is flushed (the change form's
    "left the page" beacon did that) locks SQLite's tables: the flush fails, and with
    it the next test. Autouse fixtures set up after the database's, so this teardown
    runs after every page is closed and before the flush.
    """
    requests = RequestsInFlight()
    request_started.connect(requests.started)
    request_finished.connect(requests.finished)
    yield
    try:
        requests.wait_until_quiet()
    finally:
        request_started.disconnect(requests.started)
        request_finished.disconnect(requests.finished)
