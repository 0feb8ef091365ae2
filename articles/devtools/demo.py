"""Demo content: the five sample articles as the desk files them, and demo accounts.

`demo_load` reads `desk.toml` and one body per article (`articles/<slug>.txt`) from
fixtures/demo and upserts every row by its natural key in one transaction, so
`make run` can call it on every start. A row is saved only when a value differs,
so a second load writes nothing. Three rules keep reloads safe:

- It only adds and updates: a row the file stops listing stays until someone
  deletes it. Many-to-many lists (an article's topics and events, a topic's
  events) are the exception and follow the file.
- Workflow state (an article's status and genre confirmation, a flag's decision)
  is written only when the row is created, so decisions taken in the app survive.
- Spans are given by their exact text and located in the body here, word-bounded;
  text that is missing or ambiguous stops the load with the article and the text.
"""

import re
import tomllib
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from actors.models import Actor, Affiliation, Alias, Event, Participation
from articles.models import (
    Article,
    EditorialNote,
    Flag,
    Mention,
    Outlet,
    Quote,
    Topic,
)
from articles.site import cache as site_cache

# Development passwords, printed by `make run`; created only when DEBUG is on.
DEMO_ACCOUNTS = (
    ("reporter", "reporter-demo-2024", "Reporter"),
    ("editor", "editor-demo-2024", "Editor"),
    ("deskchief", "deskchief-demo-2024", "Desk chief"),
)

# Models in load order; the counts come back in this order.
MODELS = (
    Outlet,
    Actor,
    Alias,
    Affiliation,
    Event,
    Participation,
    Topic,
    Article,
    Mention,
    Quote,
    Flag,
    EditorialNote,
)


class DemoError(Exception):
    """Demo data that does not fit, or a demo step refused; the message says which."""


def demo_load(*, path=None, dry_run=False) -> dict[str, dict[str, int]]:
    """Upsert the demo content; return created/updated/unchanged counts per model.

    With `dry_run` everything is checked and counted, then rolled back.
    """
    root = Path(path) if path else settings.BASE_DIR / "fixtures" / "demo"
    data = _toml_read(root / "desk.toml")
    counts = {_label(model): Counter() for model in MODELS}
    with transaction.atomic():
        outlets = _outlets_load(data.get("outlets", []), counts)
        actors = _actors_load(data.get("actors", []), counts)
        _affiliations_load(data.get("affiliations", []), actors, counts)
        events = _events_load(data.get("events", []), actors, counts)
        topics = _topics_load(data.get("topics", []), events, counts)
        for entry in data.get("articles", []):
            _article_load(
                entry,
                root=root,
                outlets=outlets,
                actors=actors,
                events=events,
                topics=topics,
                counts=counts,
            )
        if dry_run:
            transaction.set_rollback(True)
        elif any(tally["created"] or tally["updated"] for tally in counts.values()):
            site_cache.public_changed(directory=True)  # readers see the reload
    return {
        label: {key: tally[key] for key in ("created", "updated", "unchanged")}
        for label, tally in counts.items()
    }


def demo_accounts_create() -> list[tuple[str, str, str]]:
    """Create one staff account per editorial group; return (username, password, group).

    The passwords are published, so this refuses unless DEBUG is on. A password is
    set only when its account is created; an existing account keeps its own.
    """
    if not settings.DEBUG:
        raise DemoError(
            "Demo accounts have published passwords: they are only created when "
            "DEBUG is on (DJANGO_DEBUG=1)."
        )
    User = get_user_model()
    with transaction.atomic():
        for username, password, group_name in DEMO_ACCOUNTS:
            try:
                group = Group.objects.get(name=group_name)
            except Group.DoesNotExist:
                raise DemoError(
                    f"The group “{group_name}” does not exist; run migrate first."
                ) from None
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True}
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
            elif not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            user.groups.add(group)
    return list(DEMO_ACCOUNTS)


# Sections ------------------------------------------------------------------


def _outlets_load(entries, counts):
    outlets = {}
    for entry in entries:
        where = f"outlet {entry.get('slug')!r}"
        _keys_check(
            entry,
            required={"slug", "name", "ownership"},
            optional={"domain", "country", "ownership_notes", "ownership_assessed_on"},
            where=where,
        )
        values = {
            "name": entry["name"],
            "domain": entry.get("domain", ""),
            "country": entry.get("country", ""),
            "ownership": _choice(Outlet.Ownership, entry["ownership"], where),
            "ownership_notes": entry.get("ownership_notes", ""),
            "ownership_assessed_on": entry.get("ownership_assessed_on"),
        }
        outlets[entry["slug"]] = _upsert(
            Outlet,
            lookup={"slug": entry["slug"]},
            values=values,
            counts=counts,
            where=where,
        )
    return outlets


