"""The sitemap: an index (`/sitemap.xml`) of sections, each in files of 10,000 URLs.

Sections: the site's pages, published stories (newest first, with their last
modification), topics, outlets, actors and events. The sitemap protocol allows
50,000 URLs per file; files of 10,000 keep each one small and quick. Each file
reads only the columns it prints and is written without the template engine (a
file is 10,000 lines), and like every public page it is cached until the next
public change.
"""

import math
from xml.sax.saxutils import escape

from django.db.models import CharField
from django.db.models.functions import Cast, Greatest, Substr
from django.http import Http404, HttpResponse
from django.urls import reverse

from actors.models import Actor, Event

from ..models import Article, Outlet, Topic

URLS_PER_FILE = 10_000
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
PAGE_NAMES = (
    "home",
    "articles:topics",
    "actors:events",
    "actors:actors",
    "articles:outlets",
    "articles:labels",
)


def _path_template(name):
    """The path of a slug-addressed page, with `{}` where the slug goes."""
    return reverse(name, kwargs={"slug": "SLUG"}).replace("SLUG", "{}")


class Section:
    """A kind of page: how many there are, and one file's (path, lastmod) rows."""

    def __init__(self, count, rows):
        self.count, self.rows = count, rows

    def pages(self):
        return max(1, math.ceil(self.count() / URLS_PER_FILE))


def _stories():
    return Article.objects.published().order_by("-published_at", "-pk")


def _story_rows(offset, limit):
    path = _path_template("articles:story")
    # The day of the last change, as text from the database: 10,000 datetimes
    # converted to Python objects would cost more than the rest of the file.
    day = Substr(Cast(Greatest("published_at", "updated_at"), CharField()), 1, 10)
    rows = _stories().annotate(day=day).values_list("slug", "day")
    return [(path.format(slug), day) for slug, day in rows[offset : offset + limit]]


def _directory(model, url_name):
    def rows(offset, limit):
        path = _path_template(url_name)
        slugs = model.objects.order_by("pk").values_list("slug", flat=True)
        return [(path.format(slug), None) for slug in slugs[offset : offset + limit]]

    return Section(model.objects.count, rows)


SECTIONS = {
    "pages": Section(
        lambda: len(PAGE_NAMES),
        lambda offset, limit: [
            (reverse(name), None) for name in PAGE_NAMES[offset : offset + limit]
        ],
    ),
    "stories": Section(lambda: _stories().count(), _story_rows),
    "topics": _directory(Topic, "articles:topic"),
    "outlets": _directory(Outlet, "articles:outlet"),
    "actors": _directory(Actor, "actors:actor"),
    "events": _directory(Event, "actors:event"),
}


def _xml(root, entries):
    body = "".join(entries)
    return HttpResponse(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{XMLNS}">\n'
        f"{body}</{root}>\n",
        content_type="application/xml; charset=utf-8",
    )


def sitemap_index(request):
    """`/sitemap.xml`: every file of every section."""
    base = f"{request.scheme}://{request.get_host()}"
    entries = []
    for name, section in SECTIONS.items():
        path = reverse("sitemap_section", kwargs={"section": name})
        for number in range(1, section.pages() + 1):
            suffix = f"?p={number}" if number > 1 else ""
            entries.append(
                f"<sitemap><loc>{escape(base + path + suffix)}</loc></sitemap>\n"
            )
    return _xml("sitemapindex", entries)


def sitemap_section(request, section):
    """One file of a section: `/sitemap-<section>.xml?p=<n>`, 10,000 URLs at most."""
    found = SECTIONS.get(section)
    if found is None:
        raise Http404("No such sitemap section.")
    try:
        number = int(request.GET.get("p", "1"))
    except ValueError:
        raise Http404("No such sitemap page.") from None
    if number < 1 or (number > 1 and number > found.pages()):
        raise Http404("No such sitemap page.")
    base = f"{request.scheme}://{request.get_host()}"
    entries = []
    for path, lastmod in found.rows((number - 1) * URLS_PER_FILE, URLS_PER_FILE):
        modified = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        entries.append(f"<url><loc>{escape(base + path)}</loc>{modified}</url>\n")
    return _xml("urlset", entries)
