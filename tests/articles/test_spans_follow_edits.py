"""Spans follow edits: flags, mentions, quotes and corrections stay on their words
through any change of the body, in the service, admin and the API."""

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actors.models import Actor
from articles import services
from articles.anchoring import diff_texts
from articles.devtools.demo import demo_load
from articles.models import Article, AuditEntry, EditorialNote, Flag, Mention, Quote
from tests.admin_forms import form_values
from tests.factories import (
    ActorFactory,
    AliasFactory,
    InReviewArticleFactory,
    PublishedArticleFactory,
)

pytestmark = pytest.mark.django_db

BODY = (
    "Baku said on Monday that the so-called talks would resume.\n\n"
    "The minister called it “a step on the peace track” in a statement.\n\n"
    "Yerevan welcomed the news."
)


def span(article, words, model=Flag, **fields):
    start = article.body.index(words)
    return model.objects.create(
        article=article, start=start, end=start + len(words), text=words, **fields
    )


def flag(article, words, **fields):
    fields = {"kind": Flag.Kind.LOADED_LANGUAGE, "reason": "Loaded.", **fields}
    return span(article, words, Flag, **fields)


def edit(article, user, body, **kwargs):
    article.body = body
    return services.article_update(
        article=article, user=user, expected_version=article.version, **kwargs
    )


def assert_spans_true(article):
    """The invariant: every attached span's text is the body's slice."""
    article.refresh_from_db()
    for model in (Mention, Quote):
        for item in model.objects.filter(article=article):
            assert article.body[item.start : item.end] == item.text, item
    for item in Flag.objects.attached().filter(article=article):
        assert article.body[item.start : item.end] == item.text, item
    for note in article.notes.filter(passage_start__isnull=False):
        assert 0 <= note.passage_start < note.passage_end <= len(article.body)


# The service ------------------------------------------------------------------


def test_a_flag_after_the_edit_moves_and_keeps_its_decision(editor):
    article = InReviewArticleFactory(body=BODY)
    loaded = flag(article, "so-called", state=Flag.State.CONFIRMED,
                  decided_at=article.created_at, decided_by=editor)  # fmt: skip
    edited = edit(article, editor, BODY.replace("Monday", "Tuesday morning"))
    loaded.refresh_from_db()
    assert loaded.text == "so-called"
    assert loaded.start == edited.body.index("so-called")
    assert loaded.state == Flag.State.CONFIRMED
    assert edited.span_report.moved == 1
    assert_spans_true(article)


def test_a_word_replaced_inside_a_confirmed_flag_sends_it_back(editor):
    article = InReviewArticleFactory(body=BODY)
    decided = flag(article, "a step on the peace track", state=Flag.State.CONFIRMED,
                   decision_reason="Fine.", decided_by=editor,
                   decided_at=article.created_at)  # fmt: skip
    edit(article, editor, BODY.replace("peace track", "harmony track"))
    decided.refresh_from_db()
    assert decided.text == "a step on the harmony track"
    assert decided.state == Flag.State.SUGGESTED
    assert decided.decision_reason == services.DECISION_UNDONE
    assert (decided.decided_at, decided.decided_by) == (None, None)
    assert_spans_true(article)


def test_deleted_words_detach_a_flag_which_then_neither_shows_nor_blocks(editor):
    article = InReviewArticleFactory(body=BODY, genre=Article.Genre.REPORTING)
    gone = flag(article, "so-called")
    assert Article.objects.with_undecided_flags().filter(pk=article.pk).exists()
    edit(article, editor, BODY.replace("so-called ", ""))
    gone.refresh_from_db()
    assert gone.detached and gone.text == "so-called"  # kept for the record
    assert not Article.objects.with_undecided_flags().filter(pk=article.pk).exists()
    services.article_transition(article=article, action="publish", user=editor)
    assert not Flag.objects.public().filter(pk=gone.pk).exists()
    entry = AuditEntry.objects.filter(action="article.edit").get()
    assert entry.after["spans"]["detached"] == 1
    assert entry.after["spans"]["records"][0]["text"] == "so-called"


def test_a_deleted_paragraph_removes_its_quote_and_records_it(editor):
    article = InReviewArticleFactory(body=BODY)
    speaker = ActorFactory(kind=Actor.Kind.PERSON)
    quoted = span(article, "a step on the peace track", Quote, speaker=speaker)
    paragraphs = BODY.split("\n\n")
    edited = edit(article, editor, "\n\n".join([paragraphs[0], paragraphs[2]]))
    assert not Quote.objects.filter(pk=quoted.pk).exists()
    assert edited.span_report.detached == 1
    records = AuditEntry.objects.get(action="article.edit").after["spans"]["records"]
    assert records[0]["was"] == "a step on the peace track"
    assert_spans_true(article)


