"""Keeping a copy in step: `updated_after`/`updated_before` on every resource, and
the change feed (`/api/v1/changes/`), whose cursor a mirror follows across edits,
renames and withdrawals."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from actors.models import Actor, Event
from articles import services
from articles.models import Article, EditorialNote, Outlet, Topic
from tests.factories import (
    ActorFactory,
    DraftArticleFactory,
    EditorialNoteFactory,
    EventFactory,
    FlagFactory,
    InReviewArticleFactory,
    OutletFactory,
    PublishedArticleFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

CHANGES = "/api/v1/changes/"
LONG_AGO = timezone.now() - datetime.timedelta(days=30)
SINCE = (timezone.now() - datetime.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("url", "factory", "model"),
    [
        ("/api/v1/actors/", ActorFactory, Actor),
        ("/api/v1/events/", EventFactory, Event),
        ("/api/v1/outlets/", OutletFactory, Outlet),
        ("/api/v1/topics/", TopicFactory, Topic),
    ],
)
def test_every_directory_resource_filters_by_time_of_change(api, url, factory, model):
    old, fresh = factory(), factory()
    model.objects.filter(pk=old.pk).update(updated_at=LONG_AGO)
    after = api.get(url, {"updated_after": SINCE})
    assert after.status_code == 200
    assert [row["slug"] for row in after.data["results"]] == [fresh.slug]
    before = api.get(url, {"updated_before": SINCE}).data["results"]
    assert [row["slug"] for row in before] == [old.slug]


def test_notes_and_flags_filter_by_their_storys_time_of_change(api, as_user, editor):
    quiet, busy = PublishedArticleFactory(), PublishedArticleFactory()
    EditorialNoteFactory(article=quiet)
    FlagFactory(article=quiet)
    note = EditorialNoteFactory(article=busy)
    flag = FlagFactory(article=busy)
    Article.objects.filter(pk=quiet.pk).update(updated_at=LONG_AGO)
    notes = api.get("/api/v1/notes/", {"updated_after": SINCE}).data["results"]
    assert [row["id"] for row in notes] == [note.pk]
    flags = as_user(editor).get("/api/v1/flags/", {"updated_after": SINCE})
    assert [row["id"] for row in flags.data["results"]] == [flag.pk]


def test_the_change_feed_pages_by_cursor_oldest_change_first(api, editor):
    stories = [PublishedArticleFactory() for _ in range(5)]
    for age, story in enumerate(reversed(stories)):
        Article.objects.filter(pk=story.pk).update(
            updated_at=LONG_AGO + datetime.timedelta(minutes=10 - age)
        )
    DraftArticleFactory()
    seen, url = [], CHANGES + "?page_size=2"
    for _ in range(3):
        page = api.get(url).data
        seen += [row["slug"] for row in page["results"]]
        url = page["next"]
    assert seen == [story.slug for story in stories]
    assert page["more"] is False
    assert "cursor=" in url  # the place to come back to for later changes
    assert api.get(url).data["results"] == []
    stories[0].dek = "Changed."
    services.article_update(article=stories[0], user=editor)
    assert [row["slug"] for row in api.get(url).data["results"]] == [stories[0].slug]


def test_a_withdrawn_story_is_a_tombstone_in_the_change_feed(api, desk_chief):
    story = PublishedArticleFactory()
    services.article_transition(article=story, action="withdraw", user=desk_chief,
                                reason="The source recanted.")  # fmt: skip
    (change,) = api.get(CHANGES).data["results"]
    assert change["id"] == str(story.uuid)
    assert change["uri"] == story.tag_uri
    assert change["pubstatus"] == "canceled"
    assert change["reason"] == "The source recanted."
    assert change["withdrawn_at"]
    assert "headline" not in change and "body" not in change
    assert api.get(change["url"]).status_code == 410


def test_the_change_feed_refuses_what_it_did_not_give(api):
    assert api.get(CHANGES, {"cursor": "not-a-cursor"}).status_code == 400
    assert api.get(CHANGES, {"page": "2", "colour": "red"}).status_code == 400
    assert api.get(CHANGES, {"updated_after": SINCE}).status_code == 200


@override_settings(NEWSDESK_CHANGE_FEED_LAG_SECONDS=60)
def test_the_newest_changes_wait_for_the_lag(api):
    settled = PublishedArticleFactory()
    Article.objects.filter(pk=settled.pk).update(updated_at=LONG_AGO)
    PublishedArticleFactory()
    page = api.get(CHANGES).data
    assert [row["slug"] for row in page["results"]] == [settled.slug]


def sync(api, mirror, url):
    """A mirror's loop: apply each change, follow `next` until nothing is left."""
    while True:
        page = api.get(url)
        assert page.status_code == 200
        for change in page.data["results"]:
            if change["pubstatus"] == "canceled":
                mirror[change["id"]] = tombstone(change)
            else:
                mirror[change["id"]] = api.get(change["url"]).json()
        url = page.data["next"]
        if not page.data["more"]:
            return url


def tombstone(answer):
    return {key: answer[key] for key in ("uri", "slug", "reason", "withdrawn_at")}


def public_state(api):
    """What the source shows anonymous readers, story by story."""
    state = {}
    for story in Article.objects.on_record():
        answer = api.get(f"/api/v1/articles/{story.slug}/")
        if answer.status_code == 410:
            state[str(story.uuid)] = tombstone(answer.json())
        else:
            assert answer.status_code == 200
            state[str(story.uuid)] = answer.json()
    return state


def test_a_mirror_stays_exact_through_edits_renames_and_withdrawals(
    api, editor, desk_chief
):
    edited, renamed, withdrawn = (PublishedArticleFactory() for _ in range(3))
    in_review = InReviewArticleFactory()
    mirror = {}
    cursor = sync(api, mirror, CHANGES + "?page_size=2")
    assert mirror == public_state(api) and len(mirror) == 3

    edited.headline = "A better headline"
    services.article_update(article=edited, user=editor)
    services.note_add(article=edited, kind=EditorialNote.Kind.CORRECTION,
                      body="We fixed the headline.", user=editor)  # fmt: skip
    renamed.slug = "a-new-address"
    services.article_update(article=renamed, user=editor)
    services.article_transition(article=withdrawn, action="withdraw",
                                user=desk_chief, reason="Not true.")  # fmt: skip
    services.article_transition(article=in_review, action="publish", user=editor)
    DraftArticleFactory()  # never public, never mirrored

    cursor = sync(api, mirror, cursor)
    assert mirror == public_state(api) and len(mirror) == 4
    assert mirror[str(renamed.uuid)]["slug"] == "a-new-address"
    assert mirror[str(withdrawn.uuid)]["reason"] == "Not true."
    assert api.get(cursor).data["results"] == []
