"""Directory care in admin: the actor picker ranks names and aliases, an alias
another actor already goes by is refused naming that actor, and validation errors
read as sentences, never as constraint names."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actors.models import Actor, Alias, Event
from tests.admin_forms import form_values
from tests.factories import ActorFactory, EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    armenia = ActorFactory(name="Armenia", kind=Actor.Kind.STATE)
    azerbaijan = ActorFactory(name="Azerbaijan", kind=Actor.Kind.STATE)
    Alias.objects.create(actor=azerbaijan, text="Baku", kind=Alias.Kind.METONYM)
    ActorFactory(name="Adam Schiff", description="Armenia's friend in Congress.")
    ActorFactory(name="Antony Blinken", description="Met Armenia's foreign minister.")
    ActorFactory(name="Armenian Assembly of America")
    ActorFactory(name="Pan-Armenian Council")
    yerevan_gov = ActorFactory(name="Government of the Republic")
    Alias.objects.create(actor=yerevan_gov, text="Armenian government")
    return {"armenia": armenia, "azerbaijan": azerbaijan}


def autocomplete(client, term):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "actors", "model_name": "participation",
         "field_name": "actor", "term": term},
    )  # fmt: skip
    assert response.status_code == 200
    return [item["text"] for item in response.json()["results"]]


def test_the_picker_ranks_exact_then_prefix_and_ignores_descriptions(
    admin_client, directory
):
    assert autocomplete(admin_client, "Armenia") == [
        "Armenia",  # the exact name
        "Armenian Assembly of America",  # the name starts with it
        "Government of the Republic",  # an alias starts with it
        "Pan-Armenian Council",  # a word of the name starts with it
    ]
    assert autocomplete(admin_client, "baku") == ["Azerbaijan"]  # an exact alias


def test_the_picker_puts_an_exact_alias_before_name_prefixes(admin_client, directory):
    ActorFactory(name="Bakunin Institute")
    assert autocomplete(admin_client, "Baku") == ["Azerbaijan", "Bakunin Institute"]


def test_an_alias_another_actor_goes_by_is_refused_naming_that_actor(directory):
    person = ActorFactory(name="Hikmet Hajiyev", kind=Actor.Kind.PERSON)
    clash = Alias(actor=person, text="baku")
    with pytest.raises(ValidationError) as refused:
        clash.full_clean()
    assert refused.value.message_dict["text"] == [
        "“baku” is already an alias of Azerbaijan. Remove it there first, or tick "
        "“deliberately shared” if both are meant."
    ]
    Alias(actor=person, text="baku", shared=True).full_clean()  # on purpose


def test_an_alias_that_is_another_actors_name_is_refused(directory):
    person = ActorFactory(name="Someone")
    with pytest.raises(ValidationError, match="is the name of Armenia"):
        Alias(actor=person, text="  armenia ").full_clean()


def test_admin_refuses_the_clashing_alias_and_keeps_the_directory(
    admin_client, directory
):
    person = ActorFactory(name="Hikmet Hajiyev", kind=Actor.Kind.PERSON)
    url = reverse("admin:actors_actor_change", args=[person.pk])
    data = form_values(admin_client.get(url).content.decode())
    data["aliases-0-text"] = ["Baku"]
    data["aliases-0-kind"] = [Alias.Kind.METONYM]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "is already an alias of Azerbaijan" in response.content.decode()
    assert not person.aliases.exists()
    assert Actor.objects.named("Baku") == (
        directory["azerbaijan"],
        Alias.objects.get(text="Baku"),
    )


def test_a_reversed_event_date_reads_as_a_sentence(admin_client):
    event = EventFactory(date=datetime.date(2023, 11, 20))
    url = reverse("admin:actors_event_change", args=[event.pk])
    data = form_values(admin_client.get(url).content.decode())
    data["end_date"] = ["2023-11-01"]
    response = admin_client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The end date is before the date the event starts." in html
    assert "event_ends_after_start" not in html
    assert Event.objects.get(pk=event.pk).end_date is None
