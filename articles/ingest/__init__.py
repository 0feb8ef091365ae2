"""Ingest: raw files become draft articles carrying the analyzer's suggestions.

`analyze` and `ingest` share the pipeline in `articles/analysis/`; this module is the
part that reads the database (the desk's snapshot) and writes it (the drafts).
Each file is stored in its own transaction: a file that fails leaves nothing
behind, and the files after it are still ingested.
"""

import datetime
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor, Alias

from .. import services
from ..analysis import (
    Desk,
    InputError,
    KnownActor,
    KnownAlias,
    KnownOutlet,
    StoredArticle,
    StoredQuote,
    analyze,
    content_hash,
    decode,
)
from ..analysis.text import sentence_spans
from ..models import Article, Flag, Mention, Outlet, Quote

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
# Stories compared for near-duplicates: the newest ones, so a run stays fast on a
# large archive. A rewrite usually follows its original within days.
STORED_WINDOW = 5000
UNIDENTIFIED_OUTLET = "unidentified-outlet"


def max_bytes_default():
    """The size limit for one file: `NEWSDESK_INGEST_MAX_BYTES`, else 2 MB."""
    return getattr(settings, "NEWSDESK_INGEST_MAX_BYTES", DEFAULT_MAX_BYTES)


def analysis_seconds():
    """The time budget for analyzing one file: `NEWSDESK_ANALYSIS_SECONDS`."""
    return settings.NEWSDESK_ANALYSIS_SECONDS


# Tags that make a pasted text or a .txt file HTML, wherever they stand.
HTML_TAG = re.compile(
    r"<(?:!doctype|html|head|body|article|section|div|p|h[1-6]|br|span|a|em|strong|"
    r"b|i|ul|ol|li|blockquote|title|meta|time|figure|header|footer|main)\b[^>]*>",
    re.IGNORECASE,
)


def ingest_name(name, data):
    """The file name the pipeline reads the input by: HTML, tags and all, is .html."""
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return name
    head = data[:8192]
    if isinstance(head, bytes):
        head = head.decode("utf-8", "ignore")
    if HTML_TAG.search(head):
        return (name.rsplit(".", 1)[0] if "." in name else name) + ".html"
    return name


def desk_load(*, with_stored=True):
    """The desk's snapshot for a run: actors, aliases, outlets, stored stories and quotes.

    `with_stored=False` leaves out the stories and quotes, as for a desk that has
    filed nothing yet (the scoring command measures the samples that way).
    """
    actors = [
        KnownActor(slug, name, kind, pk)
        for pk, slug, name, kind in Actor.objects.values_list(
            "pk", "slug", "name", "kind"
        )
    ]
    aliases = [
        KnownAlias(slug, text, kind, pk)
        for pk, slug, text, kind in Alias.objects.values_list(
            "pk", "actor__slug", "text", "kind"
        )
    ]
    outlets = [
        KnownOutlet(slug, name, domain)
        for slug, name, domain in Outlet.objects.values_list("slug", "name", "domain")
    ]
    articles, quotes = [], []
    if with_stored:
        recent = Article.objects.exclude(status=Article.Status.SPIKED).order_by("-pk")[
            :STORED_WINDOW
        ]
        articles = [
            StoredArticle(*row)
            for row in recent.values_list(
                "pk", "slug", "headline", "body", "content_hash"
            )
        ]
        quotes = [
            StoredQuote(speaker, text, headline, article)
            for speaker, text, headline, article in Quote.objects.filter(
                speaker__isnull=False, article__in=[a.key for a in articles]
            ).values_list("speaker__slug", "text", "article__headline", "article")
        ]
    return Desk(
        actors=actors,
        aliases=aliases,
        outlets=outlets,
        quotes=quotes,
        articles=articles,
    )


@dataclass
class IngestResult:
    name: str
    status: str  # created, unchanged (already stored), checked (dry run), failed
    article: Article | None = None
    analysis: object = None
    error: str = ""


