"""Site-wide pages that belong to no app."""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView


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
