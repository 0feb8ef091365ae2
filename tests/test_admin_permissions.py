"""Every admin URL that can write — add, change, delete, history revert — for every
model, tried by every role: never a 500, never a write the role may not make, and
never a write to a story's annotations without an audit entry."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from articles.models import (
    Article,
    AuditEntry,
    EditorialNote,
    Flag,
    Mention,
    Quote,
)
from articles.services import article_can_edit
from tests.admin_forms import form_values
from tests.factories import (
    ActorFactory,
    DraftArticleFactory,
    InReviewArticleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"actors", "articles"}
]
AUDITED = (Article, Flag, EditorialNote, Mention, Quote)
ROLES = ["Reporter", "Editor", "Desk chief"]


def _snapshot():
    return {
        model._meta.label: sorted(
            tuple(map(str, row)) for row in model.objects.order_by().values_list()
        )
        for model in MODELS
        if model is not AuditEntry
    }


def _url(model, view, *args):
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)
    except NoReverseMatch:
        return None


def _edited(data):
    """The form as posted, with its first free-text field changed."""
    for name, values in data.items():
        if name.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "version", "-id")):
            continue
        if name in {"headline", "name", "body", "text", "title", "description", "dek"}:
            return {**data, name: [values[0] + " (changed)"]}
    return data


def _writes(model, obj, client):
    """Each writing request an attacker could craft from the pages admin serves."""
    change = _url(model, "change", obj.pk)
    page = client.get(change)
    data = form_values(page.content.decode()) if page.status_code == 200 else {}
    yield "change", change, _edited(data)
    yield "delete", _url(model, "delete", obj.pk), {"post": "yes"}
    history = getattr(model, "history", None)
    if history is not None:
        version = history.model.objects.filter(id=obj.pk).order_by("history_id").first()
        if version is not None:
            revert = _url(model, "simple_history", obj.pk, version.pk)
            page = client.get(revert)
            data = form_values(page.content.decode()) if page.status_code == 200 else {}
            yield "revert", revert, _edited(data)


@pytest.mark.parametrize("role", ROLES)
def test_no_role_writes_what_it_may_not_and_every_write_is_audited(
    client, one_of_each, role
):
    user = UserFactory(username=f"user-{role}", group=role)
    client.force_login(user)
    for model in MODELS:
        obj = model.objects.order_by("pk").first()
        for view in ("changelist", "add"):
            response = client.get(_url(model, view))
            assert response.status_code in (200, 403), (role, model, view)
        if obj is None:
            continue
        for action, url, data in _writes(model, obj, client):
            if url is None:
                continue
            with transaction.atomic():
                before, audits = _snapshot(), AuditEntry.objects.count()
                response = client.post(url, data)
                after = _snapshot()
                cell = (role, model._meta.model_name, action, response.status_code)
                assert response.status_code < 500, cell
                if after != before:
                    codename = "delete" if action == "delete" else "change"
                    perm = (
                        f"{model._meta.app_label}.{codename}_{model._meta.model_name}"
                    )
                    assert user.has_perm(perm), f"unpermitted write: {cell}"
                    if model in AUDITED:
                        assert AuditEntry.objects.count() > audits, f"unaudited: {cell}"
                transaction.set_rollback(True)


@pytest.mark.parametrize("button", ["accept", "relink", "remove"])
@pytest.mark.parametrize("role", ROLES)
def test_mention_and_quote_cards_write_only_where_the_role_may_edit(
    client, role, button
):
    """The cards' buttons on the role's own draft and on a colleague's story in
    review: each writes (audited) exactly where the role may edit the story."""
    user = UserFactory(username=f"user-{role}", group=role)
    client.force_login(user)
    stories = [
        DraftArticleFactory(created_by=user),
        InReviewArticleFactory(created_by=UserFactory(group="Reporter")),
    ]
    for article in stories:
        Mention.objects.create(article=article, actor=ActorFactory(), start=0, end=4,
                               text="Baku")  # fmt: skip
        Quote.objects.create(article=article, start=0, end=4, text="Baku")
        url = _url(Article, "change", article.pk)
        page = client.get(url)
        data = form_values(page.content.decode()) if page.status_code == 200 else {}
        for prefix, link in (("mentions-0", "actor"), ("quotes-0", "speaker")):
            posted = {**data, "_span_decision": f"{prefix}:{button}"}
            if button == "relink":
                posted[f"{prefix}-{link}"] = [str(ActorFactory().pk)]
            with transaction.atomic():
                before, audits = _snapshot(), AuditEntry.objects.count()
                response = client.post(url, posted)
                cell = (role, article.status, prefix, button, response.status_code)
                assert response.status_code < 500, cell
                wrote = _snapshot() != before
                assert wrote == article_can_edit(user=user, article=article), cell
                if wrote:
                    assert AuditEntry.objects.count() > audits, f"unaudited: {cell}"
                transaction.set_rollback(True)


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for model in MODELS:
        response = client.get(_url(model, "changelist"))
        assert response.status_code == 302
        assert response.headers["Location"].startswith(reverse("admin:login"))


def test_the_groups_match_the_documented_roles():
    """decisions.md: reporters never decide flags or make public notes."""
    reporter = Group.objects.get(name="Reporter")
    codenames = set(reporter.permissions.values_list("codename", flat=True))
    assert {
        "change_flag",
        "delete_flag",
        "review_article",
        "publish_article",
    }.isdisjoint(codenames)
    assert {"add_article", "change_article", "add_editorialnote"} <= codenames
