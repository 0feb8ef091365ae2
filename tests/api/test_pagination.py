"""Anonymous story lists count once per public change (the whole list reads the
tallies); the desk's every time."""

import pytest

from articles import services
from tests.factories import (
    DraftArticleFactory,
    InReviewArticleFactory,
    OutletFactory,
    PublishedArticleFactory,
)

pytestmark = pytest.mark.django_db


def count(client, **params):
    response = client.get("/api/v1/articles/", params)
    assert response.status_code == 200
    return response.json()["count"]


def test_an_anonymous_count_follows_each_publication(api, editor):
    story = InReviewArticleFactory(genre="opinion")
    assert count(api) == 0
    assert count(api, genre="opinion") == 0

    services.article_transition(article=story, action="publish", user=editor)

    assert count(api) == 1
    assert count(api, genre="opinion") == 1
    assert count(api, genre="analysis") == 0


def test_a_filtered_anonymous_count_is_kept_until_the_next_public_change(api, editor):
    outlet = OutletFactory()  # a directory change is a public change of its own
    assert count(api, genre="reporting") == 0
    # Written without a service, as nothing on the desk does: nothing says the
    # public record changed, so the kept count stands...
    PublishedArticleFactory(outlet=outlet, genre="reporting")
    assert count(api, genre="reporting") == 0
    assert count(api) == 1  # (the whole list's is the tallies', always current)
    # ...until the next public change.
    story = InReviewArticleFactory(genre="reporting")
    services.article_transition(article=story, action="publish", user=editor)
    assert count(api, genre="reporting") == 2


def test_the_desk_is_counted_afresh(as_user, editor):
    client = as_user(editor)
    assert count(client) == 0
    DraftArticleFactory()  # a draft changes nothing public: no new site version
    assert count(client) == 1
