"""Counts of published stories per listing slice, kept exact by the services.

A topic page shows the topic's count, genre mix, outlet mix and most-named actors;
an outlet page its genre mix; actor and event pages their number of stories, and
an actor's page the number of stories quoting them.
Counted over the archive, those cost a second at 100,000 stories; read from `Tally`
they cost one indexed query.

Every service write ends in `audit_record`, which notes the story for `settle`: the
slices the story belongs in now (none unless it is published) are compared with the
ones it was counted in (`TallyShare`), and only the difference is added. So a
publication, a withdrawal, an edit of a published story's genre, outlet, topics,
events or mentions, and a relinked actor all keep the counts exact without each
service knowing what it changed. A service runs inside `settling_once()`, so the
story its writes note several times is settled once, at the end of its
transaction. `settle` also keeps the story's `ListingEntry` rows: where topic and
actor pages read their ids in order. `recount()` and `relist()` rebuild everything
from the stories (after bulk loads, or `manage.py recount_tallies`); the tests hold
both to the same answer.
"""

import contextlib
import contextvars
import functools
import operator
from collections import Counter, defaultdict

from django.apps import apps as django_apps
from django.db import connection, transaction
from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from actors.models import Actor, Event

from .bulk import insert_rows
from .models import Article, ListingEntry, Mention, Quote, Tally, TallyShare, Topic

Slice = tuple[str, int, str, str]
PUBLISHED = Article.Status.PUBLISHED.value
Scope = Tally.Scope
Item = Tally.Item
# The lists read from `ListingEntry`: outlets' and events' have indexes of their own.
LISTED = (Scope.TOPIC.value, Scope.ACTOR.value, Scope.QUOTED.value)


def slices_of(
    *,
    status,
    genre,
    outlet_id,
    topic_ids=(),
    actor_ids=(),
    event_ids=(),
    speaker_ids=(),
) -> set[Slice]:
    """Where a story is counted: nowhere unless it is published (`published()`)."""
    if status != PUBLISHED:
        return set()
    found = {
        (Scope.OUTLET, outlet_id, Item.STORIES, ""),
        (Scope.OUTLET, outlet_id, Item.GENRE, genre),
    }
    for topic in topic_ids:
        found |= {
            (Scope.TOPIC, topic, Item.STORIES, ""),
            (Scope.TOPIC, topic, Item.GENRE, genre),
            (Scope.TOPIC, topic, Item.OUTLET, str(outlet_id)),
        }
        found |= {(Scope.TOPIC, topic, Item.ACTOR, str(actor)) for actor in actor_ids}
    found |= {(Scope.ACTOR, actor, Item.STORIES, "") for actor in actor_ids}
    found |= {(Scope.EVENT, event, Item.STORIES, "") for event in event_ids}
    found |= {(Scope.QUOTED, actor, Item.STORIES, "") for actor in speaker_ids}
    return {(str(scope), pk, str(item), key) for scope, pk, item, key in found}


def _story(article_id: int) -> dict | None:
    """What a story's slices and listing entries are made of, in one read."""
    return (
        Article.objects.filter(pk=article_id)
        .values("status", "genre", "outlet_id", "published_at")
        .first()
    )


def _slices_now(article_id: int, story: dict | None) -> set[Slice]:
    if story is None or story["status"] != Article.Status.PUBLISHED:
        return set()
    return slices_of(
        status=story["status"],
        genre=story["genre"],
        outlet_id=story["outlet_id"],
        topic_ids=Article.topics.through.objects.filter(
            article_id=article_id
        ).values_list("topic_id", flat=True),
        event_ids=Article.events.through.objects.filter(
            article_id=article_id
        ).values_list("event_id", flat=True),
        actor_ids=set(
            Mention.objects.filter(article_id=article_id).values_list(
                "actor_id", flat=True
            )
        ),
        speaker_ids=set(
            Quote.objects.filter(
                article_id=article_id, speaker__isnull=False
            ).values_list("speaker_id", flat=True)
        ),
    )


def _matching(slices) -> Q:
    return functools.reduce(
        operator.or_,
        (
            Q(scope=scope, scope_id=pk, item=item, key=key)
            for scope, pk, item, key in slices
        ),
    )


