"""Mentions and quotes are reviewed like flags: the analyzer suggests them, a person
accepts, relinks or removes them through the services, and an edit that rewrites
their words sends them back to suggested."""

import pytest
from django.core.exceptions import PermissionDenied

from actors.models import Actor
from articles import desk, services
from articles.models import Article, AuditEntry, Mention, Quote
from tests.factories import (
    ActorFactory,
    AliasFactory,
    DraftArticleFactory,
    InReviewArticleFactory,
    PublishedArticleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Review = Mention.Review


def mention(article, words, actor, **fields):
    start = article.body.index(words)
    return Mention.objects.create(article=article, actor=actor, start=start,
                                  end=start + len(words), text=words, **fields)  # fmt: skip


def quote(article, words, speaker=None, **fields):
    start = article.body.index(words)
    return Quote.objects.create(article=article, speaker=speaker, start=start,
                                end=start + len(words), text=words, **fields)  # fmt: skip


def actions(article):
    return list(
        AuditEntry.objects.filter(article=article)
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.fixture
def azerbaijan():
    state = ActorFactory(name="Government of Azerbaijan", kind=Actor.Kind.STATE)
    AliasFactory(actor=state, text="Baku")
    return state


def test_a_new_mention_or_quote_waits_as_suggested(azerbaijan):
    article = InReviewArticleFactory()
    assert mention(article, "Baku", azerbaijan).review == Review.SUGGESTED
    assert quote(article, "talks would resume").review == Review.SUGGESTED


def test_accepting_records_who_and_when_and_leaves_the_version(editor, azerbaijan):
    article = InReviewArticleFactory()
    found = mention(article, "Baku", azerbaijan)
    services.mention_accept(mention=found, user=editor)
    found.refresh_from_db()
    assert found.review == Review.ACCEPTED
    assert found.reviewed_by == editor and found.reviewed_at is not None
    assert Article.objects.get(pk=article.pk).version == article.version
    entry = AuditEntry.objects.get(article=article)
    assert (entry.action, entry.after) == (
        "mention.accept",
        {"mention": found.pk, "actor": azerbaijan.pk},
    )
    services.mention_accept(mention=found, user=editor)  # twice is once
    assert actions(article) == ["mention.accept"]


def test_a_quote_is_accepted_even_without_a_speaker(editor):
    article = InReviewArticleFactory()
    said = quote(article, "talks would resume")
    services.quote_accept(quote=said, user=editor)
    said.refresh_from_db()
    assert (said.review, said.speaker) == (Review.ACCEPTED, None)
    assert actions(article) == ["quote.accept"]


def test_relinking_is_the_desks_choice_so_it_accepts_and_takes_the_alias(
    editor, azerbaijan
):
    article = InReviewArticleFactory()
    wrong = ActorFactory(name="Baku Steel Company")
    found = mention(article, "Baku", wrong)
    services.mention_update(mention=found, actor=azerbaijan, user=editor)
    found.refresh_from_db()
    assert found.actor == azerbaijan
    assert found.alias == azerbaijan.aliases.get(text="Baku")
    assert (found.review, found.reviewed_by) == (Review.ACCEPTED, editor)
    entry = AuditEntry.objects.get(article=article)
    assert entry.action == "mention.edit"
    assert entry.before["review"] == "suggested"
    assert entry.after["review"] == "accepted"
    assert Article.objects.get(pk=article.pk).version == article.version + 1


def test_relinking_to_the_same_actor_is_accepting(editor, azerbaijan):
    article = InReviewArticleFactory()
    found = mention(article, "Baku", azerbaijan, alias=azerbaijan.aliases.get())
    services.mention_update(mention=found, actor=azerbaijan, user=editor)
    found.refresh_from_db()
    assert found.review == Review.ACCEPTED
    assert actions(article) == ["mention.accept"]


def test_a_new_speaker_accepts_the_quote(editor):
    article = InReviewArticleFactory()
    speaker = ActorFactory(kind=Actor.Kind.PERSON)
    said = quote(article, "talks would resume")
    services.quote_update(quote=said, speaker=speaker, user=editor)
    said.refresh_from_db()
    assert (said.speaker, said.review, said.reviewed_by) == (
        speaker,
        Review.ACCEPTED,
        editor,
    )


def test_a_reporter_reviews_mentions_on_their_own_draft_only(reporter, azerbaijan):
    """The rule of every mention or quote change (decisions.md): a reporter edits
    only their own drafts."""
    own = DraftArticleFactory(created_by=reporter)
    services.mention_accept(mention=mention(own, "Baku", azerbaijan), user=reporter)
    other = DraftArticleFactory(created_by=UserFactory(group="Reporter"))
    submitted = InReviewArticleFactory(created_by=reporter)
    for article in (other, submitted):
        found = mention(article, "Baku", azerbaijan)
        with pytest.raises(PermissionDenied):
            services.mention_accept(mention=found, user=reporter)
        with pytest.raises(PermissionDenied):
            services.quote_accept(quote=quote(article, "Yerevan"), user=reporter)
        found.refresh_from_db()
        assert found.review == Review.SUGGESTED
    assert actions(other) == actions(submitted) == []


def test_an_edit_that_rewrites_accepted_words_sends_them_back_to_suggested(
    editor, azerbaijan
):
    article = InReviewArticleFactory(
        body="Baku said on Monday that talks would resume.\n\nYerevan welcomed it."
    )
    armenia = ActorFactory(name="Government of Armenia", kind=Actor.Kind.STATE)
    AliasFactory(actor=armenia, text="Yerevan")
    rematched, moved = (
        services.mention_accept(mention=mention(article, words, actor), user=editor)
        for words, actor in (("Baku", azerbaijan), ("Yerevan", armenia))
    )
    said = services.quote_accept(
        quote=quote(article, "talks would resume"), user=editor
    )
    article.refresh_from_db()
    article.body = article.body.replace("Baku said", "Yerevan said").replace(
        "would", "could"
    )
    services.article_update(article=article, user=editor)
    for span in (rematched, moved, said):
        span.refresh_from_db()
    assert (moved.text, moved.review, moved.reviewed_by) == (
        "Yerevan", Review.ACCEPTED, editor,
    )  # fmt: skip
    assert (rematched.text, rematched.actor, rematched.review) == (
        "Yerevan", armenia, Review.SUGGESTED,
    )  # fmt: skip
    assert (said.text, said.review, said.reviewed_by) == (
        "talks could resume", Review.SUGGESTED, None,
    )  # fmt: skip


def test_the_analyzers_suggestions_are_suggested(editor, azerbaijan):
    article = InReviewArticleFactory(body="Baku said that “talks will resume soon.”")
    services.article_suggest(article=article, user=editor)
    assert article.mentions.get().review == Review.SUGGESTED
    assert article.quotes.get().review == Review.SUGGESTED


def test_the_review_queue_counts_what_is_left_to_review(editor, azerbaijan):
    article = InReviewArticleFactory()
    mention(article, "Baku", azerbaijan)
    mention(article, "Yerevan", azerbaijan, review=Review.ACCEPTED)
    quote(article, "talks would resume")
    mention(PublishedArticleFactory(), "Baku", azerbaijan)  # not in review
    (story,) = desk.review_queue()
    assert (story.unreviewed_mentions, story.unreviewed_quotes) == (1, 1)


def test_unreviewed_mentions_do_not_block_publishing(editor, azerbaijan):
    """decisions.md: flags block a reporting story; mentions and quotes never do."""
    article = InReviewArticleFactory()
    mention(article, "Baku", azerbaijan)
    services.article_transition(article=article, action="publish", user=editor)
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED


def test_ingest_stores_mentions_and_quotes_as_suggestions(azerbaijan):
    from tests.factories import OutletFactory

    body = "Baku said that talks would resume."
    article = Article(headline="Talks", slug="talks", body=body, outlet=OutletFactory())
    spans = {"start": 0, "end": 4, "text": "Baku", "review": Review.ACCEPTED}
    services.article_ingest(
        article=article,
        mentions=[Mention(actor=azerbaijan, **spans)],
        quotes=[Quote(speaker=azerbaijan, **spans)],
        flags=[],
        note_for=lambda article: "Ingested.",
    )
    assert article.mentions.get().review == Review.SUGGESTED
    assert article.quotes.get().review == Review.SUGGESTED
