"""Fixtures for the analysis pipeline: the demo desk as plain data, or in the database."""

from pathlib import Path

import pytest
from django.conf import settings

from articles.analysis import analyze, decode, train
from articles.devtools.demo import demo_load
from articles.models import Article

DATA = Path(__file__).resolve().parent.parent / "data"
ARTICLES = DATA / "articles"
GOLD = DATA / "gold"
SEEDS = settings.BASE_DIR / "fixtures" / "seeds"
DEMO = settings.BASE_DIR / "fixtures" / "demo" / "desk.toml"


def demo_desk():
    """The demo directory's actors, aliases and outlets, without the database."""
    return train.demo_desk(DEMO)


@pytest.fixture
def desk():
    return demo_desk()


def run(text, desk, name="test.txt"):
    """Analyze a text as the pipeline meets a file: headline on the first line."""
    return analyze(text, name=name, desk=desk)


def seed(name):
    return decode((SEEDS / name).read_bytes(), name=name)


def sample(name):
    return decode((ARTICLES / name).read_bytes(), name=name)


@pytest.fixture
def directory(db):
    """The desk's directory in the database: demo actors, outlets, topics; no stories."""
    demo_load()
    Article.objects.all().delete()
