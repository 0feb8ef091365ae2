from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from actors import views as actor_views
from articles.site import views as article_views
from articles.site.feeds import LatestStoriesFeed
from articles.site.sitemaps import SITEMAPS

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
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]
