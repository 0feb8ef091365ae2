"""The mixed-load benchmark's check finds a lost write, so its "lost 0" means
something (the load itself runs against gunicorn in tests/test_faults.py)."""

import pytest

from articles import services
from articles.devtools.load import writes_found
from articles.models import Article
from tests.factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db


def _edit(article, dek, editor):
    article = services.article_update(article=article, user=editor, fields={"dek": dek})
    return (article.slug, article.version, dek)


def test_every_saved_write_is_found(editor):
    article = PublishedArticleFactory()
    first = _edit(article, "run w1", editor)
    second = _edit(article, "run w2", editor)
    assert writes_found([first, second], "run") == 2


def test_a_write_acknowledged_but_never_saved_is_lost(editor):
    article = PublishedArticleFactory()
    saved = _edit(article, "run w1", editor)
    never = (article.slug, saved[1] + 1, "run w2")
    assert writes_found([saved, never], "run") == 1


def test_two_writes_acknowledged_for_one_version_are_both_lost(editor):
    article = PublishedArticleFactory()
    saved = _edit(article, "run w1", editor)
    overwritten = (article.slug, saved[1], "run w0")
    assert writes_found([saved, overwritten], "run") == 0


def test_a_newest_write_the_story_no_longer_shows_is_lost(editor):
    article = PublishedArticleFactory()
    saved = _edit(article, "run w1", editor)
    # Changed behind the services' back: history keeps the write, the story not.
    Article.objects.filter(pk=article.pk).update(dek="something else")
    assert writes_found([saved], "run") == 0
