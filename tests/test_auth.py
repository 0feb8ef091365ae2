"""Logins that resist guessing and tokens that can be lost safely: lockout per account
and per address, no trust in a forged X-Forwarded-For, hashed expiring revocable
tokens, and parser failures answered as 400."""

import datetime

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from newsdesk.drf import AnonThrottle
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
DESK_ONLY = "/api/v1/flags/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor_user():
    return UserFactory(username="ed", group="Editor")


def login(client, username="ed", password=PASSWORD, address="10.0.0.1", **extra):
    return client.post(
        TOKEN_URL, {"username": username, "password": password},
        format="json", REMOTE_ADDR=address, **extra,
    )  # fmt: skip


def test_a_token_is_issued_stored_hashed_and_expires(editor_user):
    response = login(APIClient())
    assert response.status_code == 200, response.data
    token = response.data["token"]
    stored = AuthToken.objects.get(user=editor_user)
    assert token not in (stored.digest, stored.token_key)  # only a digest is kept
    assert stored.expiry > timezone.now() + datetime.timedelta(hours=1)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(DESK_ONLY).status_code == 200


def test_bearer_is_a_token_and_a_bad_token_is_refused_not_anonymous(editor_user):
    token = login(APIClient()).data["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get(DESK_ONLY).status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert client.get("/api/v1/articles/").status_code == 401


def test_an_expired_token_no_longer_works(editor_user):
    instance, token = AuthToken.objects.create(
        editor_user, expiry=datetime.timedelta(seconds=-1)
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(DESK_ONLY).status_code == 401


def test_the_owner_revokes_the_token_in_use(editor_user):
    token = login(APIClient()).data["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.delete(TOKEN_URL).status_code == 204
    assert client.get(DESK_ONLY).status_code == 401
    assert not AuthToken.objects.filter(user=editor_user).exists()


def test_a_password_change_revokes_every_token(editor_user):
    first = login(APIClient()).data["token"]
    login(APIClient())
    editor_user.set_password("a brand new passphrase")
    editor_user.save()
    assert not AuthToken.objects.filter(user=editor_user).exists()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert client.get(DESK_ONLY).status_code == 401


@override_settings(AXES_FAILURE_LIMIT=3)
def test_guessing_a_password_locks_the_account_and_the_address(editor_user):
    UserFactory(username="other", group="Editor")
    client = APIClient()
    assert [login(client, password="wrong").status_code for _ in range(3)] == [
        400, 400, 429,  # the third failure locks
    ]  # fmt: skip
    locked = login(client)  # even the right password, now
    assert locked.status_code == 429
    assert "Try again in" in locked.json()["detail"]
    assert int(locked.headers["Retry-After"]) > 0
    # The account is locked from anywhere; the address for any account.
    assert login(client, address="10.0.0.2").status_code == 429
    assert login(client, username="other").status_code == 429
    assert login(client, username="other", address="10.0.0.3").status_code == 200


@override_settings(AXES_FAILURE_LIMIT=3)
def test_admin_login_is_locked_out_too(client, editor_user):
    url = reverse("admin:login")
    for _ in range(3):
        client.post(url, {"username": "ed", "password": "wrong"})
    response = client.post(url, {"username": "ed", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_forged_forwarded_for_buys_no_fresh_attempts(editor_user):
    client = APIClient()
    for n in range(3):
        login(client, password="wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert (
        login(
            client, username="nobody", HTTP_X_FORWARDED_FOR="198.51.100.7"
        ).status_code
        == 429
    )


@override_settings(API_THROTTLE_RATES={"anon": "3/minute", "user": "100/minute"})
def test_anonymous_rate_limit_ignores_forged_forwarded_for():
    cache.clear()
    client = APIClient()
    codes = [
        client.get(
            "/api/v1/topics/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]
    cache.clear()


@override_settings(API_THROTTLE_RATES={"anon": "2/minute", "user": "100/minute"})
def test_rate_limits_are_counted_once_for_every_worker():
    """Without Redis the counts are files every worker process of the machine reads:
    a second worker (a cache of its own on the same folder) sees the first's count."""
    from django.conf import settings
    from django.core.cache.backends.filebased import FileBasedCache

    client = APIClient()
    assert [client.get("/api/v1/topics/").status_code for _ in range(2)] == [200, 200]
    other_worker = FileBasedCache(settings.CACHES["counters"]["LOCATION"], {})
    key = AnonThrottle().get_cache_key(client.get("/api/v1/topics/").wsgi_request, None)
    assert len(other_worker.get(key)) == 2  # the two allowed requests, not a third
    other_worker.clear()  # the count gone from the shared store: allowed again
    assert client.get("/api/v1/topics/").status_code == 200


@override_settings(
    API_THROTTLE_RATES={"anon": "2/minute", "user": "100/minute"}, TRUSTED_PROXIES=1
)
def test_behind_a_trusted_proxy_the_client_is_the_address_it_saw():
    cache.clear()
    client = APIClient()

    def get(chain):
        return client.get("/api/v1/topics/", HTTP_X_FORWARDED_FOR=chain).status_code

    # The proxy appends the real address; what the client wrote before it is ignored.
    assert [get(f"6.6.6.{n}, 192.0.2.10") for n in range(3)] == [200, 200, 429]
    assert get("192.0.2.11") == 200
    cache.clear()


def test_deeply_nested_json_is_a_bad_request():
    body = "[" * 100_000 + "]" * 100_000
    response = APIClient().post(TOKEN_URL, body, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.data["detail"]
