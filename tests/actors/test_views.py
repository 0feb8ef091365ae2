"""The actor and event pages: the directory's side, and the coverage beside it."""

import datetime

import pytest
from django.urls import reverse

from actors.models import Affiliation, Alias, Participation
from articles.models import Article
from tests.factories import (
    ActorFactory,
    DraftArticleFactory,
    EventFactory,
    OutletFactory,
    PublishedArticleFactory,
    TopicFactory,
)
from tests.public_content import dressed_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def aliyev():
    actor = ActorFactory(
        name="Ilham Aliyev",
        slug="ilham-aliyev",
        description="President of Azerbaijan since 2003.",
        country="AZ",
        wikidata_id="Q33113",
    )
    Alias.objects.create(actor=actor, text="Aliev", kind=Alias.Kind.TRANSLITERATION)
    state = ActorFactory(name="Azerbaijan", kind="state")
    Affiliation.objects.create(person=actor, organization=state, title="President")
    return actor


@pytest.fixture
def meeting():
    return EventFactory(
        title="Foreign ministers' meeting in Washington",
        slug="washington-meeting",
        date=datetime.date(2023, 11, 20),
        status="cancelled",
        place="Washington, D.C.",
    )


# Actors ------------------------------------------------------------------------


def test_actor_list_is_the_directory_and_filters_by_kind(client, aliyev):
    response = client.get(reverse("actors:actors"))
    assert {a.name for a in response.context["object_list"]} == {
        "Ilham Aliyev",
        "Azerbaijan",
    }
    response = client.get(reverse("actors:actors"), {"kind": "state"})
    assert [a.name for a in response.context["object_list"]] == ["Azerbaijan"]
    response = client.get(reverse("actors:actors"), {"kind": "wizard"})
    assert len(response.context["object_list"]) == 2


def test_actor_page_says_who_they_are(client, aliyev):
    html = client.get(aliyev.get_absolute_url()).content.decode()
    for text in (
        "Ilham Aliyev",
        "President of Azerbaijan since 2003.",
        "Aliev",
        "transliteration",
        "President, <a",
        "https://www.wikidata.org/wiki/Q33113",
    ):
        assert text in html


def test_organization_page_lists_its_people(client, aliyev):
    state = aliyev.affiliations.get().organization
    html = client.get(state.get_absolute_url()).content.decode()
    assert "People affiliated" in html
    assert aliyev.get_absolute_url() in html


def test_actor_page_shows_their_quotes_events_and_coverage(client, aliyev, meeting):
    Participation.objects.create(event=meeting, actor=aliyev, role="primary")
    story = dressed_story(
        topic=TopicFactory(), event=meeting, actor=aliyev, headline="Aliyev speaks"
    )
    response = client.get(aliyev.get_absolute_url())
    html = response.content.decode()
    assert response.context["quoting_count"] == 1
    assert "<blockquote><p>talks would resume</p></blockquote>" in html
    assert story.get_absolute_url() in html
    assert meeting.get_absolute_url() in html
    assert "Primary actor" in html
    assert list(response.context["page_obj"]) == [story]


def test_actor_page_counts_a_story_once_however_often_it_names_them(
    client, aliyev, meeting
):
    story = dressed_story(topic=TopicFactory(), event=meeting, actor=aliyev)
    start = story.body.index("Yerevan")
    story.mentions.create(actor=aliyev, start=start, end=start + 7, text="Yerevan")
    response = client.get(aliyev.get_absolute_url())
    assert response.context["page_obj"].paginator.count == 1


def test_actor_page_paginates_coverage(client, aliyev, meeting):
    topic = TopicFactory()
    for _ in range(21):
        dressed_story(topic=topic, event=meeting, actor=aliyev)
    first = client.get(aliyev.get_absolute_url())
    assert len(first.context["page_obj"]) == 20
    assert 'href="?page=2"' in first.content.decode()
    second = client.get(aliyev.get_absolute_url(), {"page": 2})
    assert len(second.context["page_obj"]) == 1


def test_unknown_actor_is_not_found(client):
    assert client.get("/actors/nobody/").status_code == 404


# Events ------------------------------------------------------------------------


def test_event_list_shows_dates_at_their_precision_and_status(client, meeting):
    EventFactory(
        title="Talks with Donfried",
        date=datetime.date(2022, 9, 1),
        date_precision="month",
    )
    html = client.get(reverse("actors:events")).content.decode()
    assert '<time datetime="2023-11-20">20 November 2023</time>' in html
    assert '<time datetime="2022-09">September 2022</time>' in html
    assert "Cancelled" in html


def test_event_page_shows_date_status_place_and_participants(client, meeting, aliyev):
    Participation.objects.create(event=meeting, actor=aliyev, role="host")
    topic = TopicFactory(name="Peace process")
    topic.events.add(meeting)
    html = client.get(meeting.get_absolute_url()).content.decode()
    for text in (
        "20 November 2023",
        "Cancelled",
        "This event was cancelled",
        "Washington, D.C.",
        aliyev.get_absolute_url(),
        "host",
        topic.get_absolute_url(),
    ):
        assert text in html


def test_event_page_sets_coverage_side_by_side_by_outlet(client, meeting, aliyev):
    topic = TopicFactory()
    azernews = OutletFactory(name="AzerNews", ownership="state_affiliated")
    turan = OutletFactory(name="Turan", ownership="independent")
    dressed_story(
        topic=topic,
        event=meeting,
        actor=aliyev,
        outlet=azernews,
        genre=Article.Genre.OPINION,
        headline="AzerNews on the meeting",
    )
    PublishedArticleFactory(outlet=turan, headline="Turan on the meeting").events.add(
        meeting
    )
    response = client.get(meeting.get_absolute_url())
    html = response.content.decode()
    columns = html.split('class="coverage-column"')[1:]
    assert len(columns) == 2
    azernews_column, turan_column = columns
    assert "AzerNews on the meeting" in azernews_column
    assert "State-affiliated" in azernews_column and "Opinion" in azernews_column
    assert "Ilham Aliyev" in azernews_column  # whom it quotes
    assert "Loaded language" in azernews_column  # the confirmed flag
    assert "Unattributed claim" not in azernews_column  # a suggested flag
    assert "Turan on the meeting" in turan_column
    assert "no one" in turan_column and "none" in turan_column


def test_event_page_compares_quotes_of_the_event_across_stories(
    client, meeting, aliyev
):
    topic = TopicFactory()
    for outlet in ("AzerNews", "Turan"):
        dressed_story(topic=topic, event=meeting, actor=aliyev, outlet__name=outlet)
    response = client.get(meeting.get_absolute_url())
    assert len(response.context["event_quotes"]) == 2
    html = response.content.decode()
    assert "as quoted by AzerNews" in html and "as quoted by Turan" in html


def test_event_page_of_an_unknown_event_is_not_found(client):
    assert client.get("/events/nothing/").status_code == 404


def test_event_page_lists_no_unpublished_coverage(client, meeting, aliyev):
    dressed_story(
        topic=TopicFactory(),
        event=meeting,
        actor=aliyev,
        factory=DraftArticleFactory,
        headline="Draft on the meeting",
    )
    response = client.get(meeting.get_absolute_url())
    assert response.context["page_obj"].paginator.count == 0
    assert list(response.context["event_quotes"]) == []
    assert "Draft on the meeting" not in response.content.decode()
