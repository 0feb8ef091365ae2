"""A correction points at the passage it fixes by the passage's words, in the notes
inline and the note admin alike: the form finds them in the body (or says why it
cannot) and the services store where they are; no offset is ever shown or typed."""

import pytest
from django.urls import reverse

from articles.models import AuditEntry, EditorialNote
from tests.admin_forms import form_values
from tests.factories import (
    DraftArticleFactory,
    EditorialNoteFactory,
    InReviewArticleFactory,
)

pytestmark = pytest.mark.django_db

Kind = EditorialNote.Kind


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def open_form(client, article):
    response = client.get(change_url(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert "passage_start" not in html and "passage_end" not in html
    return form_values(html)


def with_new_note(data, **fields):
    return {
        **data,
        "notes-TOTAL_FORMS": ["1"],
        **{f"notes-0-{name}": [value] for name, value in fields.items()},
    }


def correction_on(article, words, **fields):
    start = article.body.index(words)
    return EditorialNoteFactory(
        article=article, kind=Kind.CORRECTION, body="Corrected.",
        passage_start=start, passage_end=start + len(words), **fields,
    )  # fmt: skip


def test_a_correction_points_at_its_passage_by_the_words(client, editor):
    article = InReviewArticleFactory()
    client.force_login(editor)
    data = with_new_note(
        open_form(client, article),
        kind=Kind.CORRECTION,
        body="An earlier version said talks had collapsed.",
        passage="talks would resume",
        previous_text="talks had collapsed",
    )
    response = client.post(change_url(article), data)
    assert response.status_code == 302
    note = article.notes.get()
    assert article.body[note.passage_start : note.passage_end] == "talks would resume"
    assert note.previous_text == "talks had collapsed"
    assert AuditEntry.objects.filter(action="note.correction").count() == 1


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("talks had collapsed", "“talks had collapsed” is not in the body; copy the "
                                "words exactly."),
        ("on", "“on” occurs 2 times in the body; add words around it."),
    ],
)  # fmt: skip
def test_words_not_found_once_are_an_error_on_the_form(client, editor, words, message):
    article = InReviewArticleFactory()
    client.force_login(editor)
    data = with_new_note(
        open_form(client, article),
        kind=Kind.CORRECTION,
        body="Corrected.",
        passage=words,
    )
    data["headline"] = ["A headline the failed save keeps"]
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][1].formset.forms[0].errors
    assert errors == {"passage": [message]}
    assert "A headline the failed save keeps" in response.content.decode()
    assert not article.notes.exists()
    assert not AuditEntry.objects.exists()


def test_only_a_correction_or_clarification_points_at_a_passage(client, editor):
    article = InReviewArticleFactory()
    client.force_login(editor)
    data = with_new_note(
        open_form(client, article),
        kind=Kind.INTERNAL,
        body="Check this.",
        passage="talks would resume",
    )
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "Only a correction or clarification points at a passage" in (
        response.content.decode()
    )
    assert not article.notes.exists()


def test_a_note_shows_its_passage_as_words_and_is_moved_by_them(client, editor):
    article = InReviewArticleFactory()
    note = correction_on(article, "Yerevan welcomed")
    client.force_login(editor)
    data = open_form(client, article)
    assert data["notes-0-passage"] == ["Yerevan welcomed"]
    data["notes-0-passage"] = ["talks would resume"]
    assert client.post(change_url(article), data).status_code == 302
    note.refresh_from_db()
    assert note.corrected_text == "talks would resume"
    entry = AuditEntry.objects.get(action="note.edit")
    assert (entry.before["passage_start"], entry.after["passage_start"]) == (
        article.body.index("Yerevan"),
        article.body.index("talks"),
    )


def test_a_passage_emptied_points_the_note_at_nothing(client, editor):
    article = InReviewArticleFactory()
    note = correction_on(article, "Yerevan welcomed", previous_text="Yerevan balked")
    client.force_login(editor)
    data = open_form(client, article)
    data["notes-0-passage"] = [""]
    assert client.post(change_url(article), data).status_code == 302
    note.refresh_from_db()
    assert (note.passage_start, note.passage_end) == (None, None)
    assert note.previous_text == "Yerevan balked"


def test_an_untouched_passage_follows_a_body_edit_in_the_same_save(client, editor):
    """The story's save moves the passage with its words; the note's own save,
    after it, keeps that place rather than the offsets the form was opened with."""
    article = InReviewArticleFactory()
    note = correction_on(article, "Yerevan welcomed")
    client.force_login(editor)
    data = open_form(client, article)
    data["body"] = ["Late on Sunday, " + article.body]
    data["notes-0-body"] = ["Corrected: Yerevan welcomed the news."]
    assert client.post(change_url(article), data).status_code == 302
    note.refresh_from_db()
    assert note.body == "Corrected: Yerevan welcomed the news."
    assert note.corrected_text == "Yerevan welcomed"


def test_a_passage_typed_with_a_body_edit_is_found_in_the_new_body(client, editor):
    article = InReviewArticleFactory()
    note = correction_on(article, "Yerevan welcomed")
    client.force_login(editor)
    data = open_form(client, article)
    data["body"] = [article.body.replace("Yerevan welcomed", "Yerevan warmly welcomed")]
    data["notes-0-passage"] = ["warmly welcomed"]
    assert client.post(change_url(article), data).status_code == 302
    note.refresh_from_db()
    assert note.corrected_text == "warmly welcomed"


def test_a_reporter_reads_a_notes_passage_as_words(client, reporter):
    article = DraftArticleFactory(created_by=reporter)
    correction_on(article, "talks would resume")
    client.force_login(reporter)
    html = client.get(change_url(article)).content.decode()
    assert "Passage (words in the story as it reads now)" in html
    assert '<div class="readonly">talks would resume</div>' in html
    assert "passage_start" not in html


def test_the_note_admin_takes_the_passage_as_words_too(client, editor):
    article = InReviewArticleFactory()
    note = correction_on(article, "Yerevan welcomed")
    client.force_login(editor)
    url = reverse("admin:articles_editorialnote_change", args=[note.pk])
    html = client.get(url).content.decode()
    assert "passage_start" not in html
    data = form_values(html)
    assert data["passage"] == ["Yerevan welcomed"]
    data["passage"] = ["the news"]
    assert client.post(url, data).status_code == 302
    note.refresh_from_db()
    assert note.corrected_text == "the news"

    add = reverse("admin:articles_editorialnote_add")
    data = {"article": [str(article.pk)], "kind": [Kind.CLARIFICATION],
            "body": ["Clarified."], "passage": ["Baku"]}  # fmt: skip
    response = client.post(add, data)
    assert response.status_code == 302
    added = article.notes.get(kind=Kind.CLARIFICATION)
    assert added.corrected_text == "Baku"
    data["passage"] = ["Tbilisi"]
    response = client.post(add, data)
    assert response.status_code == 200
    assert "“Tbilisi” is not in the body" in response.content.decode()
