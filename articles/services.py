"""The editorial workflow: every change of a story's state goes through here.

Admin, API and commands call these functions; each checks the user's permission and
the desk's rules, runs in one transaction and leaves an audit entry. No rule lives in
a view, a serializer, an admin class, `save()` or a signal.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from actors.models import Actor, Alias, Event

from . import tallies
from .analysis import suggest
from .anchoring import Edit, diff_texts, reanchor
from .highlight import paragraphs
from .models import (
    Article,
    AuditEntry,
    EditingSession,
    EditorialNote,
    Flag,
    Mention,
    OldSlug,
    Outlet,
    Quote,
)
from .site import cache as site_cache

if TYPE_CHECKING:
    from django.contrib.auth.models import User

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

EDITING_WINDOW = timedelta(minutes=3)
EDITING_HEARTBEAT = timedelta(minutes=1)


def _require(user: User, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(_("You do not have permission to do this."))


def _atomic_settled_once(service):
    """`transaction.atomic`, settling the stories the service wrote once, at its end."""

    @functools.wraps(service)
    def atomic(*args, **kwargs):
        with transaction.atomic(), tallies.settling_once():
            return service(*args, **kwargs)

    return atomic


def audit_record(
    *,
    user: User | None,
    article: Article,
    action: str,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEntry:
    # Every write ends here: the story's listing counts and what readers see of a
    # story on record follow what the write changed.
    tallies.note(article.pk)
    site_cache.public_change(article)
    return AuditEntry.objects.create(
        user=user,
        article=article,
        action=action,
        before=before or {},
        after=after or {},
        reason=reason,
    )


def article_available_actions(*, article: Article, user: User) -> list[str]:
    """The transitions this user may try on this story now (rules are checked on use)."""
    return [
        name
        for name, transition in TRANSITIONS.items()
        if article.status in transition.sources and user.has_perm(transition.permission)
    ]


@_atomic_settled_once
def article_transition(
    *, article: Article, action: str, user: User, reason: str = ""
) -> Article:
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


def _check_publishable(article: Article) -> None:
    if article.genre_confirmed_at is None:
        raise WorkflowError(_("Confirm the genre before publishing."))
    if article.genre == Article.Genre.REPORTING:
        undecided = (
            article.flags.undecided().filter(kind__in=BLOCKING_FLAG_KINDS).count()
        )
        if undecided:
            raise WorkflowError(
                _(
                    "A reporting story cannot be published while %(n)d opinion or "
                    "loaded-language flag(s) are undecided."
                )
                % {"n": undecided}
            )


@_atomic_settled_once
def article_confirm_genre(*, article: Article, genre: str, user: User) -> Article:
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


FLAG_ACTIONS = {
    Flag.State.CONFIRMED: "flag.confirm",
    Flag.State.DISMISSED: "flag.dismiss",
    Flag.State.SUGGESTED: "flag.reopen",
}


def _touch(article_id: int) -> None:
    """Raise the story's version: what readers or the desk see of it changed."""
    Article.objects.filter(pk=article_id).update(
        version=F("version") + 1, updated_at=timezone.now()
    )


@_atomic_settled_once
def flag_decide(*, flag: Flag, state: str, user, reason: str = "") -> Flag:
    """Confirm or dismiss a flag, change an earlier decision, or reopen it (suggested).

    Confirming or dismissing needs the editor's reason: readers see it under a
    confirmed flag, and the desk reads it on a dismissed one.
    """
    _require(user, "articles.review_article")
    if state not in FLAG_ACTIONS:
        raise WorkflowError(_("A flag is suggested, confirmed or dismissed."))
    reason = (reason or "").strip()
    if state != Flag.State.SUGGESTED and not reason:
        raise WorkflowError(
            _("Say why you confirm this flag.")
            if state == Flag.State.CONFIRMED
            else _("Say why you dismiss this flag.")
        )
    flag = Flag.objects.select_for_update().select_related("article").get(pk=flag.pk)
    if (flag.state, flag.decision_reason) == (state, reason):
        return flag  # nothing changed
    before = {"flag": flag.pk, "state": flag.state, "reason": flag.decision_reason}
    flag.state = state
    decided = state != Flag.State.SUGGESTED
    flag.decided_by = user if decided else None
    flag.decided_at = timezone.now() if decided else None
    flag.decision_reason = reason
    flag._history_user = user
    flag.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
    _touch(flag.article_id)
    audit_record(
        user=user,
        article=flag.article,
        action=FLAG_ACTIONS[state],
        before=before,
        after={"flag": flag.pk, "state": state, "reason": reason},
        reason=reason,
    )
    return flag


