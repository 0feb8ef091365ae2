"""Synthetic content at scale, for benchmarks: `manage.py generate_corpus --articles N`.

The distributions follow the demo desk: most stories published, reporting the most
common genre, a few outlets carrying most of the coverage, a handful of actors named
in most stories. Everything is derived from one seed, so two runs with the same
seed build the same corpus. Rows are written in bulk (stories, links, mentions,
quotes and flags as plain bulk inserts: `articles/bulk.py`), in one transaction.
"""

import datetime
import random
import uuid
from functools import partial
from itertools import accumulate

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from actors.models import Actor, Alias, Event
from articles import tallies
from articles.bulk import insert_rows
from articles.models import Article, Flag, Mention, Outlet, Quote, Topic

GENRES = [
    (Article.Genre.REPORTING, 55),
    (Article.Genre.ANALYSIS, 15),
    (Article.Genre.OPINION, 12),
    (Article.Genre.STATEMENT, 8),
    (Article.Genre.AGGREGATED, 10),
]
STATUSES = [
    (Article.Status.PUBLISHED, 80),
    (Article.Status.DRAFT, 8),
    (Article.Status.IN_REVIEW, 7),
    (Article.Status.SPIKED, 3),
    (Article.Status.WITHDRAWN, 2),
]
OWNERSHIP = [
    (Outlet.Ownership.INDEPENDENT, 45),
    (Outlet.Ownership.STATE_AFFILIATED, 25),
    (Outlet.Ownership.STATE_OWNED, 10),
    (Outlet.Ownership.PARTY_ADVOCACY, 10),
    (Outlet.Ownership.UNKNOWN, 10),
]
WORDS = (
    "talks ministers border peace treaty delegation corridor statement sanctions "
    "ceasefire negotiations summit mediation agreement envoy parliament hearing "
    "refugees offensive waiver aid security cooperation energy transit region"
).split()


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _sentence(rng, name):
    words = rng.sample(WORDS, 8)
    return f"{name} {' '.join(words[:4])} on {' '.join(words[4:])}."


