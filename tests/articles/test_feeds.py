"""Atom feeds: the whole site (/feed/) and each topic (/topics/<slug>/feed/), with
RFC 6721 tombstones for recent withdrawals."""

import datetime

import feedparser
import pytest
from django.utils import timezone
from lxml import etree

from articles import services
from articles.models import Article
from tests.factories import (
    DraftArticleFactory,
    PublishedArticleFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_site_feed_lists_published_stories_newest_first(client):
    old = PublishedArticleFactory(
        published_at=timezone.now() - datetime.timedelta(days=2)
    )
    new = PublishedArticleFactory()
    DraftArticleFactory(headline="A draft")
    feed = parsed(client, "/feed/")
    assert feed.version == "atom10"
    assert feed.feed.title == "Newsdesk: latest stories"
    assert [entry.title for entry in feed.entries] == [new.headline, old.headline]
    entry = feed.entries[0]
    assert entry.link == f"http://testserver{new.get_absolute_url()}"
    assert entry.id == new.tag_uri  # the permanent name, not the URL
    assert entry.published_parsed and entry.updated_parsed


def test_feed_entries_carry_type_of_work_ownership_and_topics(client):
    topic = TopicFactory(name="Section 907")
    story = PublishedArticleFactory(
        genre=Article.Genre.OPINION,
        dek="Why the waiver matters.",
        byline="A. Columnist",
        outlet__name="AzerNews",
        outlet__ownership="state_affiliated",
    )
    story.topics.add(topic)
    entry = parsed(client, "/feed/").entries[0]
    assert entry.summary == (
        "Opinion · AzerNews (State-affiliated). Why the waiver matters."
    )
    assert entry.author == "A. Columnist"
    genres = [
        tag for tag in entry.tags if tag.scheme == "http://cv.iptc.org/newscodes/genre/"
    ]
    assert [(tag.term, tag.label) for tag in genres] == [("Opinion", "Opinion")]
    assert "Section 907" in [tag.term for tag in entry.tags]


def test_entry_without_byline_is_credited_to_its_outlet(client):
    PublishedArticleFactory(byline="", outlet__name="Turan")
    assert parsed(client, "/feed/").entries[0].author == "Turan"


def test_topic_feed_lists_only_the_topics_published_stories(client):
    topic = TopicFactory(slug="cop29", name="COP29")
    on_topic = PublishedArticleFactory()
    on_topic.topics.add(topic)
    PublishedArticleFactory(headline="Off topic")
    DraftArticleFactory(headline="Draft on topic").topics.add(topic)
    feed = parsed(client, "/topics/cop29/feed/")
    assert feed.feed.title == "Newsdesk: COP29"
    assert feed.feed.link == "http://testserver/topics/cop29/"
    assert [entry.title for entry in feed.entries] == [on_topic.headline]


def test_feed_of_an_unknown_topic_is_not_found(client):
    assert client.get("/topics/atlantis/feed/").status_code == 404


def test_feed_escapes_markup_in_headlines(client):
    PublishedArticleFactory(headline="Talks </title><script>x</script> resume")
    feed = parsed(client, "/feed/")
    assert feed.entries[0].title == "Talks </title><script>x</script> resume"


TOMBSTONES = "{http://purl.org/atompub/tombstones/1.0}"


def test_recent_withdrawals_are_rfc_6721_tombstones(client):
    chief = UserFactory(group="Desk chief")
    topic, other = TopicFactory(), TopicFactory()
    kept = PublishedArticleFactory()
    kept.topics.add(topic)
    gone = PublishedArticleFactory(headline="Gone story")
    gone.topics.add(topic)
    elsewhere = PublishedArticleFactory()
    elsewhere.topics.add(other)
    long_gone = PublishedArticleFactory()
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Article.objects.update(published_at=an_hour_ago, updated_at=an_hour_ago)
    before = client.get("/feed/")["Last-Modified"]
    for story in (gone, elsewhere, long_gone):
        services.article_transition(article=story, action="withdraw", user=chief,
                                    reason=f"Withdrawn: {story.slug}.")  # fmt: skip
    long_ago = timezone.now() - datetime.timedelta(days=40)
    long_gone.audit_entries.filter(action="article.withdraw").update(
        created_at=long_ago
    )

    feed = parsed(client, "/feed/")
    assert [entry.id for entry in feed.entries] == [kept.tag_uri]
    root = etree.fromstring(client.get("/feed/").content)
    deleted = root.findall(f"{TOMBSTONES}deleted-entry")
    assert [element.get("ref") for element in deleted] == [
        elsewhere.tag_uri,
        gone.tag_uri,
    ]
    when = datetime.datetime.fromisoformat(deleted[1].get("when"))
    assert when.tzinfo is not None
    comment = deleted[1].find(f"{TOMBSTONES}comment")
    assert comment.text == f"Withdrawn: {gone.slug}."
    assert "Gone story" not in client.get("/feed/").content.decode()
    assert client.get("/feed/")["Last-Modified"] != before

    topic_feed = etree.fromstring(client.get(f"/topics/{topic.slug}/feed/").content)
    refs = [e.get("ref") for e in topic_feed.findall(f"{TOMBSTONES}deleted-entry")]
    assert refs == [gone.tag_uri]
