"""What anonymous readers are served from Django's cache, and when it goes stale.

Every public change raises one counter in the database (`SiteVersion.number`):
the services call `public_change` for a story on the record (published or
withdrawn) in the same transaction as the change, and directory edits (actors,
events, outlets, topics), which admin saves without a service, raise it through
`connect_directory_models` below. Cached pages and aggregates are keyed by that
number, so the next reader after a publish, a withdrawal, a correction or a flag
decision gets a freshly rendered page, from any process, with local-memory or
Redis cache. Desk users are never served from, nor stored into, the page cache.

Directory edits also raise a second counter (`SiteVersion.directory`). Fragments
drawn from a listing's counts and the directory's names, not from its stories (a
topic page's filters and coverage mix, an event page's coverage cards keyed by each
story's own version), are keyed by it and by what they are drawn from, so a
publication elsewhere renders none of them again.
"""

import contextlib
import hashlib
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import (
    add_never_cache_headers,
    patch_cache_control,
    patch_vary_headers,
)

from ..models import Article, SiteVersion

ON_RECORD = (Article.Status.PUBLISHED, Article.Status.WITHDRAWN)
# Paths whose answers depend on who asks (or that are not pages): never cached.
# Health checks must answer without the database the page cache reads its version from.
UNCACHED_PREFIXES = ("/admin/", "/api/", "/static/", "/healthz", "/readyz")
# A public read's memo of the versions (set by the middleware): read once, on first
# use, for the page key, every aggregate and every fragment key after.
_request_versions = ContextVar("site_versions", default=None)


def site_versions() -> tuple[int, int]:
    """(public changes, directory changes): read once per request, in one query."""
    memo = _request_versions.get()
    if memo is not None and "versions" in memo:
        return memo["versions"]
    row = SiteVersion.objects.filter(pk=1).values_list("number", "directory")
    versions = row.first() or (0, 0)
    if memo is not None:
        memo["versions"] = versions
    return versions


def site_version() -> int:
    """The current number of public changes."""
    return site_versions()[0]


def directory_version() -> int:
    """The current number of directory edits (actors, events, outlets, topics)."""
    return site_versions()[1]


def public_changed(*, directory=False) -> None:
    """Raise the counter: every cached page and aggregate is stale from now on.

    A directory edit raises the directory's counter too: fragments drawn from its
    names are stale as well.
    """
    raised = {"number": F("number") + 1}
    if directory:
        raised["directory"] = F("directory") + 1
    if not SiteVersion.objects.filter(pk=1).update(**raised):
        SiteVersion.objects.get_or_create(
            pk=1, defaults={"number": 1, "directory": int(directory)}
        )


@contextlib.contextmanager
def keys_unused_after_restore():
    """Around a restore: both counters end past the replaced database's and the backup's.

    The restored rows carry the backup's counters and story versions, which the
    replaced database may have reached again with other content; pages and fragments
    cached under those numbers (in any process) would be served for the restored rows.
    Numbers neither database used are keys nothing was cached under. A restore that
    fails changes nothing.
    """
    try:
        replaced = site_versions()
    except DatabaseError:  # restoring into an empty database
        replaced = (0, 0)
    yield
    restored = site_versions()
    number, directory = (max(pair) + 1 for pair in zip(replaced, restored, strict=True))
    SiteVersion.objects.update_or_create(
        pk=1, defaults={"number": number, "directory": directory}
    )


def public_change(article) -> None:
    """Called by the services after any write to `article`: public if it is on record.

    A draft's edits, notes and flags change nothing a reader sees; a publication
    leaves the story published and a withdrawal withdrawn, so both count.
    """
    if article.status in ON_RECORD:
        public_changed()


def _directory_changed(sender, **kwargs):
    public_changed(directory=True)


def connect_directory_models():
    """Directory rows (no service saves them) are public: their edits count too."""
    from actors.models import Actor, Affiliation, Alias, Event, Participation

    from ..models import Outlet, Topic

    for model in (Actor, Alias, Affiliation, Event, Participation, Outlet, Topic):
        uid = f"newsdesk-site-cache-{model._meta.label_lower}"
        post_save.connect(_directory_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_directory_changed, sender=model, dispatch_uid=uid)
    m2m_changed.connect(
        _directory_changed,
        sender=Topic.events.through,
        dispatch_uid="newsdesk-site-cache-topic-events",
    )


def fragment_seconds(request):
    """Context processor: how long `{% cache %}` keeps a fragment (0: not at all),
    and the directory's version, read only by a template that keys a fragment by it.

    The page cache's lifetime: `DJANGO_PAGE_CACHE_SECONDS=0` turns both off.
    """
    return {
        "fragment_seconds": settings.PAGE_CACHE_SECONDS,
        "directory_version": directory_version,
    }


def drawn_from(*parts) -> str:
    """A fragment's key: what it is drawn from, with the directory's version."""
    drawn = repr((*parts, directory_version()))
    return hashlib.sha256(drawn.encode()).hexdigest()


def quotes_key(quotes) -> str:
    """What a list of quotes shows: each quote as of its story's version.

    A quote's words, speaker and event change only through its story's services,
    which raise the story's version; names change with the directory.
    """
    return drawn_from([(quote.pk, quote.article.version) for quote in quotes])


def aggregate(name, compute, *, version=None, timeout=None):
    """`compute()` cached until the next public change (genre mix, counts, choices)."""
    if version is None:
        version = site_version()
    key = f"agg:{version}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout or settings.PAGE_CACHE_SECONDS or 300)
    return value


def _is_anonymous_read(request):
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(UNCACHED_PREFIXES)
        and not request.user.is_authenticated
    )


def _page_key(request, version):
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode()).hexdigest()
    return f"page:{version}:{digest}"


class PublicPageCacheMiddleware:
    """Whole pages for anonymous readers, from Django's cache, with Cache-Control.

    Place after AuthenticationMiddleware. A signed-in user (the desk) is never
    served a cached page and gets `Cache-Control: private, no-cache`; anonymous
    readers get `public, max-age=PUBLIC_MAX_AGE` and `Vary: Cookie`. Only complete
    200 answers without cookies are stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(UNCACHED_PREFIXES):
            return self.get_response(request)
        # A desk user's read keys its fragments by the same versions, read once too;
        # a write may raise them, so it reads them as it goes.
        reading = request.method in ("GET", "HEAD")
        token = _request_versions.set({}) if reading else None
        try:
            if not _is_anonymous_read(request):
                response = self.get_response(request)
                add_never_cache_headers(response)
                return response
            return self._anonymous(request, site_version())
        finally:
            if token is not None:
                _request_versions.reset(token)

    def _anonymous(self, request, version):
        seconds = settings.PAGE_CACHE_SECONDS
        key = _page_key(request, version) if seconds else None
        response = cache.get(key) if key else None
        if response is not None:
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if response.status_code != 200 or response.has_header("Cache-Control"):
            return response
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
        patch_vary_headers(response, ["Cookie"])
        if key and not response.cookies and not response.streaming:
            response["X-Cache"] = "miss"
            cache.set(key, response, seconds)
        return response
