"""The editorial workflow: every change of a story's state goes through here.

Admin, API and commands call these functions; each checks the user's permission and
the desk's rules, runs in one transaction and leaves an audit entry. No rule lives in
a view, a serializer, an admin class, `save()` or a signal.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article, AuditEntry, EditingSession, EditorialNote, Flag

Status = Article.Status


class WorkflowError(Exception):
    """A step the editorial rules refuse; the message is shown to the editor."""


class StaleVersionError(WorkflowError):
    """Someone saved the story after this editor opened it."""


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str
    permission: str
    needs_reason: bool = False


TRANSITIONS = {
    "submit": Transition(
        frozenset({Status.DRAFT}), Status.IN_REVIEW, "articles.change_article"
    ),
    "send_back": Transition(
        frozenset({Status.IN_REVIEW}),
        Status.DRAFT,
        "articles.review_article",
        needs_reason=True,
    ),
    "publish": Transition(
        frozenset({Status.IN_REVIEW}), Status.PUBLISHED, "articles.publish_article"
    ),
    # A published story is withdrawn, not spiked, so readers keep a tombstone.
    "spike": Transition(
        frozenset({Status.DRAFT, Status.IN_REVIEW}),
        Status.SPIKED,
        "articles.review_article",
    ),
    "withdraw": Transition(
        frozenset({Status.PUBLISHED}),
        Status.WITHDRAWN,
        "articles.withdraw_article",
        needs_reason=True,
    ),
}

# Flags that make a story labelled reporting unpublishable until an editor decides them.
BLOCKING_FLAG_KINDS = (Flag.Kind.OPINION_IN_REPORTING, Flag.Kind.LOADED_LANGUAGE)

EDITING_WINDOW = timedelta(minutes=10)


def _require(user, permission):
    if not user.has_perm(permission):
        raise PermissionDenied(_("You do not have permission to do this."))


def audit_record(*, user, article, action, before=None, after=None, reason=""):
    return AuditEntry.objects.create(
        user=user,
        article=article,
        action=action,
        before=before or {},
        after=after or {},
        reason=reason,
    )


def article_available_actions(*, article, user):
    """The transitions this user may try on this story now (rules are checked on use)."""
    return [
        name
        for name, transition in TRANSITIONS.items()
        if article.status in transition.sources and user.has_perm(transition.permission)
    ]


@transaction.atomic
def article_transition(*, article, action, user, reason=""):
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise WorkflowError(_("Unknown action “%(action)s”.") % {"action": action})
    _require(user, transition.permission)
    article = Article.objects.select_for_update().get(pk=article.pk)
    if (
        action == "submit"
        and not user.has_perm("articles.review_article")
        and article.created_by_id != user.pk
    ):
        raise PermissionDenied(_("Reporters submit only their own drafts."))
    if article.status not in transition.sources:
        raise WorkflowError(
            _("A story that is %(status)s cannot be %(action)s.")
            % {"status": article.get_status_display().lower(), "action": _(action)}
        )
    reason = reason.strip()
    if transition.needs_reason and not reason:
        raise WorkflowError(_("Give a reason for this step."))
    if transition.target == Status.PUBLISHED:
        _check_publishable(article)

    before = article.status
    article.status = transition.target
    fields = ["status", "version", "updated_at"]
    if transition.target == Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
        fields.append("published_at")
    if action == "withdraw":
        article.withdrawal_reason = reason
        fields.append("withdrawal_reason")
    article.version += 1
    article._history_user = user
    article.save(update_fields=fields)
    audit_record(
        user=user,
        article=article,
        action=f"article.{action}",
        before={"status": before},
        after={"status": article.status},
        reason=reason,
    )
    return article


def _check_publishable(article):
    if article.genre_confirmed_at is None:
        raise WorkflowError(_("Confirm the genre before publishing."))
    if article.genre == Article.Genre.REPORTING:
        undecided = article.flags.filter(
            state=Flag.State.SUGGESTED, kind__in=BLOCKING_FLAG_KINDS
        ).count()
        if undecided:
            raise WorkflowError(
                _(
                    "A reporting story cannot be published while %(n)d opinion or "
                    "loaded-language flag(s) are undecided."
                )
                % {"n": undecided}
            )


@transaction.atomic
def article_confirm_genre(*, article, genre, user):
    _require(user, "articles.review_article")
    if genre not in Article.Genre.values or genre == Article.Genre.UNCLASSIFIED:
        raise WorkflowError(_("Choose a genre other than unclassified."))
    article = Article.objects.select_for_update().get(pk=article.pk)
    before = {"genre": article.genre, "confirmed": article.genre_confirmed}
    article.genre = genre
    article.genre_confirmed_at = timezone.now()
    article.genre_confirmed_by = user
    article.version += 1
    article._history_user = user
    article.save(
        update_fields=[
            "genre",
            "genre_confirmed_at",
            "genre_confirmed_by",
            "version",
            "updated_at",
        ]
    )
    audit_record(
        user=user,
        article=article,
        action="article.confirm_genre",
        before=before,
        after={"genre": genre, "confirmed": True},
    )
    return article


@transaction.atomic
def flag_decide(*, flag, state, user, reason=""):
    """Confirm or dismiss a suggested flag (or change an earlier decision)."""
    _require(user, "articles.review_article")
    if state not in (Flag.State.CONFIRMED, Flag.State.DISMISSED):
        raise WorkflowError(_("A flag is either confirmed or dismissed."))
    flag = Flag.objects.select_for_update().select_related("article").get(pk=flag.pk)
    before = flag.state
    flag.state = state
    flag.decided_by = user
    flag.decided_at = timezone.now()
    flag.decision_reason = reason.strip()
    flag._history_user = user
    flag.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
    Article.objects.filter(pk=flag.article_id).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    audit_record(
        user=user,
        article=flag.article,
        action=f"flag.{'confirm' if state == Flag.State.CONFIRMED else 'dismiss'}",
        before={"flag": flag.pk, "state": before},
        after={"flag": flag.pk, "state": state},
        reason=flag.decision_reason,
    )
    return flag


@transaction.atomic
def note_add(*, article, kind, body, user, **target):
    """Add an editorial note; public kinds need an editor, and touch the story.

    A correction or clarification may say what it fixes (`target`): a passage
    (`passage_start`, `passage_end`, `previous_text`), a `quote` or an `actor`.
    """
    permission = (
        "articles.review_article"
        if kind in EditorialNote.PUBLIC_KINDS
        else "articles.add_editorialnote"
    )
    _require(user, permission)
    if not body.strip():
        raise WorkflowError(_("A note needs a text."))
    if target and kind not in (
        EditorialNote.Kind.CORRECTION,
        EditorialNote.Kind.CLARIFICATION,
    ):
        raise WorkflowError(
            _("Only corrections and clarifications point at what they fix.")
        )
    note = EditorialNote(
        article=article, kind=kind, body=body.strip(), author=user, **target
    )
    try:
        note.full_clean(exclude=["author"])
    except ValidationError as exc:
        raise WorkflowError(" ".join(exc.messages)) from exc
    note._history_user = user
    note.save()
    if note.is_public:
        # A correction or clarification changes what readers see: bump the story.
        Article.objects.filter(pk=article.pk).update(
            version=F("version") + 1, updated_at=timezone.now()
        )
    audit_record(
        user=user, article=article, action=f"note.{kind}", after={"note": note.pk}
    )
    return note


def article_check_version(*, article, expected_version):
    """Lock the story's row and refuse if it changed since `expected_version`.

    Call inside a transaction; the lock holds until it ends, so the save that
    follows cannot race another editor's.
    """
    current = Article.objects.select_for_update().get(pk=article.pk)
    if current.version == expected_version:
        return current
    last = current.history.select_related("history_user").first()
    who = last.history_user if last and last.history_user else None
    when = timezone.localtime(current.updated_at).strftime("%H:%M")
    raise StaleVersionError(
        _(
            "%(who)s changed this story at %(when)s, after you opened it. Your "
            "changes were not saved; reload the story to see theirs and edit again."
        )
        % {"who": who or _("Someone else"), "when": when}
    )


def article_can_edit(*, user, article):
    """Editors edit any story; a reporter edits only their own drafts."""
    if not user.has_perm("articles.change_article"):
        return False
    if user.has_perm("articles.review_article"):
        return True
    return article.created_by_id == user.pk and article.status == Status.DRAFT


@transaction.atomic
def article_save(
    *, article, user, expected_version=None, fields=None, changed_fields=None
):
    """Create a story, or save an edit made in admin or the API.

    `fields` (from the API) are applied first, many-to-many lists included. An edit
    is refused if the story moved on since `expected_version`; the workflow fields
    (status, publication time, genre confirmation) never change through an edit.
    """
    fields = dict(fields or {})
    relations = {
        name: fields.pop(name) for name in ("topics", "events") if name in fields
    }
    for name, value in fields.items():
        setattr(article, name, value)
    changed = sorted(changed_fields or [*fields, *relations])
    if article.pk is None:
        _require(user, "articles.add_article")
        article.created_by = user
        article.status = Status.DRAFT
        article.genre_confirmed_at = None
        article.genre_confirmed_by = None
        article.version = 1
        action = "article.create"
    else:
        current = article_check_version(
            article=article,
            expected_version=article.version
            if expected_version is None
            else expected_version,
        )
        if not article_can_edit(user=user, article=current):
            raise PermissionDenied(_("Reporters edit only their own drafts."))
        for field in ("status", "published_at", "genre_confirmed_at", "genre_confirmed_by_id",
                      "withdrawal_reason", "created_by_id"):  # fmt: skip
            setattr(article, field, getattr(current, field))
        if article.genre != current.genre and current.genre_confirmed:
            # Changing a confirmed genre needs confirming again.
            article.genre_confirmed_at = None
            article.genre_confirmed_by = None
        article.version = current.version + 1
        action = "article.edit"
    article._history_user = user
    article.save()
    for name, values in relations.items():
        getattr(article, name).set(values)
    audit_record(user=user, article=article, action=action, after={"fields": changed})
    return article


def editing_session_open(*, article, user):
    """Record that `user` opened the story; return the others who did so recently."""
    now = timezone.now()
    EditingSession.objects.update_or_create(
        article=article, user=user, defaults={"seen_at": now}
    )
    return [
        session.user
        for session in EditingSession.objects.filter(
            article=article, seen_at__gte=now - EDITING_WINDOW
        )
        .exclude(user=user)
        .select_related("user")
    ]