def _add(slices: set[Slice], step: int) -> None:
    """Count a story in (or, with -1, out of) `slices`; a slice's row starts at 0.

    Counted out of a slice whose row is gone (its topic, actor or event was deleted),
    it stays gone.
    """
    if not slices:
        return
    if step > 0:
        Tally.objects.bulk_create(
            [
                Tally(scope=scope, scope_id=pk, item=item, key=key)
                for scope, pk, item, key in slices
            ],
            ignore_conflicts=True,
        )
    Tally.objects.filter(_matching(slices)).update(count=F("count") + step)


@transaction.atomic
def settle(article_id: int) -> None:
    """Count and list the story where it belongs now, and no longer where it did."""
    share = TallyShare.objects.select_for_update().filter(article_id=article_id).first()
    before = {tuple(each) for each in share.slices} if share else set()
    story = _story(article_id)
    now = _slices_now(article_id, story)
    _list(article_id, now, story["published_at"] if story else None)
    if now == before:
        return
    _add(now - before, +1)
    _add(before - now, -1)
    if now:
        TallyShare.objects.update_or_create(
            article_id=article_id, defaults={"slices": sorted(map(list, now))}
        )
    else:
        TallyShare.objects.filter(article_id=article_id).delete()


def _entries(slices: set[Slice]) -> set[tuple[str, int]]:
    """The topic and actor lists a story counted in `slices` is listed in."""
    return {
        (scope, pk)
        for scope, pk, item, _key in slices
        if item == Item.STORIES and scope in LISTED
    }


def _list(article_id: int, slices: set[Slice], published_at) -> None:
    """The story's listing entries: its lists now, at its time of publication."""
    wanted = {(scope, pk, published_at) for scope, pk in _entries(slices)}
    listed_now = ListingEntry.objects.filter(article_id=article_id)
    have = set(listed_now.values_list("scope", "scope_id", "published_at"))
    if have == wanted:
        return
    listed_now.delete()
    ListingEntry.objects.bulk_create(
        ListingEntry(scope=scope, scope_id=pk, article_id=article_id, published_at=at)
        for scope, pk, at in wanted
    )


# The stories noted inside the outermost `settling_once()` block; None outside one.
_noted: contextvars.ContextVar[set[int] | None] = contextvars.ContextVar(
    "tallies_noted", default=None
)


def note(article_id: int) -> None:
    """Settle the story now, or once when the enclosing `settling_once()` ends."""
    noted = _noted.get()
    if noted is None:
        settle(article_id)
    else:
        noted.add(article_id)


@contextlib.contextmanager
def settling_once():
    """Settle each story noted in the block once, when it ends without an error.

    A service edit notes its story on every write (the save, its topics and events,
    its mentions, `audit_record`); settled each time, it was settled 3-5 times. The
    block ends inside the service's transaction, not in `on_commit`: the counts
    commit with the write and with the page cache version `audit_record` raises, so
    no reader can cache old counts under the new version, and reads later in the
    same transaction see them. An inner block leaves the settling to the outer one.
    """
    if _noted.get() is not None:
        yield
        return
    noted = set()
    token = _noted.set(noted)
    try:
        yield
    finally:
        _noted.reset(token)
    for article_id in sorted(noted):
        settle(article_id)


def forget(article_id: int) -> None:
    """A story being deleted is no longer counted anywhere."""
    share = TallyShare.objects.filter(article_id=article_id).first()
    if share:
        _add({tuple(each) for each in share.slices}, -1)


