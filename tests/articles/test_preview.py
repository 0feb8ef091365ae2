"""The desk previews any story as readers will see it; no one else ever does."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from articles.models import Article
from tests.factories import (
    DraftArticleFactory,
    InReviewArticleFactory,
    PublishedArticleFactory,
)

pytestmark = pytest.mark.django_db

UNPUBLISHED = [Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.SPIKED]


def preview_url(article):
    return reverse("articles:story_preview", kwargs={"slug": article.slug})


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_the_desk_sees_an_unpublished_story_as_readers_will(client, reporter, status):
    article = DraftArticleFactory(
        status=status, headline="Unpublished headline", body="Unpublished body."
    )
    client.force_login(reporter)
    response = client.get(preview_url(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview — not published." in html
    assert "Unpublished headline" in html and "Unpublished body." in html
    assert 'class="story"' in html  # the published layout, not a tombstone
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert not any(d.startswith("max-age=") and d != "max-age=0" for d in directives)
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in html
    article.refresh_from_db()
    assert article.status == status  # drawn as published, never saved so
    # The public address still answers 404, even for the desk.
    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_anonymous_readers_and_non_desk_users_get_404(client, status):
    article = DraftArticleFactory(status=status)
    assert client.get(preview_url(article)).status_code == 404
    client.force_login(User.objects.create_user("reader", password="x"))
    response = client.get(preview_url(article))
    assert response.status_code == 404
    assert article.headline not in response.content.decode()


def test_a_published_story_previews_as_published(client, editor):
    article = PublishedArticleFactory()
    client.force_login(editor)
    html = client.get(preview_url(article)).content.decode()
    assert "Preview — published." in html


def test_admin_view_on_site_is_the_preview_until_published(client, editor):
    draft = InReviewArticleFactory()
    published = PublishedArticleFactory()
    client.force_login(editor)
    html = client.get(
        reverse("admin:articles_article_change", args=[draft.pk])
    ).content.decode()
    assert f'href="{preview_url(draft)}" class="viewsitelink">Preview</a>' in html
    html = client.get(
        reverse("admin:articles_article_change", args=[published.pk])
    ).content.decode()
    assert (
        f'href="{published.get_absolute_url()}" class="viewsitelink">View on site</a>'
        in html
    )
