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


def body_with_flags(body, flags):
    """Return the body as HTML paragraphs, each flag's span wrapped in a <mark>.

    A flag across a paragraph break is marked in each paragraph it covers. A flag
    that overlaps an earlier one is left unmarked (it is still listed beside the
    body), so the markup stays well-formed.
    """
    flags = sorted(flags, key=lambda flag: (flag.start, -flag.end))
    html = []
    for p_start, p_end in paragraphs(body):
        pieces, cursor = [], p_start
        for flag in flags:
            start, end = max(flag.start, p_start), min(flag.end, p_end)
            if start >= end or start < cursor:
                continue
            pieces.append(escape(body[cursor:start]))
            pieces.append(
                format_html(
                    '<mark class="flag flag-{kind} flag-{state}" data-flag="{pk}" '
                    'title="{label}: {reason}">{text}</mark>',
                    kind=flag.kind,
                    state=flag.state,
                    pk=flag.pk,
                    label=flag.get_kind_display(),
                    reason=flag.decision_reason or flag.reason,
                    text=body[start:end],
                )
            )
            cursor = end
        pieces.append(escape(body[cursor:p_end]))
        text = "".join(pieces).replace("\n", "<br>")
        if text:
            html.append(f"<p>{text}</p>")
    return mark_safe("\n".join(html))  # noqa: S308 - every piece is escaped above