def span_locate(body: str, text: str) -> tuple[int, int]:
    """The offsets of `text` in `body`, which must occur there exactly once.

    Editors point at words by quoting them, never by typing offsets.
    """
    text = text.strip()
    if not text:
        raise WorkflowError(_("Give the words, as they stand in the body."))
    count = body.count(text)
    if count == 0:
        raise WorkflowError(
            _("“%(text)s” is not in the body; copy the words exactly.") % {"text": text}
        )
    if count > 1:
        raise WorkflowError(
            _("“%(text)s” occurs %(n)d times in the body; add words around it.")
            % {"text": text, "n": count}
        )
    start = body.index(text)
    return start, start + len(text)


@_atomic_settled_once
def flag_add(
    *, article: Article, kind: str, text: str, reason: str, user: User
) -> Flag:
    """An editor flags a passage by quoting its words; it starts as suggested."""
    _require(user, "articles.review_article")
    if kind not in Flag.Kind.values:
        raise WorkflowError(_("Choose the kind of flag."))
    if not reason.strip():
        raise WorkflowError(_("Say why the passage is flagged."))
    article = Article.objects.select_for_update().get(pk=article.pk)
    start, end = span_locate(article.body, text)
    flag = Flag(
        article=article, kind=kind, start=start, end=end,
        text=article.body[start:end], reason=reason.strip(),
    )  # fmt: skip
    flag._history_user = user
    flag.save()
    _touch(article.pk)
    audit_record(
        user=user,
        article=article,
        action="flag.add",
        after={"flag": flag.pk, "kind": kind, "text": flag.text},
        reason=flag.reason,
    )
    return flag


def _note_permission(kind: str) -> str:
    return (
        "articles.review_article"
        if kind in EditorialNote.PUBLIC_KINDS
        else "articles.add_editorialnote"
    )


NOTE_TARGET_FIELDS = ("passage_start", "passage_end", "previous_text", "quote",
                      "actor")  # fmt: skip


def _note_state(note: EditorialNote) -> dict:
    """A note as the audit trail records it."""
    return {
        "note": note.pk,
        "kind": note.kind,
        "body": note.body,
        "passage_start": note.passage_start,
        "passage_end": note.passage_end,
        "previous_text": note.previous_text,
        "quote": note.quote_id,
        "actor": note.actor_id,
    }


def _check_note_target(kind: str, target: dict, article: Article) -> None:
    unknown = set(target) - set(NOTE_TARGET_FIELDS)
    if unknown:
        raise TypeError(f"Unknown note targets: {sorted(unknown)}")
    quote = target.get("quote")
    if quote is not None and quote.article_id != article.pk:
        # The story's page keeps its notes by its own version: another story's
        # quote would change under it unseen.
        raise WorkflowError(_("A note can only point at a quote of its own story."))
    pointed = any(value not in (None, "") for value in target.values())
    if pointed and kind not in (
        EditorialNote.Kind.CORRECTION,
        EditorialNote.Kind.CLARIFICATION,
    ):
        raise WorkflowError(
            _("Only corrections and clarifications point at what they fix.")
        )


@_atomic_settled_once
def note_add(
    *, article: Article, kind: str, body: str, user: User, **target
) -> EditorialNote:
    """Add an editorial note; public kinds need an editor, and touch the story.

    A correction or clarification may say what it fixes (`target`): a passage
    (`passage_start`, `passage_end`, `previous_text`), a `quote` or an `actor`.
    """
    _require(user, _note_permission(kind))
    if not body.strip():
        raise WorkflowError(_("A note needs a text."))
    _check_note_target(kind, target, article)
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
        _touch(article.pk)  # a public note changes what readers see
    audit_record(
        user=user, article=article, action=f"note.{kind}", after={"note": note.pk}
    )
    return note


