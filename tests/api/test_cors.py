"""Read-only CORS on the API: pages on the configured origins may read it from a
browser; nothing else is opened."""

import pytest
from django.test import override_settings

from tests.factories import PublishedArticleFactory
from tests.test_settings import PRODUCTION_ENV, manage

pytestmark = pytest.mark.django_db

READER = "https://reader.example"
ALLOWED = override_settings(CORS_ALLOWED_ORIGINS=[READER])


@ALLOWED
def test_an_allowed_origin_may_read_the_api(client):
    story = PublishedArticleFactory()
    response = client.get(f"/api/v1/articles/{story.slug}/", HTTP_ORIGIN=READER)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == READER
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


@ALLOWED
def test_a_preflight_offers_reads_only(client):
    response = client.options(
        "/api/v1/articles/",
        HTTP_ORIGIN=READER,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}


@ALLOWED
def test_other_origins_and_the_site_get_no_cors_headers(client):
    api = client.get("/api/v1/articles/", HTTP_ORIGIN="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in api
    page = client.get("/", HTTP_ORIGIN=READER)
    assert "Access-Control-Allow-Origin" not in page


def test_origins_come_from_the_environment():
    shown = manage(
        "shell", "-c",
        "from django.conf import settings as s; "
        "print(s.CORS_ALLOWED_ORIGINS, s.CORS_ALLOW_ALL_ORIGINS)",
        **PRODUCTION_ENV, DJANGO_CORS_ALLOWED_ORIGINS="https://a.example, https://b.example",
    )  # fmt: skip
    last_line = shown.stdout.strip().splitlines()[-1]
    assert last_line == "['https://a.example', 'https://b.example'] False"
    default = manage("shell", "-c", "from django.conf import settings as s; "
                     "print(s.CORS_ALLOWED_ORIGINS, s.CORS_ALLOW_ALL_ORIGINS)",
                     **PRODUCTION_ENV)  # fmt: skip
    assert default.stdout.strip().splitlines()[-1] == "[] False"
