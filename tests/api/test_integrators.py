"""The API as integrators use it: list filters as HTTP clients send them, unknown
parameters refused, changes since a time, retractions as 410 Gone, ninjs that
readers such as Superdesk parse."""

import datetime
import re

import pytest
from django.utils import timezone

from actors.models import Actor
from articles import services
from articles.models import Article, Mention
from tests.factories import (
    ActorFactory,
    EventFactory,
    PublishedArticleFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles/"


def detail(article, suffix=""):
    return f"/api/v1/articles/{article.slug}/{suffix}"


def test_repeated_keys_mean_the_same_as_a_comma_list(api):
    PublishedArticleFactory(genre=Article.Genre.OPINION)
    PublishedArticleFactory(genre=Article.Genre.ANALYSIS)
    PublishedArticleFactory(genre=Article.Genre.REPORTING)
    repeated = api.get(LIST + "?genre=opinion&genre=analysis")
    comma = api.get(LIST + "?genre=opinion,analysis")
    assert repeated.status_code == comma.status_code == 200
    assert repeated.data["count"] == comma.data["count"] == 2


def test_an_unknown_query_parameter_is_a_400_naming_it(api):
    response = api.get(LIST + "?updated_afterr=2099-01-01&genre=opinion")
    assert response.status_code == 400
    assert list(response.data) == ["updated_afterr"]
    assert api.get("/api/v1/topics/?colour=red").status_code == 400
    assert api.get(LIST + "?page=1&page_size=5&include=body").status_code == 200


def test_updated_after_returns_what_changed_since(api, editor):
    old = PublishedArticleFactory()
    Article.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=3)
    )
    fresh = PublishedArticleFactory()
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    response = api.get(LIST, {"updated_after": since})
    assert response.status_code == 200
    assert [a["slug"] for a in response.data["results"]] == [fresh.slug]
    assert api.get(LIST, {"updated_after": "2099-01-01T00:00:00Z"}).data["count"] == 0
    assert api.get(LIST, {"updated_before": since}).data["count"] == 1


def test_updated_after_takes_any_zone_offset_python_reads(api):
    """PostgreSQL refuses offsets past ±15:59; schemathesis found it answering 503."""
    PublishedArticleFactory()
    far_east = api.get(LIST, {"updated_after": "2000-01-01T20:30:00+20:30"})
    assert far_east.status_code == 200
    assert far_east.data["count"] == 1
    out_of_calendar = api.get(LIST, {"updated_before": "0001-01-01T00:00:00+05:00"})
    assert out_of_calendar.status_code == 400
    assert list(out_of_calendar.data) == ["updated_before"]


def test_a_withdrawn_story_answers_410_with_its_public_reason(api, as_user, desk_chief):
    article = PublishedArticleFactory(headline="Retracted story")
    services.article_transition(article=article, action="withdraw", user=desk_chief,
                                reason="The main source recanted.")  # fmt: skip
    for url in (detail(article), detail(article, "ninjs/")):
        response = api.get(url)
        assert response.status_code == 410, url
        assert response.data["pubstatus"] == "canceled"
        assert response.data["reason"] == "The main source recanted."
        assert response.data["withdrawn_at"]
        assert "body" not in response.data
    assert as_user(desk_chief).get(detail(article)).status_code == 200
    assert api.get("/api/v1/articles/no-such-story/").status_code == 404


def test_ninjs_readers_get_seconds_places_and_subject_uris(api):
    story = PublishedArticleFactory(body="Azerbaijan said no.")
    story.topics.add(TopicFactory(name="Peace process", iptc_mediatopic="20000638"))
    state = ActorFactory(name="Azerbaijan", kind=Actor.Kind.STATE, country="az")
    Mention.objects.create(
        article=story, actor=state, start=0, end=10, text="Azerbaijan"
    )
    story.events.add(EventFactory(place="Washington"))
    item = api.get(detail(story, "ninjs/")).data
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", item["versioncreated"]
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", item["firstcreated"])
    assert {"name": "Azerbaijan", "rel": "mentioned", "literal": "AZ"} in item["places"]
    assert {"name": "Washington", "rel": "event-location"} in item["places"]
    assert item["subjects"][0]["uri"].endswith("/mediatopic/20000638")
    assert item["events"][0]["uri"].startswith("http")
