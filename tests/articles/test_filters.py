"""The story FilterSet shared by the API and the topic page."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from articles.api.filters import ArticleFilter, SlugsFilter
from articles.models import Article, Mention, Topic
from tests.factories import (
    ActorFactory,
    EventFactory,
    PublishedArticleFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def filtered(**params):
    filterset = ArticleFilter(params, queryset=Article.objects.published())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs)


def test_several_values_mean_any_of_them():
    opinion = PublishedArticleFactory(genre=Article.Genre.OPINION)
    analysis = PublishedArticleFactory(genre=Article.Genre.ANALYSIS)
    PublishedArticleFactory(genre=Article.Genre.REPORTING)
    assert filtered(genre="opinion,analysis") == {opinion, analysis}


def test_different_filters_combine_with_and():
    topic = TopicFactory(slug="peace-process")
    both = PublishedArticleFactory(genre=Article.Genre.OPINION)
    both.topics.add(topic)
    PublishedArticleFactory(genre=Article.Genre.OPINION)
    in_topic_only = PublishedArticleFactory(genre=Article.Genre.REPORTING)
    in_topic_only.topics.add(topic)
    assert filtered(topic="peace-process", genre="opinion") == {both}


def test_actor_filter_finds_stories_mentioning_them_once_each():
    aliyev = ActorFactory(slug="ilham-aliyev")
    story = PublishedArticleFactory(body="Aliyev spoke. Aliyev left.")
    for start in (0, 14):
        Mention.objects.create(article=story, actor=aliyev, start=start, end=start + 6,
                               text="Aliyev")  # fmt: skip
    PublishedArticleFactory()
    filterset = ArticleFilter({"actor": "ilham-aliyev"}, queryset=Article.objects.all())
    assert list(filterset.qs) == [story]


def test_event_and_outlet_filters():
    event = EventFactory(slug="washington-meeting")
    story = PublishedArticleFactory(outlet__slug="turan")
    story.events.add(event)
    PublishedArticleFactory()
    assert filtered(event="washington-meeting") == {story}
    assert filtered(outlet="turan") == {story}


@pytest.mark.parametrize("name", ["topic", "event", "actor", "outlet"])
def test_linked_slug_filters_read_the_links_without_the_stories(name):
    unordered = Article.objects.order_by()
    linked = ArticleFilter.base_filters[name].filter(unordered, ["a"])
    subquery = str(linked.query).split(" IN (SELECT ", 1)[1]
    assert '"articles_article"' not in subquery


def test_date_range():
    old = PublishedArticleFactory(
        published_at=timezone.make_aware(datetime.datetime(2022, 9, 27))
    )
    new = PublishedArticleFactory(
        published_at=timezone.make_aware(datetime.datetime(2024, 10, 8))
    )
    assert filtered(published_after="2023-01-01") == {new}
    assert filtered(published_before="2023-01-01") == {old}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"actor": "nobody-by-this-name"}, "actor"),
        ({"topic": "atlantis"}, "topic"),
        ({"genre": "gossip"}, "genre"),
        ({"published_after": "yesterday"}, "published_after"),
    ],
)
def test_unknown_values_are_errors_that_name_the_field(params, field):
    filterset = ArticleFilter(params, queryset=Article.objects.all())
    assert not filterset.is_valid()
    assert field in filterset.errors


def test_unknown_slug_error_names_the_slug():
    filterset = ArticleFilter(
        {"actor": "ilham-aliyev,nobody"}, queryset=Article.objects.all()
    )
    ActorFactory(slug="ilham-aliyev")
    assert not filterset.is_valid()
    assert "nobody" in str(filterset.errors["actor"])


def test_text_filter_searches():
    match = PublishedArticleFactory(headline="Section 907 waiver withdrawn")
    PublishedArticleFactory(headline="Unrelated")
    assert filtered(q="907 waiver") == {match}


def test_a_slug_filter_refuses_a_relation_it_cannot_follow():
    # A topic's stories are the other side of a story's topics: no link table of
    # its own to read from there.
    backwards = SlugsFilter(field_name="articles__slug", queryset=Article.objects)
    with pytest.raises(ImproperlyConfigured, match="articles__slug"):
        backwards.filter(Topic.objects.all(), ["a"])
