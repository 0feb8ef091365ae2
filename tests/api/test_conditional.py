"""Conditional requests (RFC 9110): 304 for what a client already has, ETags that
change with anything shown and differ by audience, and If-Match with `*` or lists."""

import datetime

import pytest
from django.utils import timezone
from django.utils.http import http_date

from articles import services
from articles.models import Article, EditorialNote, Flag, Outlet
from tests.factories import EditorialNoteFactory, FlagFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


def detail(story):
    return f"/api/v1/articles/{story.slug}/"


def etag(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response["ETag"]


@pytest.mark.parametrize(
    "url",
    ["/api/v1/articles/{slug}/", "/api/v1/articles/{slug}/ninjs/", "/api/v1/articles/",
     "/api/v1/changes/", "/api/v1/outlets/", "/feed/"],
)  # fmt: skip
def test_what_the_client_has_answers_304(api, url):
    story = PublishedArticleFactory()
    url = url.format(slug=story.slug)
    first = api.get(url)
    assert first.status_code == 200 and first["ETag"]
    again = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"] and not again.content
    assert (
        api.get(url, HTTP_IF_NONE_MATCH='"other", ' + first["ETag"]).status_code == 304
    )
    assert api.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/articles/{slug}/", "/feed/"])
def test_if_modified_since_answers_304_until_a_change(api, editor, url):
    five_minutes_ago = timezone.now() - datetime.timedelta(minutes=5)
    story = PublishedArticleFactory(published_at=five_minutes_ago)
    Article.objects.filter(pk=story.pk).update(updated_at=five_minutes_ago)
    Outlet.objects.filter(pk=story.outlet_id).update(updated_at=five_minutes_ago)
    url = url.format(slug=story.slug)
    last_modified = api.get(url)["Last-Modified"]
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    story.refresh_from_db()
    story.dek = "Changed."
    services.article_update(article=story, user=editor)
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200


def test_the_etag_changes_with_notes_flags_and_the_outlets_label(api, editor):
    story = PublishedArticleFactory()
    flag = FlagFactory(article=story)
    seen = [etag(api, detail(story))]
    services.note_add(article=story, kind=EditorialNote.Kind.EDITORS_NOTE,
                      body="Context.", user=editor)  # fmt: skip
    seen.append(etag(api, detail(story)))
    services.flag_decide(flag=flag, state=Flag.State.CONFIRMED, user=editor,
                         reason="Loaded.")  # fmt: skip
    seen.append(etag(api, detail(story)))
    Outlet.objects.filter(pk=story.outlet_id).update(ownership="state_owned")
    seen.append(etag(api, detail(story)))
    assert len(set(seen)) == 4


def test_the_desk_and_readers_get_different_etags(api, as_user, editor):
    story = PublishedArticleFactory()
    EditorialNoteFactory(article=story, kind=EditorialNote.Kind.INTERNAL)
    desk = as_user(editor).get(detail(story))
    reader = api.get(detail(story))
    assert desk["ETag"] != reader["ETag"]
    assert reader["Cache-Control"] == "no-cache, public"
    assert desk["Cache-Control"] == "no-cache, private"
    assert "Authorization" in desk["Vary"] and "Authorization" in reader["Vary"]
    assert api.get(detail(story), HTTP_IF_NONE_MATCH=desk["ETag"]).status_code == 200


def patch(client, story, if_match):
    """An edit that changes something each time (an unchanged save is no version)."""
    patch.edits = getattr(patch, "edits", 0) + 1
    return client.patch(detail(story), {"dek": f"Edit {patch.edits}."},
                        format="json", HTTP_IF_MATCH=if_match)  # fmt: skip


def test_if_match_takes_a_star_or_a_list(as_user, editor):
    client = as_user(editor)
    story = PublishedArticleFactory()
    assert patch(client, story, "*").status_code == 200
    current = etag(client, detail(story))
    assert patch(client, story, f'"stale-one", {current}').status_code == 200
    current = etag(client, detail(story))
    story.refresh_from_db()
    assert patch(client, story, f'"{story.version}"').status_code == 200
    assert patch(client, story, current).status_code == 412
    assert patch(client, story, "W/" + etag(client, detail(story))).status_code == 200
    assert patch(client, story, "garbage").status_code == 400
    assert client.patch(detail(story), {"dek": "x"}, format="json").status_code == 428


def test_if_match_fails_when_what_the_story_shows_changed(as_user, editor):
    client = as_user(editor)
    story = PublishedArticleFactory()
    read = etag(client, detail(story))
    Outlet.objects.filter(pk=story.outlet_id).update(name="Renamed outlet")
    response = patch(client, story, read)
    assert response.status_code == 412
    assert "reload" in response.data["detail"]


def test_last_modified_follows_the_outlet(api):
    story = PublishedArticleFactory()
    long_ago = timezone.now() - datetime.timedelta(days=3)
    Article.objects.filter(pk=story.pk).update(updated_at=long_ago)
    Outlet.objects.filter(pk=story.outlet_id).update(updated_at=long_ago)
    before = api.get(detail(story))["Last-Modified"]
    assert before == http_date(long_ago.timestamp())
    outlet = Outlet.objects.get(pk=story.outlet_id)
    outlet.ownership_notes = "Reassessed."
    outlet.save()
    assert api.get(detail(story))["Last-Modified"] != before
