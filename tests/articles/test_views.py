import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import DraftArticleFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


def test_home_lists_published_stories_only(client):
    published = PublishedArticleFactory(headline="Baku declines Washington meeting")
    hidden = [
        DraftArticleFactory(headline=f"Hidden {status} story", status=status)
        for status in set(Article.Status) - {Article.Status.PUBLISHED}
    ]
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert published.headline in html
    assert published.get_absolute_url() in html
    for article in hidden:
        assert article.headline not in html


def test_home_shows_type_of_work_and_ownership(client):
    PublishedArticleFactory(
        genre=Article.Genre.OPINION, outlet__ownership="state_affiliated"
    )
    html = client.get(reverse("home")).content.decode()
    assert "Opinion" in html
    assert "State-affiliated" in html


def test_home_escapes_headlines(client):
    PublishedArticleFactory(headline="<script>alert(1)</script>")
    html = client.get(reverse("home")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_home_query_count_does_not_grow_with_stories(
    client, django_assert_max_num_queries
):
    PublishedArticleFactory.create_batch(15)
    with django_assert_max_num_queries(3):
        client.get(reverse("home"))


@pytest.mark.parametrize(
    "status",
    sorted(set(Article.Status) - {Article.Status.PUBLISHED, Article.Status.WITHDRAWN}),
)
def test_unpublished_story_page_is_not_found(client, status):
    article = DraftArticleFactory(status=status)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_published_story_page_answers(client):
    article = PublishedArticleFactory()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert article.headline in response.content.decode()


def test_withdrawn_story_is_a_tombstone_with_its_reason(client):
    article = PublishedArticleFactory(
        status=Article.Status.WITHDRAWN,
        body="The secret body text.",
        withdrawal_reason="The quotes could not be verified.",
    )
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert article.headline in html
    assert "The quotes could not be verified." in html
    assert "The secret body text." not in html
    assert article.headline not in client.get(reverse("home")).content.decode()
