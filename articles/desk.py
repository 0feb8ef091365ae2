"""What admin tells the desk about its day: read-only queries and plain words.

The dashboard on the admin index (a reporter's own stories, an editor's review
queue, a desk chief's recent publications and withdrawals), the send-back a
reporter has to answer, and audit entries as sentences. Nothing here writes.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format

from .highlight import paragraphs
from .models import Article, AuditEntry, Flag, Mention, Quote

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
    """Stories in review, the longest waiting first, with what still needs deciding.

    Each story also carries `unreviewed_mentions` and `unreviewed_quotes`: what the
    analyzer suggested and nobody accepted yet (they never block publishing).
    """
    stories = list(
        Article.objects.in_review()
        .select_related("outlet", "created_by")
        .with_undecided_flag_count()
        .order_by("updated_at", "pk")[:limit]
    )
    for model, name in ((Mention, "unreviewed_mentions"),
                        (Quote, "unreviewed_quotes")):  # fmt: skip
        counts = dict(
            model.objects.unreviewed()
            .filter(article__in=[story.pk for story in stories])
            .order_by()
            .values_list("article")
            .annotate(n=Count("pk"))
        )
        for story in stories:
            setattr(story, name, counts.get(story.pk, 0))
    return stories


CONTEXT = 70  # characters of the paragraph shown either side of a span's words


def in_context(body: str, start: int, end: int, *, width: int = CONTEXT):
    """(before, words, after): a span's words with the text around them in its
    paragraph, cut at a word and marked "…" where cut, for a review card."""
    p_start, p_end = next(
        ((a, b) for a, b in paragraphs(body) if a <= start <= b), (0, len(body))
    )
    before = body[max(p_start, start - width) : start]
    after = body[end : min(max(p_end, end), end + width)]
    if start - width > p_start and " " in before:
        before = "…" + before[before.index(" ") :]
    if end + width < p_end and " " in after:
        after = after[: after.rindex(" ")] + " …"
    return before, body[start:end], after


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


# Versions compared, word by word -------------------------------------------------

DIFF_CONTEXT = 80  # characters of unchanged text kept around each change


def word_diff(old: str, new: str, *, context: int = DIFF_CONTEXT):
    """`new` against `old` as HTML: removed words in <del>, added ones in <ins>.

    The diff is `anchoring.diff_texts` (words and punctuation, bounded work), so a
    whole rewrite of a long body costs milliseconds. Long unchanged stretches are
    cut to `context` characters either side of a change.
    """
    from django.utils.html import escape, format_html
    from django.utils.safestring import mark_safe

    from .anchoring import diff_texts

    old, new = old or "", new or ""
    edit = diff_texts(old, new)
    if edit.unchanged:
        return ""
    pieces, cursor = [], 0

    def head(text):  # the first words, about `context` characters
        cut = text.rfind(" ", 0, context)
        return text[: cut if cut > 0 else context]

    def tail(text):  # the last words
        cut = text.find(" ", len(text) - context)
        return text[cut + 1 if cut >= 0 else len(text) - context :]

    def unchanged(text, first, last):
        if len(text) > 2 * context + 20 and not (first or last):
            return escape(head(text)) + " … " + escape(tail(text))
        if first and len(text) > context:
            return "… " + escape(tail(text))
        if last and len(text) > context:
            return escape(head(text)) + " …"
        return escape(text)

    for number, change in enumerate(edit.changes):
        pieces.append(unchanged(old[cursor : change.old_start], number == 0, False))
        if change.old_text:
            pieces.append(format_html("<del>{}</del>", change.old_text))
        if change.new_text:
            pieces.append(format_html("<ins>{}</ins>", change.new_text))
        cursor = change.old_end
    pieces.append(unchanged(old[cursor:], False, True))
    html = "".join(str(piece) for piece in pieces).replace("\n", "<br>")
    return mark_safe(html)  # noqa: S308 - every piece is escaped


DIFFED_FIELDS = ("headline", "dek", "body")
HIDDEN_FIELDS = {"version", "updated_at", "content_hash"}


def version_changes(record):
    """What a version of a story changed from the one before, for the history page:
    a list of (field label, html) with word diffs for headline, dek and body and
    "before → after" in plain words for the rest."""
    from django.utils.html import format_html

    previous = record.prev_record
    if previous is None:
        return [("", "First version.")]
    delta = record.diff_against(previous)
    rows = []
    order = {name: n for n, name in enumerate(DIFFED_FIELDS)}
    for change in sorted(delta.changes, key=lambda c: order.get(c.field, 99)):
        if change.field in HIDDEN_FIELDS:
            continue
        field = Article._meta.get_field(change.field)
        label = str(field.verbose_name).capitalize()
        if change.field in DIFFED_FIELDS:
            rows.append((label, word_diff(change.old, change.new)))
            continue
        rows.append(
            (
                label,
                format_html(
                    "{} → {}", _plain(field, change.old), _plain(field, change.new)
                ),
            )  # fmt: skip
        )
    return rows


def _plain(field, value):
    if value in (None, "", []):
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and field.many_to_many:
        target = field.m2m_reverse_field_name()
        ids = [item.get(target) if isinstance(item, dict) else item for item in value]
        ids = [getattr(i, "pk", i) for i in ids]
        names = field.related_model.objects.filter(pk__in=ids)
        return ", ".join(str(name) for name in names) or "—"
    if field.is_relation:
        obj = field.related_model.objects.filter(pk=value).first()
        return str(obj) if obj else "—"
    if hasattr(value, "strftime"):
        return when(value)
    return str(value)