@_atomic_settled_once
def note_update(
    *, note: EditorialNote, user: User, kind: str, body: str, **target
) -> EditorialNote:
    """Change a note's kind, text or target (`NOTE_TARGET_FIELDS`, all of them).

    A public note, before or after the change, is the editors'; a reporter changes
    only their own internal notes.
    """
    current = EditorialNote.objects.select_for_update().get(pk=note.pk)
    _require(user, _note_permission(current.kind))
    _require(user, _note_permission(kind))
    if not user.has_perm("articles.review_article") and current.author_id != user.pk:
        raise PermissionDenied(_("Reporters change only their own notes."))
    if not body.strip():
        raise WorkflowError(_("A note needs a text."))
    _check_note_target(kind, target, current.article)
    before = _note_state(current)
    current.kind, current.body = kind, body.strip()
    for name in NOTE_TARGET_FIELDS:
        setattr(
            current, name, target.get(name, "" if name == "previous_text" else None)
        )
    try:
        current.full_clean(exclude=["author"])
    except ValidationError as exc:
        raise WorkflowError(" ".join(exc.messages)) from exc
    after = _note_state(current)
    if after == before:
        return current
    current._history_user = user
    current.save()
    if current.is_public or before["kind"] in EditorialNote.PUBLIC_KINDS:
        _touch(current.article_id)
    audit_record(user=user, article=current.article, action="note.edit",
                 before=before, after=after)  # fmt: skip
    return current


@_atomic_settled_once
def note_delete(*, note: EditorialNote, user: User) -> None:
    """Delete a note; a public one is the editors' and stays in the audit trail."""
    current = EditorialNote.objects.select_for_update().get(pk=note.pk)
    _require(user, _note_permission(current.kind))
    _require(user, "articles.delete_editorialnote")
    before = _note_state(current)
    article = current.article
    current._history_user = user
    current.delete()
    if before["kind"] in EditorialNote.PUBLIC_KINDS:
        _touch(article.pk)
    audit_record(user=user, article=article, action="note.delete", before=before)


def _require_edit(user: User, article: Article) -> None:
    if not article_can_edit(user=user, article=article):
        raise PermissionDenied(_("Reporters edit only their own drafts."))


def _span_state(span: Mention | Quote, names) -> dict:
    """A mention or quote as the audit trail records it."""
    label = span._meta.model_name
    return {label: span.pk, **{name: getattr(span, f"{name}_id") for name in names}}


def _span_mark_accepted(span: Mention | Quote, user: User) -> list[str]:
    """Record that `user` accepted the span now; the fields to save."""
    span.review = span.Review.ACCEPTED
    span.reviewed_by = user
    span.reviewed_at = timezone.now()
    return ["review", "reviewed_by", "reviewed_at"]


@_atomic_settled_once
def _span_accept(span: Mention | Quote, user: User, link: str) -> Mention | Quote:
    """A person says a suggested mention or quote is right as it stands.

    Readers see nothing new, so the story's version stays: an accept never makes a
    colleague's open form stale.
    """
    _require_edit(user, span.article)
    current = type(span).objects.select_for_update().get(pk=span.pk)
    if current.review == current.Review.ACCEPTED:
        return current
    current.save(update_fields=_span_mark_accepted(current, user))
    audit_record(user=user, article=span.article,
                 action=f"{span._meta.model_name}.accept",
                 after=_span_state(current, [link]))  # fmt: skip
    return current


@_atomic_settled_once
def _span_relink(span: Mention | Quote, user: User, **links) -> Mention | Quote:
    """Point a mention or quote at other directory rows; audited when it changes.

    The link is then the desk's own choice, so the span is accepted; relinking to
    the rows it already has is accepting it.
    """
    _require_edit(user, span.article)
    current = type(span).objects.select_for_update().get(pk=span.pk)
    before = _span_state(current, links)
    for name, value in links.items():
        setattr(current, name, value)
    after = _span_state(current, links)
    if after == before:
        return _span_accept(current, user, next(iter(links)))
    before["review"] = current.review
    current.save(update_fields=[*links, *_span_mark_accepted(current, user)])
    _touch(current.article_id)
    audit_record(user=user, article=span.article,
                 action=f"{span._meta.model_name}.edit", before=before,
                 after={**after, "review": current.review})  # fmt: skip
    return current


