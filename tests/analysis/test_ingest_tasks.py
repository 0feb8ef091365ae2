"""Uploads ingested as background tasks: queued, followed per file, run by a worker."""

import signal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.ingest import tasks
from articles.ingest.tasks import ingest_upload, queue_upload
from articles.models import Article, IngestFile
from tests.analysis.conftest import ARTICLES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INGEST_URL = "/admin/articles/article/ingest/"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
NOT_RUN = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def page_of(client, batch):
    url = reverse("admin:articles_article_ingest_batch", args=[batch.pk])
    return client.get(url).content.decode()


@pytest.fixture
def run_worker():
    """`manage.py db_worker` once through the queue, in this process; the signal
    handlers it installs are put back."""
    handlers = {
        number: signal.getsignal(number)
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    }

    def run():
        call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, verbosity=0
        )

    yield run
    for number, handler in handlers.items():
        signal.signal(number, handler)


def test_a_queued_upload_shows_each_file_waiting_then_done(
    client, reporter, directory, settings
):
    settings.TASKS = NOT_RUN  # queued, and left there until the task is run below
    batch = queue_upload(
        user=reporter,
        files=[
            ("people.txt", (ARTICLES / "new_people.txt").read_bytes(), ""),
            ("huge.txt", b"", "too large: 3,000,000 bytes, over the limit"),
            ("binary.txt", b"\x00\x01", ""),
        ],
    )
    client.force_login(reporter)
    page = page_of(client, batch)
    assert 'http-equiv="refresh"' in page  # it follows the queue
    assert "2 queued, 1 failed." in page and "too large: 3,000,000 bytes" in page
    assert not Article.objects.exists()

    assert ingest_upload.call(batch.pk) == {"created": 1, "failed": 1}
    page = page_of(client, batch)
    assert 'http-equiv="refresh"' not in page
    article = Article.objects.get()
    assert reverse("admin:articles_article_change", args=[article.pk]) in page
    assert "binary: it contains NUL bytes" in page
    people = batch.files.get(name="people.txt")
    assert (people.status, people.article) == (IngestFile.Status.CREATED, article)
    assert bytes(people.data) == b"" and people.started_at <= people.finished_at


def test_an_upload_is_seen_by_the_desk_only(client, reporter, editor, directory):
    batch = queue_upload(user=reporter, files=[("a.txt", b"\x00", "")])
    url = reverse("admin:articles_article_ingest_batch", args=[batch.pk])
    visitor = UserFactory(username="visitor")
    for user, status in [(reporter, 200), (editor, 200), (visitor, 403)]:
        client.force_login(user)
        assert client.get(url).status_code == status
    client.force_login(editor)
    assert "a.txt (failed)" in client.get(INGEST_URL).content.decode()


# The worker closes connections it finds inside a transaction, as a test's is; on
# PostgreSQL that would end the test's own. These two run in committed transactions.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_queue_end_to_end(
    client, reporter, directory, settings, run_worker
):
    """Upload in admin → queued in the database → the worker runs it → admin shows it."""
    settings.TASKS = DATABASE_QUEUE
    client.force_login(reporter)
    response = client.post(
        INGEST_URL,
        {
            "files": [
                SimpleUploadedFile(
                    "people.txt", (ARTICLES / "new_people.txt").read_bytes()
                ),
                SimpleUploadedFile("empty.txt", b""),
            ],
            "name": "pasted.txt",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "2 queued." in page and 'http-equiv="refresh"' in page
    assert not Article.objects.exists()  # the request did not analyze anything
    (batch,) = {file.batch for file in IngestFile.objects.all()}
    assert ingest_upload.get_result(batch.task_id).status == "READY"

    run_worker()

    assert ingest_upload.get_result(batch.task_id).status == "SUCCESSFUL"
    page = page_of(client, batch)
    article = Article.objects.get()
    assert article.created_by == reporter
    assert reverse("admin:articles_article_change", args=[article.pk]) in page
    assert "1 created, 1 failed." in page and "empty: there is no text in it" in page
    assert 'http-equiv="refresh"' not in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_that_stops_fails_its_unfinished_files_with_the_error(
    client, reporter, directory, settings, run_worker, monkeypatch
):
    settings.TASKS = DATABASE_QUEUE

    def broken_desk(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(tasks, "desk_load", broken_desk)
    batch = queue_upload(user=reporter, files=[("a.txt", b"Some text", "")])
    run_worker()
    client.force_login(reporter)
    page = page_of(client, batch)
    assert "the ingest task stopped with builtins.RuntimeError" in page
    assert 'http-equiv="refresh"' not in page
