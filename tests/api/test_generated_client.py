"""A client generated from the schema by openapi-python-client (a tool no one here
wrote) runs the editor's whole flow unchanged against a live server: a token, a
list with two genres, paging, a publication, and a stale If-Match refused.

The generator runs offline, from the schema the test client fetched; with
`raise_on_unexpected_status` any answer the schema does not list fails the test.
"""

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

from articles.models import Article
from tests.factories import (
    InReviewArticleFactory,
    PublishedArticleFactory,
    UserFactory,
)

PACKAGE = "newsdesk_generated_client"
GENERATOR = Path(sys.executable).parent / "openapi-python-client"


@pytest.fixture
def generated(client, tmp_path, monkeypatch):
    """The generated package, every module of it imported: a module that fails to
    import is a schema a generated client cannot use."""
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    (tmp_path / "schema.json").write_text(json.dumps(json.loads(schema.content)))
    (tmp_path / "config.json").write_text(
        json.dumps({"package_name_override": PACKAGE, "post_hooks": []})
    )
    result = subprocess.run(
        [GENERATOR, "generate", "--path", "schema.json", "--meta", "none",
         "--config", "config.json", "--output-path", PACKAGE,
         "--fail-on-warning"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    package = importlib.import_module(PACKAGE)
    modules = {
        info.name: importlib.import_module(info.name)
        for info in pkgutil.walk_packages(package.__path__, f"{PACKAGE}.")
    }
    yield modules
    for name in [*modules, PACKAGE]:
        sys.modules.pop(name, None)


# live_server needs committed rows; serialized_rollback leaves the migrated data
# (groups, content types) as later transactional tests expect it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_editors_flow_through_a_generated_client(generated, live_server):
    api = f"{PACKAGE}.api.v1."
    models = importlib.import_module(f"{PACKAGE}.models")
    Client = generated[f"{PACKAGE}.client"].Client
    AuthenticatedClient = generated[f"{PACKAGE}.client"].AuthenticatedClient

    UserFactory(username="ed", password="a-long-editor-password", group="Editor")
    wanted = {
        PublishedArticleFactory(genre=genre).slug
        for genre in ("opinion", "analysis", "opinion", "analysis", "opinion")
    }
    PublishedArticleFactory(genre="reporting")
    draft = InReviewArticleFactory(genre="analysis")

    anonymous = Client(base_url=live_server.url, raise_on_unexpected_status=True)
    token = generated[api + "v1_auth_token_create"].sync(
        client=anonymous,
        body=models.CredentialsRequest(
            username="ed", password="a-long-editor-password"
        ),
    )
    assert isinstance(token, models.TokenAnswer)
    # The generated client's own default prefix: Bearer.
    editor = AuthenticatedClient(
        base_url=live_server.url, token=token.token, raise_on_unexpected_status=True
    )

    listing = generated[api + "v1_articles_list"]
    two_genres = [models.V1ArticlesListGenreItem(g) for g in ("opinion", "analysis")]
    seen, page = [], 1
    while page:
        answer = listing.sync(
            client=editor, genre=two_genres, status=[
                models.V1ArticlesListStatusItem("published")
            ], page=page, page_size=2,
        )  # fmt: skip
        assert isinstance(answer, models.PaginatedArticleListList)
        assert answer.count == 5
        seen += [story.slug for story in answer.results]
        page = page + 1 if answer.next_ else None
    assert sorted(seen) == sorted(wanted)

    published = generated[api + "v1_articles_transition_create"].sync(
        draft.slug,
        client=editor,
        body=models.TransitionInputRequest(action=models.ActionEnum("publish")),
    )
    assert isinstance(published, models.ArticleDetail)
    assert published.status.value == "published"
    assert str(published.id) == str(draft.uuid)

    read = generated[api + "v1_articles_retrieve"].sync_detailed(
        draft.slug, client=editor
    )
    etag = read.headers["etag"]
    update = generated[api + "v1_articles_partial_update"]
    first = update.sync_detailed(
        draft.slug, client=editor, if_match=etag,
        body=models.PatchedArticleUpdateRequest(dek="Now with a dek."),
    )  # fmt: skip
    assert first.status_code == 200
    assert isinstance(first.parsed, models.ArticleUpdateResult)
    stale = update.sync_detailed(
        draft.slug, client=editor, if_match=etag,
        body=models.PatchedArticleUpdateRequest(dek="A colleague's older copy."),
    )  # fmt: skip
    assert stale.status_code == 412
    assert isinstance(stale.parsed, models.Error)
    assert Article.objects.get(pk=draft.pk).dek == "Now with a dek."
