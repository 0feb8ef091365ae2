"""The site's public address, for the links it gives out.

Canonical links, Open Graph and JSON-LD URLs, the sitemap, feeds and ninjs name
the site by `NEWSDESK_SITE_ORIGIN` when it is set, so a page reached through
another name (a load balancer's address, a mirror, a preview host) still points
to the public one. Left unset, links are built from the request, as before.
"""

from django.conf import settings


def public_url(path, request=None):
    """`path` on the public origin; without one, on the request's host (or as is)."""
    if settings.NEWSDESK_SITE_ORIGIN:
        return settings.NEWSDESK_SITE_ORIGIN + path
    return request.build_absolute_uri(path) if request is not None else path


def absolute_for(request):
    """`public_url` for this request, in the one-argument shape the builders take."""
    return lambda path: public_url(path, request)
