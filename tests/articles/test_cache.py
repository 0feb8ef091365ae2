"""The page cache for anonymous readers: what it serves, and when it forgets.

Marked `redis`: with REDIS_URL set (CI starts a private redis-server) these run
against Django's Redis cache and fail if it cannot be reached; without it, against
the local-memory cache. Every public change goes through the services, which
raise the site's version: the next anonymous reader sees it.
"""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.functional import empty

from actors.models import Alias, Participation
from articles import services
from articles.models import Article, EditorialNote, Flag, Mention, Outlet, Quote
from articles.site import cache as site_cache
from articles.site import views as site_views
from tests.factories import (
    ActorFactory,
    EventFactory,
    FlagFactory,
    InReviewArticleFactory,
    OutletFactory,
    PublishedArticleFactory,
    TopicFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


def test_the_configured_cache_answers():
    """With REDIS_URL set this is the Redis server: unreachable fails, never skips."""
    if settings.REDIS_URL:
        assert "RedisCache" in settings.CACHES["default"]["BACKEND"]
    cache.set("newsdesk-test-ping", "pong", 30)
    assert cache.get("newsdesk-test-ping") == "pong"


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def confirm(editor, **flag):
    """A new flag on a story, confirmed by an editor: a public change of it."""
    services.flag_decide(flag=FlagFactory(**flag), state=Flag.State.CONFIRMED,
                         user=editor, reason="Confirmed.")  # fmt: skip


def test_an_anonymous_reader_is_served_from_the_cache(client):
    story = PublishedArticleFactory()
    first = read(client, story.get_absolute_url())
    second = read(client, story.get_absolute_url())
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert "public" in second["Cache-Control"]
    assert "max-age=" in second["Cache-Control"]
    assert "Cookie" in second["Vary"]


def test_a_cached_page_costs_one_query(client, django_assert_max_num_queries):
    story = PublishedArticleFactory()
    read(client, "/")
    with django_assert_max_num_queries(1):  # the site's version
        assert read(client, "/")["X-Cache"] == "hit"
    read(client, story.get_absolute_url())


@pytest.mark.parametrize("url", ["/feed/", "/sitemap.xml", "/topics/"])
def test_feeds_and_lists_carry_cache_control(client, url):
    PublishedArticleFactory()
    assert "public" in read(client, url)["Cache-Control"]


def test_publishing_is_visible_to_the_next_anonymous_reader(client, editor):
    story = InReviewArticleFactory(headline="Border talks resume in Almaty")
    assert "Border talks resume" not in read(client, "/").content.decode()
    services.article_transition(article=story, action="publish", user=editor)
    assert "Border talks resume" in read(client, "/").content.decode()


def test_withdrawing_is_visible_to_the_next_anonymous_reader(client, desk_chief):
    story = PublishedArticleFactory(headline="A story that was wrong")
    assert "A story that was wrong" in read(client, "/").content.decode()
    read(client, story.get_absolute_url())
    services.article_transition(
        article=story, action="withdraw", user=desk_chief, reason="Fabricated quote."
    )
    assert "A story that was wrong" not in read(client, "/").content.decode()
    tombstone = read(client, story.get_absolute_url()).content.decode()
    assert "Fabricated quote." in tombstone


def test_a_correction_is_visible_to_the_next_anonymous_reader(client, editor):
    story = PublishedArticleFactory()
    assert "Monday" in read(client, story.get_absolute_url()).content.decode()
    story.body = story.body.replace("Monday", "Tuesday")
    services.article_update(
        article=story,
        user=editor,
        correction={
            "kind": EditorialNote.Kind.CORRECTION,
            "body": "The talks were announced on Tuesday.",
        },
    )
    html = read(client, story.get_absolute_url()).content.decode()
    assert "The talks were announced on Tuesday." in html
    assert "Tuesday" in html


def test_a_flag_decision_is_visible_to_the_next_anonymous_reader(client, editor):
    story = PublishedArticleFactory()
    flag = FlagFactory(article=story, reason="Loaded wording in the reporter's voice")
    assert (
        "Loaded wording" not in read(client, story.get_absolute_url()).content.decode()
    )
    services.flag_decide(flag=flag, state=Flag.State.CONFIRMED, user=editor,
                         reason="Loaded wording in the outlet's own voice.")  # fmt: skip
    assert "Loaded wording" in read(client, story.get_absolute_url()).content.decode()


def test_a_drafts_edit_keeps_the_cache(client, editor):
    draft = InReviewArticleFactory()
    read(client, "/")
    draft.headline = "Still in review"
    services.article_update(article=draft, user=editor)
    assert read(client, "/")["X-Cache"] == "hit"


def test_a_directory_edit_is_visible_to_the_next_anonymous_reader(client):
    story = PublishedArticleFactory()
    read(client, story.get_absolute_url())
    story.outlet.name = "Renamed Outlet"
    story.outlet.save()
    assert "Renamed Outlet" in read(client, story.get_absolute_url()).content.decode()


def test_desk_users_are_never_served_or_stored(client, editor):
    story = PublishedArticleFactory()
    client.force_login(editor)
    first = read(client, story.get_absolute_url())
    second = read(client, story.get_absolute_url())
    assert "X-Cache" not in first and "X-Cache" not in second
    assert "private" in second["Cache-Control"]
    client.logout()
    assert read(client, story.get_absolute_url())["X-Cache"] == "miss"


def test_aggregates_follow_a_publication(client, editor):
    story = InReviewArticleFactory()
    topic_story = PublishedArticleFactory()
    topic = topic_story.topics.create(name="Peace process", slug="peace-process")
    story.topics.add(topic)
    assert read(client, topic.get_absolute_url()).context["paginator"].count == 1
    services.article_transition(article=story, action="publish", user=editor)
    response = read(client, topic.get_absolute_url())
    assert response.context["paginator"].count == 2
    assert sum(s.count for s in response.context["panels"].genre_mix) == 2


# A database that stays busy answers 503, never a 500 with a trace. ---------------


def locked(*args, **kwargs):
    raise OperationalError("database is locked")


def test_a_busy_database_is_a_plain_503_page(client, monkeypatch):
    monkeypatch.setattr(site_views.HomeView, "get_queryset", locked)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "text/html" in response["Content-Type"]
    assert "Traceback" not in response.content.decode()
    assert "busy" in response.content.decode()


def test_a_busy_database_is_a_json_503_on_the_api(client, monkeypatch):
    monkeypatch.setattr(Article.objects, "visible_to", locked)
    client.raise_request_exception = False
    response = client.get("/api/v1/articles/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response.json()["code"] == "unavailable"


def test_writers_queue_instead_of_failing():
    """SQLite: WAL, IMMEDIATE and a busy timeout; PostgreSQL queues writers itself."""
    from django.db import connection

    database = settings.DATABASES["default"]
    assert database["CONN_HEALTH_CHECKS"]
    if connection.vendor != "sqlite":
        assert "transaction_mode" not in database.get("OPTIONS", {})
        return
    options = database["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_a_listed_story_is_rendered_again_only_when_it_changes(client, editor):
    """A story's item in a list is kept by its own and its outlet's versions."""
    changed, unchanged = PublishedArticleFactory.create_batch(2)
    read(client, "/")
    unchanged.refresh_from_db()
    item = make_template_fragment_key(
        "story_item",
        [unchanged.pk, unchanged.version, unchanged.updated_at, unchanged.outlet_id,
         unchanged.outlet.updated_at, 0, 2],
    )  # fmt: skip
    assert cache.get(item) is not None
    changed.headline = "A corrected headline"
    services.article_update(article=changed, user=editor)
    home = read(client, "/").content.decode()
    assert "A corrected headline" in home
    assert unchanged.headline in home
    assert cache.get(item) is not None  # a change elsewhere keeps its item
    confirm(editor, article=unchanged)
    assert "1 passage flagged" in read(client, "/").content.decode()
    assert "State-affiliated" not in read(client, "/").content.decode()
    unchanged.outlet.ownership = Outlet.Ownership.STATE_AFFILIATED
    unchanged.outlet.save()
    assert "State-affiliated" in read(client, "/").content.decode()


def test_a_topics_panels_are_drawn_again_only_when_what_they_show_changes(
    client, editor
):
    """Filters, mix and timeline are each kept by what they are drawn from."""
    story = PublishedArticleFactory()
    topic = TopicFactory()
    story.topics.add(topic)
    url = topic.get_absolute_url()
    first = read(client, url).context["panels"]
    assert "outlets" in first.__dict__  # drawn: nothing was cached yet
    for fragment, key in (
        ("topic_filters", first.filters_key),
        ("topic_mix", first.mix_key),
        ("topic_timeline", first.timeline_key),
    ):
        assert cache.get(make_template_fragment_key(fragment, [topic.pk, key]))

    confirm(editor, article=story)
    response = read(client, url)
    assert response["X-Cache"] == "miss"  # the page is new: its story has a flag
    assert "1 passage flagged" in response.content.decode()
    kept = response.context["panels"]
    assert (kept.filters_key, kept.mix_key) == (first.filters_key, first.mix_key)
    assert "outlets" not in kept.__dict__ and "filter_fields" not in kept.__dict__

    newer = InReviewArticleFactory(outlet=story.outlet, genre=story.genre)
    newer.topics.add(topic)
    services.article_transition(article=newer, action="publish", user=editor)
    recounted = read(client, url).context["panels"]
    assert recounted.mix_key != first.mix_key
    assert [row["count"] for row in recounted.outlet_mix] == [2]
    assert recounted.filters_key == first.filters_key  # the same outlet and genre
    assert "filter_fields" not in recounted.__dict__

    story.outlet.name = "Renamed Outlet"
    story.outlet.save()
    response = read(client, url)
    renamed = response.context["panels"]
    assert renamed.filters_key != first.filters_key
    assert renamed.mix_key != recounted.mix_key
    assert renamed.timeline_key != first.timeline_key
    filters, aside = response.content.decode().split("<aside", 1)
    assert "Renamed Outlet" in aside
    assert f'<option value="{story.outlet.slug}">Renamed Outlet</option>' in filters


def test_an_events_coverage_cards_are_rendered_again_only_when_they_change(
    client, editor
):
    """Kept by the story's version, its counts of quotes and flags, the directory's."""
    story, other = PublishedArticleFactory.create_batch(2)
    event, speaker = EventFactory(), ActorFactory(name="Ilham Aliyev")
    for covering in (story, other):
        covering.events.add(event)
    url = event.get_absolute_url()
    first = read(client, url)
    assert all(hasattr(s, "confirmed_flags") for s in first.context["page_obj"])

    other.headline = "Talks resume in Almaty"
    services.article_update(article=other, user=editor)
    response = read(client, url)
    assert "Talks resume in Almaty" in response.content.decode()
    stories = {s.pk: s for s in response.context["page_obj"]}
    assert not hasattr(stories[story.pk], "confirmed_flags")  # its card was kept
    assert hasattr(stories[other.pk], "confirmed_flags")

    Quote.objects.create(article=story, speaker=speaker, start=0, end=4,
                         text=story.body[:4])  # fmt: skip
    site_cache.public_changed()  # as the analyzer's suggestions do, no new version
    assert "Ilham Aliyev" in read(client, url).content.decode()

    confirm(editor, article=story, kind=Flag.Kind.UNATTRIBUTED_CLAIM)
    assert "flag-unattributed_claim" in read(client, url).content.decode()

    speaker.name = "President Aliyev"
    speaker.save()
    assert "President Aliyev" in read(client, url).content.decode()


def test_a_storys_own_parts_are_drawn_again_only_when_the_story_changes(client, editor):
    """Kept by the story's version, its counts of spans and the directory's version."""
    story, elsewhere = PublishedArticleFactory.create_batch(2)
    actor = ActorFactory(name="Jeyhun Bayramov")
    url = story.get_absolute_url()
    assert "flags" in read(client, url).context["parts"].__dict__  # drawn once

    elsewhere.headline = "Another story, corrected"
    services.article_update(article=elsewhere, user=editor)
    response = read(client, url)
    assert response["X-Cache"] == "miss"  # the site changed: the page is drawn again
    assert "flags" not in response.context["parts"].__dict__  # its parts are not

    start = story.body.index("Baku")
    Mention.objects.create(article=story, actor=actor, start=start, end=start + 4,
                           text="Baku")  # fmt: skip
    site_cache.public_changed()  # as the analyzer's suggestions do, no new version
    assert "Jeyhun Bayramov" in read(client, url).content.decode()

    confirm(editor, article=story, reason="Loaded wording")
    assert "Loaded wording" in read(client, url).content.decode()

    actor.name = "Foreign Minister Bayramov"
    actor.save()
    assert "Foreign Minister Bayramov" in read(client, url).content.decode()

    client.force_login(editor)
    preview = client.get(reverse("articles:story_preview", args=[story.slug]))
    assert preview.context["parts"].key != response.context["parts"].key


def test_lists_of_quotes_follow_their_stories_and_names(client, editor):
    """An event's and an actor's quotes are kept by each quote's story version."""
    story = PublishedArticleFactory()
    event, first, second = EventFactory(), ActorFactory(), ActorFactory()
    story.events.add(event)
    said = Quote.objects.create(article=story, speaker=first, event=event, start=0,
                                end=4, text="talks will resume")  # fmt: skip
    services.article_update(article=story, user=editor)  # counted and listed
    assert first.name in read(client, event.get_absolute_url()).content.decode()
    assert (
        "talks will resume" in read(client, first.get_absolute_url()).content.decode()
    )

    services.quote_update(quote=said, user=editor, speaker=second, event=event)
    what_was_said = read(client, event.get_absolute_url()).content.decode()
    assert second.name in what_was_said.split("What was said", 1)[1]
    assert (
        "talks will resume"
        not in read(client, first.get_absolute_url()).content.decode()
    )

    second.name = "Renamed Speaker"
    second.save()
    html = read(client, event.get_absolute_url()).content.decode()
    assert "Renamed Speaker" in html.split("What was said", 1)[1]


def test_a_topics_mix_follows_a_story_moving_between_tied_outlets(client, editor):
    """Ten outlets are shown among tied counts by name: all counts key the mix."""
    topic = TopicFactory()
    outlets = [OutletFactory(pk=101 + i, name=f"Outlet {101 + i}") for i in range(10)]
    leaving = OutletFactory(pk=111, name="AAA Leaving")  # 11th by id, 1st by name
    arriving = OutletFactory(pk=999, name="ZZZ Arriving")
    moving = None
    for outlet in [*outlets, leaving]:
        story = PublishedArticleFactory(outlet=outlet, genre=Article.Genre.REPORTING)
        story.topics.add(topic)
        moving = story
    url = topic.get_absolute_url()
    assert "AAA Leaving" in read(client, url).content.decode().split("<aside", 1)[1]

    moving.outlet = arriving
    services.article_update(article=moving, user=editor)

    assert "AAA Leaving" not in read(client, url).content.decode().split("<aside")[1]


def test_no_page_cache_keeps_no_fragment_either(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    story = PublishedArticleFactory()
    read(client, story.get_absolute_url())
    again = read(client, story.get_absolute_url())
    assert "X-Cache" not in again
    assert "flags" in again.context["parts"].__dict__  # drawn again, not kept


def test_an_actors_and_an_events_directory_parts_follow_the_directory(client, editor):
    """Aliases, affiliations, events, topics, participants: kept by its version."""
    story = PublishedArticleFactory()
    actor, event = ActorFactory(), EventFactory(title="Talks in Almaty")
    story.events.add(event)
    Participation.objects.create(event=event, actor=actor, role="primary")
    for url in (actor.get_absolute_url(), event.get_absolute_url()):
        assert read(client, url).context["directory"]._wrapped is not empty  # drawn

    story.headline = "A corrected headline"
    services.article_update(article=story, user=editor)
    for url in (actor.get_absolute_url(), event.get_absolute_url()):
        response = read(client, url)
        assert response["X-Cache"] == "miss"
        assert response.context["directory"]._wrapped is empty  # kept, not read

    Alias.objects.create(actor=actor, text="The Minister", kind=Alias.Kind.SPELLING)
    event.title = "Talks in Astana"
    event.save()
    assert "The Minister" in read(client, actor.get_absolute_url()).content.decode()
    assert "Talks in Astana" in read(client, actor.get_absolute_url()).content.decode()


def test_a_desk_users_read_reads_the_versions_once(client, editor):
    """Fragments are keyed by the versions for the desk too: one read a request."""
    story = PublishedArticleFactory()
    topic = TopicFactory()
    story.topics.add(topic)
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(topic.get_absolute_url())
    assert response.status_code == 200 and "X-Cache" not in response
    versions = [q for q in queries if "articles_siteversion" in q["sql"]]
    assert len(versions) == 1
