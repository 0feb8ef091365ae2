"""The REST API's routes (`/api/v1/`), token endpoint, OpenAPI schema and docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter

from actors.api import ActorViewSet, EventViewSet
from articles.api.views import (
    ArticleViewSet,
    FlagViewSet,
    NoteViewSet,
    OutletViewSet,
    TopicViewSet,
)


class TokenView(ObtainAuthToken):
    """`POST username and password` → `{"token": "…"}`, sent as `Authorization: Token …`."""


router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("topics", TopicViewSet, basename="topic")
router.register("actors", ActorViewSet, basename="actor")
router.register("events", EventViewSet, basename="event")
router.register("outlets", OutletViewSet, basename="outlet")
router.register("notes", NoteViewSet, basename="note")
router.register("flags", FlagViewSet, basename="flag")

urlpatterns = [
    path("v1/auth/token/", TokenView.as_view(), name="api-token"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
]
