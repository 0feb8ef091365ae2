"""What pages tell search engines and link previews: one canonical URL, Open Graph
tags and schema.org JSON-LD on every page type (read with lxml and json, as a
structured-data extractor would)."""

import json

import pytest
from lxml import html as lxml_html

from actors.models import Actor
from articles.models import Topic
from tests.factories import (
    ActorFactory,
    EventFactory,
    OutletFactory,
    PublishedArticleFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    document = lxml_html.fromstring(response.content)
    canonical = document.xpath('//link[@rel="canonical"]/@href')
    og = {
        meta.get("property"): meta.get("content")
        for meta in document.xpath('//meta[starts-with(@property, "og:")]')
    }
    article = {
        meta.get("property"): meta.get("content")
        for meta in document.xpath('//meta[starts-with(@property, "article:")]')
    }
    jsonld = [
        json.loads(script.text)
        for script in document.xpath('//script[@type="application/ld+json"]')
    ]
    return canonical, og, article, jsonld


@pytest.fixture
def pages():
    topic = TopicFactory(name="Peace process", description="Talks and treaties.")
    event = EventFactory(title="Washington meeting", place="Washington")
    actor = ActorFactory(name="Ilham Aliyev", kind=Actor.Kind.PERSON,
                         wikidata_id="Q312964")  # fmt: skip
    outlet = OutletFactory(name="Turan", domain="turan.az")
    story = PublishedArticleFactory(outlet=outlet, headline="Talks resume", dek="Dek.")
    return {
        "home": ("/", "WebSite", "Newsdesk"),
        "topic": (topic.get_absolute_url(), "CollectionPage", "Peace process"),
        "event": (event.get_absolute_url(), "Event", "Washington meeting"),
        "actor": (actor.get_absolute_url(), "Person", "Ilham Aliyev"),
        "outlet": (outlet.get_absolute_url(), "NewsMediaOrganization", "Turan"),
        "story": (story.get_absolute_url(), None, "Talks resume"),
    }


@pytest.mark.parametrize("page", ["home", "topic", "event", "actor", "outlet", "story"])
def test_each_page_has_a_canonical_url_open_graph_and_json_ld(client, pages, page):
    url, schema_type, title = pages[page]
    canonical, og, _article, jsonld = head(client, url)
    assert canonical == [BASE + url]
    assert og["og:url"] == BASE + url
    assert og["og:title"] == title
    assert og["og:site_name"] == "Newsdesk"
    assert og["og:type"] == ("article" if page == "story" else "website")
    assert og.get("og:description")
    (data,) = jsonld
    assert data["@context"] == "https://schema.org"
    if schema_type:
        assert data["@type"] == schema_type
        assert data["name"] == title
        assert data["url"] == BASE + url


def test_the_home_page_says_how_to_search(client, pages):
    (data,) = head(client, "/")[3]
    target = data["potentialAction"]["target"]
    assert target == f"{BASE}/search/?q={{search_term_string}}"


def test_directory_pages_carry_what_the_directory_knows(client, pages):
    (actor,) = head(client, pages["actor"][0])[3]
    assert actor["sameAs"] == "https://www.wikidata.org/wiki/Q312964"
    (outlet,) = head(client, pages["outlet"][0])[3]
    assert outlet["sameAs"] == "https://turan.az/"
    assert outlet["ownershipFundingInfo"]
    (event,) = head(client, pages["event"][0])[3]
    assert event["location"] == {"@type": "Place", "name": "Washington"}


def test_a_story_tells_previews_its_times(client, pages):
    _canonical, og, article, _jsonld = head(client, pages["story"][0])
    assert og["og:description"] == "Dek."
    assert article["article:published_time"]
    assert article["article:modified_time"]


def test_the_canonical_url_drops_filters_but_keeps_the_page(client, pages):
    topic_url = pages["topic"][0]
    canonical = head(client, f"{topic_url}?genre=reporting&utm_source=x")[0]
    assert canonical == [BASE + topic_url]
    assert head(client, f"{topic_url}?page=1")[0] == [BASE + topic_url]
    topic = Topic.objects.get()
    for story in PublishedArticleFactory.create_batch(21):
        story.topics.add(topic)
    second = f"{topic_url}?page=2"
    assert head(client, f"{second}&genre=reporting,opinion")[0] == [BASE + second]