def test_a_rewritten_mention_is_matched_again_against_the_directory(editor):
    article = InReviewArticleFactory(body=BODY)
    azerbaijan = ActorFactory(name="Government of Azerbaijan", kind=Actor.Kind.STATE)
    armenia = ActorFactory(name="Government of Armenia", kind=Actor.Kind.STATE)
    AliasFactory(actor=azerbaijan, text="Baku")
    AliasFactory(actor=armenia, text="Yerevan")
    baku = span(article, "Baku", Mention, actor=azerbaijan)
    yerevan = span(article, "Yerevan", Mention, actor=armenia)
    body = BODY.replace("Baku said", "Yerevan said").replace("Yerevan welcomed",
                                                             "Someone welcomed")  # fmt: skip
    edit(article, editor, body)
    baku.refresh_from_db()
    assert (baku.text, baku.actor) == ("Yerevan", armenia)
    assert not Mention.objects.filter(pk=yerevan.pk).exists()
    assert_spans_true(article)


def test_an_edit_that_alters_a_quote_suggests_an_altered_quote_flag(editor):
    speaker = ActorFactory(kind=Actor.Kind.PERSON)
    original = PublishedArticleFactory(body="He spoke of “a step on the peace track”.")
    span(original, "a step on the peace track", Quote, speaker=speaker)
    article = InReviewArticleFactory(body=BODY)
    quote = span(article, "a step on the peace track", Quote, speaker=speaker)
    edit(article, editor, BODY.replace("peace track", "harmony track"))
    quote.refresh_from_db()
    assert quote.text == "a step on the harmony track"
    altered = article.flags.get(kind=Flag.Kind.ALTERED_QUOTE)
    assert (altered.start, altered.end) == (quote.start, quote.end)
    assert altered.state == Flag.State.SUGGESTED
    # Putting the speaker's words back is no alteration.
    article.refresh_from_db()
    edit(article, editor, BODY)
    assert article.flags.filter(kind=Flag.Kind.ALTERED_QUOTE).count() == 1


def test_a_correction_takes_its_wording_from_the_edit(editor):
    article = PublishedArticleFactory(body=BODY)
    edit(article, editor, BODY.replace("peace track", "harmony track"),
         correction={"kind": EditorialNote.Kind.CORRECTION,
                     "body": "An earlier version misquoted the minister."})  # fmt: skip
    note = article.notes.get()
    assert note.kind == EditorialNote.Kind.CORRECTION
    assert note.previous_text == "peace"
    assert note.corrected_text == "harmony"
    assert note.is_public


def test_a_correction_passage_follows_later_edits(editor):
    article = PublishedArticleFactory(body=BODY)
    edit(article, editor, BODY.replace("Monday", "Sunday"),
         correction={"kind": "correction", "body": "The day was wrong."})  # fmt: skip
    article.refresh_from_db()
    edit(article, editor, "Breaking: " + article.body)
    note = article.notes.get()
    assert note.corrected_text == "Sunday"


def test_a_save_that_changes_nothing_is_no_version(editor):
    article = InReviewArticleFactory(body=BODY)
    version = article.version
    edit(article, editor, BODY)
    article.refresh_from_db()
    assert article.version == version
    assert not AuditEntry.objects.exists()


def test_the_audit_entry_records_the_words_that_changed(editor):
    article = InReviewArticleFactory(body=BODY)
    edit(article, editor, BODY.replace("peace track", "harmony track"))
    diff = AuditEntry.objects.get(action="article.edit").after["diff"]
    assert diff["examples"] == [{"old": "peace", "new": "harmony"}]
    assert (diff["words_removed"], diff["words_added"]) == (1, 1)


