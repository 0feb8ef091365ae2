"""What pages tell search engines and link previews: one canonical URL, Open Graph
tags and schema.org JSON-LD on every page type (read with lxml and json, and on the
demo content with extruct and pyld, the extractors integrators use)."""

import json

import extruct
import feedparser
import pytest
from lxml import html as lxml_html
from pyld import jsonld as pyld_jsonld

from actors.models import Actor, Event
from articles.devtools.demo import demo_load
from articles.models import Article, Topic
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


# pyld fetches remote contexts; offline, schema.org's stands in as its vocabulary
# only (the real one also types some properties, `url` as an IRI, unchecked here).
SCHEMA_ORG = "https://schema.org/"


def offline_loader(url, options=None):
    """Serve schema.org's context from here and refuse every other fetch."""
    if url.rstrip("/") != SCHEMA_ORG.rstrip("/"):
        raise AssertionError(f"JSON-LD asked to fetch {url}")
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": {"@context": {"@vocab": SCHEMA_ORG}},
    }


def extracted(client, url):
    """What extruct finds in the page, and its canonical link (extruct reads none)."""
    response = client.get(url)
    assert response.status_code == 200, url
    data = extruct.extract(
        response.content,
        base_url=BASE + url,
        syntaxes=["json-ld", "opengraph"],
        uniform=True,
    )
    canonical = lxml_html.fromstring(response.content).xpath(
        '//link[@rel="canonical"]/@href'
    )
    return data["json-ld"], data["opengraph"], canonical


@pytest.fixture
def demo_story(db):
    demo_load()
    return Article.objects.published().select_related("outlet").first()


@pytest.fixture
def demo_pages(demo_story):
    story = demo_story
    person = Actor.objects.filter(kind=Actor.Kind.PERSON).first()
    return {
        "home": ("/", "WebSite", "website"),
        "topic": (Topic.objects.first().get_absolute_url(), "CollectionPage", "website"),
        "event": (Event.objects.first().get_absolute_url(), "Event", "website"),
        "actor": (person.get_absolute_url(), "Person", "website"),
        "outlet": (story.outlet.get_absolute_url(), "NewsMediaOrganization", "website"),
        "story": (story.get_absolute_url(), "NewsArticle", "article"),
    }  # fmt: skip


def test_extractors_read_every_demo_page_type(client, demo_pages):
    """One load of the demo content for all six pages: it takes seconds."""
    for page, (url, schema_type, og_type) in demo_pages.items():
        ld, og, canonical = extracted(client, url)
        (data,) = ld
        (graph,) = og
        assert graph["@type"] == og_type, page  # extruct files og:type as @type
        assert canonical == [graph["og:url"]] == [BASE + url], page
        if page != "story":  # its types by genre: test_jsonld.py, and below
            assert data["@type"] == schema_type, page
        (expanded,) = pyld_jsonld.expand(data, {"documentLoader": offline_loader})
        assert all(key.startswith(("@", SCHEMA_ORG)) for key in expanded), page
        assert expanded["@type"][0].startswith(SCHEMA_ORG), page


def test_extractors_read_a_story_as_a_news_article(client, demo_story):
    (data,), _og, _canonical = extracted(client, demo_story.get_absolute_url())
    types = data["@type"] if isinstance(data["@type"], list) else [data["@type"]]
    assert "NewsArticle" in types
    assert data["@id"] == demo_story.tag_uri
    assert data["headline"] == demo_story.headline
    assert data["datePublished"]
    assert data["publisher"]["name"] == demo_story.outlet.name
    (expanded,) = pyld_jsonld.expand(data, {"documentLoader": offline_loader})
    assert expanded["@id"] == demo_story.tag_uri
    assert f"{SCHEMA_ORG}NewsArticle" in expanded["@type"]
    assert expanded[f"{SCHEMA_ORG}headline"] == [{"@value": demo_story.headline}]
    assert f"{SCHEMA_ORG}datePublished" in expanded
    assert f"{SCHEMA_ORG}publisher" in expanded


def test_links_name_the_configured_origin_not_the_request_host(client, settings):
    """Reached through another name (a balancer, a preview host), pages, the
    sitemap and feeds still point to the public site."""
    settings.NEWSDESK_SITE_ORIGIN = ORIGIN = "https://news.example.org"
    topic = TopicFactory(name="Peace process")
    story = PublishedArticleFactory(headline="Talks resume")
    story.topics.add(topic)
    event = EventFactory()
    story.events.add(event)
    for url in ("/", topic.get_absolute_url(), story.get_absolute_url()):
        canonical, og, _article, (data,) = head(client, url)
        assert canonical == [og["og:url"]] == [ORIGIN + url]
        assert data.get("url", ORIGIN + url) == ORIGIN + url
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{ORIGIN}/sitemap-" in sitemap
    assert "http://testserver" not in sitemap
    stories = client.get("/sitemap-stories.xml").content.decode()
    assert f"<loc>{ORIGIN}{story.get_absolute_url()}</loc>" in stories
    feed = feedparser.parse(client.get("/feed/").content)
    assert feed.feed.link == ORIGIN + "/"
    assert feed.entries[0].link == ORIGIN + story.get_absolute_url()
    assert "http://testserver" not in client.get("/feed/").content.decode()
    ninjs = client.get(f"/api/v1/articles/{story.slug}/ninjs/").content.decode()
    assert f'"{ORIGIN}{event.get_absolute_url()}"' in ninjs
    assert "http://testserver" not in ninjs