def read_file(path, *, max_bytes):
    """The bytes of one file, refusing what is too large before reading it."""
    path = Path(path)
    try:
        if not path.is_file():
            raise InputError("not a file")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"too large: {size:,} bytes, over the {max_bytes:,}-byte limit"
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}") from exc


def ingest_paths(*, paths, user=None, dry_run=False, max_bytes=None, progress=iter):
    """Ingest files one by one; a failed file is reported and the run goes on.

    `progress` wraps the iteration (the command passes a progress bar).
    """
    max_bytes = max_bytes or max_bytes_default()
    desk = desk_load()
    results = []
    for path in progress(list(paths)):
        name = Path(path).name
        try:
            data = read_file(path, max_bytes=max_bytes)
        except InputError as exc:
            results.append(IngestResult(name, "failed", error=str(exc)))
            continue
        results.append(
            ingest_data(
                name=name, data=data, desk=desk, user=user, dry_run=dry_run,
                max_bytes=max_bytes,
            )
        )  # fmt: skip
    return results


def ingest_data(*, name, data, desk, user=None, dry_run=False, max_bytes=None):
    """Analyze one raw file (bytes, or text pasted in admin) and store it as a draft.

    The same content twice gives one article: a file already stored is reported
    as `unchanged` with that article.
    """
    max_bytes = max_bytes or max_bytes_default()
    try:
        if isinstance(data, str):
            data = data.encode("utf-8")
        text = decode(data, name=name, max_bytes=max_bytes)
        digest = content_hash(text)
        existing = Article.objects.filter(content_hash=digest).first()
        if existing:
            return IngestResult(name, "unchanged", existing)
        # Past its time budget the file fails like any refused one: nothing stored.
        analysis = analyze(text, name=name, desk=desk, seconds=analysis_seconds())
        with transaction.atomic():
            article = _store(analysis, desk=desk, user=user)
            if dry_run:
                transaction.set_rollback(True)
    except InputError as exc:
        return IngestResult(name, "failed", error=str(exc))
    except Exception as exc:  # one bad file must not stop the run
        logger.exception("Ingesting %s failed", name)
        return IngestResult(name, "failed", error=f"could not be stored: {exc}")
    if dry_run:
        return IngestResult(name, "checked", None, analysis)
    desk.remember(
        StoredArticle(
            article.pk,
            article.slug,
            article.headline,
            article.body,
            article.content_hash,
        ),
        [
            StoredQuote(q.speaker, q.text, article.headline, article.pk)
            for q in analysis.quotes
            if q.speaker
        ],
    )
    return IngestResult(name, "created", article, analysis)


# Writing one draft --------------------------------------------------------------


def _store(analysis, *, desk, user):
    outlet = (
        Outlet.objects.get(slug=analysis.outlet.slug)
        if analysis.outlet
        else unidentified_outlet()
    )
    headline = analysis.headline or _headline_from_lead(analysis.body)
    duplicate = (
        Article.objects.filter(pk=analysis.duplicate.article.key).first()
        if analysis.duplicate
        else None
    )
    article = Article(
        headline=headline[:300],
        slug=unique_slug(headline),
        body=analysis.body,
        byline=(analysis.byline or "")[:200],
        outlet=outlet,
        original_url=_valid_url(analysis.source_url),
        published_at=(
            datetime.datetime.combine(
                analysis.published, datetime.time(12), datetime.UTC
            )
            if analysis.published
            else None
        ),
        ingested_at=timezone.now(),
        genre=analysis.genre.value,
        content_hash=analysis.content_hash,
        duplicate_of=duplicate,
    )
    actors = {slug: actor.pk for slug, actor in desk.actors.items()}
    mentions = [
        Mention(
            actor_id=actors[m.actor], alias_id=m.alias_pk,
            start=m.start, end=m.end, text=m.text,
        )
        for m in analysis.mentions
    ]  # fmt: skip
    quotes = [
        Quote(
            speaker_id=actors.get(q.speaker) if q.speaker else None,
            start=q.start, end=q.end, text=q.text,
        )
        for q in analysis.quotes
    ]  # fmt: skip
    flags = [
        Flag(
            kind=flag.kind, start=flag.start, end=flag.end, text=flag.text,
            reason=flag.reason, confidence=flag.confidence,
        )
        for flag in analysis.flags
        # A headline flag has no place in the body: it goes in the note.
        if flag.start is not None
    ]  # fmt: skip
    services.article_ingest(
        article=article,
        mentions=mentions,
        quotes=quotes,
        flags=flags,
        note_for=lambda stored: ingest_note(
            analysis, article=stored, generated_headline=not analysis.headline
        ),
        user=user,
        source={
            "file": analysis.file,
            "duplicate_of": duplicate.pk if duplicate else None,
        },
    )
    return article


