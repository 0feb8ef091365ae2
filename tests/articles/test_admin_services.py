"""Every admin form and inline that can change a flag, note, mention or quote goes
through the services: no 500, an audit entry for each change, and nothing for a
role that may not make it."""

import pytest
from django.urls import reverse

from actors.models import Actor
from articles.models import Article, AuditEntry, EditorialNote, Flag, Mention, Quote
from tests.admin_forms import (
    actions,
    change_url,
    form_values,
    messages_of,
    open_form,
    row,
)
from tests.factories import (
    ActorFactory,
    DraftArticleFactory,
    EditorialNoteFactory,
    FlagFactory,
    InReviewArticleFactory,
    PublishedArticleFactory,
)

pytestmark = pytest.mark.django_db


def post(client, article, data):
    response = client.post(change_url(article), data)
    assert response.status_code in (200, 302), response.status_code
    return response


# Flags on the story page ---------------------------------------------------------


def test_a_decided_flag_set_back_to_suggested_is_reopened(client, editor):
    article = InReviewArticleFactory()
    flag = FlagFactory(article=article)
    client.force_login(editor)
    data = open_form(client, article)
    i = row(data, "flags", flag.pk)
    data[f"flags-{i}-state"] = [Flag.State.CONFIRMED]
    data[f"flags-{i}-decision_reason"] = ["Loaded."]
    assert post(client, article, data).status_code == 302
    data = open_form(client, article)
    data[f"flags-{i}-state"] = [Flag.State.SUGGESTED]
    data[f"flags-{i}-decision_reason"] = [""]
    assert post(client, article, data).status_code == 302
    flag.refresh_from_db()
    assert (flag.state, flag.decided_at, flag.decided_by) == ("suggested", None, None)
    assert actions(article) == ["flag.confirm", "flag.reopen"]


def test_a_new_flag_names_its_words_and_is_added_by_the_service(client, editor):
    article = InReviewArticleFactory()
    client.force_login(editor)
    data = open_form(client, article)
    data.update({
        "flags-TOTAL_FORMS": ["1"],
        "flags-0-kind": [Flag.Kind.UNATTRIBUTED_CLAIM],
        "flags-0-text": ["talks would resume"],
        "flags-0-reason": ["Who says so?"],
    })  # fmt: skip
    assert post(client, article, data).status_code == 302
    flag = article.flags.get()
    assert article.body[flag.start : flag.end] == "talks would resume"
    assert flag.state == Flag.State.SUGGESTED
    assert actions(article) == ["flag.add"]


def test_a_new_flag_whose_words_are_not_in_the_body_is_a_form_error(client, editor):
    article = InReviewArticleFactory()
    client.force_login(editor)
    data = open_form(client, article)
    data.update({
        "flags-TOTAL_FORMS": ["1"],
        "flags-0-kind": [Flag.Kind.LOADED_LANGUAGE],
        "flags-0-text": ["words nobody wrote"],
        "flags-0-reason": ["Loaded."],
    })  # fmt: skip
    response = post(client, article, data)
    assert response.status_code == 200
    assert "is not in the body" in response.content.decode()
    assert not article.flags.exists()
    assert actions(article) == []


def test_flag_admin_cannot_change_or_revert_a_flag(client, editor):
    article = InReviewArticleFactory()
    flag = FlagFactory(article=article)
    client.force_login(editor)
    url = reverse("admin:articles_flag_change", args=[flag.pk])
    response = client.post(url, {"state": "confirmed", "decision_reason": "x"})
    assert response.status_code == 403
    version = flag.history.first()
    revert = reverse("admin:articles_flag_simple_history", args=[flag.pk, version.pk])
    assert client.get(revert).status_code == 200
    assert client.post(revert, {"state": "dismissed"}).status_code == 403
    flag.refresh_from_db()
    assert flag.state == Flag.State.SUGGESTED


# Notes --------------------------------------------------------------------------


def test_an_internal_note_turned_public_goes_through_note_update(client, editor):
    article = InReviewArticleFactory()
    note = EditorialNoteFactory(article=article, kind=EditorialNote.Kind.INTERNAL)
    version = article.version
    client.force_login(editor)
    data = open_form(client, article)
    i = row(data, "notes", note.pk)
    data[f"notes-{i}-kind"] = [EditorialNote.Kind.CORRECTION]
    data["expected_version"] = [str(version)]
    assert post(client, article, data).status_code == 302
    note.refresh_from_db()
    article.refresh_from_db()
    assert note.kind == EditorialNote.Kind.CORRECTION
    assert article.version == version + 1
    entry = AuditEntry.objects.get(article=article, action="note.edit")
    assert (entry.before["kind"], entry.after["kind"]) == ("internal", "correction")


