"""Every admin page a desk uses answers for a superuser, with real rows in place."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse

from actors.models import Affiliation, Participation
from articles.models import AuditEntry, Flag, Mention, Quote
from tests.factories import (
    ActorFactory,
    AliasFactory,
    EditorialNoteFactory,
    EventFactory,
    FlagFactory,
    PublishedArticleFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

DESK_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"actors", "articles"} and model is not AuditEntry
]


@pytest.fixture
def one_of_each():
    """A row of every desk model, linked as in real coverage."""
    person = ActorFactory(name="James O'Brien", slug="james-obrien")
    state = ActorFactory(
        name="Government of Azerbaijan", slug="azerbaijan", kind="state"
    )
    AliasFactory(actor=state, text="Baku")
    Affiliation.objects.create(
        person=person,
        organization=state,
        title="Adviser",
        start_date=datetime.date(2020, 1, 1),
    )
    event = EventFactory(title="Washington meeting", status="cancelled")
    Participation.objects.create(event=event, actor=state)
    article = PublishedArticleFactory()
    article.topics.add(TopicFactory())
    article.events.add(event)
    Mention.objects.create(article=article, actor=state, start=0, end=4, text="Baku")
    Quote.objects.create(article=article, speaker=state, start=0, end=4, text="Baku")
    FlagFactory(article=article)
    EditorialNoteFactory(article=article)


def test_every_desk_model_is_in_admin():
    assert {model._meta.model_name for model in DESK_MODELS} == {
        "actor", "alias", "affiliation", "event", "participation",
        "outlet", "topic", "article", "mention", "quote", "flag", "editorialnote",
    }  # fmt: skip


@pytest.mark.parametrize("model", DESK_MODELS, ids=lambda model: model._meta.model_name)
def test_changelist_add_and_change_pages_answer(admin_client, one_of_each, model):
    opts = model._meta
    obj = model.objects.first()
    urls = [
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
    add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    # Spans are found in the body or flagged on the story's page, never typed in.
    assert add.status_code == (403 if model in SPANS else 200)


SPANS = (Mention, Quote, Flag)


@pytest.mark.parametrize("model", DESK_MODELS, ids=lambda model: model._meta.model_name)
def test_changelist_search_answers(admin_client, one_of_each, model):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client.get(url, {"q": "Baku"}).status_code == 200


def test_reporter_sees_articles_but_cannot_add_actors(client):
    reporter = User.objects.create_user(
        "reporter", password="pw-for-tests", is_staff=True
    )
    reporter.groups.add(Group.objects.get(name="Reporter"))
    client.force_login(reporter)
    assert client.get(reverse("admin:articles_article_add")).status_code == 200
    assert client.get(reverse("admin:actors_actor_add")).status_code == 403


def test_audit_trail_is_listed_but_never_edited(admin_client, one_of_each):
    assert (
        admin_client.get(reverse("admin:articles_auditentry_changelist")).status_code
        == 200
    )
    assert admin_client.get(reverse("admin:articles_auditentry_add")).status_code == 403


def test_admin_index_shows_the_review_queue(admin_client, one_of_each):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Review queue" in html
    assert "?queue=in_review" in html
