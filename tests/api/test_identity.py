"""A story's identity: a UUID minted once and a `tag:` URI from the configured site,
the same in the API, ninjs, Atom and JSON-LD; renamed stories keep their old slugs,
which answer 301 to the current URL and are never given to another story."""

import json
import re

import feedparser
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from articles import services
from articles.models import Article, OldSlug
from tests.factories import DraftArticleFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db

TAG = re.compile(
    r"tag:news\.example\.org,2024:story:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-"
    r"[89ab][0-9a-f]{3}-[0-9a-f]{12}"
)
SITE = override_settings(
    NEWSDESK_SITE_DOMAIN="news.example.org", NEWSDESK_TAG_DATE="2024"
)


def rename(story, slug, user):
    story.slug = slug
    return services.article_update(article=story, user=user)


@SITE
def test_every_surface_names_the_story_by_its_tag_uri_whatever_the_host(api, client):
    story = PublishedArticleFactory()
    uri = story.tag_uri
    assert TAG.fullmatch(uri) and str(story.uuid) in uri
    detail = api.get(f"/api/v1/articles/{story.slug}/", HTTP_HOST="localhost").data
    assert (detail["id"], detail["uri"]) == (str(story.uuid), uri)
    listed = api.get("/api/v1/articles/").data["results"][0]
    assert (listed["id"], listed["uri"]) == (str(story.uuid), uri)
    ninjs = api.get(f"/api/v1/articles/{story.slug}/ninjs/", HTTP_HOST="127.0.0.1")
    assert ninjs.data["uri"] == uri
    feed = feedparser.parse(client.get("/feed/", HTTP_HOST="localhost").content)
    assert feed.entries[0].id == uri
    html = client.get(story.get_absolute_url()).content.decode()
    jsonld = json.loads(re.search(r"ld\+json\">(.*?)</script>", html, re.S)[1])
    assert jsonld["@id"] == uri
    assert jsonld["url"] == f"http://testserver{story.get_absolute_url()}"


def test_uuids_are_minted_once_and_differ(editor):
    one, two = PublishedArticleFactory(), PublishedArticleFactory()
    assert one.uuid != two.uuid
    minted = one.uuid
    rename(one, "another-name", editor)
    one.refresh_from_db()
    assert one.uuid == minted


def test_a_renamed_story_answers_301_at_its_old_urls(api, as_user, client, editor):
    story = PublishedArticleFactory(slug="old-name")
    rename(story, "new-name", editor)
    assert list(OldSlug.objects.values_list("slug", flat=True)) == ["old-name"]

    page = client.get("/stories/old-name/")
    assert page.status_code == 301
    assert page["Location"] == "/stories/new-name/"
    detail = api.get("/api/v1/articles/old-name/?format=json")
    assert detail.status_code == 301
    assert detail["Location"] == (
        "http://testserver/api/v1/articles/new-name/?format=json"
    )
    ninjs = api.get("/api/v1/articles/old-name/ninjs/")
    assert ninjs.status_code == 301
    assert ninjs["Location"] == "http://testserver/api/v1/articles/new-name/ninjs/"
    assert api.get(ninjs["Location"]).data["slugline"] == "new-name"
    write = as_user(editor).patch(
        "/api/v1/articles/old-name/", {"dek": "x"}, format="json", HTTP_IF_MATCH="*"
    )
    assert write.status_code == 308
    assert write["Location"].endswith("/api/v1/articles/new-name/")


def test_a_renamed_unpublished_story_stays_hidden(api, client, as_user, editor):
    draft = DraftArticleFactory(slug="draft-old")
    rename(draft, "draft-new", editor)
    assert client.get("/stories/draft-old/").status_code == 404
    assert api.get("/api/v1/articles/draft-old/").status_code == 404
    assert as_user(editor).get("/api/v1/articles/draft-old/").status_code == 301


def test_a_withdrawn_storys_old_slug_leads_to_its_tombstone(api, editor, desk_chief):
    story = PublishedArticleFactory(slug="before")
    rename(story, "after", editor)
    services.article_transition(article=story, action="withdraw", user=desk_chief,
                                reason="Wrong.")  # fmt: skip
    moved = api.get("/api/v1/articles/before/")
    assert moved.status_code == 301
    response = api.get(moved["Location"])
    assert response.status_code == 410
    assert response.data["id"] == str(story.uuid)


def test_old_slugs_are_never_given_to_another_story(as_user, editor):
    story = PublishedArticleFactory(headline="Talks resume", slug="talks-resume")
    rename(story, "talks-resume-in-baku", editor)
    assert services.article_unique_slug("Talks resume") == "talks-resume-2"
    other = DraftArticleFactory()
    other.slug = "talks-resume"
    with pytest.raises(services.WorkflowError, match="another story"):
        services.article_update(article=other, user=editor)
    response = as_user(editor).post(
        "/api/v1/articles/",
        {"headline": "Talks", "body": "Text.", "slug": "talks-resume"},
        format="json",
    )
    assert response.status_code == 409
    assert "talks-resume-in-baku" in response.data["detail"]


def test_a_story_may_take_back_its_own_old_slug(editor):
    story = PublishedArticleFactory(slug="first")
    rename(story, "second", editor)
    rename(story, "first", editor)
    assert list(story.old_slugs.values_list("slug", flat=True)) == ["second"]
    assert services.article_unique_slug("first", exclude_pk=story.pk) == "first"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_gives_existing_stories_and_their_history_one_uuid_each():
    executor = MigrationExecutor(connection)
    before = [("articles", "0012_readable_constraint_messages")]
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        old_apps = executor.loader.project_state(before).apps
        outlet = old_apps.get_model("articles", "Outlet").objects.create(
            name="O", slug="o"
        )
        stories = old_apps.get_model("articles", "Article")
        history = old_apps.get_model("articles", "HistoricalArticle")
        for n in range(3):
            story = stories.objects.create(
                headline=f"S{n}", slug=f"s{n}", body="B", outlet=outlet
            )
            history.objects.create(
                id=story.pk, headline=story.headline, slug=story.slug, body="B",
                outlet_id=outlet.pk, history_date=story.created_at, history_type="+",
                created_at=story.created_at, updated_at=story.updated_at,
                language="en", genre="unclassified", status="draft", version=1,
                content_hash="", withdrawal_reason="",
            )  # fmt: skip
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    minted = dict(Article.objects.values_list("pk", "uuid"))
    assert len(set(minted.values())) == 3 and None not in minted.values()
    for row in Article.history.all():
        assert row.uuid == minted[row.id]
