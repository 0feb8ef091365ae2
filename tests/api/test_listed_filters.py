"""A public list filtered by one topic or actor walks that list's entries.

The walk must give what the links give: the same published stories, newest first,
each once, counted right; the desk, whose lists include drafts, keeps the links.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Mention
from tests.factories import (
    ActorFactory,
    DraftArticleFactory,
    PublishedArticleFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def slugs(client, **params):
    response = client.get("/api/v1/articles/", params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["results"])
    return [story["slug"] for story in body["results"]]


def in_topic(topic, *, days_ago, genre=Article.Genre.REPORTING, factory=None):
    story = (factory or PublishedArticleFactory)(
        genre=genre, published_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    story.topics.add(topic)  # the signal lists it, as admin's edits do
    return story


def test_one_topic_lists_its_published_stories_newest_first(api, as_user, editor):
    topic, elsewhere = TopicFactory(), TopicFactory()
    old = in_topic(topic, days_ago=3, genre=Article.Genre.OPINION)
    new = in_topic(topic, days_ago=1, genre=Article.Genre.OPINION)
    in_topic(topic, days_ago=2)  # another genre
    in_topic(elsewhere, days_ago=0, genre=Article.Genre.OPINION)
    draft = DraftArticleFactory(genre=Article.Genre.OPINION)
    draft.topics.add(topic)

    with CaptureQueriesContext(connection) as queries:
        public = slugs(api, topic=topic.slug, genre="opinion")

    assert public == [new.slug, old.slug]
    assert any("articles_listingentry" in q["sql"] for q in queries.captured_queries)
    # The desk sees the draft too: its list is not the public one.
    desk = slugs(as_user(editor), topic=topic.slug, genre="opinion")
    assert set(desk) == {new.slug, old.slug, draft.slug}


def test_an_actor_named_twice_lists_the_story_once(api):
    actor = ActorFactory()
    story = PublishedArticleFactory(body="Aliyev spoke. Aliyev left.")
    for start in (0, 14):
        Mention.objects.create(article=story, actor=actor, start=start,
                               end=start + 6, text="Aliyev")  # fmt: skip
    PublishedArticleFactory()
    assert slugs(api, actor=actor.slug) == [story.slug]


def test_another_order_or_two_topics_give_the_same_stories(api):
    first, second = TopicFactory(), TopicFactory()
    a = in_topic(first, days_ago=2)
    b = in_topic(first, days_ago=1)
    b.topics.add(second)
    c = in_topic(second, days_ago=0)
    Article.objects.filter(pk=a.pk).update(headline="A")
    Article.objects.filter(pk=b.pk).update(headline="B")

    assert slugs(api, topic=first.slug, ordering="headline") == [a.slug, b.slug]
    both = slugs(api, topic=f"{first.slug},{second.slug}")
    assert both == [c.slug, b.slug, a.slug]  # b, in both, once


def named(story, actor, start=0):
    return Mention.objects.create(
        article=story,
        actor=actor,
        start=start,
        end=start + 4,
        text=story.body[start : start + 4],
    )


def test_a_topic_and_an_actor_give_their_common_stories_once(api, client):
    topic, actor = TopicFactory(), ActorFactory()
    both_old = in_topic(topic, days_ago=2)
    both_new = in_topic(topic, days_ago=1)
    topic_only = in_topic(topic, days_ago=0)
    actor_only = PublishedArticleFactory()
    draft = DraftArticleFactory()
    draft.topics.add(topic)
    for story in (both_old, both_new, actor_only, draft):
        named(story, actor)
    named(both_new, actor, start=5)  # named twice, listed once

    assert slugs(api, topic=topic.slug, actor=actor.slug) == [
        both_new.slug,
        both_old.slug,
    ]
    page = client.get(f"{topic.get_absolute_url()}?actor={actor.slug}")
    listed = [story.slug for story in page.context["stories"]]
    assert listed == [both_new.slug, both_old.slug]
    assert topic_only.slug not in page.content.decode()
