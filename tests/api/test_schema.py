"""The API against its own OpenAPI schema, and stories against the IPTC ninjs schema."""

import json

import jsonschema
import pytest
import schemathesis
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from knox.models import AuthToken
from openapi_spec_validator import validate
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)

from articles.devtools.demo import demo_load
from articles.models import Article
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NINJS_SCHEMA = settings.BASE_DIR / "tests" / "data" / "ninjs-schema_2.2.json"


@pytest.fixture
def openapi(client):
    response = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    return json.loads(response.content)


def test_schema_is_valid_openapi_3(openapi):
    assert openapi["openapi"].startswith("3.")
    validate(openapi)


def test_schema_describes_every_operation_filter_and_error(openapi):
    paths = openapi["paths"]
    assert {
        "/api/v1/articles/",
        "/api/v1/articles/{slug}/",
        "/api/v1/articles/{slug}/transition/",
        "/api/v1/articles/{slug}/confirm-genre/",
        "/api/v1/articles/{slug}/ninjs/",
        "/api/v1/flags/{id}/confirm/",
        "/api/v1/flags/{id}/dismiss/",
        "/api/v1/auth/token/",
        "/api/v1/topics/",
        "/api/v1/actors/",
        "/api/v1/events/",
        "/api/v1/outlets/",
        "/api/v1/notes/",
    } <= set(paths)
    filters = {p["name"] for p in paths["/api/v1/articles/"]["get"]["parameters"]}
    assert {"topic", "genre", "outlet", "actor", "event", "status", "published_after",
            "published_before", "q", "ordering", "page", "page_size"} <= filters  # fmt: skip
    transition = paths["/api/v1/articles/{slug}/transition/"]["post"]["responses"]
    assert {"200", "400", "403", "404", "409"} <= set(transition)
    assert "412" in paths["/api/v1/articles/{slug}/"]["patch"]["responses"]
    created = paths["/api/v1/articles/"]["post"]["responses"]["201"]["links"]
    assert created["v1_articles_transition_create"]["parameters"] == {
        "slug": "$response.body#/slug"
    }


@pytest.fixture
def demo(db):
    demo_load()


def test_every_story_exports_valid_ninjs(client, demo):
    validator = jsonschema.Draft202012Validator(
        json.loads(NINJS_SCHEMA.read_text()),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    editor = UserFactory(group="Editor")
    client.force_login(editor)
    slugs = list(Article.objects.values_list("slug", flat=True))
    assert len(slugs) == 5
    for slug in slugs:
        response = client.get(f"/api/v1/articles/{slug}/ninjs/")
        assert response.status_code == 200
        item = response.json()
        errors = [error.message for error in validator.iter_errors(item)]
        assert errors == [], slug
        assert item["headlines"][0]["value"] == Article.objects.get(slug=slug).headline


def test_ninjs_carries_genre_and_public_status(client, demo):
    story = (
        Article.objects.published().filter(genre="reporting").exclude(byline="").first()
    )
    item = client.get(f"/api/v1/articles/{story.slug}/ninjs/").json()
    assert item["pubstatus"] == "usable"
    assert item["genres"][0]["uri"] == "http://cv.iptc.org/newscodes/genre/Current"
    assert item["by"] == story.byline


# The WSGI application itself, without newsdesk/wsgi.py's production guard (which
# wants the SQLite file a fresh clone has not made yet).
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/?format=json", get_wsgi_application()
)


@pytest.fixture
def desk_token(demo):
    _instance, token = AuthToken.objects.create(
        UserFactory(username="fuzzer", group="Desk chief")
    )
    return token


@pytest.fixture
def keep_test_connection():
    """Keep the test's database connection open across WSGI requests.

    Django closes old connections when a request starts and finishes; its test
    client switches that off, and requests sent straight to the WSGI app must too,
    or PostgreSQL loses the test's transaction.
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_honours_its_schema(case, desk_token, keep_test_connection):
    """Generated requests as a desk chief: no 5xx, no answer the schema does not describe.

    The API deliberately answers 400 to well-formed requests naming slugs that do
    not exist, and tolerates some malformed ones (a non-numeric page size falls back
    to the default), so the two checks about accepting or rejecting data are off.
    """
    case.call_and_validate(
        headers={"Authorization": f"Token {desk_token}"},
        excluded_checks=[negative_data_rejection, positive_data_acceptance],
    )


def test_api_workflows_honour_its_schema(desk_token, keep_test_connection):
    """Chains of requests as a desk chief, following the schema's links.

    Schemathesis infers most links from the schema itself (a response's `slug` or
    `id` feeds the operations whose path takes one); `newsdesk.schema` declares the
    ones it cannot see. Besides the checks above, the stateful checks run: a
    resource just created can be read, one just deleted cannot, and an operation
    answering the token also refuses the same request without it. The schema is
    loaded afresh because inference writes its links into the loaded copy.
    """
    workflow_schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", get_wsgi_application()
    )

    class Workflow(workflow_schema.as_state_machine()):
        # Each scenario starts from the demo content, not from the last one's
        # leftovers: Hypothesis expects the same choices to draw the same kinds of
        # value, and raised FlakyStrategyDefinition in 2 runs of 8 without this.
        def setup(self):
            cache.clear()
            self.savepoint = transaction.savepoint_create()

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)
            super().teardown()

        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Token {desk_token}"}}

        # The token is named to the checks, or they take it for generated
        # credentials and expect a 401.
        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response,
                additional_checks=additional_checks,
                excluded_checks=[negative_data_rejection, positive_data_acceptance],
                headers=kwargs["headers"],
                transport_kwargs=kwargs,
                recorder=self.recorder,
            )

    Workflow.run(
        settings=hypothesis_settings(
            max_examples=20,
            stateful_step_count=8,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            phases=[Phase.generate],
        )
    )
