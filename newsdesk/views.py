"""Site-wide pages that belong to no app."""

import json
import logging
import sys

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as default_server_error
from django.views.generic import TemplateView

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


class RobotsView(TemplateView):
    """robots.txt: crawl the public pages, not admin, the API or search results."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


@never_cache
def healthz(request):
    """Liveness for a load balancer: the process answers. Touches nothing else."""
    return JsonResponse({"status": "ok"})


def _database_ready():
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return f"unreachable: {exc.__class__.__name__}"
    return f"{len(pending)} migrations not applied" if pending else "ok"


def _cache_ready():
    try:
        cache.set("readyz", "ok", 10)
        return "ok" if cache.get("readyz") == "ok" else "not answering"
    except Exception as exc:  # any backend's failure means "not ready"
        return f"unreachable: {exc.__class__.__name__}"


@never_cache
def readyz(request):
    """Readiness: the database answers with every migration applied; the cache too.

    503 (with what is wrong) takes this server out of the load balancer's rotation.
    """
    checks = {"database": _database_ready(), "cache": _cache_ready()}
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", **checks},
        status=200 if ready else 503,
        headers={} if ready else {"Retry-After": "10"},
    )


def server_error(request, template_name="500.html"):
    """An error no view handled: a database that is busy or gone answers 503.

    Any database error (e.g. SQLite's "database is locked" after the busy timeout,
    a read-only or missing file, a lost PostgreSQL connection) means "try again":
    a JSON 503 on the API, a plain 503 page on the site, both with Retry-After.
    Anything else is the site's 500.
    """
    exc = sys.exc_info()[1]
    if not isinstance(exc, DatabaseError):
        if request.path.startswith("/api/"):
            return HttpResponseServerError(
                json.dumps({"detail": "Server error.", "code": "error"}),
                content_type="application/json",
            )
        return default_server_error(request, template_name)
    if request.path.startswith("/api/"):
        response = HttpResponse(
            json.dumps(
                {
                    "detail": "The database is unavailable; try again shortly.",
                    "code": "unavailable",
                }
            ),
            content_type="application/json",
            status=503,
        )
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