@transaction.atomic
def recount(*, apps=django_apps) -> int:
    """Rebuild every tally from the stories; returns the number of slices.

    `apps` lets a migration run it on its historical models.
    """
    article_model, mention_model, quote_model, tally_model, share_model = (
        apps.get_model("articles", name)
        for name in ("Article", "Mention", "Quote", "Tally", "TallyShare")
    )
    published = article_model.objects.filter(status=PUBLISHED)
    as_json = share_model._meta.get_field("slices").get_db_prep_save
    topics, events = defaultdict(list), defaultdict(list)
    actors, speakers = defaultdict(set), defaultdict(set)
    for article_id, topic_id in article_model.topics.through.objects.filter(
        article__in=published
    ).values_list("article_id", "topic_id"):
        topics[article_id].append(topic_id)
    for article_id, event_id in article_model.events.through.objects.filter(
        article__in=published
    ).values_list("article_id", "event_id"):
        events[article_id].append(event_id)
    for article_id, actor_id in mention_model.objects.filter(
        article__in=published
    ).values_list("article_id", "actor_id"):
        actors[article_id].add(actor_id)
    for article_id, speaker_id in quote_model.objects.filter(
        article__in=published, speaker__isnull=False
    ).values_list("article_id", "speaker_id"):
        speakers[article_id].add(speaker_id)
    counts, shares = Counter(), []
    for article_id, status, genre, outlet_id in published.values_list(
        "pk", "status", "genre", "outlet_id"
    ):
        slices = slices_of(
            status=status,
            genre=genre,
            outlet_id=outlet_id,
            topic_ids=topics[article_id],
            actor_ids=actors[article_id],
            event_ids=events[article_id],
            speaker_ids=speakers[article_id],
        )
        counts.update(slices)
        shares.append(
            {
                "article_id": article_id,
                "slices": as_json(sorted(map(list, slices)), connection),
            }
        )
    tally_model.objects.all().delete()
    share_model.objects.all().delete()
    insert_rows(
        tally_model,
        (
            {"scope": scope, "scope_id": pk, "item": item, "key": key, "count": count}
            for (scope, pk, item, key), count in counts.items()
        ),
    )
    insert_rows(share_model, shares)
    return len(counts)


@transaction.atomic
def relist(*, apps=django_apps) -> int:
    """Rebuild every listing entry from the stories; returns how many there are.

    One INSERT ... SELECT per kind of list: 400,000 entries at 100,000 stories
    never pass through Python. `apps` lets a migration run it on its historical
    models.
    """
    article_model, mention_model, quote_model, entry_model = (
        apps.get_model("articles", name)
        for name in ("Article", "Mention", "Quote", "ListingEntry")
    )
    entry_model.objects.all().delete()
    published = article_model.objects.filter(status=PUBLISHED)
    links = {
        Scope.TOPIC: article_model.topics.through.objects.filter(
            article__in=published
        ).values_list("topic_id", "article_id", "article__published_at"),
        Scope.ACTOR: mention_model.objects.filter(article__in=published)
        .values_list("actor_id", "article_id", "article__published_at")
        .distinct(),
        Scope.QUOTED: quote_model.objects.filter(
            article__in=published, speaker__isnull=False
        )
        .values_list("speaker_id", "article_id", "article__published_at")
        .distinct(),
    }
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(entry_model._meta.get_field(name).column)
        for name in ("scope", "scope_id", "article", "published_at")
    )
    listed = 0
    with connection.cursor() as cursor:
        for scope, rows in links.items():
            select, params = rows.order_by().query.sql_with_params()
            # Names from the models, the scope a constant; values stay parameters.
            cursor.execute(
                f"INSERT INTO {quote(entry_model._meta.db_table)} ({columns}) "  # noqa: S608
                f"SELECT '{scope.value}', links.* FROM ({select}) links",
                params,
            )
            listed += cursor.rowcount
    return listed


def _counted(scope: str, scope_id: int, item: str):
    return Tally.objects.filter(
        scope=scope, scope_id=scope_id, item=item, count__gt=0
    ).order_by("-count", "key")


def stories(scope: str, scope_id: int) -> int:
    """The number of published stories in a topic, outlet, actor's or event's list."""
    return stories_in((scope,), scope_id)[scope]


def published_stories() -> int:
    """Every published story: each is counted in exactly one outlet's list."""
    counted = Tally.objects.filter(scope=Scope.OUTLET, item=Item.STORIES)
    return counted.aggregate(total=Coalesce(Sum("count"), 0))["total"]


def stories_in(scopes, scope_id: int) -> dict[str, int]:
    """The number of published stories in several lists of one id, in one read
    (an actor's: the stories naming them and those quoting them)."""
    counted = Tally.objects.filter(
        scope__in=scopes, scope_id=scope_id, item=Item.STORIES
    ).values_list("scope", "count")
    return {scope: 0 for scope in scopes} | dict(counted)