@_atomic_settled_once
def _span_delete(span: Mention | Quote, user: User, link: str) -> None:
    """Remove a mention or quote; the audit trail keeps its words and place."""
    _require_edit(user, span.article)
    before = {**_span_state(span, [link]), "text": span.text, "start": span.start}
    article = span.article
    span.delete()
    _touch(article.pk)
    audit_record(user=user, article=article,
                 action=f"{span._meta.model_name}.delete", before=before)  # fmt: skip


def mention_accept(*, mention: Mention, user: User) -> Mention:
    """Say the analyzer named the right actor here."""
    return _span_accept(mention, user, "actor")


def mention_update(
    *, mention: Mention, user: User, actor: Actor, alias: Alias | None = None
) -> Mention:
    """Say who a mention names (the analyzer may have picked the wrong actor).

    Without `alias`, it is the actor's alias spelled as the mention's words, if any:
    the old actor's alias never stays on the new one.
    """
    if alias is None:
        _named, alias = Actor.objects.filter(pk=actor.pk).named(mention.text)
    return _span_relink(mention, user, actor=actor, alias=alias)


def mention_delete(*, mention: Mention, user: User) -> None:
    _span_delete(mention, user, "actor")


def quote_accept(*, quote: Quote, user: User) -> Quote:
    """Say these words are a quote, and its speaker (or "not known") is right."""
    return _span_accept(quote, user, "speaker")


def quote_update(
    *, quote: Quote, user: User, speaker: Actor | None, event: Event | None = None
) -> Quote:
    """Say who spoke a quote and at which event."""
    return _span_relink(quote, user, speaker=speaker, event=event)


def quote_delete(*, quote: Quote, user: User) -> None:
    _span_delete(quote, user, "speaker")


@_atomic_settled_once
def article_ingest(
    *,
    article: Article,
    mentions: list[Mention],
    quotes: list[Quote],
    flags: list[Flag],
    note_for: Callable[[Article], str],
    user=None,
    source: dict | None = None,
) -> Article:
    """Store an analysed file as a draft with the analyzer's suggestions.

    `user` is whoever uploaded it in admin (who needs `add_article`); a command
    run on the server (`manage.py ingest`) has none. `note_for(article)` writes the
    internal note on what the analyzer did, once the story has its id.
    """
    if user is not None:
        _require(user, "articles.add_article")
    article.status = Status.DRAFT
    article.created_by = user
    article.genre_confirmed_at = None
    article.genre_confirmed_by = None
    article.version = 1
    article._history_user = user
    article.save()
    for span in (*mentions, *quotes, *flags):
        span.article = article
    for span in (*mentions, *quotes):
        _span_mark_suggested(span)  # the analyzer's, whatever the caller built
    Mention.objects.bulk_create(mentions)
    Quote.objects.bulk_create(quotes)
    for flag in flags:
        flag.state = Flag.State.SUGGESTED
        flag._history_user = user
        flag.save()
    internal = EditorialNote(
        article=article,
        kind=EditorialNote.Kind.INTERNAL,
        body=note_for(article),
        author=user,
    )
    internal._history_user = user
    internal.save()
    audit_record(
        user=user,
        article=article,
        action="article.ingest",
        after={**(source or {}), "mentions": len(mentions), "quotes": len(quotes),
               "flags": len(flags)},
    )  # fmt: skip
    return article


def article_check_version(*, article: Article, expected_version: int) -> Article:
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


def article_can_edit(*, user: User, article: Article) -> bool:
    """Editors edit any story; a reporter edits only their own drafts."""
    if not user.has_perm("articles.change_article"):
        return False
    if user.has_perm("articles.review_article"):
        return True
    return article.created_by_id == user.pk and article.status == Status.DRAFT


