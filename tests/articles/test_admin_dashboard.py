"""The admin index is the desk's day: a reporter's stories, the review queue, and
the desk chief's recent publications and withdrawals; a send-back reaches the
reporter on the index and on the story's page until it is resubmitted."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles import services
from tests.factories import (
    DraftArticleFactory,
    FlagFactory,
    InReviewArticleFactory,
    PublishedArticleFactory,
)

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def sent_back(reporter, editor, reason="Attribute the casualty figures."):
    article = DraftArticleFactory(created_by=reporter, headline="Shelling near Tavush")
    services.article_transition(article=article, action="submit", user=reporter)
    services.article_transition(
        article=article, action="send_back", user=editor, reason=reason
    )
    return article


def test_a_reporter_sees_their_stories_by_state_with_the_send_back_reason(
    client, reporter, editor
):
    article = sent_back(reporter, editor)
    DraftArticleFactory(created_by=reporter, headline="My other draft")
    InReviewArticleFactory(created_by=editor, headline="Not mine")
    client.force_login(reporter)
    html = client.get(INDEX).content.decode()
    assert "My stories" in html
    assert "Draft: 2" in html
    assert article.headline in html and "My other draft" in html
    assert "Not mine" not in html.split("My stories")[1].split("</section>")[0]
    assert "Sent back by editor on" in html
    assert "Attribute the casualty figures." in html
    # A reporter reviews nothing and withdraws nothing.
    assert "Waiting for review" not in html
    assert "Recent publications" not in html


def test_the_send_back_shows_on_the_story_until_it_is_resubmitted(
    client, reporter, editor
):
    article = sent_back(reporter, editor)
    client.force_login(reporter)
    response = client.get(change_url(article))
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(
        m.startswith("Sent back by editor on") and "Attribute the casualty" in m
        for m in shown
    ), shown
    services.article_transition(article=article, action="submit", user=reporter)
    client.force_login(editor)  # in review now: the reporter can no longer edit it
    response = client.get(change_url(article))
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert not any("Sent back" in m for m in shown)
    assert "Sent back" not in client.get(INDEX).content.decode()


def test_an_editor_sees_the_review_queue_longest_waiting_first(client, editor):
    older = InReviewArticleFactory(headline="Older story")
    newer = InReviewArticleFactory(headline="Newer story")
    FlagFactory(article=newer)
    DraftArticleFactory(headline="A draft")
    client.force_login(editor)
    html = client.get(INDEX).content.decode()
    queue = html.split("Waiting for review")[1].split("</table>")[0]
    assert queue.index(older.headline) < queue.index(newer.headline)
    assert "A draft" not in queue
    assert "Recent publications" not in html


def test_a_desk_chief_sees_recent_publications_and_withdrawals(
    client, editor, desk_chief
):
    story = InReviewArticleFactory(headline="Published today")
    story.genre_confirmed_at = story.created_at
    story.save()
    services.article_transition(article=story, action="publish", user=editor)
    gone = PublishedArticleFactory(headline="Withdrawn today")
    services.article_transition(
        article=gone, action="withdraw", user=desk_chief, reason="Source recanted."
    )
    client.force_login(desk_chief)
    html = client.get(INDEX).content.decode()
    recent = html.split("Recent publications and withdrawals")[1].split("</table>")[0]
    assert recent.index("Withdrawn today") < recent.index("Published today")
    assert "Withdrawn: “Source recanted.”" in recent
    assert "Published" in recent
