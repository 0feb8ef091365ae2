"""The editorial workflow service: permissions, rules, audit trail and history."""

import pytest
from django.core.exceptions import PermissionDenied

from articles import services
from articles.models import Article, AuditEntry, EditorialNote, Flag, Quote
from articles.services import StaleVersionError, WorkflowError
from tests.factories import (
    DraftArticleFactory,
    FlagFactory,
    InReviewArticleFactory,
    PublishedArticleFactory,
)

pytestmark = pytest.mark.django_db

Status = Article.Status

# role -> the transitions it may make (from a status that allows them)
ALLOWED = {
    "reporter": {"submit"},
    "editor": {"submit", "send_back", "publish", "spike"},
    "desk_chief": {"submit", "send_back", "publish", "spike", "withdraw"},
}
START = {
    "submit": Status.DRAFT,
    "send_back": Status.IN_REVIEW,
    "publish": Status.IN_REVIEW,
    "spike": Status.IN_REVIEW,
    "withdraw": Status.PUBLISHED,
}


@pytest.mark.parametrize("role", ALLOWED)
@pytest.mark.parametrize("action", START)
def test_permission_matrix(request, role, action):
    user = request.getfixturevalue(role)
    article = PublishedArticleFactory(status=START[action], created_by=user)
    if action in ALLOWED[role]:
        services.article_transition(
            article=article, action=action, user=user, reason="Why"
        )
        article.refresh_from_db()
        assert article.status == services.TRANSITIONS[action].target
    else:
        with pytest.raises(PermissionDenied):
            services.article_transition(
                article=article, action=action, user=user, reason="Why"
            )
        article.refresh_from_db()
        assert article.status == START[action]


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("submit", Status.IN_REVIEW),
        ("submit", Status.PUBLISHED),
        ("publish", Status.DRAFT),
        ("send_back", Status.DRAFT),
        ("spike", Status.PUBLISHED),
        ("withdraw", Status.IN_REVIEW),
        ("publish", Status.SPIKED),
    ],
)
def test_transition_refused_from_a_wrong_status(desk_chief, action, status):
    article = PublishedArticleFactory(status=status)
    with pytest.raises(WorkflowError, match="cannot be"):
        services.article_transition(
            article=article, action=action, user=desk_chief, reason="Why"
        )
    article.refresh_from_db()
    assert article.status == status
    assert not AuditEntry.objects.exists()


def test_reporter_submits_only_own_drafts(reporter, editor):
    someone_elses = DraftArticleFactory(created_by=editor)
    with pytest.raises(PermissionDenied, match="own drafts"):
        services.article_transition(
            article=someone_elses, action="submit", user=reporter
        )
    own = DraftArticleFactory(created_by=reporter)
    services.article_transition(article=own, action="submit", user=reporter)
    own.refresh_from_db()
    assert own.status == Status.IN_REVIEW


def test_publish_refuses_unconfirmed_genre(editor):
    article = InReviewArticleFactory(genre_confirmed_at=None)
    with pytest.raises(WorkflowError, match="genre"):
        services.article_transition(article=article, action="publish", user=editor)
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert article.published_at is None


@pytest.mark.parametrize("kind", services.BLOCKING_FLAG_KINDS)
def test_reporting_with_undecided_opinion_flags_cannot_be_published(editor, kind):
    article = InReviewArticleFactory(genre=Article.Genre.REPORTING)
    flag = FlagFactory(article=article, kind=kind)
    with pytest.raises(WorkflowError, match="undecided"):
        services.article_transition(article=article, action="publish", user=editor)
    services.flag_decide(
        flag=flag, state=Flag.State.DISMISSED, user=editor, reason="Quoted"
    )
    services.article_transition(article=article, action="publish", user=editor)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_opinion_piece_may_be_published_with_undecided_opinion_flags(editor):
    article = InReviewArticleFactory(genre=Article.Genre.OPINION)
    FlagFactory(article=article, kind=Flag.Kind.OPINION_IN_REPORTING)
    services.article_transition(article=article, action="publish", user=editor)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_first_publication_time_is_kept(editor, desk_chief):
    article = InReviewArticleFactory()
    services.article_transition(article=article, action="publish", user=editor)
    article.refresh_from_db()
    first = article.published_at
    assert first is not None
    services.article_transition(article=article, action="withdraw", user=desk_chief,
                                reason="Legal")  # fmt: skip
    article.refresh_from_db()
    assert article.published_at == first