def listed(scope: str, scope_id: int):
    """The ids of a topic's or actor's published stories (or those quoting the
    actor), newest first."""
    return (
        ListingEntry.objects.filter(scope=scope, scope_id=scope_id)
        .order_by("-published_at", "-article_id")
        .values_list("article_id", flat=True)
    )


def with_story_counts(queryset, scope: str):
    """Topics or outlets annotated with `story_count`, their published stories."""
    counted = Tally.objects.filter(
        scope=scope, scope_id=OuterRef("pk"), item=Item.STORIES
    ).values("count")[:1]
    return queryset.annotate(story_count=Coalesce(Subquery(counted), 0))


def genres(scope: str, scope_id: int) -> list[tuple[str, int]]:
    """(genre, number of stories) pairs, the most common genre first."""
    return list(_counted(scope, scope_id, Item.GENRE).values_list("key", "count"))


def topic_counts(topic_id: int, *, outlets: int, actors: int) -> dict:
    """What a topic page draws from its tally, in three indexed reads.

    Its number of stories, its genre mix ((genre, count), most common first), its
    `outlets` busiest outlets ((outlet id, count), busiest first) and the ids of the
    `actors` actors its stories name most. Plain values, so the page can key the
    fragments drawn from them by what they are.
    """
    head = Tally.objects.filter(
        scope=Scope.TOPIC,
        scope_id=topic_id,
        item__in=[Item.STORIES, Item.GENRE],
        count__gt=0,
    ).order_by("-count", "key")
    rows = list(head.values_list("item", "key", "count"))
    ranked = _counted(Scope.TOPIC, topic_id, Item.OUTLET).values_list("key", "count")
    named = _counted(Scope.TOPIC, topic_id, Item.ACTOR).values_list("key", flat=True)
    return {
        "stories": next((n for item, _k, n in rows if item == Item.STORIES), 0),
        "genres": [(key, n) for item, key, n in rows if item == Item.GENRE],
        "outlets": [(int(key), n) for key, n in ranked[:outlets]],
        "actors": [int(key) for key in named[:actors]],
    }


def _deleting(sender, instance, **kwargs):
    forget(instance.pk)


def _story_saved(sender, instance, **kwargs):
    note(instance.pk)


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action.startswith("post_"):
        for article_id in (pk_set or ()) if reverse else (instance.pk,):
            note(article_id)


def _span_saved(sender, instance, **kwargs):
    note(instance.article_id)


def _directory_row_deleted(sender, instance, **kwargs):
    """A deleted topic, actor or event takes its counts and lists with it.

    Its links to stories go in the same delete (cascaded mentions and topic or event
    links, quotes' speaker set to none) without a signal per story, and settling the
    busiest actor's 12,000 stories would hold admin's delete for minutes. Every slice
    naming it goes at once instead; the stories' `TallyShare` may still name it, and
    undoing a slice that is gone changes nothing.
    """
    scopes = {
        Topic: [Scope.TOPIC],
        Actor: [Scope.ACTOR, Scope.QUOTED],
        Event: [Scope.EVENT],
    }[sender]
    slices = Q(scope__in=scopes, scope_id=instance.pk)
    if sender is Actor:
        slices |= Q(scope=Scope.TOPIC, item=Item.ACTOR, key=str(instance.pk))
    Tally.objects.filter(slices).delete()
    ListingEntry.objects.filter(scope__in=scopes, scope_id=instance.pk).delete()


def connect() -> None:
    """Stories, mentions and quotes saved without a service (fixtures) count too.

    The services note the story in `audit_record` too (they write mentions and
    quotes in bulk, which sends no signal), and settle once per service
    (`settling_once`); `generate_corpus` calls `recount()`. A span's deletion is
    left to the services: its signal would also fire while a story is deleted with
    its spans, and count the story again on its way out.
    """
    uid = "newsdesk-tallies"
    pre_delete.connect(_deleting, sender=Article, dispatch_uid=uid)
    post_save.connect(_story_saved, sender=Article, dispatch_uid=uid)
    for span in (Mention, Quote):
        post_save.connect(_span_saved, sender=span, dispatch_uid=uid)
    for through in (Article.topics.through, Article.events.through):
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=uid)
    for directory_model in (Topic, Actor, Event):
        post_delete.connect(
            _directory_row_deleted, sender=directory_model, dispatch_uid=uid
        )