def test_a_reporter_cannot_make_a_note_public(client, reporter):
    article = DraftArticleFactory(created_by=reporter)
    note = EditorialNoteFactory(
        article=article, kind=EditorialNote.Kind.INTERNAL, author=reporter
    )
    client.force_login(reporter)
    data = open_form(client, article)
    assert "notes-0-kind" not in data  # a reporter's notes are added, not changed
    data.update({"notes-0-id": [str(note.pk)], "notes-0-article": [str(article.pk)],
                 "notes-0-kind": [EditorialNote.Kind.EDITORS_NOTE],
                 "notes-0-body": [note.body]})  # fmt: skip
    post(client, article, data)
    note.refresh_from_db()
    assert note.kind == EditorialNote.Kind.INTERNAL
    assert actions(article) == []


def test_note_admin_edits_and_deletes_through_the_services(client, editor):
    article = PublishedArticleFactory()
    note = EditorialNoteFactory(article=article, body="First wording.")
    client.force_login(editor)
    url = reverse("admin:articles_editorialnote_change", args=[note.pk])
    data = form_values(client.get(url).content.decode())
    data["body"] = ["Second wording."]
    assert client.post(url, data).status_code == 302
    note.refresh_from_db()
    assert note.body == "Second wording."
    delete = reverse("admin:articles_editorialnote_delete", args=[note.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not EditorialNote.objects.filter(pk=note.pk).exists()
    assert actions(article) == ["note.edit", "note.delete"]


def test_a_note_cannot_be_reverted_from_history(client, reporter, editor):
    article = PublishedArticleFactory()
    note = EditorialNoteFactory(article=article, kind=EditorialNote.Kind.INTERNAL)
    version = note.history.first()
    url = reverse(
        "admin:articles_editorialnote_simple_history", args=[note.pk, version.pk]
    )
    for user in (reporter, editor):
        client.force_login(user)
        response = client.post(
            url, {"article": article.pk, "kind": "editors_note", "body": "Public!"}
        )
        assert response.status_code == 403
    note.refresh_from_db()
    assert note.kind == EditorialNote.Kind.INTERNAL


# Mentions and quotes ------------------------------------------------------------


def test_a_mention_changes_actor_and_is_removed_through_the_services(client, editor):
    article = InReviewArticleFactory()
    wrong, right = ActorFactory(name="Wrong actor"), ActorFactory(name="Right actor")
    mention = Mention.objects.create(
        article=article, actor=wrong, start=0, end=4, text=article.body[:4]
    )
    client.force_login(editor)
    data = open_form(client, article)
    i = row(data, "mentions", mention.pk)
    data[f"mentions-{i}-actor"] = [str(right.pk)]
    assert post(client, article, data).status_code == 302
    mention.refresh_from_db()
    assert mention.actor == right
    data = open_form(client, article)
    data[f"mentions-{i}-DELETE"] = ["on"]
    assert post(client, article, data).status_code == 302
    assert not Mention.objects.filter(pk=mention.pk).exists()
    assert actions(article) == ["mention.edit", "mention.delete"]


def test_a_quote_changes_speaker_through_the_service(client, editor):
    article = InReviewArticleFactory()
    speaker = ActorFactory(kind=Actor.Kind.PERSON)
    quote = Quote.objects.create(article=article, start=5, end=9, text="said")
    client.force_login(editor)
    data = open_form(client, article)
    i = row(data, "quotes", quote.pk)
    data[f"quotes-{i}-speaker"] = [str(speaker.pk)]
    assert post(client, article, data).status_code == 302
    quote.refresh_from_db()
    assert quote.speaker == speaker
    entry = AuditEntry.objects.get(article=article, action="quote.edit")
    assert entry.after["speaker"] == speaker.pk


def test_inlines_offer_no_offsets_to_type(client, editor):
    article = InReviewArticleFactory()
    FlagFactory(article=article)
    Quote.objects.create(article=article, start=5, end=9, text="said")
    client.force_login(editor)
    html = client.get(change_url(article)).content.decode()
    for prefix in ("flags", "quotes", "mentions"):
        assert f'name="{prefix}-0-start"' not in html
        assert f'name="{prefix}-0-end"' not in html
    assert "mentions-empty" not in html  # no "Add another" for machine-found spans


def test_standalone_quote_and_mention_pages_are_read_only(client, editor):
    article = InReviewArticleFactory()
    quote = Quote.objects.create(article=article, start=5, end=9, text="said")
    client.force_login(editor)
    url = reverse("admin:articles_quote_change", args=[quote.pk])
    assert client.post(url, {"text": "changed"}).status_code == 403
    assert client.get(reverse("admin:articles_quote_add")).status_code == 403
    quote.refresh_from_db()
    assert quote.text == "said"


# The story form itself ----------------------------------------------------------


def test_a_save_that_changes_nothing_is_no_new_version(client, editor):
    article = InReviewArticleFactory()
    version = article.version
    client.force_login(editor)
    assert post(client, article, open_form(client, article)).status_code == 302
    article.refresh_from_db()
    assert article.version == version
    assert actions(article) == []


def test_a_form_without_the_version_it_opened_is_refused(client, editor):
    article = InReviewArticleFactory(headline="Kept headline")
    client.force_login(editor)
    data = open_form(client, article)
    del data["expected_version"]
    data["headline"] = ["Overwritten headline"]
    response = post(client, article, data)
    assert response.status_code == 200
    assert "reload the story" in response.content.decode()
    article.refresh_from_db()
    assert article.headline == "Kept headline"


def test_topics_set_in_admin_are_part_of_the_audited_edit(client, editor):
    from tests.factories import TopicFactory

    article = InReviewArticleFactory()
    topic = TopicFactory()
    client.force_login(editor)
    data = open_form(client, article)
    data["topics"] = [str(topic.pk)]
    assert post(client, article, data).status_code == 302
    assert list(article.topics.all()) == [topic]
    entry = AuditEntry.objects.get(article=article, action="article.edit")
    assert entry.after["fields"] == ["topics"]
    assert Article.objects.get(pk=article.pk).version == article.version + 1


# Review cards ----------------------------------------------------------------------


def test_a_cards_confirm_button_decides_its_flag_through_the_service(client, editor):
    article = InReviewArticleFactory()
    first, second = FlagFactory(article=article), FlagFactory(article=article)
    client.force_login(editor)
    data = open_form(client, article)
    i = row(data, "flags", second.pk)
    data[f"flags-{i}-decision_reason"] = ["A label the outlet chose."]
    data["_flag_decision"] = [f"flags-{i}:confirmed"]
    response = post(client, article, data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#flag-card-{second.pk}")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == ("suggested", "confirmed")
    assert second.decision_reason == "A label the outlet chose."
    assert actions(article) == ["flag.confirm"]


@pytest.mark.parametrize("state", ["confirmed", "dismissed"])
def test_a_decision_without_a_reason_is_a_form_error_and_keeps_the_edits(
    client, editor, state
):
    article = InReviewArticleFactory(headline="Before")
    flag = FlagFactory(article=article)
    client.force_login(editor)
    data = open_form(client, article)
    i = row(data, "flags", flag.pk)
    data["headline"] = ["After"]
    data["_flag_decision"] = [f"flags-{i}:{state}"]
    response = post(client, article, data)
    assert response.status_code == 200
    html = response.content.decode()
    verb = "confirm" if state == "confirmed" else "dismiss"
    assert f"Say why you {verb} this flag" in html
    assert 'value="After"' in html  # the editor's edit is still on the page
    flag.refresh_from_db()
    article.refresh_from_db()
    assert (flag.state, article.headline) == ("suggested", "Before")
    assert actions(article) == []


def test_a_forged_decision_value_is_refused(client, editor):
    article = InReviewArticleFactory()
    FlagFactory(article=article)
    client.force_login(editor)
    data = open_form(client, article)
    data["_flag_decision"] = ["flags-0:published"]
    assert client.post(change_url(article), data).status_code == 403
    assert actions(article) == []


def test_detached_flags_have_no_card(client, editor):
    article = InReviewArticleFactory()
    kept = FlagFactory(article=article)
    gone = FlagFactory(article=article, detached=True)
    client.force_login(editor)
    html = client.get(change_url(article)).content.decode()
    assert f'id="flag-card-{kept.pk}"' in html
    assert f'id="flag-card-{gone.pk}"' not in html
    assert f'href="#flag-card-{kept.pk}"' in html  # the highlight links to its card
    assert f'href="#flag-mark-{kept.pk}"' in html  # and the card back


def test_a_reporter_reads_the_cards_without_decision_buttons(client, reporter):
    article = DraftArticleFactory(created_by=reporter)
    flag = FlagFactory(article=article)
    client.force_login(reporter)
    html = client.get(change_url(article)).content.decode()
    assert f'id="flag-card-{flag.pk}"' in html
    assert "_flag_decision" not in html


def test_re_analyse_adds_the_analyzers_suggestions_from_the_story_page(client, editor):
    article = InReviewArticleFactory(
        body="Officials said the so-called talks would resume on Monday."
    )
    client.force_login(editor)
    data = open_form(client, article)
    response = client.post(change_url(article), {**data, "_workflow": "reanalyse"},
                           follow=True)  # fmt: skip
    assert any("the analyzer added 1 flag(s)" in m for m in messages_of(response))
    assert article.flags.get().text == "so-called"
    assert actions(article) == ["article.suggest"]
