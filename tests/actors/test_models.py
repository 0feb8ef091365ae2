import datetime

import pytest
from django.db import IntegrityError

from actors.models import Affiliation, Alias, Event
from tests.factories import ActorFactory, AliasFactory, EventFactory

pytestmark = pytest.mark.django_db


def test_actor_slug_is_unique():
    ActorFactory(slug="ilham-aliyev")
    with pytest.raises(IntegrityError):
        ActorFactory(slug="ilham-aliyev")


def test_alias_text_is_unique_per_actor_whatever_the_case():
    alias = AliasFactory(text="Baku")
    with pytest.raises(IntegrityError):
        Alias.objects.create(actor=alias.actor, text="BAKU")


def test_two_actors_may_share_an_alias_text():
    """'Washington' can be a metonym for the government and a person's surname."""
    AliasFactory(text="Washington")
    AliasFactory(text="Washington")
    assert Alias.objects.filter(text="Washington").count() == 2


def test_event_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        EventFactory(
            date=datetime.date(2023, 11, 20), end_date=datetime.date(2023, 11, 19)
        )


def test_event_may_end_on_its_start_day():
    event = EventFactory(
        date=datetime.date(2023, 11, 20), end_date=datetime.date(2023, 11, 20)
    )
    assert event.pk


def test_affiliation_cannot_end_before_it_starts():
    person = ActorFactory()
    organization = ActorFactory(kind="organization")
    with pytest.raises(IntegrityError):
        Affiliation.objects.create(
            person=person,
            organization=organization,
            start_date=datetime.date(2022, 1, 1),
            end_date=datetime.date(2021, 1, 1),
        )


def test_affiliation_cannot_link_an_actor_to_itself():
    actor = ActorFactory()
    with pytest.raises(IntegrityError):
        Affiliation.objects.create(person=actor, organization=actor)


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        (Event.Precision.DAY, "20 November 2023"),
        (Event.Precision.WEEK, "week of 20 November 2023"),
        (Event.Precision.MONTH, "November 2023"),
        (Event.Precision.YEAR, "2023"),
    ],
)
def test_event_date_is_shown_at_its_precision(precision, expected):
    event = EventFactory.build(
        date=datetime.date(2023, 11, 20), date_precision=precision
    )
    assert event.display_date == expected


def test_actor_and_event_have_public_urls():
    assert (
        ActorFactory(slug="james-obrien").get_absolute_url() == "/actors/james-obrien/"
    )
    assert EventFactory(slug="washington-meeting").get_absolute_url() == (
        "/events/washington-meeting/"
    )
