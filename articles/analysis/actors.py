"""Actors: which hits of the desk's names are mentions, and who the desk does not know.

The matcher finds every word-bounded hit; these rules keep those an editor would
agree with (precision first; docs/decisions.md says why each is there):

- Longest match wins: "US State Department" is the department, not the US as well.
  A possessive names both: "Azerbaijan's Foreign Ministry" also mentions Azerbaijan.
- A metonym (Baku, Yerevan, Washington) is the government only where the text uses
  it as one: not after a place preposition ("a meeting in Washington", "at the
  Kremlin"), not before "D.C." or a word that makes it a place or a name
  ("Washington correspondent", "Washington Post"), not after another capitalised
  name ("George Washington").
- A state's name before a person's role is part of the title ("US Assistant
  Secretary of State", "U.S. lawmakers"), not the state acting.
- A surname alone ("Miller", "Biden") counts when the full name is in the same
  text, after a title ("President Biden") or before "administration"/"presidency";
  never after another first name ("Stephen Miller" is someone else).
- A title the desk recorded as an alias counts unless it is part of a longer title
  ("Assistant Secretary of State", "Secretary of State for ...") or a name follows.
- After an organization is named in full, "the Foreign Ministry" (the end of its
  name) refers to it too.
"""

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from rapidfuzz import fuzz, process

from .text import SpanIndex, fold, last_visible, tokens

TITLE_WORDS = frozenset(
    """president prime minister secretary chancellor senator sen. rep. representative
    congressman congresswoman governor gov. general gen. ambassador mr. mrs. ms. dr.
    speaker spokesperson spokesman spokeswoman premier aide envoy official officials
    adviser advisor king queen prince pope leader chairman chairwoman chair commander
    colonel col. lieutenant mayor foreign defense defence deputy mp journalist
    activist lawyer professor prof. analyst director head chief""".split()
)
SURNAME_CUES_AFTER = frozenset(
    "administration administration's presidency government cabinet campaign era".split()
)
PLACE_PREPOSITIONS = frozenset(
    """in at near outside around across into inside towards toward via through
    throughout within""".split()
)
# "to" and "from" make a place only after movement: "flew to Baku" is the city,
# "in response to Baku" and "a letter from Baku" are the government.
MOVEMENT = frozenset(
    """travel travels travelled traveled traveling travelling flew fly flies flying flight
    flights trip trips visit visits visited visiting came come comes coming returned
    return returns returning arrived arrive arrives arriving went go goes going moved
    move moving fled flee relocated route road roads way back journey left leaving
    drove driving sailed deported evacuated""".split()
)
PLACE_FOLLOWERS = frozenset(
    """d.c. dc correspondent correspondents bureau office airport residents streets
    street mayor city metro area suburbs summit post times state university zoo
    marathon based headquarters embassy""".split()
)
# Roles after which a state's name is part of someone's title or description.
ROLE_AFTER_STATE = frozenset(
    """lawmakers lawmaker legislators legislator officials official diplomats diplomat
    envoy envoys ambassador ambassadors president assistant under deputy secretary
    senator senators congressman congresswoman congressmen representative
    representatives rep. spokesperson spokesman spokeswoman correspondent citizens
    citizen nationals national vice minister prime chancellor general gen. admiral
    commander commanders negotiator negotiators mediators mediator delegation""".split()
)
TITLE_MODIFIERS = frozenset(
    "assistant deputy under vice former ex acting associate principal".split()
)
DETERMINERS = frozenset("the a an this that".split())

ORG_HEADS = frozenset(
    """ministry committee council agency department bureau office organization
    organisation association party assembly parliament institute foundation
    commission court bank fund corporation company service centre center network
    university alliance coalition federation authority senate directorate inspectorate
    secretariat tribunal chamber""".split()
)
GROUP_HEADS = frozenset("forces army brigade battalion militia movement front".split())
STATE_HEADS = frozenset("republic kingdom emirate principality".split())
GENERIC_NAME_WORDS = frozenset(
    """foreign defense defence interior justice finance national federal state affairs
    security general central international european public internal economic
    affairs human rights the of and for on""".split()
)
LEADING_CAPITALISED = frozenset(
    """the a an in on at during following after before meanwhile moreover however
    while when although but and as this that these those his her their its our
    similarly later earlier also according since if last next first""".split()
)


CAPITALISED_BEFORE = re.compile(r"([A-Z][\w'’.\-]*)[ \t]\Z")
CAPITALISED_NEXT = re.compile(r"[ \t]+[A-Z][a-z]")
WORD_AFTER = re.compile(r"[ \t]+([\w'’.\-]+)")


@dataclass(frozen=True)
class Mention:
    actor: str  # slug
    start: int
    end: int
    text: str
    alias_pk: int | None = None