@pytest.mark.parametrize("action", ["send_back", "withdraw"])
def test_some_steps_need_a_reason(desk_chief, action):
    article = PublishedArticleFactory(status=START[action])
    with pytest.raises(WorkflowError, match="reason"):
        services.article_transition(article=article, action=action, user=desk_chief,
                                    reason="  ")  # fmt: skip
    article.refresh_from_db()
    assert article.status == START[action]


def test_withdrawal_keeps_its_public_reason(desk_chief):
    article = PublishedArticleFactory()
    services.article_transition(
        article=article, action="withdraw", user=desk_chief, reason="Fabricated quotes."
    )
    article.refresh_from_db()
    assert article.status == Status.WITHDRAWN
    assert article.withdrawal_reason == "Fabricated quotes."


def test_transition_leaves_an_audit_entry(editor):
    article = InReviewArticleFactory()
    services.article_transition(article=article, action="send_back", user=editor,
                                reason="Needs a second source")  # fmt: skip
    entry = AuditEntry.objects.get()
    assert entry.user == editor
    assert entry.article == article
    assert entry.action == "article.send_back"
    assert entry.before == {"status": "in_review"}
    assert entry.after == {"status": "draft"}
    assert entry.reason == "Needs a second source"


def test_confirm_genre_records_who_and_when(editor, reporter):
    article = DraftArticleFactory()
    with pytest.raises(PermissionDenied):
        services.article_confirm_genre(article=article, genre="opinion", user=reporter)
    with pytest.raises(WorkflowError):
        services.article_confirm_genre(
            article=article, genre="unclassified", user=editor
        )
    services.article_confirm_genre(article=article, genre="opinion", user=editor)
    article.refresh_from_db()
    assert article.genre == "opinion"
    assert article.genre_confirmed_by == editor
    assert article.genre_confirmed_at is not None
    assert AuditEntry.objects.filter(action="article.confirm_genre").count() == 1


def test_flag_decision_records_who_why_and_when(editor, reporter):
    flag = FlagFactory()
    with pytest.raises(PermissionDenied):
        services.flag_decide(flag=flag, state=Flag.State.CONFIRMED, user=reporter)
    services.flag_decide(flag=flag, state=Flag.State.CONFIRMED, user=editor,
                         reason="Unattributed judgement")  # fmt: skip
    flag.refresh_from_db()
    assert flag.state == Flag.State.CONFIRMED
    assert flag.decided_by == editor
    assert flag.decision_reason == "Unattributed judgement"
    assert flag.decided_at is not None
    entry = AuditEntry.objects.get(action="flag.confirm")
    assert entry.before["state"] == "suggested"


def test_public_note_needs_an_editor_and_touches_the_story(editor, reporter):
    article = PublishedArticleFactory()
    version = article.version
    with pytest.raises(PermissionDenied):
        services.note_add(article=article, kind=EditorialNote.Kind.CORRECTION,
                          body="Fixed a name.", user=reporter)  # fmt: skip
    internal = services.note_add(
        article=article,
        kind=EditorialNote.Kind.INTERNAL,
        body="Check this.",
        user=reporter,
    )
    assert not internal.is_public
    services.note_add(article=article, kind=EditorialNote.Kind.CORRECTION,
                      body="An earlier version misspelled O'Brien.", user=editor)  # fmt: skip
    article.refresh_from_db()
    assert article.version == version + 1


def test_concurrent_save_is_refused_and_names_who(editor, desk_chief):
    article = InReviewArticleFactory(headline="Original")
    first = Article.objects.get(pk=article.pk)
    second = Article.objects.get(pk=article.pk)

    first.headline = "First editor's headline"
    services.article_update(article=first, user=editor, expected_version=first.version)

    second.headline = "Second editor's headline"
    with pytest.raises(StaleVersionError, match="editor changed this story"):
        services.article_update(
            article=second, user=desk_chief, expected_version=second.version
        )
    article.refresh_from_db()
    assert article.headline == "First editor's headline"
    assert article.version == 2


def test_edit_cannot_change_workflow_fields(editor):
    article = InReviewArticleFactory()
    article.status = Status.PUBLISHED
    services.article_update(
        article=article, user=editor, expected_version=article.version
    )
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_changing_a_confirmed_genre_needs_confirming_again(editor):
    article = InReviewArticleFactory(genre=Article.Genre.REPORTING)
    article.genre = Article.Genre.OPINION
    services.article_update(
        article=article, user=editor, expected_version=article.version
    )
    article.refresh_from_db()
    assert article.genre == Article.Genre.OPINION
    assert article.genre_confirmed_at is None


def test_reporter_edits_only_own_drafts(reporter, editor):
    someone_elses = DraftArticleFactory(created_by=editor)
    with pytest.raises(PermissionDenied):
        services.article_update(article=someone_elses, user=reporter)
    in_review = InReviewArticleFactory(created_by=reporter)
    with pytest.raises(PermissionDenied):
        services.article_update(article=in_review, user=reporter)


