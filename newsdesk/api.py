"""The REST API's routes (`/api/v1/`), token endpoint, OpenAPI schema and docs."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.urls import include, path
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from knox.models import AuthToken
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from actors.api import ActorViewSet, EventViewSet
from articles.api.views import (
    ArticleViewSet,
    ChangeViewSet,
    FlagViewSet,
    NoteViewSet,
    OutletViewSet,
    TopicViewSet,
)

from .authentication import TokenAuthentication, lockout_response


class Credentials(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


TokenAnswer = inline_serializer(
    "TokenAnswer",
    {
        "token": serializers.CharField(),
        "expiry": serializers.DateTimeField(allow_null=True),
    },
)


class TokenView(APIView):
    """`POST` a username and password for a token; `DELETE` revokes the one in use."""

    authentication_classes = [TokenAuthentication]

    def get_permissions(self):
        if self.request.method == "DELETE":
            return [IsAuthenticated()]
        return [AllowAny()]

    @extend_schema(
        request=Credentials,
        responses={
            200: TokenAnswer,
            400: OpenApiResponse(description="Wrong username or password."),
            429: OpenApiResponse(description="Too many failed attempts: locked out."),
        },
        auth=[],
        description="A token for `Authorization: Token <token>`, valid until `expiry`.",
    )
    def post(self, request):
        credentials = Credentials(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate(request._request, **credentials.validated_data)
        if getattr(request._request, "axes_locked_out", False):
            return lockout_response(request._request)
        if user is None or not user.is_active:
            raise exceptions.ValidationError(
                {"detail": "Unable to log in with this username and password."}
            )
        instance, token = AuthToken.objects.create(user, expiry=settings.API_TOKEN_TTL)
        return Response({"token": token, "expiry": instance.expiry})

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="The token no longer works.")},
        description="Revoke the token this request was made with.",
    )
    def delete(self, request):
        if isinstance(request.auth, AuthToken):
            request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("changes", ChangeViewSet, basename="change")
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
