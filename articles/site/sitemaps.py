"""The sitemap: an index (`/sitemap.xml`) of sections, each in files of 10,000 URLs.

Sections: the site's pages, published stories (newest first, with their last
modification), topics, outlets, actors and events, and the Google News sitemap
(`news`): stories published in the last two days, with the `news:` extension
(publication, language, date, title), at most 1,000 as Google News asks. The sitemap protocol allows
50,000 URLs per file; files of 10,000 keep each one small and quick. Each file
reads only the columns it prints and is written without the template engine (a
file is 10,000 lines), and like every public page it is cached until the next
public change.
"""

import datetime
import math
from xml.sax.saxutils import escape

from django.conf import settings
from django.db.models import CharField
from django.db.models.functions import Cast, Greatest, Substr
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor, Event
from newsdesk.site import public_url

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


NEWS_XMLNS = "http://www.google.com/schemas/sitemap-news/0.9"
NEWS_DAYS = 2
NEWS_LIMIT = 1000


class Section:
    """A kind of page: how many there are, and one file's rows — (path, lastmod)
    or (path, lastmod, more XML inside the `<url>`) — with the extra namespaces
    that XML needs."""

    def __init__(self, count, rows, namespaces=None):
        self.count, self.rows = count, rows
        self.namespaces = namespaces or {}

    def pages(self):
        return max(1, math.ceil(self.count() / URLS_PER_FILE))


def _stories():
    return Article.objects.published().order_by("-published_at", "-pk")


def _story_rows(offset, limit):
    path = _path_template("articles:story")
    # The day of the last change, as text from the database: 10,000 datetimes
    # converted to Python objects would cost more than the rest of the file.
    day = Substr(Cast(Greatest("published_at", "updated_at"), CharField()), 1, 10)
    # The file's ids along the index first: the last file skips 70,000 stories,
    # which read as rows cost 190 ms, as index entries a few.
    ids = _stories().values("pk")[offset : offset + limit]
    rows = _stories().filter(pk__in=ids).annotate(day=day).values_list("slug", "day")
    return [(path.format(slug), day) for slug, day in rows]


def _news_stories():
    since = timezone.now() - datetime.timedelta(days=NEWS_DAYS)
    return _stories().filter(published_at__gte=since)


def _news_rows(offset, limit):
    path = _path_template("articles:story")
    publication = escape(settings.NEWSDESK_HOUSE_OUTLET["name"])
    rows = _news_stories().values_list("slug", "headline", "language", "published_at")
    limit = max(0, min(limit, NEWS_LIMIT - offset))
    return [
        (
            path.format(slug),
            None,
            f"<news:news><news:publication><news:name>{publication}</news:name>"
            f"<news:language>{escape(language.split('-')[0])}</news:language>"
            f"</news:publication><news:publication_date>"
            f"{published.replace(microsecond=0).isoformat()}"
            f"</news:publication_date><news:title>{escape(headline)}</news:title>"
            "</news:news>",
        )
        for slug, headline, language, published in rows[offset : offset + limit]
    ]


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
    "news": Section(
        lambda: min(_news_stories().count(), NEWS_LIMIT),
        _news_rows,
        namespaces={"news": NEWS_XMLNS},
    ),
}


def _xml(root, entries, namespaces=None):
    body = "".join(entries)
    more = "".join(
        f' xmlns:{prefix}="{uri}"' for prefix, uri in (namespaces or {}).items()
    )
    return HttpResponse(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{XMLNS}"{more}>\n'
        f"{body}</{root}>\n",
        content_type="application/xml; charset=utf-8",
    )


def sitemap_index(request):
    """`/sitemap.xml`: every file of every section."""
    base = public_url("/", request).rstrip("/")
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
    base = public_url("/", request).rstrip("/")
    entries = []
    for path, lastmod, *more in found.rows((number - 1) * URLS_PER_FILE, URLS_PER_FILE):
        modified = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        entries.append(
            f"<url><loc>{escape(base + path)}</loc>{modified}{''.join(more)}</url>\n"
        )
    return _xml("urlset", entries, found.namespaces)
