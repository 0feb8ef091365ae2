"""A page's stories read by their ids (articles/site/listing.py)."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from articles.site.listing import stories_by_id
from tests.factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories():
    """Three published stories, newest first."""
    now = timezone.now()
    return [
        PublishedArticleFactory(published_at=now - datetime.timedelta(days=days))
        for days in range(3)
    ]


def test_stories_come_in_the_order_of_their_ids(stories):
    oldest, newest = stories[2], stories[0]
    ids = [oldest.pk, newest.pk]
    assert stories_by_id(Article.objects.as_listed(), ids) == [oldest, newest]


def test_ids_as_a_query_take_its_order_in_one_query(stories, django_assert_num_queries):
    newest_two = Article.objects.published().values("pk")[:2]
    with django_assert_num_queries(1):
        found = stories_by_id(Article.objects.all(), newest_two)
    assert found == stories[:2]
