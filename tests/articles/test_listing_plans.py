"""An actor's list is planned by its size, and both plans list the same stories."""

import pytest

from articles.models import Article, Mention
from articles.site.listing import among
from tests.factories import ActorFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


def _named(actor, count):
    stories = PublishedArticleFactory.create_batch(count, body="Salem spoke.")
    for story in stories:
        Mention.objects.create(article=story, actor=actor, start=0, end=5)
    return stories


def test_both_plans_list_the_same_stories_newest_first():
    actor = ActorFactory(name="Salem")
    _named(actor, 7)
    PublishedArticleFactory.create_batch(5)  # not naming the actor
    published = Article.objects.published()
    links = Mention.objects.filter(actor=actor)
    walk = among(published, links, members=10**6, page_end=20)  # walk the archive
    sort = among(published, links, members=0, page_end=20)  # sort the members
    assert "EXISTS" in str(walk.query).upper()
    assert "EXISTS" not in str(sort.query).upper()
    expected = list(
        published.filter(mentions__actor=actor).order_by("-published_at", "-pk")
    )
    assert len(expected) == 7
    assert list(walk) == expected
    assert list(sort) == expected


def test_a_busy_actor_walks_and_a_rare_one_sorts():
    busy, rare = ActorFactory(name="Busy"), ActorFactory(name="Rare")
    _named(busy, 30)
    _named(rare, 2)
    PublishedArticleFactory.create_batch(10)
    published = Article.objects.published()
    plan = {
        actor.name: among(
            published,
            Mention.objects.filter(actor=actor),
            members=Mention.objects.filter(actor=actor).count(),
            page_end=20,
        )
        for actor in (busy, rare)
    }
    # 30 of 42 stories: the walk fills a page of 20 after about 28 stories.
    assert "EXISTS" in str(plan["Busy"].query).upper()
    assert "EXISTS" not in str(plan["Rare"].query).upper()
