"""Template helpers for the public site: label explanations, dates, JSON-LD."""

from django import template

from articles import labels
from articles.site.jsonld import jsonld_script

register = template.Library()


@register.filter
def genre_info(genre):
    """The type-of-work label of a genre value: label, explanation, schema types."""
    return labels.genre_label(genre)


@register.filter
def ownership_info(ownership):
    return labels.ownership_label(ownership)


@register.filter
def flag_kind_info(kind):
    return labels.flag_kind_label(kind)


@register.filter
def note_kind_info(kind):
    return labels.NOTE_KINDS.get(kind)


@register.filter
def machine_date(event):
    """An event's date for `<time datetime>`, only as precise as it is known."""
    precision = event.date_precision
    if precision == "year":
        return f"{event.date:%Y}"
    if precision == "month":
        return f"{event.date:%Y-%m}"
    if precision == "week":
        year, week, _day = event.date.isocalendar()
        return f"{year}-W{week:02d}"
    return event.date.isoformat()


@register.simple_tag
def jsonld(data):
    """A `<script type="application/ld+json">` block, escaped for HTML."""
    return jsonld_script(data)


@register.filter
def datetime_attr(value):
    """A datetime for `<time datetime>`: whole seconds, with its UTC offset."""
    if not value:
        return ""
    return value.replace(microsecond=0).isoformat()