WORD = st.text(alphabet="abcdefghij", min_size=1, max_size=6)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_any_edit_keeps_every_span_on_its_words(editor, data):
    """Random edits of a real demo-sized body with random flags and quotes."""
    article = InReviewArticleFactory(body=BODY * 3)
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", article.body)]
    picks = data.draw(
        st.lists(st.sampled_from(words), min_size=1, max_size=8, unique=True)
    )
    flags = []
    for start, end in picks:
        flags.append(Flag.objects.create(
            article=article, start=start, end=end, text=article.body[start:end],
            kind=Flag.Kind.LOADED_LANGUAGE, reason="r", state=Flag.State.CONFIRMED,
            decided_at=article.created_at,
        ))  # fmt: skip
    body = article.body
    for _ in range(data.draw(st.integers(1, 3))):
        start = data.draw(st.integers(0, len(body)))
        end = data.draw(st.integers(start, min(len(body), start + 40)))
        body = body[:start] + data.draw(WORD) + body[end:]
    old = article.body
    edit(article, editor, body)
    assert_spans_true(article)
    edit_ = diff_texts(old, body)
    touched = [(c.old_start, c.old_end) for c in edit_.changes]
    for stored in flags:
        before = (stored.start, stored.end, stored.text)
        stored.refresh_from_db()
        untouched = all(before[1] <= a or b <= before[0] for a, b in touched)
        if untouched and not stored.detached:
            assert stored.text == before[2]
            assert stored.state == Flag.State.CONFIRMED


# Admin and the API -------------------------------------------------------------


def test_the_editor_fixes_harmony_track_in_the_demo_story(client, editor):
    demo_load()
    article = Article.objects.get(status=Article.Status.IN_REVIEW)
    flags_before = article.flags.count()
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_values(client.get(url).content.decode())
    data["body"] = [article.body.replace("harmony track", "peace track")]
    data["edit_note_kind"] = ["correction"]
    data["edit_note"] = ["An earlier version altered O'Brien's words."]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert "peace track" in article.body
    assert_spans_true(article)
    assert article.flags.count() >= flags_before
    note = article.notes.get(kind=EditorialNote.Kind.CORRECTION)
    assert (note.previous_text, note.corrected_text) == ("harmony", "peace")


# Suggestions for the desk's own copy -------------------------------------------


@pytest.fixture
def baku():
    azerbaijan = ActorFactory(name="Government of Azerbaijan", kind=Actor.Kind.STATE)
    AliasFactory(actor=azerbaijan, text="Baku")
    return azerbaijan


def test_a_story_written_on_the_desk_gets_the_analyzers_suggestions(editor, baku):
    article = services.article_create(
        article=Article(headline="Talks", slug="talks", body=BODY), user=editor
    )
    assert article.mentions.filter(actor=baku, text="Baku").exists()
    flagged = article.flags.get(text="so-called")
    assert flagged.state == Flag.State.SUGGESTED and flagged.reason
    assert AuditEntry.objects.filter(action="article.suggest").exists()


def test_an_edit_gets_suggestions_in_the_changed_paragraph_only(editor, baku):
    article = InReviewArticleFactory(body=BODY)
    decided = flag(article, "so-called", state=Flag.State.DISMISSED,
                   decided_at=article.created_at, decided_by=editor,
                   decision_reason="A quoted label.")  # fmt: skip
    body = BODY + "\n\nBaku called the so-called mediators a disgrace."
    edit(article, editor, body)
    decided.refresh_from_db()
    assert decided.state == Flag.State.DISMISSED  # not touched, not duplicated
    new = article.flags.filter(text="so-called").exclude(pk=decided.pk).get()
    assert new.start > len(BODY)  # the new paragraph's, not the first one's
    assert list(article.mentions.values_list("start", flat=True)) == [len(BODY) + 2]
    assert_spans_true(article)


def test_reanalysing_the_whole_body_adds_nothing_twice(editor, baku):
    article = InReviewArticleFactory(body=BODY)
    first = services.article_suggest(article=article, user=editor)
    assert first["mentions"] == 1 and first["flags"] >= 1
    again = services.article_suggest(article=article, user=editor)
    assert again == {"mentions": 0, "quotes": 0, "flags": 0}


def test_a_reporter_cannot_reanalyse_someone_elses_story(reporter, editor):
    from django.core.exceptions import PermissionDenied

    article = InReviewArticleFactory(body=BODY, created_by=editor)
    with pytest.raises(PermissionDenied):
        services.article_suggest(article=article, user=reporter)


def test_suggested_flags_keep_the_analyzers_confidence(editor, client):
    from django.urls import reverse

    article = InReviewArticleFactory(body=BODY)
    services.article_suggest(article=article, user=editor)
    suggested = article.flags.get(text="so-called")
    assert 0 < suggested.confidence <= 1
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    html = client.get(url).content.decode()
    assert f"Analyzer's confidence: {round(suggested.confidence * 100)}%" in html
