"""PATCH and PUT of a body re-anchor every span as admin does, and say what moved."""

import pytest

from tests.articles.test_spans_follow_edits import BODY, assert_spans_true, flag
from tests.factories import InReviewArticleFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


def detail(article):
    return f"/api/v1/articles/{article.slug}/"


def test_patching_the_body_reanchors_and_reports(as_user, editor):
    article = InReviewArticleFactory(body=BODY)
    moved = flag(article, "Yerevan")
    changed = flag(article, "a step on the peace track")
    client = as_user(editor)
    url = detail(article)
    etag = client.get(url).headers["ETag"]
    body = "A new lead.\n\n" + BODY.replace("peace track", "harmony track")
    response = client.patch(url, {"body": body}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.data
    assert response.data["spans"] == {"moved": 1, "changed": 1, "detached": 0}
    offsets = {
        f["id"]: (f["start"], f["end"], f["text"]) for f in response.data["flags"]
    }
    for item in (moved, changed):
        start, end, text = offsets[item.pk]
        assert body[start:end] == text
    assert_spans_true(article)


def test_patching_with_a_correction_publishes_the_note(as_user, editor):
    article = PublishedArticleFactory(body=BODY)
    client = as_user(editor)
    url = detail(article)
    etag = client.get(url).headers["ETag"]
    response = client.patch(
        url,
        {"body": BODY.replace("Monday", "Sunday"),
         "correction": {"kind": "correction", "body": "The day was wrong."}},
        format="json", HTTP_IF_MATCH=etag,
    )  # fmt: skip
    assert response.status_code == 200, response.data
    assert [n["kind"] for n in response.data["notes"]] == ["correction"]
    assert article.notes.get().previous_text == "Monday"


def test_reanalyse_adds_suggestions_and_says_how_many(as_user, editor):
    article = InReviewArticleFactory(body=BODY)
    response = as_user(editor).post(detail(article) + "reanalyse/")
    assert response.status_code == 200, response.data
    assert response.data["added"]["flags"] == article.flags.count() >= 1
    again = as_user(editor).post(detail(article) + "reanalyse/")
    assert again.data["added"] == {"mentions": 0, "quotes": 0, "flags": 0}