# The fields an edit may change; the workflow fields belong to the steps above.
EDITABLE_FIELDS = (
    "headline", "slug", "dek", "byline", "body", "outlet_id", "original_url",
    "language", "ingested_at", "genre",
)  # fmt: skip


def _apply(article: Article, fields: dict) -> dict:
    """Set `fields` on the story; return the many-to-many lists to set after saving."""
    fields = dict(fields or {})
    relations = {
        name: fields.pop(name) for name in ("topics", "events") if name in fields
    }
    for name, value in fields.items():
        setattr(article, name, value)
    return relations


def outlet_house() -> Outlet:
    """The desk's own outlet (`settings.NEWSDESK_HOUSE_OUTLET`), made on first use."""
    house = dict(settings.NEWSDESK_HOUSE_OUTLET)
    outlet, _created = Outlet.objects.get_or_create(slug=house.pop("slug"),
                                                    defaults=house)  # fmt: skip
    return outlet


def article_unique_slug(headline: str, *, exclude_pk: int | None = None) -> str:
    """A slug made from the headline, numbered (-2, -3…) until no other story has it.

    A story's old slugs count as its own: they answer with a redirect to it.
    """
    base = slugify(headline)[:190].strip("-") or "story"
    taken = Article.objects.filter(slug__startswith=base)
    retired = OldSlug.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
        retired = retired.exclude(article_id=exclude_pk)
    taken = set(taken.values_list("slug", flat=True))
    taken |= set(retired.values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _check_slug_free(article: Article) -> None:
    """Refuse a slug another story had: its old links must keep leading there."""
    owner = (
        OldSlug.objects.filter(slug=article.slug)
        .exclude(article_id=article.pk)
        .select_related("article")
        .first()
    )
    if owner is not None:
        raise WorkflowError(
            _(
                "“%(slug)s” was the address of another story (%(other)s); choose another."
            )
            % {"slug": article.slug, "other": owner.article.slug}
        )


def _slug_retire(*, article: Article, old: str) -> None:
    """Keep a renamed story's old slug, so its old URLs answer with a redirect.

    Taking back one of its own old slugs makes that one current again.
    """
    OldSlug.objects.filter(article=article, slug=article.slug).delete()
    OldSlug.objects.create(article=article, slug=old)


@_atomic_settled_once
def article_create(*, article: Article, user, fields: dict | None = None) -> Article:
    """Store a new draft written in admin or the API; its author is `user`.

    Without an outlet it is the desk's own (`outlet_house`); without a slug it gets
    one from its headline, unique.
    """
    _require(user, "articles.add_article")
    relations = _apply(article, fields)
    if article.outlet_id is None:
        article.outlet = outlet_house()
    if not (article.slug or "").strip():
        article.slug = article_unique_slug(article.headline)
    _check_slug_free(article)
    article.created_by = user
    article.status = Status.DRAFT
    article.genre_confirmed_at = None
    article.genre_confirmed_by = None
    article.version = 1
    article._history_user = user
    article.save()
    for name, values in relations.items():
        getattr(article, name).set(values)
    audit_record(
        user=user,
        article=article,
        action="article.create",
        after={"fields": sorted(["headline", "body", *relations])},
    )
    article_suggest(article=article, user=user)
    return article


@_atomic_settled_once
def article_update(
    *,
    article: Article,
    user,
    expected_version: int | None = None,
    fields: dict | None = None,
    correction: dict | None = None,
) -> Article:
    """Save an edit made in admin, the API or a restore from history.

    `article` carries the edited values (or `fields` gives them). The edit is
    refused if the story moved on since `expected_version`; the workflow fields
    (status, publication, genre confirmation, author) never change through an edit.
    A save that changes nothing writes nothing: no version, no audit entry.

    When the body changes, every span follows its words (`spans_follow_edit`);
    `article.span_report` says how many moved, changed and were detached.
    `correction` ({"kind": correction|clarification, "body": "…"}) publishes a
    note on the edit, its previous and new wording taken from the diff.
    """
    relations = _apply(article, fields)
    article.span_report = SpanReport()
    current = article_check_version(
        article=article,
        expected_version=article.version
        if expected_version is None
        else expected_version,
    )
    if not article_can_edit(user=user, article=current):
        raise PermissionDenied(_("Reporters edit only their own drafts."))
    changed = [
        name
        for name in EDITABLE_FIELDS
        if getattr(article, name) != getattr(current, name)
    ]
    changed += [
        name
        for name, values in relations.items()
        if {getattr(v, "pk", v) for v in values}
        != set(getattr(current, name).values_list("pk", flat=True))
    ]
    for name in ("status", "published_at", "genre_confirmed_at", "genre_confirmed_by_id",
                 "withdrawal_reason", "created_by_id", "version"):  # fmt: skip
        setattr(article, name, getattr(current, name))
    if not changed:
        return article
    if "genre" in changed and current.genre_confirmed:
        # Changing a confirmed genre needs confirming again.
        article.genre_confirmed_at = None
        article.genre_confirmed_by = None
    if correction and "body" not in changed:
        raise WorkflowError(_("A correction goes with an edit of the body."))
    if "slug" in changed:
        _check_slug_free(article)
        _slug_retire(article=article, old=current.slug)
    article.version = current.version + 1
    article._history_user = user
    article.save()
    for name, values in relations.items():
        getattr(article, name).set(values)
    after = {"fields": changed}
    if "slug" in changed:
        after["slug"] = {"from": current.slug, "to": article.slug}
    if "body" in changed:
        edit = diff_texts(current.body, article.body)
        article.span_report = spans_follow_edit(article=article, edit=edit)
        after["diff"] = edit.summary()
        after["spans"] = article.span_report.as_dict()
    audit_record(user=user, article=article, action="article.edit", after=after)
    if correction:
        _note_on_edit(article=article, edit=edit, user=user, **correction)
    if "body" in changed:
        article_suggest(article=article, user=user, within=_changed_paragraphs(edit))
    return article


def _changed_paragraphs(edit: Edit) -> list[tuple[int, int]]:
    """The paragraphs of the new body that an edit touched."""
    touched = [(change.new_start, change.new_end) for change in edit.changes]
    return [
        (start, end)
        for start, end in paragraphs(edit.new)
        if any(a <= end and b >= start for a, b in touched)
    ]


@_atomic_settled_once
def article_suggest(
    *, article: Article, user: User, within: list[tuple[int, int]] | None = None
) -> dict:
    """Add the analyzer's suggestions for the desk's own copy, as ingest does.

    `within` limits them to ranges of the body (the paragraphs an edit changed);
    None is the whole body (the "Re-analyse" action). Spans that exist already are
    not added twice, and nothing the desk decided is touched: a suggestion
    overlapping any flag of its kind, a mention of the same actor at the same
    place, a quote over the same words are left out.
    """
    from .ingest import desk_load  # ingest writes through this module

    _require_edit(user, article)
    if within == []:
        return {"mentions": 0, "quotes": 0, "flags": 0}
    desk = desk_load(with_stored=False)
    found = suggest(article.body, desk=desk,
                    genre=article.genre if article.genre_confirmed else None)  # fmt: skip

    def wanted(start, end):
        return within is None or any(a <= start and end <= b for a, b in within)

    actors = {slug: known.pk for slug, known in desk.actors.items()}
    flags = list(article.flags.attached().values_list("kind", "start", "end"))
    mentions = set(article.mentions.values_list("actor_id", "start"))
    quotes = list(article.quotes.values_list("start", "end"))
    added = {"mentions": [], "quotes": [], "flags": []}
    for m in found.mentions:
        if wanted(m.start, m.end) and (actors[m.actor], m.start) not in mentions:
            added["mentions"].append(Mention(
                article=article, actor_id=actors[m.actor], alias_id=m.alias_pk,
                start=m.start, end=m.end, text=m.text,
            ))  # fmt: skip
    for q in found.quotes:
        overlaps = any(a < q.end and q.start < b for a, b in quotes)
        if wanted(q.start, q.end) and not overlaps:
            added["quotes"].append(Quote(
                article=article, speaker_id=actors.get(q.speaker) if q.speaker else None,
                start=q.start, end=q.end, text=q.text,
            ))  # fmt: skip
    for f in found.flags:
        overlaps = any(k == f.kind and a < f.end and f.start < b for k, a, b in flags)
        if wanted(f.start, f.end) and not overlaps:
            added["flags"].append(Flag(
                article=article, kind=f.kind, start=f.start, end=f.end, text=f.text,
                reason=f.reason, confidence=f.confidence,
            ))  # fmt: skip
    Mention.objects.bulk_create(added["mentions"])
    Quote.objects.bulk_create(added["quotes"])
    for flag in added["flags"]:
        flag._history_user = user
        flag.save()
    counts = {name: len(items) for name, items in added.items()}
    if any(counts.values()):
        audit_record(user=user, article=article, action="article.suggest",
                     after={**counts, "whole_body": within is None})  # fmt: skip
    return counts


@dataclass
class SpanReport:
    """What an edit of the body did to the story's spans."""

    moved: int = 0
    changed: int = 0
    detached: int = 0
    records: list = field(default_factory=list)  # the detached and re-matched ones

    def as_dict(self) -> dict:
        return {"moved": self.moved, "changed": self.changed,
                "detached": self.detached, "records": self.records[:50]}  # fmt: skip


def spans_follow_edit(*, article: Article, edit: Edit) -> SpanReport:
    """Carry every span of the story across an edit of its body.

    A span on untouched words moves with them and keeps its state. A span whose
    words were partly rewritten takes the new words: a decided flag goes back to
    suggested, a mention is matched again against the directory, a quote is checked
    against its speaker's stored quotes. A span whose words were deleted is
    detached: a flag stays, for the record, out of sight; a mention or quote is
    removed (the audit entry keeps it); a correction keeps its previous wording.
    """
    report = SpanReport()
    handlers = (
        (article.flags.attached(), _flag_follows),
        (article.mentions.select_related("actor"), _mention_follows),
        (article.quotes.select_related("speaker"), _quote_follows),
    )
    for queryset, follow in handlers:
        spans = list(queryset)
        moved = []
        anchors = reanchor(edit, [(span.start, span.end) for span in spans])
        for span, anchored in zip(spans, anchors, strict=True):
            if anchored.outcome == "kept":
                if (span.start, span.end) != (anchored.start, anchored.end):
                    span.start, span.end = anchored.start, anchored.end
                    moved.append(span)
                continue
            follow(span, anchored, report)
        if moved:
            type(moved[0]).objects.bulk_update(moved, ["start", "end"])
            report.moved += len(moved)
    _notes_follow(article, edit)
    return report


DECISION_UNDONE = "text changed after the decision"


def _flag_follows(flag: Flag, anchored, report: SpanReport) -> None:
    if anchored.outcome == "detached":
        flag.detached = True
        flag.save(update_fields=["detached"])
        report.detached += 1
        report.records.append({"flag": flag.pk, "kind": flag.kind, "text": flag.text,
                               "state": flag.state, "outcome": "detached"})  # fmt: skip
        return
    before = flag.text
    flag.start, flag.end, flag.text = anchored.start, anchored.end, anchored.text
    if flag.state != Flag.State.SUGGESTED:
        flag.state, flag.decided_by, flag.decided_at = Flag.State.SUGGESTED, None, None
        flag.decision_reason = DECISION_UNDONE
    flag.save(update_fields=["start", "end", "text", "state", "decided_by",
                             "decided_at", "decision_reason"])  # fmt: skip
    report.changed += 1
    report.records.append({"flag": flag.pk, "was": before, "now": flag.text,
                           "outcome": "changed"})  # fmt: skip


def _mention_follows(mention: Mention, anchored, report: SpanReport) -> None:
    actor, alias = (
        (None, None)
        if anchored.outcome == "detached"
        else Actor.objects.named(anchored.text, prefer=mention.actor)
    )
    record = {"mention": mention.pk, "actor": mention.actor.slug, "was": mention.text}
    if actor is None:
        mention.delete()
        report.detached += 1
        report.records.append({**record, "outcome": "removed"})
        return
    mention.start, mention.end, mention.text = (
        anchored.start, anchored.end, anchored.text,
    )  # fmt: skip
    mention.actor, mention.alias = actor, alias
    _span_mark_suggested(mention)
    mention.save(update_fields=["start", "end", "text", "actor", "alias", "review",
                                "reviewed_by", "reviewed_at"])  # fmt: skip
    report.changed += 1
    report.records.append({**record, "now": mention.text, "now_actor": actor.slug,
                           "outcome": "changed"})  # fmt: skip


def _span_mark_suggested(span: Mention | Quote) -> None:
    """New words need a new look: an accepted mention or quote is suggested again."""
    span.review, span.reviewed_by, span.reviewed_at = span.Review.SUGGESTED, None, None


def _quote_follows(quote: Quote, anchored, report: SpanReport) -> None:
    record = {"quote": quote.pk, "speaker": quote.speaker_id, "was": quote.text}
    if anchored.outcome == "detached":
        quote.delete()
        report.detached += 1
        report.records.append({**record, "outcome": "removed"})
        return
    quote.start, quote.end, quote.text = anchored.start, anchored.end, anchored.text
    _span_mark_suggested(quote)
    quote.save(update_fields=["start", "end", "text", "review", "reviewed_by",
                              "reviewed_at"])  # fmt: skip
    report.changed += 1
    report.records.append({**record, "now": quote.text, "outcome": "changed"})
    already = Flag.objects.attached().filter(
        article_id=quote.article_id, kind=Flag.Kind.ALTERED_QUOTE,
        start=quote.start, end=quote.end,
    )  # fmt: skip
    if quote.speaker_id and not already.exists() and not _speaker_said(quote):
        Flag.objects.create(
            article_id=quote.article_id, kind=Flag.Kind.ALTERED_QUOTE,
            start=quote.start, end=quote.end, text=quote.text,
            reason=_("An edit changed the words of a quote of %(speaker)s (it read "
                     "“%(was)s”); check them against what was said.")
            % {"speaker": quote.speaker, "was": record["was"]},
        )  # fmt: skip


def _speaker_said(quote: Quote) -> bool:
    """Whether the quote's new words are what the speaker said in another story."""
    said = (
        Quote.objects.filter(speaker_id=quote.speaker_id)
        .exclude(article_id=quote.article_id)
        .values_list("text", flat=True)
    )
    words = quote.text.strip().casefold()
    return any(words in other.casefold() for other in said)


def _notes_follow(article: Article, edit: Edit) -> None:
    """A correction's passage follows its words; deleted, it keeps its old wording."""
    notes = list(article.notes.filter(passage_start__isnull=False))
    anchors = reanchor(edit, [(n.passage_start, n.passage_end) for n in notes])
    for note, anchored in zip(notes, anchors, strict=True):
        note.passage_start, note.passage_end = anchored.start, anchored.end
    EditorialNote.objects.bulk_update(notes, ["passage_start", "passage_end"])


def _note_on_edit(
    *, article: Article, edit: Edit, user: User, kind: str, body: str
) -> EditorialNote:
    """A correction or clarification whose passage is what the edit changed."""
    if kind not in (EditorialNote.Kind.CORRECTION, EditorialNote.Kind.CLARIFICATION):
        raise WorkflowError(_("An edit is noted as a correction or a clarification."))
    changes = edit.changes
    first, last = changes[0], changes[-1]
    target = {"previous_text": edit.old[first.old_start : last.old_end]}
    if last.new_end > first.new_start:
        target.update(passage_start=first.new_start, passage_end=last.new_end)
    return note_add(article=article, kind=kind, body=body, user=user, **target)


def editing_session_open(*, article: Article, user: User) -> list[User]:
    """Record that `user` has the story's change form open; return the others who do.

    Only someone who may edit the story is recorded (a reader of the form is no
    editing session). Admin's form refreshes it every minute while it is open
    (`EDITING_HEARTBEAT`) and closes it when the page is left, so a session older
    than `EDITING_WINDOW` is a form closed without a word.
    """
    now = timezone.now()
    if article_can_edit(user=user, article=article):
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


def editing_session_close(*, article: Article, user: User) -> None:
    """`user` left the story's change form."""
    EditingSession.objects.filter(article=article, user=user).delete()