def unidentified_outlet():
    """The shared record for pieces whose publisher the text does not reveal."""
    outlet, _created = Outlet.objects.get_or_create(
        slug=UNIDENTIFIED_OUTLET,
        defaults={
            "name": "Unidentified outlet",
            "ownership": Outlet.Ownership.UNKNOWN,
            "ownership_notes": (
                "Unknown: the publisher is not identified in the text. Move a piece "
                "to its real outlet once the publisher is identified."
            ),
        },
    )
    return outlet


def unique_slug(headline):
    return services.article_unique_slug(headline)


def _headline_from_lead(body):
    start, end = (sentence_spans(body) or [(0, len(body))])[0]
    lead = body[start:end].strip()
    if len(lead) <= 120:
        return lead.rstrip(".")
    return lead[:120].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _valid_url(url):
    if not url:
        return ""
    try:
        URLValidator()(url)
    except ValidationError:
        return ""
    return url[:500]


def ingest_note(analysis, *, article, generated_headline):
    """The internal note an editor reads first: what the analyzer did and why."""
    lines = [f"Ingested from “{analysis.file}”."]
    if analysis.removed:
        lines.append("Removed from the text:")
        lines.extend(f"- “{_short(r.text)}” — {r.reason}" for r in analysis.removed)
    else:
        lines.append("Nothing was removed from the text.")
    if generated_headline:
        lines.append(
            "Headline: the text came without one; this is its first sentence. "
            "Write a headline from the story."
        )
    for flag in analysis.flags:
        if flag.start is None:
            lines.append(f"Headline: {flag.reason}")
    if analysis.headline_gaps:
        lines.append(
            "Headline: it uses words the body never does ("
            + ", ".join(analysis.headline_gaps)
            + "); check it against the story."
        )
    if analysis.outlet:
        lines.append(
            f"Outlet: {analysis.outlet.name}, from {analysis.outlet_evidence}."
        )
    else:
        lines.append(
            "Outlet: the text does not say who published it; filed under "
            "“Unidentified outlet”."
        )
    if analysis.source:
        lines.append(f"Source: the text credits “{analysis.source}”.")
    if analysis.published:
        lines.append(f"Published: {analysis.published:%-d %B %Y}, as the text states.")
    else:
        lines.append("Published: the text gives no publication date; set it if known.")
    genre = analysis.genre
    lines.append(
        f"Genre suggested: {genre.value} ({genre.confidence:.0%}): "
        + "; ".join(genre.reasons)
        + ". Confirm or change it."
    )
    if analysis.duplicate:
        match = analysis.duplicate
        url = reverse("admin:articles_article_compare", args=[article.pk])
        lines.append(
            f"Near-duplicate of “{match.article.headline}” ({match.matched} of "
            f"{match.sentences} sentences match): compare them side by side at {url}"
        )
    if analysis.candidates:
        lines.append("Not in the directory yet (add them as actors or aliases):")
        lines.extend(
            f"- {c['name']} ({c['kind']}): {c['evidence']}" for c in analysis.candidates
        )
    return "\n".join(lines)


def _short(text, width=120):
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