def _actors_load(entries, counts):
    actors = {}
    for entry in entries:
        where = f"actor {entry.get('slug')!r}"
        _keys_check(
            entry,
            required={"slug", "name", "kind"},
            optional={"description", "country", "wikidata_id", "aliases"},
            where=where,
        )
        values = {
            "name": entry["name"],
            "kind": _choice(Actor.Kind, entry["kind"], where),
            "description": entry.get("description", ""),
            "country": entry.get("country", ""),
            "wikidata_id": entry.get("wikidata_id", ""),
        }
        actor = _upsert(
            Actor,
            lookup={"slug": entry["slug"]},
            values=values,
            counts=counts,
            where=where,
        )
        for alias in entry.get("aliases", []):
            alias_where = f"{where}: alias {alias.get('text')!r}"
            _keys_check(alias, required={"text"}, optional={"kind"}, where=alias_where)
            kind = _choice(
                Alias.Kind, alias.get("kind", Alias.Kind.SPELLING), alias_where
            )
            _upsert(
                Alias,
                lookup={"actor": actor, "text": alias["text"]},
                values={"kind": kind},
                counts=counts,
                where=alias_where,
            )
        actors[entry["slug"]] = actor
    return actors


def _affiliations_load(entries, actors, counts):
    for entry in entries:
        where = f"affiliation {entry.get('person')!r} → {entry.get('organization')!r}"
        _keys_check(
            entry,
            required={"person", "organization", "title"},
            optional={"start_date", "end_date"},
            where=where,
        )
        _upsert(
            Affiliation,
            lookup={
                "person": _ref(actors, entry["person"], "actor", where),
                "organization": _ref(actors, entry["organization"], "actor", where),
                "title": entry["title"],
            },
            values={
                "start_date": entry.get("start_date"),
                "end_date": entry.get("end_date"),
            },
            counts=counts,
            where=where,
        )


def _events_load(entries, actors, counts):
    events = {}
    for entry in entries:
        where = f"event {entry.get('slug')!r}"
        _keys_check(
            entry,
            required={"slug", "title", "kind", "status", "date", "date_precision"},
            optional={"end_date", "place", "country", "description", "participants"},
            where=where,
        )
        values = {
            "title": entry["title"],
            "kind": _choice(Event.Kind, entry["kind"], where),
            "status": _choice(Event.Status, entry["status"], where),
            "date": entry["date"],
            "date_precision": _choice(Event.Precision, entry["date_precision"], where),
            "end_date": entry.get("end_date"),
            "place": entry.get("place", ""),
            "country": entry.get("country", ""),
            "description": entry.get("description", ""),
        }
        event = _upsert(
            Event,
            lookup={"slug": entry["slug"]},
            values=values,
            counts=counts,
            where=where,
        )
        for participant in entry.get("participants", []):
            part_where = f"{where}: participant {participant.get('actor')!r}"
            _keys_check(participant, required={"actor", "role"}, where=part_where)
            _upsert(
                Participation,
                lookup={
                    "event": event,
                    "actor": _ref(actors, participant["actor"], "actor", part_where),
                    "role": _choice(
                        Participation.Role, participant["role"], part_where
                    ),
                },
                counts=counts,
                where=part_where,
            )
        events[entry["slug"]] = event
    return events


def _topics_load(entries, events, counts):
    topics = {}
    for entry in entries:
        where = f"topic {entry.get('slug')!r}"
        _keys_check(
            entry,
            required={"slug", "name"},
            optional={"description", "iptc_mediatopic", "events"},
            where=where,
        )
        values = {
            "name": entry["name"],
            "description": entry.get("description", ""),
            "iptc_mediatopic": entry.get("iptc_mediatopic", ""),
        }
        topic = _upsert(
            Topic,
            lookup={"slug": entry["slug"]},
            values=values,
            counts=counts,
            where=where,
        )
        topic.events.set(
            [_ref(events, slug, "event", where) for slug in entry.get("events", [])]
        )
        topics[entry["slug"]] = topic
    return topics


