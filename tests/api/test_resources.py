"""Topics, actors, events, outlets, notes and flags: reads for all, writes by permission."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from articles.models import EditorialNote, Flag
from tests.factories import (
    ActorFactory,
    AliasFactory,
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


@pytest.mark.parametrize("resource", ["topics", "actors", "events", "outlets"])
def test_directory_is_public_and_looked_up_by_slug(api, resource):
    factory = {
        "topics": TopicFactory,
        "actors": ActorFactory,
        "events": EventFactory,
        "outlets": OutletFactory,
    }[resource]
    row = factory(slug="the-slug")
    listing = api.get(f"/api/v1/{resource}/")
    assert listing.status_code == 200
    assert [item["slug"] for item in listing.data["results"]] == [row.slug]
    assert api.get(f"/api/v1/{resource}/the-slug/").status_code == 200


def test_actor_carries_its_aliases(api):
    AliasFactory(
        actor=ActorFactory(slug="azerbaijan", kind="state"), text="Baku", kind="metonym"
    )
    data = api.get("/api/v1/actors/azerbaijan/").data
    assert data["aliases"] == [{"text": "Baku", "kind": "metonym"}]


@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 401), ("reporter", 403), ("editor", 403), ("desk_chief", 201)],
)
def test_only_the_desk_chief_adds_actors(request, api, as_user, role, expected):
    client = as_user(request.getfixturevalue(role)) if role else api
    response = client.post(
        "/api/v1/actors/", {"slug": "new-actor", "name": "New actor", "kind": "person"}
    )
    assert response.status_code == expected


def test_event_cannot_end_before_it_starts(as_user, desk_chief):
    response = as_user(desk_chief).post(
        "/api/v1/events/",
        {"slug": "e", "title": "E", "date": "2023-11-20", "end_date": "2023-11-19"},
    )
    assert response.status_code == 400
    assert "end_date" in response.data


def test_outlet_with_stories_cannot_be_deleted(as_user, desk_chief):
    outlet = PublishedArticleFactory().outlet
    response = as_user(desk_chief).delete(f"/api/v1/outlets/{outlet.slug}/")
    assert response.status_code == 409
    assert "detail" in response.data


def test_anonymous_notes_are_public_notes_on_published_stories(api):
    published = PublishedArticleFactory()
    EditorialNoteFactory(
        article=published, kind=EditorialNote.Kind.CORRECTION, body="Public."
    )
    EditorialNoteFactory(
        article=published, kind=EditorialNote.Kind.INTERNAL, body="Internal."
    )
    EditorialNoteFactory(article=DraftArticleFactory(), kind=EditorialNote.Kind.EDITORS_NOTE,
                         body="On a draft.")  # fmt: skip
    bodies = [note["body"] for note in api.get("/api/v1/notes/").data["results"]]
    assert bodies == ["Public."]


def test_desk_sees_internal_notes(as_user, reporter):
    EditorialNoteFactory(article=DraftArticleFactory(), kind=EditorialNote.Kind.INTERNAL,
                         body="Check the date.")  # fmt: skip
    bodies = [
        note["body"] for note in as_user(reporter).get("/api/v1/notes/").data["results"]
    ]
    assert bodies == ["Check the date."]


def test_correction_through_the_api_points_at_its_passage(as_user, editor):
    article = PublishedArticleFactory(body="O'Brien spoke on November 15.")
    start = article.body.index("November 15")
    response = as_user(editor).post(
        "/api/v1/notes/",
        {"article": article.slug, "kind": "correction", "body": "The date was wrong.",
         "passage_start": start, "passage_end": start + 11, "previous_text": "November 16"},
    )  # fmt: skip
    assert response.status_code == 201, response.data
    assert response.data["corrected_text"] == "November 15"


def test_reporter_cannot_publish_a_correction(as_user, reporter):
    article = PublishedArticleFactory()
    response = as_user(reporter).post(
        "/api/v1/notes/",
        {"article": article.slug, "kind": "correction", "body": "Fix."},
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("role", "expected"), [(None, 401), ("reporter", 200), ("editor", 200)]
)
def test_flags_are_for_the_desk_only(request, api, as_user, role, expected):
    FlagFactory(article=PublishedArticleFactory())
    client = as_user(request.getfixturevalue(role)) if role else api
    assert client.get("/api/v1/flags/").status_code == expected


def test_editor_confirms_and_dismisses_flags(as_user, editor, reporter):
    article = InReviewArticleFactory()
    first, second = FlagFactory(article=article), FlagFactory(article=article)
    assert (
        as_user(reporter).post(f"/api/v1/flags/{first.pk}/confirm/").status_code == 403
    )
    client = as_user(editor)
    response = client.post(
        f"/api/v1/flags/{first.pk}/confirm/", {"reason": "Loaded term."}
    )
    assert response.status_code == 200
    assert response.data["state"] == "confirmed"
    assert response.data["decision_reason"] == "Loaded term."
    refused = client.post(f"/api/v1/flags/{second.pk}/dismiss/")
    assert refused.status_code == 400
    assert "reason" in refused.data
    client.post(f"/api/v1/flags/{second.pk}/dismiss/", {"reason": "A metonym."})
    second.refresh_from_db()
    assert second.state == Flag.State.DISMISSED
    assert second.decided_by == editor


def test_anonymous_clients_are_throttled(api):
    cache.clear()
    with override_settings(
        API_THROTTLE_RATES={"anon": "3/minute", "user": "100/minute"}
    ):
        codes = [api.get("/api/v1/topics/").status_code for _ in range(4)]
    cache.clear()
    assert codes == [200, 200, 200, 429]
