import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Flag, Mention, Outlet, Quote
from tests.factories import (
    ActorFactory,
    DraftArticleFactory,
    FlagFactory,
    OutletFactory,
    PublishedArticleFactory,
)

pytestmark = pytest.mark.django_db


def test_article_slug_is_unique():
    DraftArticleFactory(slug="washington-meeting")
    with pytest.raises(IntegrityError):
        DraftArticleFactory(slug="washington-meeting")


def test_published_article_needs_a_publication_time():
    with pytest.raises(IntegrityError):
        DraftArticleFactory(status=Article.Status.PUBLISHED, published_at=None)


def test_confirmed_genre_cannot_be_unclassified():
    with pytest.raises(IntegrityError):
        DraftArticleFactory(
            genre=Article.Genre.UNCLASSIFIED, genre_confirmed_at=timezone.now()
        )


@pytest.mark.parametrize("model", [Mention, Quote, Flag])
def test_span_must_not_be_empty(model):
    article = DraftArticleFactory()
    extra = {
        Mention: {"actor": ActorFactory()},
        Quote: {},
        Flag: {"kind": Flag.Kind.LOADED_LANGUAGE, "reason": "test"},
    }[model]
    with pytest.raises(IntegrityError):
        model.objects.create(article=article, start=5, end=5, text="", **extra)


def test_span_outside_the_body_fails_validation():
    article = DraftArticleFactory(body="Baku said no.")
    flag = Flag(
        article=article,
        start=5,
        end=50,
        text="said no.",
        kind="loaded_language",
        reason="test",
    )
    with pytest.raises(ValidationError, match="outside the body"):
        flag.full_clean()


def test_span_text_must_equal_the_body_slice():
    article = DraftArticleFactory(body="Baku said no.")
    flag = Flag(
        article=article,
        start=0,
        end=4,
        text="Yerevan",
        kind="loaded_language",
        reason="test",
    )
    with pytest.raises(ValidationError, match="does not match"):
        flag.full_clean()
    flag.text = "Baku"
    flag.full_clean()