def find_mentions(body, desk):
    """Every mention of a known actor in `body`, in order of appearance."""
    hits = [
        (start, end, pattern)
        for start, end, pattern in desk.matcher.hits(body)
        if _context_allows(body, start, end, pattern)
    ]
    hits.sort(key=lambda hit: (hit[0], -(hit[1] - hit[0])))
    chosen, shadowed, last_end = [], [], -1
    for hit in hits:
        if hit[0] >= last_end:
            chosen.append(hit)
            last_end = hit[1]
        else:
            shadowed.append(hit)

    # Surnames alone need support from the same text.
    full_names = {
        pattern.actor.slug for _s, _e, pattern in chosen if not pattern.single_word
    }
    chosen = [
        hit for hit in chosen if _surname_allowed(body, *hit, full_names=full_names)
    ]

    mentions = []
    for s, e, p in chosen:
        if (
            p.single_word
            and p.actor.kind == "person"
            and _first_name_before(body, s, p)
        ):
            s = _word_start_before(body, s)  # "James O’Brian": the name as written
        mentions.append(Mention(p.actor.slug, s, e, body[s:e], p.alias_pk))
    # A possessive names its owner too: "Azerbaijan's Foreign Ministry".
    owners = _Containing(mentions)
    for start, end, pattern in shadowed:
        if body[end : end + 2] in ("'s", "’s") and any(
            m.actor != pattern.actor.slug for m in owners.around(start, end)
        ):
            mentions.append(
                Mention(
                    pattern.actor.slug, start, end, body[start:end], pattern.alias_pk
                )
            )
    mentions.extend(_short_forms(body, chosen, mentions, desk))
    mentions.extend(_armed_forces(body, mentions, desk))
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


class _Containing:
    """Mentions that contain a span, found from the mentions starting before it
    rather than by a scan of them all."""

    def __init__(self, mentions):
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.reach = list(accumulate((m.end for m in self.mentions), max))

    def around(self, start, end):
        """Each mention with m.start <= start and end < m.end."""
        index = bisect.bisect_right(self.starts, start)
        while index and self.reach[index - 1] > end:
            index -= 1
            if self.mentions[index].end > end:
                yield self.mentions[index]


ARMS_AFTER = re.compile(r"[ \t]+(?:armed\s+forces|army|military|troops)\b")
DC_OR_BASED = re.compile(r",?\s*D\.?C\.?\b|-based")


def _armed_forces(body, mentions, desk):
    """ "the Armenian military": the directory's "Armed Forces of Armenia", if any."""
    from . import gazetteer

    forces = getattr(desk, "_armed_forces", None)
    if forces is None:  # once per desk snapshot, not once per article
        forces = desk._armed_forces = {
            folded: actor.slug
            for actor in desk.actors.values()
            if (folded := fold(actor.name)).startswith("armed forces of ")
        }
    if not forces:
        return []
    taken = SpanIndex((m.start, m.end) for m in mentions)
    found = []
    for start, end, entry in gazetteer.find(body):
        if entry.form != "demonym":
            continue
        # Not "forces" alone: "ethnic Armenian forces" are not Armenia's army.
        match = ARMS_AFTER.match(body, end)
        slug = forces.get("armed forces of " + fold(entry.name))
        if not match or not slug:
            continue
        stop = match.end()
        if taken.overlaps(start, stop):
            continue
        found.append(Mention(slug, start, stop, body[start:stop]))
    return found


def _context_allows(body, start, end, pattern):
    actor_kind = pattern.actor.kind
    alias_kind = pattern.alias_kind
    if alias_kind == "metonym":
        if _is_place(
            body, start, end, _word_before(body, start), _word_after(body, end)
        ):
            return False
        if _after_name(body, start):
            return False
    if (
        actor_kind == "state"
        and body[end : end + 1] == " "
        and _word_after(body, end) in ROLE_AFTER_STATE
    ):
        return False
    if alias_kind == "title":
        if _word_before(body, start) in TITLE_MODIFIERS or body.startswith(
            " for ", end
        ):
            return False
        if CAPITALISED_NEXT.match(body, end):
            return False
    if actor_kind == "person" and alias_kind != "name" and pattern.single_word:
        if _after_name(body, start) and not _first_name_before(body, start, pattern):
            return False
        if (
            CAPITALISED_NEXT.match(body, end)
            and _word_after(body, end) not in SURNAME_CUES_AFTER
        ):
            return False
    return True


def _surname_allowed(body, start, end, pattern, *, full_names):
    if not (pattern.single_word and pattern.actor.kind == "person"):
        return True
    if pattern.alias_kind == "name" or pattern.actor.slug in full_names:
        return True
    if _word_before(body, start) in TITLE_WORDS or _first_name_before(
        body, start, pattern
    ):
        return True
    if _word_after(body, end) in SURNAME_CUES_AFTER:
        return True
    # A surname the text keeps using ("Aliyev stressed ... Aliyev reminded") is
    # the person it names; once could be anyone of that name.
    return _word_counts(body)[fold(body[start:end])] >= 3


