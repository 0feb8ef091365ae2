"""A story body for readers: paragraphs with the desk's confirmed flags in place.

Each flagged passage is marked and numbered where it stands, and the paragraph it
ends in is followed by the desk's note on it (kind, why it was flagged, what the
editor decided), so a reader on a phone never has to scroll to find out why.
Admin's view of every flag, whatever its state, is `highlight.body_with_flags`.
"""

from dataclasses import dataclass, field

from django.utils.html import format_html

from ..highlight import mark_spans, paragraphs


@dataclass
class NumberedFlag:
    number: int
    flag: object

    @property
    def start(self):
        return self.flag.start

    @property
    def end(self):
        return self.flag.end


@dataclass
class Paragraph:
    html: str
    flags: list[NumberedFlag] = field(default_factory=list)


def _ending_paragraph(spans, offset):
    """Index of the paragraph a span ending at `offset` ends in."""
    index = 0
    for i, (start, _end) in enumerate(spans):
        if start < offset:
            index = i
    return index


def _mark(item, text, ends_here):
    html = format_html(
        '<mark class="flag flag-{kind}">{text}</mark>', kind=item.flag.kind, text=text
    )
    if ends_here:
        html += format_html(
            '<sup class="flag-ref"><a href="#flag-{n}">'
            '<span class="visually-hidden">flag </span>{n}</a></sup>',
            n=item.number,
        )
    return html


def body_with_public_flags(body, flags):
    """Return the body as Paragraphs, each flag marked and numbered in place.

    Numbers follow the order the notes appear in. A flag across a paragraph break
    is marked in each paragraph it covers and numbered where it ends; a flag that
    overlaps an earlier one keeps its note but is not marked.
    """
    spans = list(paragraphs(body))
    ordered = sorted(
        flags,
        key=lambda flag: (_ending_paragraph(spans, flag.end), flag.start, -flag.end),
    )
    numbered = [NumberedFlag(number, flag) for number, flag in enumerate(ordered, 1)]
    result = []
    for index, (_start, _end, html) in enumerate(mark_spans(body, numbered, _mark)):
        notes = [
            item
            for item in numbered
            if _ending_paragraph(spans, item.flag.end) == index
        ]
        if html or notes:
            result.append(Paragraph(html=html, flags=notes))
    return result
