"""Every public page runs a fixed number of queries, however many rows it shows.

Each page is measured with a few stories, then again after many more stories
(each with its own outlet, event, actors, quotes, flags and notes) have been
added: the count must not move, and must stay within the bound written here.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Mention
from tests.factories import (
    ActorFactory,
    EventFactory,
    OutletFactory,
    TopicFactory,
)
from tests.public_content import dressed_story

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _render_every_time(settings):
    """These bounds are for rendering a page: the page cache would hide it."""
    settings.PAGE_CACHE_SECONDS = 0


# page name -> (URL given the world, the most queries it may run). Every public
# page reads the site's version first (articles/site/cache.py: one indexed row);
# lists read a page's ids, then those stories (no topics: a list does not show
# them); search looks the words up among actors' names and aliases (2 queries)
# and counts its matches apart from ranking.
# Counts and mixes come from the tallies (articles/tallies.py), one query each: a
# topic's count, genres, outlets (and their names) and most-named actors.
PAGES = {
    "home": (lambda w: "/", 5),
    "topics": (lambda w: "/topics/", 2),
    "topic": (lambda w: w.topic.get_absolute_url(), 10),
    "topic filtered": (
        lambda w: (
            f"{w.topic.get_absolute_url()}?genre=reporting,opinion"
            f"&outlet={w.outlet.slug}&actor={w.actor.slug}"
            "&published_after=2000-01-01&published_before=2100-01-01"
        ),
        12,
    ),
    "story": (lambda w: w.story.get_absolute_url(), 10),
    "outlets": (lambda w: "/outlets/", 2),
    "outlet": (lambda w: w.outlet.get_absolute_url(), 6),
    "actors": (lambda w: "/actors/", 3),
    "actor": (lambda w: w.actor.get_absolute_url(), 10),
    "events": (lambda w: "/events/", 3),
    "event": (lambda w: w.event.get_absolute_url(), 10),
    "search": (lambda w: "/search/?q=talks+resume", 7),
    # Feeds also read the recent withdrawals, for their tombstones.
    "feed": (lambda w: "/feed/", 4),
    "topic feed": (lambda w: f"{w.topic.get_absolute_url()}feed/", 5),
    "sitemap": (lambda w: "/sitemap.xml", 7),
    "sitemap stories": (lambda w: "/sitemap-stories.xml", 2),
    "labels": (lambda w: "/labels/", 1),
}


class World:
    """A topic, an event and an actor that every story shares, and stories to add."""

    def __init__(self):
        self.topic = TopicFactory()
        self.event = EventFactory()
        self.topic.events.add(self.event)
        self.actor = ActorFactory()
        self.outlet = OutletFactory()
        self.story = self.add(1)[0]

    def add(self, count):
        stories = []
        for i in range(count):
            story = dressed_story(
                topic=self.topic,
                event=self.event,
                actor=self.actor,
                outlet=self.outlet if i % 2 else OutletFactory(),
                genre=[Article.Genre.REPORTING, Article.Genre.OPINION][i % 2],
            )
            extra_topic, extra_event = TopicFactory(), EventFactory()
            story.topics.add(extra_topic)
            story.events.add(extra_event)
            self.topic.events.add(extra_event)
            start = story.body.index("Yerevan")
            Mention.objects.create(
                article=story,
                actor=ActorFactory(),
                start=start,
                end=start + 7,
                text="Yerevan",
            )
            stories.append(story)
        return stories


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("name", PAGES)
def test_query_count_does_not_grow_with_rows(
    client, name, django_assert_max_num_queries
):
    url_of, bound = PAGES[name]
    world = World()
    world.add(2)
    few = queries(client, url_of(world))
    world.add(40)
    many = queries(client, url_of(world))
    assert many == few, f"{name}: {few} queries with 3 stories, {many} with 43"
    with django_assert_max_num_queries(bound):
        client.get(url_of(world))
