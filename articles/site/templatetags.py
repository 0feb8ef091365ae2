"""Template helpers for the public site: label explanations, dates, JSON-LD, and
what a page tells search engines and link previews (canonical URL, Open Graph)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html_join

from actors.models import Actor, Event
from articles import labels
from articles.models import Outlet, Topic
from articles.site import jsonld as ld
from newsdesk.site import absolute_for, public_url

register = template.Library()

PAGE_JSONLD = {
    Topic: ld.topic_jsonld,
    Event: ld.event_jsonld,
    Actor: ld.actor_jsonld,
    Outlet: ld.outlet_jsonld,
}


@register.filter
def genre_info(genre):
    """The type-of-work label of a genre value: label, explanation, schema types."""
    return labels.genre_info(genre)


@register.filter
def ownership_info(ownership):
    return labels.ownership_info(ownership)


@register.filter
def flag_kind_info(kind):
    return labels.flag_kind_info(kind)


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
    return ld.jsonld_script(data)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's one address: no filters or tracking tags, only its page number.

    A preview's canonical address is the story's own. The error pages, drawn
    without a request, have none.
    """
    request = context.get("request")
    if request is None:
        return ""
    path = request.path
    if context.get("preview"):
        path = context["story"].get_absolute_url()
    page = request.GET.get("page", "")
    if page.isdigit() and page != "1":
        path = f"{path}?page={page}"
    return public_url(path, request)


@register.simple_tag
def open_graph(kind="website", title="Newsdesk", description="", **properties):
    """Open Graph tags for link previews; `properties` are more `article:` ones."""
    tags = [("og:type", kind), ("og:title", title)]
    if description:
        tags.append(("og:description", description))
    tags += [(f"article:{name}", value) for name, value in properties.items() if value]
    return format_html_join(
        "\n  ", '<meta property="{}" content="{}">', ((k, str(v)) for k, v in tags)
    )


@register.simple_tag(takes_context=True)
def page_jsonld(context, obj=None):
    """schema.org JSON-LD of a topic, event, actor or outlet page; the site's own
    on the home page (`obj` None)."""
    absolute = absolute_for(context["request"])
    if obj is None:
        data = ld.website_jsonld(
            absolute=absolute, search_path=reverse("articles:search")
        )
    else:
        data = PAGE_JSONLD[type(obj)](obj, absolute=absolute)
    return ld.jsonld_script(data)


@register.filter
def datetime_attr(value):
    """A datetime for `<time datetime>`: whole seconds, with its UTC offset."""
    if not value:
        return ""
    return value.replace(microsecond=0).isoformat()
