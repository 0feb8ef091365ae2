"""API viewsets for stories, outlets, topics, notes and flags.

Thin by design: querysets decide who sees what (`visible_to`), serializers shape
data, and every write with a rule calls articles/services.py — the same functions
admin calls.
"""

import datetime
import hashlib

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import parse_etags
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from newsdesk.api_fields import SlugLookupMixin
from newsdesk.drf import ChangeCursorPagination
from newsdesk.site import absolute_for

from .. import services
from ..models import (
    Article,
    EditorialNote,
    Flag,
    Mention,
    Outlet,
    Quote,
    Topic,
    is_desk,
)
from .etags import etag_version, story_etag, version_etag
from .filters import (
    ArticleFilter,
    ChangeFilter,
    FlagFilter,
    NoteFilter,
    OutletFilter,
    TopicFilter,
)
from .ninjs import article_to_ninjs
from .pagination import ArticlePagination
from .serializers import (
    ArticleDetailSerializer,
    ArticleListSerializer,
    ArticleUpdateResultSerializer,
    ArticleUpdateSerializer,
    ArticleWriteSerializer,
    ChangeSerializer,
    ConfirmGenreInput,
    ErrorSerializer,
    FlagDecisionInput,
    FlagSerializer,
    NoteSerializer,
    OutletSerializer,
    SpanReportSerializer,
    SuggestedSerializer,
    TombstoneSerializer,
    TopicSerializer,
    TransitionInput,
)

ERRORS = {
    400: OpenApiResponse(
        description="Invalid input; the body names each field's problem."
    ),
    401: OpenApiResponse(ErrorSerializer, description="Not authenticated."),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed for this user."),
    404: OpenApiResponse(ErrorSerializer, description="Not found (or not public)."),
    409: OpenApiResponse(
        ErrorSerializer, description="Refused by the editorial rules."
    ),
}
# Any path segment reaches the view, so an odd id ("0.5") answers a JSON 404.
ANY_ID = "[^/]+"
# An update names the version it read (If-Match), or is refused.
GUARDED_UPDATE = extend_schema(
    request=ArticleUpdateSerializer,
    parameters=[
        OpenApiParameter(
            "If-Match",
            str,
            OpenApiParameter.HEADER,
            required=True,
            description="The `ETag` read (or several, comma-separated), "
            '`"<version>"`, or `*` (whatever the story holds now).',
        )
    ],
    responses={
        200: ArticleUpdateResultSerializer,
        **ERRORS,
        412: OpenApiResponse(ErrorSerializer, description="Someone saved it since."),
        428: OpenApiResponse(ErrorSerializer, description="If-Match is missing."),
    },
)
GONE = OpenApiResponse(
    TombstoneSerializer, description="Withdrawn: the public reason, never the text."
)


class Gone(exceptions.APIException):
    """A withdrawn story: readers learn that and why, never what it said."""

    status_code = 410
    default_code = "withdrawn"

    def __init__(self, tombstone):
        super().__init__("This story was withdrawn by the desk.")
        self.tombstone = tombstone


class Moved(exceptions.APIException):
    """A renamed story's old slug: the same request, at the story's current URL.

    301 for reads; 308 for writes, so a client repeats its method and body.
    """

    status_code = 301
    default_code = "moved"

    def __init__(self, location, *, method):
        super().__init__("This story has a new address.")
        self.location = location
        if method not in ("GET", "HEAD", "OPTIONS"):
            self.status_code = 308


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "Send If-Match with the ETag you read, so no one's edit is lost."
    default_code = "precondition_required"


class DeskOnly(permissions.DjangoModelPermissions):
    """Reading needs the model's view permission too: flags are the desk's own."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }


def story_queryset(user):
    """Everything a story's detail shows, fetched in a fixed number of queries."""
    mentions = Mention.objects.select_related("actor").order_by("start")
    quotes = Quote.objects.select_related("speaker", "event").order_by("start")
    notes = EditorialNote.objects.order_by("created_at")
    flags = Flag.objects.select_related("decided_by").order_by("start")
    if not is_desk(user):
        notes = notes.public()
        flags = flags.public()
    return (
        Article.objects.visible_to(user)
        .select_related("outlet")
        .prefetch_related(
            "topics",
            "events",
            Prefetch("mentions", queryset=mentions),
            Prefetch("quotes", queryset=quotes),
            Prefetch("notes", queryset=notes),
            Prefetch("flags", queryset=flags),
        )
    )