def _article_load(entry, *, root, outlets, actors, events, topics, counts):
    slug = entry.get("slug")
    where = f"article {slug!r}"
    _keys_check(
        entry,
        required={"slug", "headline", "outlet", "genre", "status"},
        optional={
            "seed",
            "dek",
            "byline",
            "original_url",
            "language",
            "published_at",
            "genre_confirmed_at",
            "topics",
            "events",
            "mentions",
            "quotes",
            "flags",
            "notes",
        },
        where=where,
    )
    body_path = root / "articles" / f"{slug}.txt"
    try:
        body = body_path.read_text(encoding="utf-8").replace("\r\n", "\n").strip()
    except FileNotFoundError:
        raise DemoError(f"{where}: the body file {body_path} is missing.") from None
    values = {
        "headline": entry["headline"],
        "dek": entry.get("dek", ""),
        "body": body,
        "byline": entry.get("byline", ""),
        "outlet": _ref(outlets, entry["outlet"], "outlet", where),
        "original_url": entry.get("original_url", ""),
        "language": entry.get("language", "en"),
        "published_at": entry.get("published_at"),
    }
    initial = {
        "genre": _choice(Article.Genre, entry["genre"], where),
        "genre_confirmed_at": entry.get("genre_confirmed_at"),
        "status": _choice(Article.Status, entry["status"], where),
    }
    article = _upsert(
        Article,
        lookup={"slug": slug},
        values=values,
        initial=initial,
        counts=counts,
        where=where,
    )
    before = _story_parts(article, counts)
    article.topics.set(
        [_ref(topics, s, "topic", where) for s in entry.get("topics", [])]
    )
    article.events.set(
        [_ref(events, s, "event", where) for s in entry.get("events", [])]
    )
    _mentions_load(entry.get("mentions", []), article, actors, counts, where)
    _quotes_load(entry.get("quotes", []), article, actors, events, counts, where)
    _flags_load(entry.get("flags", []), article, counts, where)
    _notes_load(entry.get("notes", []), article, counts, where)
    if _story_parts(article, counts) != before:
        # Its page is kept by its version: a reloaded flag, quote, note or link
        # is a new version of the story, as a service's write of it is.
        Article.objects.filter(pk=article.pk).update(version=F("version") + 1)


def _story_parts(article, counts):
    """The story's links, and how many of its spans and notes were written so far."""
    written = sum(
        counts[_label(model)][outcome]
        for model in (Mention, Quote, Flag, EditorialNote)
        for outcome in ("created", "updated")
    )
    return (
        set(article.topics.values_list("pk", flat=True)),
        set(article.events.values_list("pk", flat=True)),
        written,
    )


def _mentions_load(entries, article, actors, counts, article_where):
    taken = {}  # actor slug → spans already mentioned, to catch overlaps
    for entry in entries:
        where = f"{article_where}: mention {entry.get('text')!r}"
        _keys_check(
            entry, required={"actor", "text"}, optional={"occurrence"}, where=where
        )
        actor = _ref(actors, entry["actor"], "actor", where)
        text = entry["text"]
        alias = Alias.objects.filter(actor=actor, text__iexact=text).first()
        for start, end in _spans_find(
            article.body, text, entry.get("occurrence"), where, many=True
        ):
            spans = taken.setdefault(entry["actor"], [])
            if any(
                start < other_end and other_start < end
                for other_start, other_end in spans
            ):
                raise DemoError(
                    f"{where}: overlaps another mention of {entry['actor']!r} "
                    f"at {start}–{end}; pick the occurrence."
                )
            spans.append((start, end))
            _upsert(
                Mention,
                lookup={"article": article, "actor": actor, "start": start},
                values={"end": end, "text": text, "alias": alias},
                counts=counts,
                where=where,
            )


def _quotes_load(entries, article, actors, events, counts, article_where):
    for entry in entries:
        where = f"{article_where}: quote {entry.get('text')!r}"
        _keys_check(
            entry,
            required={"text"},
            optional={"speaker", "event", "occurrence"},
            where=where,
        )
        ((start, end),) = _spans_find(
            article.body, entry["text"], entry.get("occurrence"), where
        )
        speaker = entry.get("speaker")
        event = entry.get("event")
        _upsert(
            Quote,
            lookup={"article": article, "start": start, "end": end},
            values={
                "text": entry["text"],
                "speaker": _ref(actors, speaker, "actor", where) if speaker else None,
                "event": _ref(events, event, "event", where) if event else None,
            },
            counts=counts,
            where=where,
        )


def _flags_load(entries, article, counts, article_where):
    for entry in entries:
        where = f"{article_where}: flag {entry.get('text')!r}"
        _keys_check(
            entry,
            required={"kind", "text", "reason", "state"},
            optional={"occurrence", "decided_at", "decision_reason"},
            where=where,
        )
        state = _choice(Flag.State, entry["state"], where)
        decided = entry.get("decided_at") is not None
        if decided != (state != Flag.State.SUGGESTED):
            raise DemoError(
                f"{where}: give decided_at exactly when the state is not suggested."
            )
        ((start, end),) = _spans_find(
            article.body, entry["text"], entry.get("occurrence"), where
        )
        _upsert(
            Flag,
            lookup={
                "article": article,
                "start": start,
                "end": end,
                "kind": _choice(Flag.Kind, entry["kind"], where),
            },
            values={"text": entry["text"], "reason": entry["reason"]},
            initial={
                "state": state,
                "decided_at": entry.get("decided_at"),
                "decision_reason": entry.get("decision_reason", ""),
            },
            counts=counts,
            where=where,
        )


