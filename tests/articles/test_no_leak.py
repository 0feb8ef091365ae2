"""Nothing unpublished is ever public: not in a page, feed, sitemap, search, count or link.

Each unpublished status (draft, in review, spiked, withdrawn) is tried on every
public surface. The hidden stories share the visible one's topic, event, outlet and
actor, name an actor of their own, quote, carry flags and notes, and put a marker
word in their headline, dek, byline, body and quote.
"""

import dataclasses
import re

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import (
    ActorFactory,
    EventFactory,
    OutletFactory,
    PublishedArticleFactory,
    TopicFactory,
)
from tests.public_content import dressed_story

pytestmark = pytest.mark.django_db

MARKER = "zzhidden"
UNPUBLISHED = sorted(set(Article.Status) - {Article.Status.PUBLISHED})


@dataclasses.dataclass
class World:
    topic: object
    event: object
    actor: object
    secret_actor: object
    outlet: object
    hidden_outlet: object
    visible: object
    hidden: list


@pytest.fixture(params=UNPUBLISHED)
def world(request):
    status = request.param
    topic = TopicFactory(slug="peace-process")
    event = EventFactory(slug="washington-meeting")
    topic.events.add(event)
    actor = ActorFactory(slug="aliyev", name="Ilham Aliyev")
    secret_actor = ActorFactory(slug="secret", name="Secret Actor")
    outlet = OutletFactory(slug="azernews")
    hidden_outlet = OutletFactory(slug="only-hidden")
    visible = dressed_story(
        topic=topic,
        event=event,
        actor=actor,
        outlet=outlet,
        genre=Article.Genre.REPORTING,
        headline="Visible story",
    )
    hidden = []
    for where in (outlet, hidden_outlet):
        for named in (actor, secret_actor):
            hidden.append(
                dressed_story(
                    topic=topic,
                    event=event,
                    actor=named,
                    marker=MARKER,
                    factory=PublishedArticleFactory,
                    status=status,
                    outlet=where,
                    genre=Article.Genre.OPINION,
                    headline=f"{MARKER} headline",
                    dek=f"{MARKER} dek",
                    byline=f"{MARKER} byline",
                    withdrawal_reason="Withdrawn for the test.",
                )
            )
    return World(
        topic, event, actor, secret_actor, outlet, hidden_outlet, visible, hidden
    )


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    html = response.content.decode()
    if url == reverse("articles:search"):
        html = html.replace(params["q"], "")  # the page repeats the reader's query
    assert MARKER not in html.lower(), url
    return response


def test_home(client, world):
    response = page(client, reverse("home"))
    assert [t.story_count for t in response.context["topics"]] == [1]
    assert list(response.context["stories"]) == [world.visible]


def test_topic_list_counts(client, world):
    response = page(client, reverse("articles:topics"))
    assert [t.story_count for t in response.context["object_list"]] == [1]


def test_topic_page_list_counts_mixes_and_filter_choices(client, world):
    response = page(client, world.topic.get_absolute_url())
    assert list(response.context["stories"]) == [world.visible]
    assert response.context["paginator"].count == 1
    panels = response.context["panels"]
    assert [(s.key, s.count) for s in panels.genre_mix] == [("reporting", 1)]
    assert [(r["slug"], r["count"]) for r in panels.outlet_mix] == [("azernews", 1)]
    html = response.content.decode()
    assert "Secret Actor" not in html
    assert "only-hidden" not in html


@pytest.mark.parametrize(
    "params",
    [{"outlet": "only-hidden"}, {"actor": "secret"}, {"genre": "opinion"}],
    ids=["outlet", "actor", "genre"],
)
def test_topic_page_filters(client, world, params):
    response = page(client, world.topic.get_absolute_url(), **params)
    assert response.context["paginator"].count == 0


def test_feeds(client, world):
    for url in ("/feed/", f"/topics/{world.topic.slug}/feed/"):
        response = page(client, url)
        assert response.content.decode().count("<entry>") == 1


def test_sitemap(client, world):
    index = page(client, "/sitemap.xml").content.decode()
    html = "".join(
        page(client, path).content.decode()
        for path in re.findall(r"<loc>http://testserver(/[^<]+)</loc>", index)
    )
    assert world.visible.get_absolute_url() in html
    for story in world.hidden:
        assert story.get_absolute_url() not in html


@pytest.mark.parametrize("query", [MARKER, "Baku", "talks resume"])
def test_search(client, world, query):
    response = page(client, reverse("articles:search"), q=query)
    expected = [] if query == MARKER else [world.visible]
    assert list(response.context["stories"]) == expected


def test_outlet_pages_and_counts(client, world):
    response = page(client, reverse("articles:outlets"))
    counts = {o.slug: o.story_count for o in response.context["object_list"]}
    assert counts == {"azernews": 1, "only-hidden": 0}
    response = page(client, world.outlet.get_absolute_url())
    assert list(response.context["page_obj"]) == [world.visible]
    assert [(s.key, s.count) for s in response.context["genre_mix"]] == [
        ("reporting", 1)
    ]
    response = page(client, world.hidden_outlet.get_absolute_url())
    assert response.context["page_obj"].paginator.count == 0
    assert response.context["genre_mix"] == []


def test_actor_pages(client, world):
    response = page(client, world.actor.get_absolute_url())
    assert response.context["quoting_count"] == 1
    assert list(response.context["page_obj"]) == [world.visible]
    response = page(client, world.secret_actor.get_absolute_url())
    assert response.context["quoting_count"] == 0
    assert response.context["page_obj"].paginator.count == 0


def test_event_page(client, world):
    response = page(client, world.event.get_absolute_url())
    assert list(response.context["page_obj"]) == [world.visible]
    assert [q.article for q in response.context["event_quotes"]] == [world.visible]


def test_story_page_other_coverage(client, world):
    response = page(client, world.visible.get_absolute_url())
    assert list(response.context["other_coverage"]) == []


def test_the_hidden_storys_own_url(client, world):
    """Withdrawn: a tombstone with headline and reason only. Otherwise: not found."""
    for story in world.hidden:
        response = client.get(story.get_absolute_url())
        if story.status == Article.Status.WITHDRAWN:
            html = response.content.decode()
            assert response.status_code == 200
            assert "Withdrawn for the test." in html
            for text in (f"{MARKER} dek", f"{MARKER} byline", f"resume {MARKER}"):
                assert text not in html
            assert "application/ld+json" not in html
        else:
            assert response.status_code == 404


def test_api_change_feed(client, world):
    """Only the public record: the published story, and withdrawn ones as tombstones."""
    response = client.get("/api/v1/changes/")
    assert response.status_code == 200
    assert MARKER not in response.content.decode().lower()
    changes = response.json()["results"]
    usable = [change["slug"] for change in changes if change["pubstatus"] == "usable"]
    assert usable == [world.visible.slug]
    tombstones = {change["slug"] for change in changes} - set(usable)
    withdrawn = {s.slug for s in world.hidden if s.status == Article.Status.WITHDRAWN}
    assert tombstones == withdrawn
