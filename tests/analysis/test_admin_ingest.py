"""The admin pages: upload files or paste text, and compare a rewrite with its original."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, IngestBatch
from tests.analysis.conftest import ARTICLES, sample, seed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INGEST_URL = "/admin/articles/article/ingest/"


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="text/plain")


def test_the_ingest_page_is_linked_from_the_article_list(client, reporter):
    client.force_login(reporter)
    response = client.get(reverse("admin:articles_article_changelist"))
    assert INGEST_URL in response.content.decode()
    response = client.get(INGEST_URL)
    assert response.status_code == 200
    assert b'type="file"' in response.content and b"multiple" in response.content


def test_a_reporter_uploads_files_and_sees_each_result(client, reporter, directory):
    """The upload is queued and its page follows each file (the test settings run
    tasks at once; tests/analysis/test_ingest_tasks.py runs the real queue)."""
    client.force_login(reporter)
    response = client.post(
        INGEST_URL,
        {
            "files": [
                upload("people.txt", (ARTICLES / "new_people.txt").read_bytes()),
                upload("binary.txt", b"\x00\x01\x02"),
            ],
            "name": "pasted.txt",
        },
        follow=True,
    )
    assert response.status_code == 200
    batch = IngestBatch.objects.get()
    assert response.redirect_chain == [
        (reverse("admin:articles_article_ingest_batch", args=[batch.pk]), 302)
    ]
    page = response.content.decode()
    article = Article.objects.get()
    assert article.created_by == reporter and article.status == Article.Status.DRAFT
    assert reverse("admin:articles_article_change", args=[article.pk]) in page
    assert "binary: it contains NUL bytes" in page
    assert "2 file(s) queued for ingest" in page
    assert "1 created, 1 failed." in page
    assert 'http-equiv="refresh"' not in page  # nothing left to wait for
    # A reporter may open and edit their own ingested draft.
    assert (
        client.get(
            reverse("admin:articles_article_change", args=[article.pk])
        ).status_code
        == 200
    )
    # The ingest page lists the upload.
    assert "people.txt (draft created)" in client.get(INGEST_URL).content.decode()


def test_pasted_text_becomes_a_draft(client, editor, directory):
    client.force_login(editor)
    response = client.post(
        INGEST_URL, {"text": sample("dated_report.txt"), "name": "from-the-wire.txt"}
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.headline == "Pashinyan and Aliyev to meet again next month"
    assert "from-the-wire.txt" in article.notes.get().body


def test_an_empty_form_says_what_is_missing(client, editor):
    client.force_login(editor)
    response = client.post(INGEST_URL, {"text": "  ", "name": "x.txt"})
    assert "Choose at least one file, or paste a text." in response.content.decode()
    assert not Article.objects.exists()


def test_a_user_who_cannot_add_articles_is_refused(client):
    client.force_login(UserFactory(username="visitor"))
    assert client.get(INGEST_URL).status_code == 403
    client.logout()
    assert client.get(INGEST_URL).status_code == 302  # to the login page


def test_the_comparison_shows_the_rewrite_beside_its_original(
    client, editor, directory
):
    client.force_login(editor)
    client.post(
        INGEST_URL, {"text": seed("000_65deec5dc040f274.txt"), "name": "000.txt"}
    )
    client.post(
        INGEST_URL, {"text": sample("spun_copy_of_000.txt"), "name": "copy.txt"}
    )
    copy = Article.objects.get(duplicate_of__isnull=False)

    change = client.get(reverse("admin:articles_article_change", args=[copy.pk]))
    compare_url = reverse("admin:articles_article_compare", args=[copy.pk])
    assert compare_url in change.content.decode()

    page = client.get(compare_url).content.decode()
    assert "Names respelled" in page and "O’Brien → <ins>O’Brian</ins>" in page
    assert "<ins>typical</ins>" in page and "<del>normal</del>" in page
    assert "inserted in the copy" in page and "dropped from the copy" in page
    assert "<del>Azerbaijan Rejects</del> Washington" in page
    assert "<ins>Baku Turns Down</ins> Washington" in page


def test_the_comparison_of_a_story_without_an_original_says_so(client, editor):
    from tests.factories import DraftArticleFactory

    article = DraftArticleFactory()
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_compare", args=[article.pk]))
    assert "is not linked to a story it copies" in page.content.decode()


def test_one_empty_file_in_a_batch_fails_alone_and_is_named(
    client, reporter, directory
):
    client.force_login(reporter)
    files = [
        upload(
            "one.txt",
            b"Talks resume in Geneva\n\nThe talks resumed on Monday, officials said.",
        ),  # fmt: skip
        upload("empty.txt", b""),
        upload(
            "two.txt",
            b"Border reopens\n\nThe border crossing reopened, the "
            b"ministry said on Tuesday.",
        ),  # fmt: skip
        upload(
            "three.txt",
            b"Ministers meet\n\nThe foreign ministers met in "
            b"Washington on Wednesday, a spokesperson said.",
        ),  # fmt: skip
    ]
    response = client.post(
        INGEST_URL, {"files": files, "name": "pasted.txt"}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert Article.objects.count() == 3
    assert "3 created, 1 failed." in page
    row = page.split("<td>empty.txt</td>")[1].split("</tr>")[0]
    assert "Failed" in row and "empty" in row


def test_a_pasted_html_fragment_is_read_as_html(client, editor, directory):
    client.force_login(editor)
    fragment = (
        "<h1>Talks resume in Geneva</h1><p>The foreign ministers resumed talks in "
        "Geneva on Monday, officials said.</p><p>They will meet again in March.</p>"
    )
    response = client.post(
        INGEST_URL, {"text": fragment, "name": "pasted.txt"}, follow=True
    )
    assert response.status_code == 200
    article = Article.objects.get()
    assert "<" not in article.headline and "<" not in article.body
    assert "Geneva" in article.headline + article.body
    assert "pasted.txt" in response.content.decode()  # named as the editor named it
