"""The editor's admin: workflow buttons, flag decisions, conflicts and presence."""

import pytest
from django.urls import reverse

from articles.models import Article, AuditEntry, Flag
from tests.admin_forms import change_url, form_values, messages_of, open_form
from tests.factories import DraftArticleFactory, FlagFactory, InReviewArticleFactory

pytestmark = pytest.mark.django_db


def test_editor_publishes_with_the_workflow_buttons(client, editor):
    article = InReviewArticleFactory(
        genre=Article.Genre.ANALYSIS, genre_confirmed_at=None
    )
    client.force_login(editor)
    data = open_form(client, article)
    response = client.post(change_url(article), {**data, "_workflow": "confirm_genre"})
    assert response.status_code == 302
    data = open_form(client, article)
    response = client.post(
        change_url(article), {**data, "_workflow": "publish"}, follow=True
    )
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.genre_confirmed_by == editor
    assert any("now published" in message for message in messages_of(response))


def test_refused_step_says_why(client, editor):
    article = InReviewArticleFactory(genre_confirmed_at=None)
    client.force_login(editor)
    data = open_form(client, article)
    response = client.post(
        change_url(article), {**data, "_workflow": "publish"}, follow=True
    )
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert any("Confirm the genre" in message for message in messages_of(response))


def test_flag_is_decided_inline_through_the_service(client, editor):
    article = InReviewArticleFactory()
    flag = FlagFactory(article=article)
    client.force_login(editor)
    data = open_form(client, article)
    index = data["flags-0-id"].index(str(flag.pk)) if "flags-0-id" in data else 0
    data[f"flags-{index}-state"] = [Flag.State.CONFIRMED]
    data[f"flags-{index}-decision_reason"] = ["Unattributed judgement in a news story."]
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    flag.refresh_from_db()
    assert flag.state == Flag.State.CONFIRMED
    assert flag.decided_by == editor
    assert flag.decided_at is not None
    assert AuditEntry.objects.filter(action="flag.confirm", user=editor).exists()


def test_body_shows_flags_in_place(client, editor):
    article = InReviewArticleFactory(body="Baku said <b>no</b>.")
    FlagFactory(article=article, start=0, end=4, kind=Flag.Kind.LOADED_LANGUAGE)
    client.force_login(editor)
    html = client.get(change_url(article)).content.decode()
    assert '<mark class="flag flag-loaded_language flag-suggested"' in html
    assert "&lt;b&gt;no&lt;/b&gt;" in html


def test_second_concurrent_save_is_refused_naming_the_first_editor(
    client, editor, desk_chief
):
    article = InReviewArticleFactory(headline="Original headline")
    client.force_login(editor)
    editors_form = open_form(client, article)
    client.force_login(desk_chief)
    chiefs_form = open_form(client, article)

    client.force_login(editor)
    editors_form["headline"] = ["Editor's headline"]
    assert client.post(change_url(article), editors_form).status_code == 302

    client.force_login(desk_chief)
    chiefs_form["headline"] = ["Chief's headline"]
    response = client.post(change_url(article), chiefs_form)
    assert response.status_code == 200
    assert "editor changed this story" in response.content.decode()
    article.refresh_from_db()
    assert article.headline == "Editor's headline"


def test_admin_says_who_else_has_the_story_open(client, editor, desk_chief):
    article = DraftArticleFactory()
    client.force_login(editor)
    client.get(change_url(article))
    client.force_login(desk_chief)
    response = client.get(change_url(article))
    assert any(
        "editor has this story open for editing now" in message
        for message in messages_of(response)
    )


def test_bulk_action_goes_through_the_service_and_reports_refusals(client, editor):
    ready = InReviewArticleFactory()
    unconfirmed = InReviewArticleFactory(
        genre_confirmed_at=None, headline="Unsure piece"
    )
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [ready.pk, unconfirmed.pk]},
        follow=True,
    )
    ready.refresh_from_db()
    unconfirmed.refresh_from_db()
    assert ready.status == Article.Status.PUBLISHED
    assert unconfirmed.status == Article.Status.IN_REVIEW
    assert any("Unsure piece" in m and "genre" in m for m in messages_of(response))


