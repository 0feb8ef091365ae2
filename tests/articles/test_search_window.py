"""Search ranks only the newest matches, so a common word costs what a rare one does."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import search
from articles.models import Article
from tests.factories import DraftArticleFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def window_of_three(monkeypatch):
    monkeypatch.setattr(search, "WINDOW", 3)


def test_only_the_newest_matches_are_ranked(window_of_three):
    best_but_oldest = PublishedArticleFactory(
        headline="Ceasefire ceasefire", body="Ceasefire."
    )
    newer = [
        PublishedArticleFactory(headline=f"Talks {n}", body="A ceasefire held.")
        for n in range(3)
    ]
    PublishedArticleFactory(headline="Unrelated", body="Nothing here.")
    found = list(Article.objects.published().search("ceasefire"))
    assert sorted(story.pk for story in found) == sorted(story.pk for story in newer)
    assert best_but_oldest not in found
    assert search.prepare("ceasefire").windowed


def test_every_match_is_ranked_when_fewer_match_than_the_window(window_of_three):
    weak = PublishedArticleFactory(headline="Talks", body="A ceasefire held.")
    strong = PublishedArticleFactory(headline="Ceasefire", body="Ceasefire.")
    assert list(Article.objects.published().search("ceasefire")) == [strong, weak]
    assert not search.prepare("ceasefire").windowed


def test_the_window_is_counted_among_published_stories_only(window_of_three):
    """Drafts neither fill the window nor tell a reader that more stories match."""
    oldest = PublishedArticleFactory(headline="Ceasefire", body="Ceasefire.")
    DraftArticleFactory.create_batch(5, body="A ceasefire draft.")
    assert list(Article.objects.published().search("ceasefire")) == [oldest]
    assert not search.prepare("ceasefire").windowed


def test_the_search_page_says_when_older_stories_were_left_out(client, window_of_three):
    PublishedArticleFactory.create_batch(4, body="A ceasefire held.")
    page = client.get("/search/", {"q": "ceasefire"}).content.decode()
    status = re.search(r'role="status">([^<]*)', page).group(1)
    assert "More than 3 stories match" in status
    assert "these 3 published ones" in status
    one = client.get("/search/", {"q": "held"}).content.decode()
    assert "More than" in one  # four stories, window three
    PublishedArticleFactory(headline="Unique", body="Quartermaster.")
    rare = client.get("/search/", {"q": "quartermaster"}).content.decode()
    assert "1 published story match" in rare


def test_a_search_reads_no_match_outside_the_window(window_of_three):
    """The window is part of the query the database runs, not a filter after it."""
    PublishedArticleFactory.create_batch(5, body="A ceasefire held.")
    match = search.prepare("ceasefire")
    with CaptureQueriesContext(connection) as ctx:
        list(Article.objects.published().search(match))
    (sql,) = [q["sql"] for q in ctx.captured_queries]
    assert str(match.floor) in sql
    assert match.floor == sorted(Article.objects.values_list("pk", flat=True))[-3]
    assert Article.objects.published().search(match).count() == 3
