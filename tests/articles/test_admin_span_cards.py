"""Mention and quote review cards on the story page: Accept, Change actor (or
speaker) and Remove go through the services; accepted cards are collapsed."""

import pytest

from actors.models import Actor
from articles.models import AuditEntry, Mention, Quote
from tests.admin_forms import actions, change_url, messages_of, open_form, row
from tests.factories import (
    ActorFactory,
    DraftArticleFactory,
    InReviewArticleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Review = Mention.Review


def press(client, article, data, decision):
    response = client.post(change_url(article), {**data, "_span_decision": decision})
    return response, messages_of(response)


@pytest.fixture
def story():
    """A story in review with two suggested mentions and a suggested quote."""
    article = InReviewArticleFactory()
    state = ActorFactory(name="Government of Azerbaijan", kind=Actor.Kind.STATE)
    wrong = ActorFactory(name="Yerevan Brandy Company")
    Mention.objects.create(article=article, actor=state, start=0, end=4, text="Baku")
    start = article.body.index("Yerevan")
    Mention.objects.create(article=article, actor=wrong, start=start,
                           end=start + 7, text="Yerevan")  # fmt: skip
    start = article.body.index("talks would resume")
    Quote.objects.create(article=article, start=start, end=start + 18,
                         text="talks would resume")  # fmt: skip
    return article


def test_accept_accepts_the_mention_and_goes_back_to_its_card(client, editor, story):
    baku = story.mentions.get(text="Baku")
    client.force_login(editor)
    data = open_form(client, story)
    i = row(data, "mentions", baku.pk)
    response, said = press(client, story, data, f"mentions-{i}:accept")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#mention-card-{baku.pk}")
    assert said == [f"Mention {i + 1} accepted: Government of Azerbaijan."]
    baku.refresh_from_db()
    assert (baku.review, baku.reviewed_by) == (Review.ACCEPTED, editor)
    assert story.mentions.get(text="Yerevan").review == Review.SUGGESTED
    assert actions(story) == ["mention.accept"]


def test_change_actor_relinks_the_mention_and_accepts_it(client, editor, story):
    yerevan = story.mentions.get(text="Yerevan")
    armenia = ActorFactory(name="Government of Armenia", kind=Actor.Kind.STATE)
    client.force_login(editor)
    data = open_form(client, story)
    i = row(data, "mentions", yerevan.pk)
    data[f"mentions-{i}-actor"] = [str(armenia.pk)]
    response, said = press(client, story, data, f"mentions-{i}:relink")
    assert response.status_code == 302
    assert said == [f"Mention {i + 1} now names Government of Armenia."]
    yerevan.refresh_from_db()
    assert (yerevan.actor, yerevan.review) == (armenia, Review.ACCEPTED)
    assert actions(story) == ["mention.edit"]


def test_remove_removes_the_quote_through_the_service(client, editor, story):
    said_quote = story.quotes.get()
    client.force_login(editor)
    data = open_form(client, story)
    response, said = press(client, story, data, "quotes-0:remove")
    assert response.status_code == 302
    assert response["Location"].endswith("#quotes-review")
    assert said == ["Quote 1: removed."]
    assert not Quote.objects.filter(pk=said_quote.pk).exists()
    entry = AuditEntry.objects.get(article=story)
    assert (entry.action, entry.before["text"]) == (
        "quote.delete",
        "talks would resume",
    )


def test_a_forged_card_decision_is_refused(client, editor, story):
    client.force_login(editor)
    data = open_form(client, story)
    for forged in ("mentions-0:publish", "flags-0:accept", "mentions-x:accept"):
        response, _said = press(client, story, data, forged)
        assert response.status_code == 403
    assert actions(story) == []


def test_accepted_cards_are_collapsed_and_suggested_ones_offer_accept(
    client, editor, story
):
    baku = story.mentions.get(text="Baku")
    baku.review = Review.ACCEPTED
    baku.save()
    client.force_login(editor)
    html = client.get(change_url(story)).content.decode()
    assert f'<details class="span-card state-accepted" id="mention-card-{baku.pk}"' in (
        html
    )
    yerevan = story.mentions.get(text="Yerevan")
    assert (
        f'<article class="span-card state-suggested" id="mention-card-{yerevan.pk}"'
        in (html)
    )
    assert "(1 to review)" in html
    assert html.count('class="button span-accept"') == 2  # a mention and the quote
    assert 'name="mentions-0-start"' not in html  # words, never offsets


def test_a_card_shows_the_words_in_their_context_escaped(client, editor):
    article = InReviewArticleFactory(
        body="<b>Baku</b> said on Monday that talks would resume."
    )
    state = ActorFactory(name="Government of Azerbaijan")
    Mention.objects.create(article=article, actor=state, start=3, end=7, text="Baku")
    client.force_login(editor)
    html = client.get(change_url(article)).content.decode()
    assert "&lt;b&gt;<mark>Baku</mark>&lt;/b&gt; said on Monday" in html
    assert "<b>Baku" not in html


def test_a_reporter_reviews_on_their_own_draft_and_only_reads_others(client, reporter):
    own = DraftArticleFactory(created_by=reporter)
    state = ActorFactory()
    mine = Mention.objects.create(article=own, actor=state, start=0, end=4,
                                  text="Baku")  # fmt: skip
    client.force_login(reporter)
    response, _said = press(client, own, open_form(client, own), "mentions-0:accept")
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.review, mine.reviewed_by) == (Review.ACCEPTED, reporter)

    other = DraftArticleFactory(created_by=UserFactory(group="Reporter"))
    theirs = Mention.objects.create(article=other, actor=state, start=0, end=4,
                                    text="Baku")  # fmt: skip
    html = client.get(change_url(other)).content.decode()
    assert f'id="mention-card-{theirs.pk}"' in html
    assert "_span_decision" not in html
    response, said = press(client, other, {}, "mentions-0:accept")
    assert said == ["Nothing was saved: you may not change this."]
    theirs.refresh_from_db()
    assert theirs.review == Review.SUGGESTED