def story_last_modified(article):
    """The latest change of anything the story's detail shows, read from what
    `story_queryset` fetched: the story (which notes and flags raise), its outlet,
    topics, events and the actors it names or quotes."""
    moments = [article.updated_at, article.outlet.updated_at]
    moments += [topic.updated_at for topic in article.topics.all()]
    moments += [event.updated_at for event in article.events.all()]
    moments += [mention.actor.updated_at for mention in article.mentions.all()]
    for quote in article.quotes.all():
        moments += [
            related.updated_at for related in (quote.speaker, quote.event) if related
        ]
    return max(moments)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "include",
                str,
                enum=["body"],
                description="`body` adds each story's body.",
            )
        ],
        responses={200: ArticleListSerializer(many=True), 400: ERRORS[400]},
    ),
    retrieve=extend_schema(
        responses={200: ArticleDetailSerializer, 404: ERRORS[404], 410: GONE}
    ),
    create=extend_schema(
        request=ArticleWriteSerializer,
        responses={
            201: ArticleDetailSerializer,
            **{k: ERRORS[k] for k in (400, 401, 403)},
        },
    ),
    update=GUARDED_UPDATE,
    partial_update=GUARDED_UPDATE,
)
class ArticleViewSet(
    SlugLookupMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Stories. Anonymous clients see published ones; the desk sees all it may."""

    filterset_class = ArticleFilter
    permission_classes = [permissions.DjangoModelPermissionsOrAnonReadOnly]
    pagination_class = ArticlePagination
    query_parameters = ["include"]

    def get_queryset(self):
        if self.action == "list":
            body = self.request.query_params.get("include") == "body"
            return Article.objects.visible_to(self.request.user).for_listing(
                body=body, topics=True
            )
        return story_queryset(self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return ArticleListSerializer
        if self.action == "create":
            return ArticleWriteSerializer
        if self.action in {"update", "partial_update"}:
            return ArticleUpdateSerializer
        return ArticleDetailSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "desk": is_desk(self.request.user)}

    def get_serializer(self, *args, **kwargs):
        if self.action == "list":
            kwargs["include_body"] = self.request.query_params.get("include") == "body"
        return super().get_serializer(*args, **kwargs)

    def _representation(self, article):
        """The story's detail for this client, and its ETag: `"<version>-<digest>"`.

        The digest covers everything shown (notes, flags, the outlet's label...), so
        the ETag changes with any of it and differs where the desk sees more; the
        version lets a client that kept only `version` still send `If-Match`.
        """
        data = ArticleDetailSerializer(
            article, context=self.get_serializer_context()
        ).data
        digest = hashlib.sha256(JSONRenderer().render(data)).hexdigest()[:20]
        return data, story_etag(article.version, digest)

    def _detail(self, article, status_code=status.HTTP_200_OK, *, loaded=False):
        """The story's full representation, with its ETag and Last-Modified.

        After a write the story is read again with everything the detail shows;
        `loaded` says it already was (a plain read).
        """
        if not loaded:
            article = story_queryset(self.request.user).get(pk=article.pk)
        data, etag = self._representation(article)
        return Response(
            data,
            status=status_code,
            headers={
                "ETag": etag,
                "Last-Modified": http_date(story_last_modified(article).timestamp()),
            },
        )

    def _expected_version(self, article):
        """The version `If-Match` names, per RFC 9110: `*`, or a list of ETags.

        A tag matches when it is the story's current ETag, or `"<version>"` alone
        (clients that build it from `version`). A weak tag is read as its strong
        twin: a compressing proxy weakens the ETags it passes on. An old version is
        handed to the service, which says who changed the story since.
        """
        if_match = self.request.headers.get("If-Match")
        if not if_match:
            raise PreconditionRequired()
        tags = [tag.removeprefix("W/") for tag in parse_etags(if_match)]
        if not tags:
            raise exceptions.ValidationError(
                {"If-Match": ['Expected "*" or ETags such as "3-5f1c…".']}
            )
        _data, current = self._representation(article)
        if "*" in tags or current in tags or version_etag(article.version) in tags:
            return article.version
        versions = [
            version for tag in tags if (version := etag_version(tag)) is not None
        ]
        if versions and article.version not in versions:
            return versions[0]
        raise services.StaleVersionError(
            "What the story shows changed since you read it (a note, a flag, its "
            "outlet…); reload it and edit again."
        )

    def get_object(self):
        """The story; 410 Gone with the public reason if it was withdrawn; a
        redirect to its current URL if the slug is one it had before a rename."""
        try:
            return super().get_object()
        except Http404:
            slug = self.kwargs["slug"]
            tombstone = Article.objects.withdrawn_tombstone(slug)
            if tombstone is not None and not is_desk(self.request.user):
                raise Gone(tombstone) from None
            renamed = Article.objects.renamed_from(slug)
            if renamed is None or not (
                renamed.status == Article.Status.WITHDRAWN
                or Article.objects.visible_to(self.request.user)
                .filter(pk=renamed.pk)
                .exists()
            ):
                raise
            raise Moved(
                self._moved_to(slug, renamed.slug), method=self.request.method
            ) from None

    def _moved_to(self, old, new):
        """This request's URL with the story's current slug in place of `old`."""
        request = self.request
        before = reverse("article-detail", kwargs={"slug": old})
        after = reverse("article-detail", kwargs={"slug": new})
        path = after + request.path[len(before) :]
        query = request.META.get("QUERY_STRING")
        return request.build_absolute_uri(f"{path}?{query}" if query else path)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object(), loaded=True)

    def create(self, request, *args, **kwargs):
        payload = ArticleWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        with transaction.atomic():
            article = services.article_create(
                article=Article(), user=request.user, fields=payload.validated_data
            )
        return self._detail(article, status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        article = self.get_object()
        expected_version = self._expected_version(article)
        payload = ArticleUpdateSerializer(article, data=request.data, partial=partial)
        payload.is_valid(raise_exception=True)
        fields = dict(payload.validated_data)
        correction = fields.pop("correction", None)
        article = services.article_update(
            article=article,
            user=request.user,
            expected_version=expected_version,
            fields=fields,
            correction=correction,
        )
        response = self._detail(article)
        report = article.span_report
        response.data["spans"] = SpanReportSerializer(report).data
        return response

    @extend_schema(
        request=TransitionInput,
        responses={200: ArticleDetailSerializer, **ERRORS},
        description="Move the story through the workflow: submit, send_back, publish, "
        "spike or withdraw (send_back and withdraw need a reason).",
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, slug=None):
        payload = TransitionInput(data=request.data)
        payload.is_valid(raise_exception=True)
        article = services.article_transition(
            article=self.get_object(), user=request.user, **payload.validated_data
        )
        return self._detail(article)

    @extend_schema(
        request=ConfirmGenreInput, responses={200: ArticleDetailSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"], url_path="confirm-genre")
    def confirm_genre(self, request, slug=None):
        payload = ConfirmGenreInput(data=request.data)
        payload.is_valid(raise_exception=True)
        article = services.article_confirm_genre(
            article=self.get_object(), user=request.user, **payload.validated_data
        )
        return self._detail(article)

    @extend_schema(
        request=None,
        responses={200: SuggestedSerializer, **ERRORS},
        description="Run the analyzer over the whole body again and add what it "
        "suggests that the story does not have yet (flags, mentions, quotes); "
        "nothing the desk decided changes.",
    )
    @action(detail=True, methods=["post"])
    def reanalyse(self, request, slug=None):
        added = services.article_suggest(article=self.get_object(), user=request.user)
        return Response({"added": added})

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT, 404: ERRORS[404], 410: GONE},
        description="The story as IPTC ninjs 2.2 (News in JSON); a withdrawn story "
        "answers 410 with `pubstatus: canceled`, the reason and the time.",
    )
    @action(detail=True, methods=["get"])
    def ninjs(self, request, slug=None):
        article = self.get_object()
        return Response(
            article_to_ninjs(article, site_url=absolute_for(request)),
            headers={
                "Last-Modified": http_date(story_last_modified(article).timestamp())
            },
        )


class ChangeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """What changed on the public record, oldest first: published stories and the
    tombstones of withdrawn ones, one entry per story at its latest change.

    Anyone reads the same feed (drafts never enter it). Changes younger than
    `NEWSDESK_CHANGE_FEED_LAG_SECONDS` wait: a write that commits a moment after
    its timestamp must not land behind a cursor a client already passed.
    """

    serializer_class = ChangeSerializer
    filterset_class = ChangeFilter
    pagination_class = ChangeCursorPagination
    permission_classes = [permissions.AllowAny]
    query_parameters = ["cursor"]

    def get_queryset(self):
        settled = timezone.now() - datetime.timedelta(
            seconds=settings.NEWSDESK_CHANGE_FEED_LAG_SECONDS
        )
        return (
            Article.objects.on_record()
            .filter(updated_at__lte=settled)
            .with_withdrawn_at()
            .only("uuid", "slug", "status", "updated_at", "withdrawal_reason")
        )


class OutletViewSet(SlugLookupMixin, viewsets.ModelViewSet):
    serializer_class = OutletSerializer
    queryset = Outlet.objects.all()
    permission_classes = [permissions.DjangoModelPermissionsOrAnonReadOnly]
    filterset_class = OutletFilter


class TopicViewSet(SlugLookupMixin, viewsets.ModelViewSet):
    serializer_class = TopicSerializer
    queryset = Topic.objects.prefetch_related("events")
    permission_classes = [permissions.DjangoModelPermissionsOrAnonReadOnly]
    filterset_class = TopicFilter


@extend_schema_view(
    create=extend_schema(responses={201: NoteSerializer, **ERRORS}),
)
class NoteViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Editor's notes, corrections and clarifications; internal notes for the desk only."""

    serializer_class = NoteSerializer
    lookup_value_regex = ANY_ID
    permission_classes = [permissions.DjangoModelPermissionsOrAnonReadOnly]
    filterset_class = NoteFilter

    def get_queryset(self):
        user = self.request.user
        notes = EditorialNote.objects.filter(
            article__in=Article.objects.visible_to(user)
        ).select_related("article", "actor")
        if not is_desk(user):
            notes = notes.public()
        return notes.order_by("-created_at", "-pk")

    def create(self, request, *args, **kwargs):
        payload = NoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        fields = dict(payload.validated_data)
        note = services.note_add(
            article=fields.pop("article"),
            kind=fields.pop("kind", EditorialNote.Kind.INTERNAL),
            body=fields.pop("body"),
            user=request.user,
            **{key: value for key, value in fields.items() if value not in (None, "")},
        )
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)


class FlagViewSet(viewsets.ReadOnlyModelViewSet):
    """The analyzer's and editors' flags: for the desk only."""

    serializer_class = FlagSerializer
    lookup_value_regex = ANY_ID
    permission_classes = [DeskOnly]
    filterset_class = FlagFilter

    def get_queryset(self):
        return Flag.objects.select_related("article", "decided_by").order_by(
            "article", "start"
        )

    def _decide(self, request, state):
        payload = FlagDecisionInput(data=request.data)
        payload.is_valid(raise_exception=True)
        flag = services.flag_decide(
            flag=self.get_object(),
            state=state,
            user=request.user,
            **payload.validated_data,
        )
        return Response(FlagSerializer(flag).data)

    @extend_schema(request=FlagDecisionInput, responses={200: FlagSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._decide(request, Flag.State.CONFIRMED)

    @extend_schema(request=FlagDecisionInput, responses={200: FlagSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        return self._decide(request, Flag.State.DISMISSED)
