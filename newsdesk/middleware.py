"""Cache headers for the API's answers (the public pages have their own, in
articles/site/cache.py)."""

from django.utils.cache import patch_cache_control, patch_vary_headers

API_PREFIX = "/api/"


class ApiCacheHeadersMiddleware:
    """API reads revalidate every time, and never cross from one audience to another.

    `no-cache`: a cache may keep an answer but asks first (a 304 is cheap), so an
    edit or a withdrawal is seen at the next request. Anonymous answers are
    `public`; those to a client with credentials (a token or a session) are
    `private`, and `Vary: Authorization` keeps a token's answers apart the way
    `Vary: Cookie` keeps a session's. Place after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or request.method not in (
            "GET",
            "HEAD",
        ):
            return response
        patch_vary_headers(response, ["Authorization"])
        if not response.has_header("Cache-Control"):
            signed_in = "HTTP_AUTHORIZATION" in request.META or (
                request.user.is_authenticated
            )
            audience = {"private": True} if signed_in else {"public": True}
            patch_cache_control(response, no_cache=True, **audience)
        return response
