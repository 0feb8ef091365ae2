"""What operations rely on: health checks for the load balancer, a server that
refuses a missing database, and backups that restore every row exactly."""

import os
import subprocess
import sys
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError

from articles import services
from articles.devtools.demo import demo_load
from articles.models import Article, SiteVersion
from tests.factories import PublishedArticleFactory, UserFactory


def test_healthz_answers_without_the_database(client):
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor",
                    side_effect=DatabaseError("down")):  # fmt: skip
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_database_migrations_and_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_is_unreachable(client):
    with mock.patch("newsdesk.views.MigrationExecutor",
                    side_effect=DatabaseError("gone")):  # fmt: skip
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"].startswith("unreachable")
    assert response.headers["Retry-After"]


def test_the_server_refuses_a_missing_sqlite_file(tmp_path):
    missing = tmp_path / "nowhere.sqlite3"
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{missing}",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import newsdesk.wsgi"],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode != 0
    assert "does not exist" in result.stderr
    assert not missing.exists()


def _snapshot():
    """Every row of every model (history included), as exact values.

    Not the cache's counters: a restore moves them on (the next test).
    """
    return {
        model._meta.label: sorted(
            tuple(str(value) for value in row)
            for row in model.objects.order_by().values_list()
        )
        for model in apps.get_models()
        if model._meta.app_label in {"articles", "actors", "auth"}
        and model is not SiteVersion
    }


def _backup_path(tmp_path):
    engine = settings.DATABASES["default"]["ENGINE"]
    return tmp_path / f"backup{'.sqlite3' if engine.endswith('sqlite3') else '.dump'}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_and_restore_round_trip_is_exact(tmp_path):
    demo_load()
    UserFactory(username="ed", group="Editor")
    before = _snapshot()
    assert before["articles.HistoricalArticle"]
    stamps = list(Article.objects.order_by("pk").values_list("updated_at", flat=True))
    assert any(stamp.microsecond for stamp in stamps)

    path = _backup_path(tmp_path)
    call_command("backup", str(path))
    Article.objects.filter(status=Article.Status.PUBLISHED).delete()
    assert _snapshot() != before

    call_command("restore", str(path), "--yes")
    assert _snapshot() == before
    restored = list(Article.objects.order_by("pk").values_list("updated_at", flat=True))
    assert restored == stamps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nothing_cached_since_the_backup_is_served_after_a_restore(client, tmp_path):
    """The replaced database reached the restored story's next version with other
    words; the restored story's next edit must not be served from that page."""
    story = PublishedArticleFactory(headline="Talks resume in Almaty")
    editor = UserFactory(username="ed", group="Editor")
    path = _backup_path(tmp_path)
    call_command("backup", str(path))

    story.headline = "Words the restore takes back"
    services.article_update(article=story, user=editor)
    assert "Words the restore takes back" in client.get(story.get_absolute_url()).text

    call_command("restore", str(path), "--yes")
    story = Article.objects.get(pk=story.pk)
    assert story.headline == "Talks resume in Almaty"
    story.headline = "Talks resume in Astana"
    services.article_update(article=story, user=editor)
    page = client.get(story.get_absolute_url()).text
    assert "Talks resume in Astana" in page
    assert "Words the restore takes back" not in page


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    from django.core.management.base import CommandError

    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_text("not a database")
    with pytest.raises(CommandError):
        call_command("restore", str(bogus), "--yes")
    with pytest.raises(CommandError, match="No backup"):
        call_command("restore", str(tmp_path / "absent"), "--yes")
