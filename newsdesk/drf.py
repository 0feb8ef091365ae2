"""REST framework plumbing shared by every API view: errors, pagination, throttles.

`exception_handler` is the one place where the editorial rules' refusals become
HTTP answers, so admin and API say the same thing in the same words. Kept apart
from the routes (newsdesk/api.py) because REST framework imports it at start-up.
"""

import base64
import datetime
import logging

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import DatabaseError
from django.db.models import ProtectedError, Q
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import pagination, parsers, status, throttling
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from articles.services import StaleVersionError, WorkflowError

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


def exception_handler(exc, context):
    """Refusals answer 4xx with a JSON body that says why; nothing answers 500."""
    if isinstance(exc, StaleVersionError):
        return Response(
            {"detail": str(exc), "code": "stale_version"},
            status=status.HTTP_412_PRECONDITION_FAILED,
        )
    if isinstance(exc, WorkflowError):
        return Response(
            {"detail": str(exc), "code": "refused"}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, ProtectedError):
        return Response(
            {"detail": "Other records still point at this one.", "code": "protected"},
            status=status.HTTP_409_CONFLICT,
        )
    if getattr(exc, "location", None) is not None:
        return Response(
            {"detail": str(exc.detail), "code": "moved", "location": exc.location},
            status=exc.status_code,
            headers={"Location": exc.location},
        )
    if getattr(exc, "tombstone", None) is not None:
        return Response(
            {"detail": str(exc.detail), "code": "withdrawn", **exc.tombstone},
            status=status.HTTP_410_GONE,
        )
    if isinstance(exc, DjangoPermissionDenied):
        return Response(
            {"detail": str(exc) or "Not allowed.", "code": "permission_denied"},
            status=status.HTTP_403_FORBIDDEN,
        )
    if isinstance(exc, DatabaseError):
        # A database that is busy (SQLite's write lock held past the timeout),
        # read-only or gone: the client should try again, not read a trace.
        logger.warning("Database unavailable for %s: %s", context["request"].path, exc)
        return Response(
            {
                "detail": "The database is unavailable; try again shortly.",
                "code": "unavailable",
            },
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    # Imported here: rest_framework.views reads these settings when it is imported.
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)


class JSONParser(parsers.JSONParser):
    """JSON too deeply nested to parse is a client's mistake (400), not a crash."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(
                "JSON parse error - the document is nested too deeply."
            ) from exc


class StrictFilterBackend(DjangoFilterBackend):
    """A query parameter the endpoint does not know is a 400 naming it.

    Silently ignoring `?updated_after=` (a typo, or a filter another endpoint has)
    would hand a client everything while it believes it filtered.
    """

    ALWAYS = frozenset({"page", "page_size", "format"})

    @classmethod
    def shaping(cls, view) -> set[str]:
        """The parameters that page or shape a list without filtering it."""
        return set(cls.ALWAYS) | set(getattr(view, "query_parameters", ()))

    def filter_queryset(self, request, queryset, view):
        known = self.shaping(view)
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            known |= set(filterset_class.base_filters)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise ValidationError(
                {name: ["Unknown query parameter."] for name in unknown}
            )
        return super().filter_queryset(request, queryset, view)


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


class ChangeCursorPagination(pagination.BasePagination):
    """Pages along (updated_at, id), oldest change first, with `next` always given.

    The cursor is the last change a client has read. Following `next` now gives the
    following page; following it later gives whatever changed since — so a mirror
    keeps one URL, and a row that changes again moves to the end instead of
    shifting every page under the client (as page numbers do).
    """

    page_size = 100
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self._page_size(request)
        self.position = self._decode(request.query_params.get("cursor"))
        if self.position is not None:
            moment, pk = self.position
            queryset = queryset.filter(
                Q(updated_at__gt=moment) | Q(updated_at=moment, pk__gt=pk)
            )
        rows = list(queryset.order_by("updated_at", "pk")[: self.page_size + 1])
        self.more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if rows:
            self.position = (rows[-1].updated_at, rows[-1].pk)
        return rows

    def get_paginated_response(self, data):
        return Response({"next": self._next(), "more": self.more, "results": data})

    def _page_size(self, request):
        try:
            size = int(request.query_params.get("page_size", self.page_size))
        except ValueError:
            raise ValidationError({"page_size": ["A whole number."]}) from None
        return min(max(size, 1), self.max_page_size)

    def _next(self):
        url = self.request.build_absolute_uri()
        if self.position is None:
            return remove_query_param(url, "cursor")
        moment, pk = self.position
        token = base64.urlsafe_b64encode(f"{moment.isoformat()}|{pk}".encode())
        return replace_query_param(url, "cursor", token.decode())

    @staticmethod
    def _decode(token):
        if not token:
            return None
        try:
            moment, pk = base64.urlsafe_b64decode(token).decode().split("|")
            moment = datetime.datetime.fromisoformat(moment)
            if moment.tzinfo is None:
                raise ValueError(moment)
            return moment, int(pk)
        except ValueError:
            raise ValidationError({"cursor": ["Not a cursor this API gave."]}) from None

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "more", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "description": "Where to read on: the next page now, or later "
                    "what changed since this one.",
                },
                "more": {
                    "type": "boolean",
                    "description": "Whether `next` has changes already.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": "The `next` link's cursor (opaque).",
                "schema": {"type": "string"},
            },
            {
                "name": "page_size",
                "required": False,
                "in": "query",
                "description": f"Changes per page (at most {self.max_page_size}).",
                "schema": {"type": "integer", "minimum": 1},
            },
        ]


class SharedCount:
    """Throttle counts in the "counters" cache, one for every worker (settings)."""

    @property
    def cache(self):
        return caches["counters"]


class AnonThrottle(SharedCount, throttling.AnonRateThrottle):
    """Rates are read from settings on each request, so the environment sets them.

    Anonymous clients are told apart by their real address (`client_address`), so a
    forged `X-Forwarded-For` buys no fresh allowance.
    """

    def get_rate(self):
        return settings.API_THROTTLE_RATES["anon"]

    def get_ident(self, request):
        from newsdesk.authentication import (
            client_address,  # imported once settings are ready
        )

        return client_address(request)


class UserThrottle(SharedCount, throttling.UserRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_RATES["user"]
