"""sitemap.xml and robots.txt."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from articles.models import Article
from articles.site import sitemaps
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


def files(client):
    """The files the sitemap index lists, as paths with their query."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own XML
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    return [
        loc.text.removeprefix("http://testserver")
        for loc in root.findall("sm:sitemap/sm:loc", NS)
    ]


def urls(client):
    """Every <url> element of every file of the sitemap."""
    found = []
    for path in files(client):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"].startswith("application/xml")
        root = ET.fromstring(response.content)  # noqa: S314 - our own XML
        found += root.findall("sm:url", NS)
    return found


def locations(client):
    return [url.find("sm:loc", NS).text for url in urls(client)]


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
    story_urls = [
        url for url in urls(client) if "/stories/" in url.find("sm:loc", NS).text
    ]
    assert story_urls[0].find("sm:lastmod", NS) is not None


def test_sitemap_is_an_index_of_sections(client):
    PublishedArticleFactory()
    assert files(client) == [
        f"/sitemap-{name}.xml"
        for name in (
            "pages", "stories", "topics", "outlets", "actors", "events", "news"
        )
    ]  # fmt: skip


def test_a_section_is_split_into_files_of_at_most_the_limit(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "URLS_PER_FILE", 2)
    stories = PublishedArticleFactory.create_batch(5)
    story_files = [path for path in files(client) if "stories" in path]
    assert story_files == [
        "/sitemap-stories.xml",
        "/sitemap-stories.xml?p=2",
        "/sitemap-stories.xml?p=3",
    ]
    listed = []
    for path in story_files:
        root = ET.fromstring(client.get(path).content)  # noqa: S314 - our own XML
        entries = root.findall("sm:url/sm:loc", NS)
        assert len(entries) <= 2
        listed += [loc.text for loc in entries]
    assert sorted(listed) == sorted(
        f"http://testserver{story.get_absolute_url()}" for story in stories
    )


@pytest.mark.parametrize(
    "path",
    ["/sitemap-nothing.xml", "/sitemap-stories.xml?p=9", "/sitemap-stories.xml?p=x"],
)
def test_a_sitemap_file_that_does_not_exist_is_not_found(client, path):
    PublishedArticleFactory()
    assert client.get(path).status_code == 404


def test_the_latest_story_is_in_the_first_stories_file(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "URLS_PER_FILE", 1)
    PublishedArticleFactory.create_batch(2)
    newest = Article.objects.published().order_by("-published_at").first()
    xml = client.get("/sitemap-stories.xml").content.decode()
    assert newest.get_absolute_url() in xml


NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def test_the_news_sitemap_lists_the_last_two_days_stories(client):
    fresh = PublishedArticleFactory(headline="Talks & trust", language="en-GB")
    PublishedArticleFactory(published_at=timezone.now() - datetime.timedelta(days=3))
    DraftArticleFactory(published_at=timezone.now())
    response = client.get("/sitemap-news.xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own XML
    (url,) = root.findall("sm:url", NS)
    assert url.find("sm:loc", NS).text.endswith(fresh.get_absolute_url())
    news = url.find(f"{NEWS}news")
    assert news.find(f"{NEWS}publication/{NEWS}name").text == "Newsdesk"
    assert news.find(f"{NEWS}publication/{NEWS}language").text == "en"
    assert news.find(f"{NEWS}title").text == "Talks & trust"
    published = datetime.datetime.fromisoformat(
        news.find(f"{NEWS}publication_date").text
    )
    assert published == fresh.published_at.replace(microsecond=0)
