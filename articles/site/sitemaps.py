"""sitemap.xml: the site's pages, its published stories and its directory."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from actors.models import Actor, Event

from ..models import Article, Outlet, Topic


class PageSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return [
            "home",
            "articles:topics",
            "actors:events",
            "actors:actors",
            "articles:outlets",
            "articles:labels",
        ]

    def location(self, name):
        return reverse(name)


class StorySitemap(Sitemap):
    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "updated_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, story):
        return max(story.published_at, story.updated_at)


class DirectorySitemap(Sitemap):
    """Topics, outlets, actors or events: every one has a public page."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def items(self):
        return self.model.objects.only("slug").order_by("pk")


SITEMAPS = {
    "pages": PageSitemap,
    "stories": StorySitemap,
    "topics": DirectorySitemap(Topic),
    "outlets": DirectorySitemap(Outlet),
    "events": DirectorySitemap(Event),
    "actors": DirectorySitemap(Actor),
}