@lru_cache(maxsize=8)
def _word_counts(body):
    return Counter(word for _s, _e, word in tokens(body))


def _is_place(body, start, end, before, after):
    if before in PLACE_PREPOSITIONS:
        return True
    if (
        before in ("to", "from")
        and _word_before(body, _word_start_before(body, start)) in MOVEMENT
    ):
        return True
    if before in DETERMINERS:
        earlier = _word_before(body, _word_start_before(body, start))
        if earlier in PLACE_PREPOSITIONS:
            return True
    if after in PLACE_FOLLOWERS or DC_OR_BASED.match(body, end):
        return True
    if re.match(r"\s*/", body[end : end + 3]):  # a dateline: "Baku/29.12.22/Turan:"
        return True
    return bool(
        re.search(
            r"(?:capital|city of|town of)\s*,?\s*$", body[max(0, start - 20) : start]
        )
    )


def _after_name(body, start):
    """Whether a capitalised word stands right before, making this part of a name."""
    match = CAPITALISED_BEFORE.search(body, max(0, start - 40), start)
    if not match:
        return False
    word = match.group(1)
    if word.endswith(".") and len(word) > 2:
        return False  # the end of a sentence, not an initial
    if fold(word).rstrip(".") in TITLE_WORDS or fold(word) in LEADING_CAPITALISED:
        return False
    if fold(word).endswith(("'s", "’s")):
        return False
    before = last_visible(body, start - len(match.group(0)))
    return not (not before or before in '.!?\n"“”')


def _first_name_before(body, start, pattern):
    """Whether the word before is this person's own first name ("James O’Brian")."""
    return _word_before(body, start) == fold(pattern.actor.name.split()[0])


WORD_CHARS = frozenset("_'’.-")


def _word_span_before(body, start):
    """(start, end) of the word before `start` with only spaces or tabs between,
    within 40 characters, else None. A scan back, not a regex search: it runs for
    nearly every hit of the matcher."""
    floor = max(0, start - 40)
    end = start
    while end > floor and body[end - 1] in " \t":
        end -= 1
    if end == start:
        return None
    begin = end
    while begin > floor and (
        body[begin - 1].isalnum() or body[begin - 1] in WORD_CHARS
    ):
        begin -= 1
    return (begin, end) if begin < end else None


def _word_before(body, start):
    span = _word_span_before(body, start)
    return fold(body[span[0] : span[1]]) if span else ""


def _word_start_before(body, start):
    span = _word_span_before(body, start)
    return span[0] if span else start


def _word_after(body, end):
    match = WORD_AFTER.match(body, end, end + 40)
    return fold(match.group(1)).rstrip(".,'") if match else ""


def _short_forms(body, chosen, mentions, desk):
    """ "the Foreign Ministry" after "the Azerbaijani Foreign Ministry" in the same text."""
    suffixes = {}
    for start, end, pattern in chosen:
        if pattern.actor.kind == "person":
            continue
        tokens = body[start:end].split()
        for cut in range(1, len(tokens) - 1):
            tail = tokens[cut:]
            if len(tail) >= 2 and all(t[0].isupper() for t in tail):
                key = " ".join(tail)
                owners = suffixes.setdefault(key, {})
                owners[pattern.actor.slug] = min(
                    start, owners.get(pattern.actor.slug, start)
                )
    known = desk.folded_names
    taken = SpanIndex((m.start, m.end) for m in mentions)
    found = []
    for suffix, owners in suffixes.items():
        if len(owners) != 1 or fold(suffix) in known:
            continue
        ((slug, first),) = owners.items()
        for match in re.finditer(rf"(?<=\bthe ){re.escape(suffix)}(?![\w])", body):
            if match.start() <= first or taken.overlaps(*match.span()):
                continue
            found.append(Mention(slug, match.start(), match.end(), match.group(0)))
    return found


# New actor candidates ---------------------------------------------------------------


def find_candidates(body, mentions, desk, *, exclude=()):
    """People, organizations and states named in `body` whom the desk does not know
    yet, as the contract's dicts (candidates.py finds them)."""
    from .candidates import find  # candidates.py builds on this module's rules

    return [c.as_dict() for c in find(body, mentions, desk, exclude=exclude)]


def _excerpt(sentence, name, width=180):
    sentence = " ".join(sentence.split())
    if len(sentence) <= width:
        return sentence
    at = max(0, sentence.find(name) - width // 3)
    return ("…" if at else "") + sentence[at : at + width].strip() + "…"


def _similar_known(name, desk):
    names = desk.actor_names
    if not names:
        return None
    best = process.extractOne(name, names.keys(), scorer=fuzz.ratio, score_cutoff=85)
    return names[best[0]] if best else None
