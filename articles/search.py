"""Full-text search terms: the words of a query and the other names they stand for.

`ArticleQuerySet.search` turns a reader's query into one group of alternatives per
word: the word itself, and when it names an actor (its name, a surname of a person,
or an alias: a spelling, transliteration, abbreviation or other name) that actor's
other names, so "Pashinyan" also finds "Pashinian". Straight and typographic
apostrophes are one letter ("O’Brian" is "O'Brian"). Metonyms ("Baku") and titles
are not expanded: a capital is also a city, a title is not one person.
"""

import re

from django.db.models import Q

APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
# Surrounding punctuation is no part of a word ("Aliyev," is "Aliyev").
EDGE_PUNCTUATION = '"“”«».,;:!?()[]{}<>'
EXPANDING_ALIAS_KINDS = ("spelling", "transliteration", "abbreviation", "other")
MAX_ACTORS_PER_WORD = 5


def normalize(text: str) -> str:
    return text.translate(APOSTROPHES).replace("\x00", " ")


def query_words(query: str) -> list[str]:
    words = (word.strip(EDGE_PUNCTUATION) for word in normalize(query).split())
    return [word for word in words if re.search(r"\w", word)]


def _last_word(name: str) -> str:
    return name.split()[-1] if name.split() else name


def search_terms(query: str) -> list[list[str]]:
    """Each word of `query` with its alternatives (the word first); [] for no words."""
    from actors.models import Actor, Alias

    words = query_words(query)
    if not words:
        return []
    lowered = {word.lower() for word in words}
    named = Q()
    for word in lowered:
        named |= Q(name__iexact=word) | Q(name__iendswith=f" {word}")
    aliased = Q()
    for word in lowered:
        aliased |= Q(text__iexact=word) | Q(text__iendswith=f" {word}")
    actor_ids = set(Actor.objects.filter(named).values_list("pk", flat=True)[:50])
    actor_ids |= set(
        Alias.objects.filter(aliased, kind__in=EXPANDING_ALIAS_KINDS).values_list(
            "actor_id", flat=True
        )[:50]
    )
    names = {}  # actor id -> (kind, [name, alias...])
    if actor_ids:
        for pk, kind, name in Actor.objects.filter(pk__in=actor_ids).values_list(
            "pk", "kind", "name"
        ):
            names[pk] = (kind, [normalize(name)])
        aliases = Alias.objects.filter(
            actor_id__in=actor_ids, kind__in=EXPANDING_ALIAS_KINDS
        ).values_list("actor_id", "text")
        for actor_id, text in aliases:
            names[actor_id][1].append(normalize(text))
    terms = []
    for word in words:
        alternatives = [word]
        low = word.lower()
        matched = 0
        for kind, texts in names.values():
            as_whole = any(text.lower() == low for text in texts)
            as_surname = kind == "person" and any(
                _last_word(text).lower() == low for text in texts
            )
            if not (as_whole or as_surname) or matched >= MAX_ACTORS_PER_WORD:
                continue
            matched += 1
            for text in texts:
                candidates = [text]
                if as_surname:
                    candidates.append(_last_word(text))
                for candidate in candidates:
                    if candidate.lower() not in {a.lower() for a in alternatives}:
                        alternatives.append(candidate)
        terms.append(alternatives)
    return terms


def fts5_query(terms: list[list[str]]) -> str:
    """SQLite FTS5 MATCH syntax: every group, any alternative, each a quoted phrase."""
    groups = []
    for alternatives in terms:
        phrases = ['"' + text.replace('"', '""') + '"' for text in alternatives]
        groups.append(phrases[0] if len(phrases) == 1 else f"({' OR '.join(phrases)})")
    return " AND ".join(groups)