def test_review_queue_counts_on_the_admin_index(client, editor):
    InReviewArticleFactory.create_batch(2)
    FlagFactory(article=DraftArticleFactory())
    client.force_login(editor)
    response = client.get(reverse("admin:index"))
    counts = dict(
        (key, count) for key, _label, count in response.context["review_queue"]
    )
    assert counts == {"in_review": 2, "genre_unconfirmed": 1, "flags_undecided": 1}


def test_history_page_shows_the_changes(client, editor):
    article = DraftArticleFactory(headline="Old headline", created_by=editor)
    client.force_login(editor)
    data = open_form(client, article)
    data["headline"] = ["New headline"]
    client.post(change_url(article), data)
    url = reverse("admin:articles_article_history", args=[article.pk])
    html = client.get(url).content.decode()
    assert "<del>Old</del><ins>New</ins> headline" in html  # word by word


def test_body_saved_from_a_browser_keeps_its_offsets(client, editor):
    """Browsers send textarea line breaks as CRLF; offsets count them as one."""
    article = InReviewArticleFactory(body="One.\n\nTwo.")
    FlagFactory(article=article, start=6, end=10)
    client.force_login(editor)
    data = open_form(client, article)
    data["body"] = ["One.\r\n\r\nTwo."]
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.body == "One.\n\nTwo."
    assert article.body[6:10] == "Two."


def test_reporter_edits_own_draft_and_only_views_others(client, reporter, editor):
    own = DraftArticleFactory(created_by=reporter)
    someone_elses = DraftArticleFactory(created_by=editor)
    client.force_login(reporter)
    assert 'name="headline"' in client.get(change_url(own)).content.decode()
    view_only = client.get(change_url(someone_elses)).content.decode()
    assert 'name="headline"' not in view_only
    data = open_form(client, own)
    data["headline"] = ["Reporter's new headline"]
    assert client.post(change_url(own), data).status_code == 302
    own.refresh_from_db()
    assert own.headline == "Reporter's new headline"


def test_reporter_cannot_decide_flags_in_admin(client, reporter):
    article = DraftArticleFactory(created_by=reporter)
    FlagFactory(article=article)
    client.force_login(reporter)
    html = client.get(change_url(article)).content.decode()
    assert 'name="flags-0-state"' not in html


def test_a_previous_version_is_restored_from_history(client, editor):
    article = InReviewArticleFactory(headline="First headline", created_by=editor)
    client.force_login(editor)
    data = open_form(client, article)
    data["headline"] = ["Second headline"]
    client.post(change_url(article), data)
    first = article.history.order_by("history_date").first()
    url = reverse("admin:articles_article_simple_history", args=[article.pk, first.pk])
    revert_form = form_values(client.get(url).content.decode())
    response = client.post(url, revert_form)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "First headline"
    assert article.status == Article.Status.IN_REVIEW
    assert article.history.count() == 3


def test_presence_counts_only_who_can_edit_and_ends_when_the_form_closes(
    client, editor, desk_chief, reporter
):
    from articles.models import EditingSession

    article = InReviewArticleFactory()  # a reporter may view it, not edit it
    client.force_login(reporter)
    assert client.get(change_url(article)).status_code == 200
    assert not EditingSession.objects.exists()
    client.force_login(editor)
    client.get(change_url(article))
    presence = reverse("admin:articles_article_presence", args=[article.pk])
    assert client.get(presence).status_code == 405
    assert client.post(presence).status_code == 204  # still open
    assert client.post(presence, {"close": "1"}).status_code == 204  # left
    client.force_login(desk_chief)
    response = client.get(change_url(article))
    assert not any("open for editing" in m for m in messages_of(response))