def _notes_load(entries, article, counts, article_where):
    for entry in entries:
        where = f"{article_where}: note {entry.get('body', '')[:40]!r}"
        _keys_check(entry, required={"kind", "body"}, where=where)
        _upsert(
            EditorialNote,
            lookup={
                "article": article,
                "kind": _choice(EditorialNote.Kind, entry["kind"], where),
                "body": entry["body"],
            },
            counts=counts,
            where=where,
        )


# Helpers -----------------------------------------------------------------


def _upsert(model, *, lookup, values=None, initial=None, counts, where):
    """Create the row, or update those `values` that differ; `initial` is for creation.

    Saving only on a difference keeps `updated_at`, the article version and the
    history still when nothing changed, which is what makes a reload a no-op.
    """
    values = values or {}
    try:
        obj = model._default_manager.get(**lookup)
    except model.DoesNotExist:
        obj = model(**lookup, **values, **(initial or {}))
        outcome = "created"
    else:
        changed = [name for name, value in values.items() if _differs(obj, name, value)]
        if not changed:
            counts[_label(model)]["unchanged"] += 1
            return obj
        for name in changed:
            setattr(obj, name, values[name])
        if isinstance(obj, Article):
            obj.version += 1  # an editor's form opened on the old text must not win
        outcome = "updated"
    # Related rows were just loaded or found here, and the database checks the
    # constraints on save: validating only fields and clean() (a span's offsets
    # and text) saves a query per row and per constraint.
    related = [f.name for f in model._meta.concrete_fields if f.is_relation]
    try:
        obj.full_clean(exclude=related, validate_constraints=False)
        obj.save()
    except ValidationError as exc:
        problems = "; ".join(
            f"{field}: {' '.join(messages)}"
            for field, messages in exc.message_dict.items()
        )
        raise DemoError(f"{where}: {problems}") from exc
    except IntegrityError as exc:
        raise DemoError(f"{where}: {exc}") from exc
    counts[_label(model)][outcome] += 1
    return obj


def _differs(obj, name, value):
    field = obj._meta.get_field(name)
    if field.is_relation:
        # Compare keys: reading the attribute would fetch the related row.
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def _spans_find(body, text, occurrence, where, *, many=False):
    """Offsets of `text` in `body`, word-bounded; `occurrence` picks among several."""
    if not text:
        raise DemoError(f"{where}: the text is empty.")
    head = r"(?<!\w)" if re.match(r"\w", text) else ""
    tail = r"(?!\w)" if re.search(r"\w\Z", text) else ""
    found = [m.span() for m in re.finditer(head + re.escape(text) + tail, body)]
    if not found:
        raise DemoError(f"{where}: the text is not in the body.")
    if occurrence is None:
        if len(found) > 1:
            raise DemoError(
                f"{where}: the text occurs {len(found)} times; say which occurrence."
            )
        return found
    if occurrence == "all" and many:
        return found
    numbers = occurrence if isinstance(occurrence, list) and many else [occurrence]
    for number in numbers:
        if not isinstance(number, int) or not 1 <= number <= len(found):
            raise DemoError(
                f"{where}: occurrence {number!r} is not one of 1–{len(found)}"
                + (" (or a list of them, or 'all')." if many else ".")
            )
    return [found[number - 1] for number in numbers]


def _keys_check(entry, *, required, optional=frozenset(), where):
    missing = required - entry.keys()
    unknown = entry.keys() - required - optional
    if missing or unknown:
        raise DemoError(
            f"{where}: missing {sorted(missing) or 'nothing'}, "
            f"unknown {sorted(unknown) or 'nothing'}."
        )


def _choice(choices, value, where):
    try:
        return choices(value)
    except ValueError:
        raise DemoError(
            f"{where}: {value!r} is not one of {', '.join(choices.values)}."
        ) from None


def _ref(objects, slug, noun, where):
    try:
        return objects[slug]
    except KeyError:
        raise DemoError(
            f"{where}: there is no {noun} {slug!r} in the demo data."
        ) from None


def _label(model):
    return str(model._meta.verbose_name_plural)


def _toml_read(path):
    try:
        with open(path, "rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        raise DemoError(f"The demo data file {path} is missing.") from None
    except tomllib.TOMLDecodeError as exc:
        raise DemoError(f"{path} is not valid TOML: {exc}") from exc
