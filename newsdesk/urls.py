from django.contrib import admin
from django.urls import include, path

from actors import views as actor_views
from articles.site import views as article_views
from articles.site.feeds import LatestStoriesFeed
from articles.site.sitemaps import sitemap_index, sitemap_section

from . import views

# The actor and event pages keep the `actors` namespace (Actor.get_absolute_url);
# their detail views show coverage, so they come from `articles`, which builds on
# `actors` (never the reverse).
actor_pages = (
    [
        path("actors/", actor_views.ActorListView.as_view(), name="actors"),
        path(
            "actors/<slug:slug>/",
            article_views.ActorDetailView.as_view(),
            name="actor",
        ),
        path("events/", actor_views.EventListView.as_view(), name="events"),
        path(
            "events/<slug:slug>/",
            article_views.EventDetailView.as_view(),
            name="event",
        ),
    ],
    "actors",
)

urlpatterns = [
    path("", article_views.HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("api/", include("newsdesk.api")),
    path("", include("articles.site.urls")),
    path("", include(actor_pages)),
    path("feed/", LatestStoriesFeed(), name="feed"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]

# A busy database answers 503 (JSON on the API), never a 500 with a trace.
handler500 = "newsdesk.views.server_error"
