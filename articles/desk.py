"""What admin tells the desk about its day: read-only queries and plain words.

The dashboard on the admin index (a reporter's own stories, an editor's review
queue, a desk chief's recent publications and withdrawals), the send-back a
reporter has to answer, and audit entries as sentences. Nothing here writes.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format

from .models import Article, AuditEntry, Flag

Status = Article.Status

SEND_BACK, SUBMIT = "article.send_back", "article.submit"


def who(user) -> str:
    """A user as the desk calls them; no user is the system (ingest, a command)."""
    if user is None:
        return "the system"
    return user.get_full_name() or user.get_username()


def when(moment) -> str:
    return date_format(timezone.localtime(moment), "j M Y, H:i")


def send_back_pending(article: Article) -> AuditEntry | None:
    """The send-back a draft has not answered yet (no submit since), if any."""
    if article.status != Status.DRAFT:
        return None
    entry = (
        article.audit_entries.filter(action__in=[SEND_BACK, SUBMIT])
        .select_related("user")
        .order_by("-created_at", "-pk")
        .first()
    )
    return entry if entry is not None and entry.action == SEND_BACK else None


def send_back_message(entry: AuditEntry) -> str:
    return (
        f"Sent back by {who(entry.user)} on {when(entry.created_at)}: "
        f"“{entry.reason}” Fix it, then submit it for review again."
    )


@dataclass
class MyStory:
    article: Article
    sent_back: AuditEntry | None


def my_stories(user, limit=20):
    """(counts by status, the latest stories) of the stories `user` created."""
    mine = Article.objects.filter(created_by=user)
    counts = dict(mine.order_by().values_list("status").annotate(n=Count("pk")))
    by_status = [
        (value, label, counts.get(value, 0))
        for value, label in Status.choices
        if counts.get(value)
    ]
    stories = list(mine.order_by("-updated_at", "-pk")[:limit])
    drafts = [story.pk for story in stories if story.status == Status.DRAFT]
    latest = {}
    for entry in (
        AuditEntry.objects.filter(article_id__in=drafts, action__in=[SEND_BACK, SUBMIT])
        .select_related("user")
        .order_by("created_at", "pk")
    ):
        latest[entry.article_id] = entry
    rows = [
        MyStory(
            story,
            entry
            if (entry := latest.get(story.pk)) and entry.action == SEND_BACK
            else None,
        )
        for story in stories
    ]
    return by_status, rows


def review_queue(limit=20):
    """Stories in review, the longest waiting first, with what still needs deciding."""
    return list(
        Article.objects.in_review()
        .select_related("outlet", "created_by")
        .with_undecided_flag_count()
        .order_by("updated_at", "pk")[:limit]
    )


def recent_decisions(limit=10):
    """The latest publications and withdrawals: who, when, and why for a withdrawal."""
    return list(
        AuditEntry.objects.filter(action__in=["article.publish", "article.withdraw"])
        .select_related("article", "user")
        .order_by("-created_at", "-pk")[:limit]
    )


# Audit entries in plain words --------------------------------------------------

STATUS_WORDS = dict(Status.choices)
FLAG_STATE_WORDS = dict(Flag.State.choices)

ACTION_WORDS = {
    "article.create": "wrote the first draft",
    "article.ingest": "ingested it from a file",
    "article.edit": "edited it",
    "article.submit": "submitted it for review",
    "article.send_back": "sent it back to the reporter",
    "article.publish": "published it",
    "article.spike": "spiked it",
    "article.withdraw": "withdrew it",
    "article.confirm_genre": "confirmed the genre",
    "article.restore": "restored an earlier version",
    "flag.add": "flagged a passage",
    "flag.confirm": "confirmed a flag",
    "flag.dismiss": "dismissed a flag",
    "flag.reopen": "reopened a flag",
    "note.internal": "added an internal note",
    "note.editors_note": "added an editor's note",
    "note.correction": "published a correction",
    "note.clarification": "published a clarification",
    "note.edit": "changed a note",
    "note.delete": "deleted a note",
    "mention.edit": "changed who a mention names",
    "mention.accept": "accepted a mention",
    "mention.delete": "removed a mention",
    "quote.edit": "changed who spoke a quote",
    "quote.accept": "accepted a quote",
    "quote.delete": "removed a quote",
}


def _short(text, width=80):
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def describe(entry: AuditEntry, flags: dict | None = None) -> str:
    """One audit entry as a sentence: who did what (without when)."""
    action = ACTION_WORDS.get(
        entry.action, entry.action.replace(".", " ").replace("_", " ")
    )
    detail = ""
    after, before = entry.after or {}, entry.before or {}
    if entry.action == "article.confirm_genre":
        genre = dict(Article.Genre.choices).get(after.get("genre"), after.get("genre"))
        detail = f" as {genre}"
    elif entry.action.startswith("flag."):
        flag = (flags or {}).get(after.get("flag") or before.get("flag"))
        words = after.get("text") or (flag.text if flag else "")
        kind = flag.get_kind_display().lower() if flag else ""
        if words:
            detail = f" ({kind}{': ' if kind else ''}“{_short(words, 60)}”)"
    elif entry.action == "article.edit":
        fields = [
            name.replace("_id", "").replace("_", " ")
            for name in after.get("fields", [])
        ]
        if fields:
            detail = f": {', '.join(fields)}"
        spans = after.get("spans") or {}
        moved = {
            k: spans.get(k) for k in ("moved", "changed", "detached") if spans.get(k)
        }
        if moved:
            detail += (
                " (" + ", ".join(f"{n} span(s) {k}" for k, n in moved.items()) + ")"
            )
    text = f"{who(entry.user)} {action}{detail}"
    if entry.reason:
        text += f" — “{_short(entry.reason, 200)}”"
    return text + "."