def test_history_keeps_every_version_and_restores_one(editor):
    article = DraftArticleFactory(headline="First headline", created_by=editor)
    article.headline = "Second headline"
    services.article_update(article=article, user=editor)
    assert article.history.count() == 2
    newest, oldest = article.history.all()[:2]
    delta = newest.diff_against(oldest)
    assert [
        (c.field, c.old, c.new) for c in delta.changes if c.field == "headline"
    ] == [("headline", "First headline", "Second headline")]
    assert newest.history_user == editor

    restored = oldest.instance
    services.article_update(
        article=restored, user=editor, expected_version=article.version
    )
    article.refresh_from_db()
    assert article.headline == "First headline"
    assert article.history.count() == 3


def test_editing_session_names_the_others(editor, desk_chief):
    article = DraftArticleFactory()
    assert services.editing_session_open(article=article, user=editor) == []
    assert services.editing_session_open(article=article, user=desk_chief) == [editor]
    assert services.editing_session_open(article=article, user=editor) == [desk_chief]


def test_correction_points_at_the_words_it_fixes(editor):
    article = PublishedArticleFactory(body="James O'Brien spoke on November 15.")
    before = article.updated_at
    note = services.note_add(
        article=article,
        kind=EditorialNote.Kind.CORRECTION,
        body="An earlier version gave the wrong date.",
        user=editor,
        passage_start=article.body.index("November 15"),
        passage_end=article.body.index("November 15") + len("November 15"),
        previous_text="November 16",
    )
    assert note.corrected_text == "November 15"
    assert note.previous_text == "November 16"
    article.refresh_from_db()
    assert article.updated_at > before


def test_correction_outside_the_body_is_refused(editor):
    article = PublishedArticleFactory(body="Short body.")
    with pytest.raises(WorkflowError, match="outside the body"):
        services.note_add(article=article, kind=EditorialNote.Kind.CORRECTION,
                          body="Fix.", user=editor, passage_start=5, passage_end=500)  # fmt: skip
    assert not EditorialNote.objects.exists()


def test_only_corrections_point_at_targets(editor):
    article = PublishedArticleFactory()
    with pytest.raises(WorkflowError, match="Only corrections"):
        services.note_add(article=article, kind=EditorialNote.Kind.INTERNAL,
                          body="Note.", user=editor, passage_start=0, passage_end=4)  # fmt: skip


@pytest.mark.parametrize("state", [Flag.State.CONFIRMED, Flag.State.DISMISSED])
def test_confirming_or_dismissing_a_flag_needs_a_reason(editor, state):
    flag = FlagFactory()
    with pytest.raises(WorkflowError, match="Say why you"):
        services.flag_decide(flag=flag, state=state, user=editor, reason="  ")
    flag.refresh_from_db()
    assert flag.state == Flag.State.SUGGESTED
    assert not AuditEntry.objects.exists()
    services.flag_decide(flag=flag, state=state, user=editor, reason="Checked.")
    services.flag_decide(flag=flag, state=Flag.State.SUGGESTED, user=editor)
    flag.refresh_from_db()
    assert flag.state == Flag.State.SUGGESTED  # reopening needs no reason


def test_an_editing_session_is_only_for_who_may_edit(editor, reporter):
    article = InReviewArticleFactory()  # a reporter cannot edit a story in review
    assert services.editing_session_open(article=article, user=reporter) == []
    assert services.editing_session_open(article=article, user=editor) == []
    services.editing_session_close(article=article, user=editor)
    assert services.editing_session_open(article=article, user=reporter) == []


def test_a_note_points_only_at_a_quote_of_its_own_story(editor):
    story, other = PublishedArticleFactory.create_batch(2)
    own = Quote.objects.create(article=story, start=0, end=4, text=story.body[:4])
    foreign = Quote.objects.create(article=other, start=0, end=4, text=other.body[:4])
    with pytest.raises(WorkflowError, match="own story"):
        services.note_add(article=story, kind=EditorialNote.Kind.CORRECTION,
                          body="Misquoted.", user=editor, quote=foreign)  # fmt: skip
    note = services.note_add(article=story, kind=EditorialNote.Kind.CORRECTION,
                             body="Misquoted.", user=editor, quote=own)  # fmt: skip
    with pytest.raises(WorkflowError, match="own story"):
        services.note_update(note=note, kind=note.kind, body=note.body, user=editor,
                             quote=foreign)  # fmt: skip
    assert EditorialNote.objects.get(pk=note.pk).quote == own
