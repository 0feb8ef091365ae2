"""The listing tallies stay equal to a count over the stories, whatever writes them.

Each test makes changes (through the services, or straight through the ORM as
admin's directory and the fixtures do) and then compares every tally with what
`recount()` rebuilds from the stories.
"""

import pytest
from django.db import connection
from django.utils import timezone

from articles import services, tallies
from articles.models import Article, ListingEntry, Mention, Quote, Tally
from tests.factories import (
    ActorFactory,
    EventFactory,
    InReviewArticleFactory,
    OutletFactory,
    PublishedArticleFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def kept():
    return {
        (row.scope, row.scope_id, row.item, row.key): row.count
        for row in Tally.objects.filter(count__gt=0)
    }


def listed():
    return set(
        ListingEntry.objects.values_list(
            "scope", "scope_id", "article_id", "published_at"
        )
    )


def assert_exact():
    """The tallies and listing entries the writes kept are the ones a rebuild gives.

    Foreign keys are checked now: the test's transaction never commits.
    """
    connection.check_constraints()
    before, entries_before = kept(), listed()
    tallies.recount()
    tallies.relist()
    assert before == kept()
    assert entries_before == listed()
    assert tallies.published_stories() == Article.objects.published().count()


def mention(article, actor):
    start = article.body.index("Baku")
    return Mention.objects.create(
        article=article, actor=actor, start=start, end=start + 4, text="Baku"
    )


@pytest.fixture
def topic():
    return TopicFactory()


def test_a_publication_is_counted_in_its_topic_outlet_actors_and_events(editor, topic):
    actor, event = ActorFactory(), EventFactory()
    story = InReviewArticleFactory(genre=Article.Genre.ANALYSIS)
    story.topics.add(topic)
    story.events.add(event)
    mention(story, actor)
    assert tallies.stories(Tally.Scope.TOPIC, topic.pk) == 0

    services.article_transition(article=story, action="publish", user=editor)

    assert tallies.stories(Tally.Scope.TOPIC, topic.pk) == 1
    assert tallies.genres(Tally.Scope.TOPIC, topic.pk) == [("analysis", 1)]
    assert tallies.genres(Tally.Scope.OUTLET, story.outlet_id) == [("analysis", 1)]
    assert tallies.topic_counts(topic.pk, outlets=10, actors=10) == {
        "stories": 1,
        "genres": [("analysis", 1)],
        "outlets": [(story.outlet_id, 1)],
        "actors": [actor.pk],
    }
    assert tallies.stories(Tally.Scope.ACTOR, actor.pk) == 1
    assert tallies.stories(Tally.Scope.EVENT, event.pk) == 1
    assert_exact()


def test_a_withdrawal_takes_the_story_out_of_every_count(desk_chief, topic):
    story = PublishedArticleFactory()
    story.topics.add(topic)
    mention(story, ActorFactory())
    assert tallies.stories(Tally.Scope.TOPIC, topic.pk) == 1

    services.article_transition(
        article=story, action="withdraw", user=desk_chief, reason="Legal advice."
    )

    assert tallies.stories(Tally.Scope.TOPIC, topic.pk) == 0
    assert kept() == {}
    assert_exact()


def test_an_edit_of_a_published_story_moves_it_between_slices(editor, topic):
    other_topic, other_outlet = TopicFactory(), OutletFactory()
    story = PublishedArticleFactory(genre=Article.Genre.REPORTING)
    story.topics.add(topic)

    services.article_update(
        article=story,
        user=editor,
        fields={
            "genre": Article.Genre.OPINION,
            "outlet": other_outlet,
            "topics": [other_topic],
        },
    )

    assert tallies.stories(Tally.Scope.TOPIC, topic.pk) == 0
    assert tallies.genres(Tally.Scope.TOPIC, other_topic.pk) == [("opinion", 1)]
    assert tallies.stories(Tally.Scope.OUTLET, other_outlet.pk) == 1
    assert_exact()


def test_a_service_edit_settles_its_story_once(editor, topic, monkeypatch):
    story = PublishedArticleFactory(genre=Article.Genre.REPORTING)
    story.topics.add(topic)
    settled = []
    settle = tallies.settle
    monkeypatch.setattr(
        tallies, "settle", lambda pk: (settled.append(pk), settle(pk))[1]
    )

    # The save, the topics' removal and addition and the audit entry each note it.
    services.article_update(
        article=story,
        user=editor,
        fields={"genre": Article.Genre.OPINION, "topics": [TopicFactory()]},
    )

    assert settled == [story.pk]
    assert tallies.stories(Tally.Scope.TOPIC, topic.pk) == 0
    assert_exact()


def test_relinking_and_removing_mentions_moves_the_actor_counts(editor, topic):
    first, second = ActorFactory(), ActorFactory()
    story = PublishedArticleFactory()
    story.topics.add(topic)
    named = mention(story, first)

    services.mention_update(mention=named, user=editor, actor=second)
    assert tallies.stories(Tally.Scope.ACTOR, first.pk) == 0
    assert tallies.stories(Tally.Scope.ACTOR, second.pk) == 1

    services.mention_delete(mention=Mention.objects.get(pk=named.pk), user=editor)
    assert tallies.stories(Tally.Scope.ACTOR, second.pk) == 0
    assert_exact()


def test_the_stories_quoting_an_actor_follow_their_quotes(editor, desk_chief):
    speaker, other = ActorFactory(), ActorFactory()
    story = PublishedArticleFactory()
    said = Quote.objects.create(article=story, speaker=speaker, start=0, end=4,
                                text=story.body[:4])  # fmt: skip
    assert tallies.stories(Tally.Scope.QUOTED, speaker.pk) == 1
    assert list(tallies.listed(Tally.Scope.QUOTED, speaker.pk)) == [story.pk]
    assert tallies.stories(Tally.Scope.ACTOR, speaker.pk) == 0  # quoted, not named

    services.quote_update(quote=said, user=editor, speaker=other)
    assert tallies.stories(Tally.Scope.QUOTED, speaker.pk) == 0
    assert list(tallies.listed(Tally.Scope.QUOTED, other.pk)) == [story.pk]
    assert_exact()

    services.article_transition(
        article=story, action="withdraw", user=desk_chief, reason="Legal advice."
    )
    assert tallies.stories(Tally.Scope.QUOTED, other.pk) == 0
    assert not tallies.listed(Tally.Scope.QUOTED, other.pk).exists()
    assert_exact()


def test_stories_written_or_deleted_outside_the_services_are_counted(topic):
    stories = [PublishedArticleFactory() for _ in range(3)]
    for story in stories:
        story.topics.add(topic)
    stories[0].topics.remove(topic)
    mention(stories[1], ActorFactory())
    stories[1].delete()  # with its mention
    InReviewArticleFactory().topics.add(topic)

    assert tallies.stories(Tally.Scope.TOPIC, topic.pk) == 1
    assert_exact()


def test_a_deleted_topic_actor_or_event_takes_its_counts_and_lists_along(
    desk_chief, topic
):
    actor, speaker, event = ActorFactory(), ActorFactory(), EventFactory()
    story = PublishedArticleFactory()
    story.topics.add(topic)
    story.events.add(event)
    mention(story, actor)
    Quote.objects.create(article=story, speaker=speaker, start=0, end=4,
                         text=story.body[:4])  # fmt: skip
    named = {actor.pk, speaker.pk}

    for row in (actor, speaker, event, topic):
        row.delete()
        assert_exact()
    assert not Tally.objects.filter(scope_id__in=named, scope__in=["actor", "quoted"])
    assert not Tally.objects.filter(item=Tally.Item.ACTOR, key__in=map(str, named))
    assert not Tally.objects.filter(scope="event", scope_id=event.pk)
    assert not ListingEntry.objects.exists()

    # Its story's record of where it was counted still names them: counting the
    # story out of those slices leaves them gone, not at -1.
    services.article_transition(
        article=story, action="withdraw", user=desk_chief, reason="Legal advice."
    )
    assert not Tally.objects.filter(count__lt=0).exists()
    assert_exact()


def test_topic_and_outlet_lists_read_their_counts_from_the_tallies(topic):
    for _ in range(2):
        PublishedArticleFactory().topics.add(topic)
    TopicFactory()

    counted = {
        each.slug: each.story_count
        for each in tallies.with_story_counts(
            type(topic).objects.all(), Tally.Scope.TOPIC
        )
    }

    assert counted[topic.slug] == 2
    assert sorted(counted.values()) == [0, 2]


def test_a_story_is_listed_in_its_topics_and_actors_while_published(desk_chief, topic):
    actor = ActorFactory()
    story = PublishedArticleFactory()
    story.topics.add(topic)
    mention(story, actor)
    Mention.objects.create(  # named twice, listed once
        article=story,
        actor=actor,
        start=len(story.body) - 3,
        end=len(story.body),
        text=story.body[-3:],
    )
    assert list(tallies.listed(Tally.Scope.TOPIC, topic.pk)) == [story.pk]
    assert list(tallies.listed(Tally.Scope.ACTOR, actor.pk)) == [story.pk]

    services.article_transition(
        article=story, action="withdraw", user=desk_chief, reason="Legal advice."
    )

    assert not ListingEntry.objects.exists()
    assert_exact()


def test_a_list_is_newest_first_and_follows_a_new_publication_time(topic):
    older, newer = PublishedArticleFactory.create_batch(2)
    for story in (older, newer):
        story.topics.add(topic)
    Article.objects.filter(pk=older.pk).update(
        published_at=newer.published_at - timezone.timedelta(days=1)
    )
    tallies.settle(older.pk)
    assert list(tallies.listed(Tally.Scope.TOPIC, topic.pk)) == [newer.pk, older.pk]

    older.published_at = newer.published_at + timezone.timedelta(days=1)
    older.save()  # outside the services: the signal settles it

    assert list(tallies.listed(Tally.Scope.TOPIC, topic.pk)) == [older.pk, newer.pk]
    assert_exact()