@transaction.atomic
def corpus_generate(
    *, articles, seed=0, actors=None, outlets=None, topics=10, events=None
):
    """Create the corpus; return how many rows of each kind were written."""
    rng = random.Random(seed)  # noqa: S311 - benchmark data, not secrets
    actors = actors or max(50, articles // 10)
    outlets = outlets or max(10, articles // 200)
    events = events or max(20, articles // 50)
    prefix = f"corpus-{seed}"
    today = timezone.now()
    # Rows go to the database as it takes them (`insert_rows`), prepared here once.
    as_time = connection.ops.adapt_datetimefield_value
    as_uuid = partial(
        Article._meta.get_field("uuid").get_db_prep_value, connection=connection
    )
    now = as_time(today)

    outlet_rows = Outlet.objects.bulk_create(
        Outlet(name=f"Outlet {seed}-{i}", slug=f"{prefix}-outlet-{i}",
               domain=f"outlet{i}.s{seed}.example", ownership=_pick(rng, OWNERSHIP),
               ownership_notes="Synthetic outlet for benchmarks.")
        for i in range(outlets)
    )  # fmt: skip
    actor_rows = Actor.objects.bulk_create(
        Actor(name=f"Actor {seed}-{i}", slug=f"{prefix}-actor-{i}",
              kind=rng.choice(list(Actor.Kind)))
        for i in range(actors)
    )  # fmt: skip
    Alias.objects.bulk_create(
        Alias(actor=actor, text=f"Alias {seed}-{i}", kind=Alias.Kind.SPELLING)
        for i, actor in enumerate(actor_rows)
    )
    event_rows = Event.objects.bulk_create(
        Event(title=f"Event {seed}-{i}", slug=f"{prefix}-event-{i}",
              kind=rng.choice(list(Event.Kind)),
              status=rng.choices(list(Event.Status), [10, 80, 3, 7])[0],
              date=(today - datetime.timedelta(days=rng.randint(-60, 1500))).date(),
              date_precision=rng.choices(list(Event.Precision), [85, 3, 10, 2])[0])
        for i in range(events)
    )  # fmt: skip
    topic_rows = Topic.objects.bulk_create(
        Topic(name=f"Topic {seed}-{i}", slug=f"{prefix}-topic-{i}")
        for i in range(topics)
    )
    # A few outlets and actors carry most of the coverage (a Zipf-like weighting).
    # Cumulative once: `choices` would otherwise add up 10,000 weights per story.
    outlet_weights = list(
        accumulate(1 / (rank + 1) for rank in range(len(outlet_rows)))
    )
    actor_weights = list(accumulate(1 / (rank + 1) for rank in range(len(actor_rows))))

    stories, speakers_of = [], []
    for i in range(articles):
        speakers = rng.choices(actor_rows, cum_weights=actor_weights, k=3)
        status = _pick(rng, STATUSES)
        genre = _pick(rng, GENRES)
        headline = f"{speakers[0].name} {' '.join(rng.sample(WORDS, 5))}"
        published = status in (Article.Status.PUBLISHED, Article.Status.WITHDRAWN)
        stories.append(
            {
                "headline": headline,
                "slug": slugify(f"{prefix}-{i}-{headline}")[:200],
                "body": "\n\n".join(_sentence(rng, actor.name) for actor in speakers),
                "outlet_id": rng.choices(outlet_rows, cum_weights=outlet_weights)[0].pk,
                "genre": genre,
                "status": status,
                "genre_confirmed_at": now if published else None,
                "published_at": as_time(
                    today - datetime.timedelta(minutes=rng.randint(0, 2_000_000))
                )
                if published
                else None,
                "ingested_at": now,
                "created_at": now,
                "updated_at": now,
                "uuid": as_uuid(uuid.UUID(int=rng.getrandbits(128), version=4)),
            }
        )
        speakers_of.append(speakers)
    insert_rows(Article, stories)
    ids = dict(
        Article.objects.filter(slug__startswith=f"{prefix}-").values_list("slug", "pk")
    )

    topic_links, event_links, mentions, quotes, flags = [], [], [], [], []
    for story, speakers in zip(stories, speakers_of, strict=True):
        article_id, body = ids[story["slug"]], story["body"]
        for topic in rng.sample(topic_rows, rng.randint(1, 2)):
            topic_links.append({"article_id": article_id, "topic_id": topic.pk})
        event_id = None
        if rng.random() < 0.6:
            event_id = rng.choice(event_rows).pk
            event_links.append({"article_id": article_id, "event_id": event_id})
        on_record = story["status"] in (
            Article.Status.PUBLISHED,
            Article.Status.WITHDRAWN,
        )
        offset, seen = 0, set()
        for paragraph, actor in zip(body.split("\n\n"), speakers, strict=True):
            if actor.pk not in seen:
                mentions.append({"article_id": article_id, "actor_id": actor.pk,
                                 "start": offset, "end": offset + len(actor.name),
                                 "text": actor.name,
                                 "review": "accepted" if on_record else "suggested"})  # fmt: skip
                seen.add(actor.pk)
            if rng.random() < 0.5:  # what the actor said: the rest of the sentence
                start = offset + len(actor.name) + 1
                quotes.append({"article_id": article_id, "speaker_id": actor.pk,
                               "event_id": event_id, "start": start,
                               "end": offset + len(paragraph) - 1,
                               "text": paragraph[len(actor.name) + 1 : -1],
                               "review": "accepted" if on_record else "suggested"})  # fmt: skip
            offset += len(paragraph) + 2
        if rng.random() < 0.3:
            start = body.index(" ") + 1
            end = body.index(" ", start)
            decided = story["status"] == Article.Status.PUBLISHED
            flags.append(
                {"article_id": article_id, "start": start, "end": end,
                 "text": body[start:end], "kind": rng.choice(list(Flag.Kind)).value,
                 "reason": "Synthetic flag.",
                 "state": (Flag.State.CONFIRMED if decided else Flag.State.SUGGESTED).value,
                 "decided_at": now if decided else None}
            )  # fmt: skip
    insert_rows(Article.topics.through, topic_links)
    insert_rows(Article.events.through, event_links)
    insert_rows(Mention, mentions)
    insert_rows(Quote, quotes)
    insert_rows(Flag, flags)
    tallies.recount()
    tallies.relist()
    return {
        "outlets": len(outlet_rows),
        "actors": len(actor_rows),
        "events": len(event_rows),
        "topics": len(topic_rows),
        "articles": len(stories),
        "mentions": len(mentions),
        "quotes": len(quotes),
        "flags": len(flags),
    }
