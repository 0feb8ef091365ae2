"""Render an article body with its flagged passages marked in place, safely escaped."""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs(body):
    """Yield (start, end) offsets of each paragraph of a body."""
    start = 0
    for match in PARAGRAPH_BREAK.finditer(body):
        yield start, match.start()
        start = match.end()
    yield start, len(body)


def mark_spans(body, spans, mark):
    """Yield (start, end, html) for each paragraph, every span marked in place.

    `mark(span, text, ends_here)` renders the part of `span` that lies in the
    paragraph (`ends_here`: the span ends in it) as safe HTML; the rest is escaped.
    A span across a paragraph break is marked in each paragraph it covers; a span
    that overlaps an earlier one is left unmarked, so the markup stays well-formed.
    This is the one marking loop of admin's review body and the public story page.
    """
    spans = sorted(spans, key=lambda span: (span.start, -span.end))
    for p_start, p_end in paragraphs(body):
        pieces, cursor = [], p_start
        for span in spans:
            start, end = max(span.start, p_start), min(span.end, p_end)
            if start >= end or start < cursor:
                continue
            pieces.append(escape(body[cursor:start]))
            pieces.append(mark(span, body[start:end], span.end <= p_end))
            cursor = end
        pieces.append(escape(body[cursor:p_end]))
        html = "".join(pieces).replace("\n", "<br>")
        yield p_start, p_end, mark_safe(html)  # noqa: S308 - every piece is escaped


def flag_order(flags):
    """Flags in reading order, as admin numbers its review cards."""
    return sorted(flags, key=lambda flag: (flag.start, -flag.end, flag.pk or 0))


def body_with_flags(body, flags, *, link=False):
    """Return the body as HTML paragraphs, each flag's span wrapped in a <mark>.

    Admin's view: every flag, whatever its state, titled with its reason. With
    `link`, each mark links to its review card (`#flag-card-<pk>`) and ends with
    the card's number; the card links back to `#flag-mark-<pk>`.
    """
    numbers = {flag.pk: n for n, flag in enumerate(flag_order(flags), start=1)}

    def mark(flag, text, ends_here):
        html = format_html(
            '<mark class="flag flag-{kind} flag-{state}" data-flag="{pk}" '
            'title="{label}: {reason}">{text}</mark>',
            kind=flag.kind,
            state=flag.state,
            pk=flag.pk,
            label=flag.get_kind_display(),
            reason=flag.decision_reason or flag.reason,
            text=text,
        )
        if not link:
            return html
        if not ends_here:
            return format_html('<a class="flag-link" href="#flag-card-{}">{}</a>',
                               flag.pk, html)  # fmt: skip
        return format_html(
            '<a class="flag-link" href="#flag-card-{pk}" id="flag-mark-{pk}">{html}'
            '<sup class="flag-number" aria-label="flag {n}, {label}, {state}">{n}'
            "</sup></a>",
            pk=flag.pk,
            html=html,
            n=numbers[flag.pk],
            label=flag.get_kind_display().lower(),
            state=flag.get_state_display().lower(),
        )

    html = [
        format_html("<p>{}</p>", text)
        for _start, _end, text in mark_spans(body, flags, mark)
        if text
    ]
    return mark_safe("\n".join(html))  # noqa: S308 - every piece is escaped above
