"""The synthetic corpus used by benchmarks is valid, realistic and reproducible."""

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from actors.models import Actor, Event
from articles import tallies
from articles.bulk import insert_rows
from articles.devtools.corpus import corpus_generate
from articles.models import Article, Flag, Mention, Outlet, Quote, Tally, Topic
from tests.factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db


def test_corpus_has_valid_spans_and_publication_rules():
    counts = corpus_generate(articles=300, seed=7)
    assert counts["articles"] == Article.objects.count() == 300
    for mention in Mention.objects.select_related("article"):
        assert mention.article.body[mention.start : mention.end] == mention.text
    for flag in Flag.objects.select_related("article"):
        assert flag.article.body[flag.start : flag.end] == flag.text
    published = Article.objects.published()
    assert 0.7 < published.count() / 300 < 0.9
    assert not published.filter(published_at__isnull=True).exists()
    assert (
        published.filter(genre="reporting").count()
        > published.filter(genre="opinion").count()
    )
    decided = Flag.objects.filter(state=Flag.State.CONFIRMED).first()
    assert decided.decided_at.tzinfo is not None  # written raw, read back as a time


def test_corpus_is_counted_in_the_listing_tallies():
    corpus_generate(articles=200, seed=8)
    for topic in Topic.objects.all():
        stories = Article.objects.published().filter(topics=topic)
        assert tallies.stories(Tally.Scope.TOPIC, topic.pk) == stories.count()


def test_same_seed_builds_the_same_corpus():
    corpus_generate(articles=50, seed=3)
    first = list(
        Article.objects.order_by("slug").values_list("slug", "genre", "status")
    )
    Article.objects.all().delete()
    for model in (Outlet, Topic, Actor, Event):
        model.objects.all().delete()
    corpus_generate(articles=50, seed=3)
    second = list(
        Article.objects.order_by("slug").values_list("slug", "genre", "status")
    )
    assert first == second


def test_command_refuses_a_seed_used_already():
    call_command("generate_corpus", "--articles", "5", "--seed", "9", verbosity=0)
    with pytest.raises(CommandError, match="seed 9"):
        call_command("generate_corpus", "--articles", "5", "--seed", "9", verbosity=0)


def test_stories_written_raw_are_whole_and_searchable():
    corpus_generate(articles=120, seed=5)
    stories = Article.objects.all()
    assert len({story.uuid for story in stories}) == 120
    story = stories.published().first()
    assert story.published_at.tzinfo is not None
    assert story.created_at.tzinfo is not None
    assert story.updated_at == story.created_at
    found = Article.objects.search(story.headline.split()[-1])
    assert found.filter(pk=story.pk).exists()  # the full-text index saw it


def test_command_refuses_a_negative_seed():
    # A slug has no minus sign: the stories of seed -1 would be slugged as seed 1's.
    with pytest.raises(CommandError, match="--seed"):
        call_command("generate_corpus", "--articles", "5", "--seed", "-1", verbosity=0)
    assert not Article.objects.exists()


def test_raw_rows_name_real_columns_and_what_differs_row_by_row():
    outlet = Outlet.objects.create(name="Raw", slug="raw")
    story = {"headline": "Raw", "slug": "raw", "outlet_id": outlet.pk}
    with pytest.raises(ValueError, match="no column"), transaction.atomic():
        insert_rows(Article, [{**story, "speakers": []}])
    with pytest.raises(ValueError, match="uuid"), transaction.atomic():
        insert_rows(Article, [story])  # one default uuid4 would serve every row
    assert not Article.objects.exists()


def test_a_raw_row_the_database_refuses_raises_djangos_error():
    # PostgreSQL's COPY goes through psycopg itself: its errors are Django's too.
    story = PublishedArticleFactory()
    flag = {"article_id": story.pk, "start": 0, "end": 1, "kind": "loaded_language"}
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Flag, [{**flag, "text": None}])  # a column that takes no NULL
    assert not Flag.objects.exists()


def test_quotes_are_the_words_their_speakers_said_in_the_story():
    counts = corpus_generate(articles=60, seed=6)
    quotes = Quote.objects.select_related("article", "speaker")
    assert counts["quotes"] == quotes.count() > 0
    for quote in quotes:
        assert quote.article.body[quote.start : quote.end] == quote.text
        said = quote.article.body[: quote.start].rsplit("\n\n", 1)[-1]
        assert said == f"{quote.speaker.name} "  # the sentence's own speaker
        assert quote.event_id in {
            None,
            *quote.article.events.values_list("pk", flat=True),
        }
