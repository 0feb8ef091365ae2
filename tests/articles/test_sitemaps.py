"""sitemap.xml and robots.txt."""

import xml.etree.ElementTree as ET

import pytest

from articles.models import Article
from tests.factories import (
    ActorFactory,
    DraftArticleFactory,
    EventFactory,
    OutletFactory,
    PublishedArticleFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own XML
    return [loc.text for loc in root.findall("sm:url/sm:loc", NS)]


def test_sitemap_lists_pages_published_stories_and_the_directory(client):
    story = PublishedArticleFactory()
    topic, outlet = TopicFactory(), OutletFactory()
    actor, event = ActorFactory(), EventFactory()
    urls = locations(client)
    for obj in (story, topic, outlet, actor, event):
        assert f"http://testserver{obj.get_absolute_url()}" in urls
    for path in ("/", "/topics/", "/events/", "/actors/", "/outlets/", "/labels/"):
        assert f"http://testserver{path}" in urls


@pytest.mark.parametrize(
    "status", sorted(set(Article.Status) - {Article.Status.PUBLISHED})
)
def test_sitemap_never_lists_an_unpublished_story(client, status):
    hidden = DraftArticleFactory(status=status)
    assert not any(hidden.slug in url for url in locations(client))


def test_sitemap_gives_each_story_its_last_modification(client):
    PublishedArticleFactory()
    response = client.get("/sitemap.xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own XML
    story_urls = [
        url
        for url in root.findall("sm:url", NS)
        if "/stories/" in url.find("sm:loc", NS).text
    ]
    assert story_urls[0].find("sm:lastmod", NS) is not None
