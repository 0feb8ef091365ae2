"""REST framework plumbing shared by every API view: errors, pagination, throttles.

`exception_handler` is the one place where the editorial rules' refusals become
HTTP answers, so admin and API say the same thing in the same words. Kept apart
from the routes (newsdesk/api.py) because REST framework imports it at start-up.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import DatabaseError
from django.db.models import ProtectedError
from rest_framework import pagination, status, throttling
from rest_framework.response import Response

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
    if isinstance(exc, DjangoPermissionDenied):
        return Response(
            {"detail": str(exc) or "Not allowed.", "code": "permission_denied"},
            status=status.HTTP_403_FORBIDDEN,
        )
    if isinstance(exc, DatabaseError):
        # A busy database (e.g. SQLite's write lock held past the timeout): the
        # client should try again, not read a trace.
        logger.warning("Database unavailable for %s: %s", context["request"].path, exc)
        return Response(
            {
                "detail": "The database is busy; try again shortly.",
                "code": "unavailable",
            },
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    # Imported here: rest_framework.views reads these settings when it is imported.
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


class AnonThrottle(throttling.AnonRateThrottle):
    """Rates are read from settings on each request, so the environment sets them."""

    def get_rate(self):
        return settings.API_THROTTLE_RATES["anon"]


class UserThrottle(throttling.UserRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_RATES["user"]