def test_flag_decision_needs_a_decision_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        FlagFactory(state=Flag.State.CONFIRMED, decided_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        FlagFactory(state=Flag.State.SUGGESTED, decided_at=timezone.now())
    assert FlagFactory(state=Flag.State.DISMISSED, decided_at=timezone.now()).pk


def test_outlet_domain_is_unique_but_may_be_blank_for_many():
    OutletFactory(domain="")
    OutletFactory(domain="")
    OutletFactory(domain="azernews.az")
    with pytest.raises(IntegrityError), transaction.atomic():
        OutletFactory(domain="azernews.az")
    assert Outlet.objects.filter(domain="").count() == 2


def test_published_returns_only_published_articles():
    published = PublishedArticleFactory()
    for status in set(Article.Status) - {Article.Status.PUBLISHED}:
        DraftArticleFactory(status=status)
    assert list(Article.objects.published()) == [published]


def test_stories_read_by_listing_entries_are_published_ones_only():
    """An entry, however it came to be, never lists a story that is not published."""
    published = PublishedArticleFactory()
    withdrawn = DraftArticleFactory(status=Article.Status.WITHDRAWN)
    ids = [published.pk, withdrawn.pk]
    from_entries = Article.objects.as_listed(from_entries=True).filter(pk__in=ids)
    assert list(from_entries) == [published]
    assert from_entries[0].confirmed_flag_count == 0


def test_visible_to_shows_drafts_to_desk_staff_only(reporter, django_user_model):
    draft = DraftArticleFactory()
    reader = django_user_model.objects.create_user("reader")
    assert draft in Article.objects.visible_to(reporter)
    assert draft not in Article.objects.visible_to(reader)


def test_search_matches_every_word_and_ranks_headlines_first():
    in_body = PublishedArticleFactory(
        headline="Talks resume", body="Baku and Yerevan met."
    )
    in_headline = PublishedArticleFactory(
        headline="Baku meets Yerevan", body="They met."
    )
    PublishedArticleFactory(headline="Only Baku", body="Nothing else.")
    results = list(Article.objects.published().search("Baku Yerevan"))
    assert results == [in_headline, in_body]


def test_search_with_no_words_finds_nothing():
    PublishedArticleFactory()
    assert not Article.objects.search("   ").exists()


def test_search_uses_its_full_text_index_on_postgresql():
    """PostgreSQL gets a GIN index on a stored search document; SQLite has no such type."""
    from django.db import connection

    with connection.cursor() as cursor:
        tables = connection.introspection.get_constraints(cursor, "articles_article")
    if connection.vendor == "postgresql":
        assert tables["article_search_vector"]["type"] == "gin"
        PublishedArticleFactory.create_batch(3)
        with connection.cursor() as cursor:
            # A table this small is cheaper to scan; ask the planner for its index plan.
            cursor.execute("SET LOCAL enable_seqscan = off")
            plan = Article.objects.search("ceasefire").explain()
        assert "article_search_vector" in plan
        # Ranking reads the stored document instead of re-parsing every match.
        assert "to_tsvector" not in str(Article.objects.search("ceasefire").query)
    else:
        assert "article_search_vector" not in tables


def test_search_finds_another_spelling_of_an_actors_name():
    from tests.factories import ActorFactory, AliasFactory

    pashinyan = ActorFactory(name="Nikol Pashinyan", kind="person")
    AliasFactory(actor=pashinyan, text="Pashinian", kind="transliteration")
    spelled = PublishedArticleFactory(body="Pashinian met the envoy.")
    PublishedArticleFactory(body="Nobody met the envoy.")
    assert list(Article.objects.published().search("Pashinyan")) == [spelled]
    assert list(Article.objects.published().search("pashinian envoy")) == [spelled]


def test_search_does_not_expand_a_metonym():
    from tests.factories import ActorFactory, AliasFactory

    government = ActorFactory(name="Government of Azerbaijan", kind="state")
    AliasFactory(actor=government, text="Baku", kind="metonym")
    PublishedArticleFactory(body="The Government of Azerbaijan said so.")
    assert not Article.objects.published().search("Baku").exists()


@pytest.mark.parametrize(
    ("stored", "asked"), [("O’Brian", "O'Brian"), ("O'Brian", "O’Brian")]
)
def test_search_treats_straight_and_typographic_apostrophes_alike(stored, asked):
    story = PublishedArticleFactory(body=f"{stored} spoke to reporters.")
    assert list(Article.objects.published().search(asked)) == [story]


def test_search_index_follows_edits_and_deletions():
    story = PublishedArticleFactory(headline="Ceasefire holds")
    assert list(Article.objects.search("ceasefire")) == [story]
    Article.objects.filter(pk=story.pk).update(headline="Truce holds")
    assert not Article.objects.search("ceasefire").exists()
    assert list(Article.objects.search("truce")) == [story]


def test_constraint_errors_read_as_sentences_not_names():
    from django.core.exceptions import ValidationError

    from articles.models import Outlet

    Outlet.objects.create(name="One", slug="one", domain="news.example")
    twin = Outlet(name="Two", slug="two", domain="news.example")
    with pytest.raises(ValidationError) as caught:
        twin.full_clean()
    messages = " ".join(caught.value.messages)
    assert "Another outlet already has this domain." in messages
    assert "outlet_domain_unique" not in messages


def test_choice_labels_read_as_get_display_does():
    story = Article(genre=Article.Genre.OPINION)
    outlet = Outlet(ownership=Outlet.Ownership.STATE_AFFILIATED)
    assert story.genre_label == story.get_genre_display() == "Opinion"
    assert outlet.ownership_label == outlet.get_ownership_display()
    story.genre = "not-a-genre"  # a value no choice names is shown as it is
    assert story.genre_label == story.get_genre_display() == "not-a-genre"
