"""History in plain words: word-level diffs between versions, and every workflow
step and decision as a sentence with who and when."""

import pytest
from django.urls import reverse

from articles import desk, services
from articles.models import Article
from tests.factories import FlagFactory, InReviewArticleFactory

pytestmark = pytest.mark.django_db


def test_word_diff_marks_removed_and_added_words_and_escapes():
    html = str(desk.word_diff("The army <b>shelled</b> the village.",
                              "The army shelled the town."))  # fmt: skip
    assert "<del>" in html and "<ins>" in html
    assert "<ins>town.</ins>" in html or "<ins>town</ins>" in html
    assert "&lt;b&gt;" in html  # the old words are escaped, never markup
    assert desk.word_diff("Same.", "Same.") == ""


def test_word_diff_cuts_long_unchanged_stretches():
    old = " ".join(f"word{n}" for n in range(200))
    new = old.replace("word100", "changed")
    html = str(desk.word_diff(old, new))
    assert "<del>word100</del><ins>changed</ins>" in html
    assert html.startswith("… ") and html.endswith(" …")
    assert len(html) < 400


def test_history_page_shows_diffs_and_steps_in_plain_words(client, editor):
    article = InReviewArticleFactory(headline="Talks stall", body="The talks stalled.")
    flag = FlagFactory(article=article)
    article.headline = "Talks resume"
    article.body = "The talks resumed on Monday."
    services.article_update(article=article, user=editor,
                            expected_version=article.version)  # fmt: skip
    services.flag_decide(flag=flag, state="dismissed", user=editor,
                         reason="A quote, attributed.")  # fmt: skip
    services.article_transition(article=article, action="send_back", user=editor,
                                reason="Needs a second source.")  # fmt: skip
    client.force_login(editor)
    html = client.get(
        reverse("admin:articles_article_history", args=[article.pk])
    ).content.decode()
    assert "<del>stall</del><ins>resume</ins>" in html
    assert "<ins>resumed on Monday.</ins>" in html or "<ins>resumed" in html
    assert "editor sent it back to the reporter — “Needs a second source.”." in html
    assert "editor dismissed a flag (" in html and "A quote, attributed." in html
    assert "editor edited it: headline, body" in html
    assert "in_review" not in html and "Deleted user" not in html
    assert '<strong>Status:</strong> <span class="diff">In review → Draft' in html
    versions = html.split("Versions")[1]
    assert versions.index("<strong>Headline:") < versions.index("<strong>Body:")


def test_a_step_without_a_user_is_the_systems():
    entry = services.audit_record(
        user=None, article=InReviewArticleFactory(), action="article.ingest"
    )
    assert desk.describe(entry) == "the system ingested it from a file."


def test_audit_entries_list_reads_in_words(client, editor):
    article = InReviewArticleFactory()
    services.article_transition(article=article, action="send_back", user=editor,
                                reason="Why?")  # fmt: skip
    client.force_login(editor)
    html = client.get(reverse("admin:articles_auditentry_changelist")).content.decode()
    assert "editor sent it back to the reporter — “Why?”." in html
    assert Article.Status.IN_REVIEW.value not in html.split("What happened")[1]
