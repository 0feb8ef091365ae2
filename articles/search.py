"""Full-text search terms: the words of a query and the other names they stand for.

`ArticleQuerySet.search` turns a reader's query into one group of alternatives per
word: the word itself, and when it names an actor (its name, a surname of a person,
or an alias: a spelling, transliteration, abbreviation or other name) that actor's
other names, so "Pashinyan" also finds "Pashinian". Straight and typographic
apostrophes are one letter ("O’Brian" is "O'Brian"). Metonyms ("Baku") and titles
are not expanded: a capital is also a city, a title is not one person.

A word found in most of the archive matches tens of thousands of stories, and
ranking them all costs as much as the archive. `prepare` therefore ranks only the
newest `WINDOW` matching published stories (by id: the order the desk added them),
every match when fewer match: a search costs the same at 10,000 stories as at a
million, and a rare name, the usual search, is ranked over the whole archive. A
page whose query matched more says so (`Match.windowed`) and asks for another word.
The window is counted among published stories only, so what a reader is told
never depends on drafts; the desk's drafts newer than the window are searched too.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
# Surrounding punctuation is no part of a word ("Aliyev," is "Aliyev").
EDGE_PUNCTUATION = '"“”«».,;:!?()[]{}<>'
EXPANDING_ALIAS_KINDS = ("spelling", "transliteration", "abbreviation", "other")
MAX_ACTORS_PER_WORD = 5
WINDOW = 2000


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


def tsquery(terms: list[list[str]]) -> tuple[str, list[str]]:
    """PostgreSQL tsquery SQL: every group, any alternative, each a phrase."""
    groups, params = [], []
    for alternatives in terms:
        phrases = ["phraseto_tsquery('english', %s)"] * len(alternatives)
        groups.append(f"({' || '.join(phrases)})")
        params.extend(alternatives)
    return f"({' && '.join(groups)})", params


@dataclass(frozen=True)
class Match:
    """A query ready to run on this database: SQL for `QuerySet.extra`.

    `condition` holds for a matching story with an id from `floor` up: the newest
    `WINDOW` published matches and anything newer; `rank` is its relevance,
    higher is better.
    """

    condition: str
    params: list
    rank: str
    rank_params: list
    tables: list[str]
    floor: int

    @property
    def windowed(self) -> bool:
        """Whether older published stories match too and were left out."""
        return self.floor > 0


def prepare(query: str) -> Match | None:
    """The SQL of a reader's search, its window found; None if it has no words."""
    from .models import Article

    terms = search_terms(query)
    if not terms:
        return None
    if connection.vendor == "postgresql":
        sql, params = tsquery(terms)
        newest = (  # the reader's words are in params, never in the SQL
            f"SELECT id FROM articles_article WHERE search_document @@ {sql}"  # noqa: S608
            " AND status = %s ORDER BY id DESC"
        )
        document = '"articles_article"."search_document"'
        condition = f"{document} @@ {sql}"
        window = ' AND "articles_article"."id" >= %s'
        rank, rank_params, tables = f"ts_rank({document}, {sql})", params, []
    else:
        params = [fts5_query(terms)]
        newest = (
            "SELECT articles_search.rowid FROM articles_search JOIN articles_article"
            " ON articles_article.id = articles_search.rowid"
            " WHERE articles_search MATCH %s AND articles_article.status = %s"
            " ORDER BY articles_search.rowid DESC"
        )
        condition = (
            "articles_search.rowid = articles_article.id AND articles_search MATCH %s"
        )
        # The window is given to FTS5 as a rowid range: it reads no older match.
        window = " AND articles_search.rowid >= %s"
        # bm25 is lower for better matches; weights: headline, dek, body, byline.
        rank, rank_params = "-bm25(articles_search, 10.0, 4.0, 1.0, 1.0)", []
        tables = ["articles_search"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"{newest} LIMIT 1 OFFSET %s", [*params, Article.Status.PUBLISHED, WINDOW]
        )
        left_out = cursor.fetchone()  # the newest match outside the window
    if left_out is None:
        return Match(condition, params, rank, rank_params, tables, floor=0)
    floor = left_out[0] + 1
    return Match(condition + window, [*params, floor], rank, rank_params, tables, floor)
