"""Who is asking, and proving it: the client's real address and API tokens.

The token endpoint itself is `newsdesk.api.TokenView`.

Tokens are django-rest-knox's: stored as a digest, never in plain text; each
expires (`DJANGO_API_TOKEN_TTL_HOURS`); its owner revokes it with
`DELETE /api/v1/auth/token/`; a password change revokes them all. Failed logins are
counted by django-axes in the database (shared by every worker) per account and per
client address; after `DJANGO_LOGIN_FAILURE_LIMIT` failures the account and the
address are locked out for `DJANGO_LOGIN_COOLOFF_MINUTES`.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.http import JsonResponse
from django.template.response import TemplateResponse
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.models import AuthToken
from rest_framework import exceptions
from rest_framework.authentication import get_authorization_header

TOKEN_PREFIXES = (b"token", b"bearer")


def client_address(request) -> str:
    """The client's address, trusting `X-Forwarded-For` only from our own proxies.

    Behind `DJANGO_TRUSTED_PROXIES` proxies, each appends the address it saw, so the
    client is that many entries from the right; anything further left is whatever
    the client chose to send. With no trusted proxy the header is ignored.
    """
    meta = request.META
    hops = settings.TRUSTED_PROXIES
    if hops:
        forwarded = [a.strip() for a in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [address for address in forwarded if address]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return meta.get("REMOTE_ADDR", "")


class TokenAuthentication(KnoxTokenAuthentication):
    """`Authorization: Token …` as documented, and `Bearer …` as OpenAPI clients send.

    A token that is wrong, expired or revoked answers 401; it is never read as an
    anonymous request.
    """

    def authenticate(self, request):
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() not in TOKEN_PREFIXES:
            return None
        if len(auth) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as `Authorization: Token <token>`."
            )
        return self.authenticate_credentials(auth[1])

    def authenticate_header(self, request):
        return "Token"


def lockout_response(request, original_response=None, credentials=None):
    """A locked-out login answers 429 with when to try again: JSON for the API."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = (
        "Too many failed login attempts from this account or address. "
        f"Try again in {minutes} minutes."
    )
    headers = {"Retry-After": str(minutes * 60)}
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": message, "code": "locked_out"}, status=429, headers=headers
        )
    response = TemplateResponse(
        request, "admin/locked_out.html", {"message": message, "title": "Locked out"},
        status=429, headers=headers,
    )  # fmt: skip
    return response.render()


@receiver(pre_save, sender=get_user_model())
def revoke_tokens_on_password_change(sender, instance, **kwargs):
    """A new password ends every session a token gave: stolen tokens die with it."""
    if instance.pk is None:
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True)
    if stored and stored[0] != instance.password:
        AuthToken.objects.filter(user_id=instance.pk).delete()
