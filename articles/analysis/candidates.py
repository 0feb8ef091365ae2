"""New actor candidates: people, organizations and states the directory lacks.

Each candidate says why (`evidence`, with the sentence) and how sure it is
(`confidence`). The cues, most trusted first:

- a person: a title or role before the name, even a long one ("Russian Foreign
  Minister Sergey Lavrov", "the Russian Foreign Ministry Maria Zakharova",
  "lawyer Elchin Sadigov", "Mr. Anatoly Serdyukov"); a role in apposition after
  it ("Dmitri Trenin, Director of ...", "Aziz Orujov, head of ...") or before it
  ("the OSCE representative, Harlem Désir,"); a speech verb next to it ("said X",
  "X said"); a name coordinated with such a person ("X and Y, leaders of ...");
  a surname before "administration" or "presidency";
- an organization: a head word (Ministry, Court, Party, Group, Media, ...) with
  a distinctive word of its own, or a name after "channel", "newspaper", "party";
- a state or an international body from the reference lists (gazetteer.py): by
  name, by "<demonym> government/authorities", or by its capital where the
  capital speaks ("Damascus said").

`spans` gives every place a candidate is named, surnames alone included, so that
quotes can name a new actor as their speaker.
"""

import bisect
import re
from dataclasses import dataclass, field

from . import gazetteer
from .actors import (
    GENERIC_NAME_WORDS,
    GROUP_HEADS,
    LEADING_CAPITALISED,
    ORG_HEADS,
    STATE_HEADS,
    TITLE_WORDS,
    _excerpt,
    _is_place,
    _similar_known,
    _word_after,
    _word_before,
)
from .text import (
    MONTHS,
    WEEKDAYS,
    SpanIndex,
    fold,
    paragraph_spans,
    sentence_spans,
)

ROLES = TITLE_WORDS | frozenset(
    """editor editor-in-chief founder co-founder anchor economist chair critic lawyer
    leader leaders representative commissioner coordinator judge prosecutor officer
    blogger writer author researcher expert experts correspondent reporter member
    candidate rapporteur secretary-general spokesman spokeswoman press""".split()
)
NAME_PATTERN = r"[A-Z][^\W\d_]*[a-z\u00c0-\u024f][^\W\d_]*(?:['’\-][A-Za-z][^\W\d_]*)*"
# Capitalised words, two or more; an all-capitals word is cut out of a name later
# (the simple pattern runs much faster than one that insists on a lower-case letter).
CAPITALISED = r"[A-Z][^\W\d_]+(?:['’\-][A-Za-z][^\W\d_]*)*"
PERSON_RUN = re.compile(rf"{CAPITALISED}(?:[ \t]+{CAPITALISED})+")
ORG_RUN = re.compile(
    rf"(?:{NAME_PATTERN}|[A-Z]{{2,}})(?:(?:[ \t]+(?:of|for|on|and|the|de|al)){{0,2}}"
    rf"[ \t]+(?:{NAME_PATTERN}|[A-Z]{{2,}}|\d+))*"
)
ROLE_WORDS = "|".join(sorted((r.rstrip(".") for r in ROLES), key=len, reverse=True))
ROLE_AFTER = re.compile(
    r"^,\s+(?:(?:the|a|an|his|her|its|their|now|then|former)\s+)?"
    rf"(?:[\w'’\-]+\s+){{0,4}}?(?:{ROLE_WORDS})s?\b",
    re.IGNORECASE,
)
ROLE_BEFORE = re.compile(rf"\b(?:{ROLE_WORDS})s?,\s*\Z", re.IGNORECASE)
SPEECH = r"said|says|told|tells|stated|added|noted|wrote|argued|claimed|warned|declared|announced|insisted|explained|stressed|concluded|urged|called"
SPEECH_AFTER = re.compile(rf"^(?:['’]s)?\s+(?:also\s+)?(?:{SPEECH})\b")
SPEECH_BEFORE = re.compile(rf"\b(?:{SPEECH}|according to)\s+\Z")
COORDINATION = re.compile(r"\s*(?:,|and|,\s*and)\s*")
SPEECH_LAST = frozenset(SPEECH.split("|")) | {"to"}


def _last_word(text):
    words = text.split()
    return words[-1].lower() if words else ""


CUE_AFTER_SURNAME = frozenset("administration administration's presidency era".split())
NAMED_ORG = re.compile(
    r"\b(?:channel|newspaper|agency|outlet|station|party|website|magazine|TV)\s+"
    r"(?P<name>[A-Z][\w’'\-]+(?:\s+(?:[A-Z][\w’'\-]+|\d+))*)"
)
ORG_HEADS_MORE = ORG_HEADS | frozenset(
    "media channel television tv newspaper group forces".split()
)
POSSESSIVE = re.compile(r"['’]s$")
NON_SPACE = re.compile(r"\S+")
LED_BY = re.compile(r"[\w’']+-(?:led|backed|based|run|owned|controlled)")
ARMS = frozenset("army military forces troops".split())
GOVERNMENT = frozenset("government authorities leadership".split())


@dataclass
class Candidate:
    name: str
    kind: str
    evidence: str
    confidence: float
    spans: list = field(default_factory=list)  # (start, end) where it is named

    def as_dict(self):
        return {
            "name": self.name,
            "kind": self.kind,
            "evidence": self.evidence,
            "confidence": self.confidence,
        }


def find(body, mentions, desk, *, exclude=()):
    """Candidates in order of first appearance."""
    taken = [(m.start, m.end) for m in mentions]
    excluded = {fold(name) for name in exclude if name}
    known = desk.folded_names
    found = {}

    paragraphs = paragraph_spans(body)
    paragraph_starts = [p_start for p_start, _e in paragraphs]

    def sentence_of(start):
        index = bisect.bisect_right(paragraph_starts, start) - 1
        if index < 0 or start >= paragraphs[index][1]:
            return ""
        for s, e in sentence_spans(body, *paragraphs[index]):
            if s <= start < e:
                return body[s:e]
        return ""

    def add(name, kind, cue, confidence, start, end, *, listed=False):
        key = fold(name)
        if not name or key in excluded or key in known:
            return None
        if key in found:
            found[key].spans.append((start, end))
            return found[key]
        evidence = f"{cue}: “{_excerpt(sentence_of(start) or body[start:end], name)}”"
        similar = None if listed else _similar_known(name, desk)
        if similar:
            evidence += (
                f" — close to the desk's “{similar.name}”: a respelling? "
                "If so, add it as an alias instead."
            )
        found[key] = Candidate(name, kind, evidence, confidence, [(start, end)])
        return found[key]

    overlaps = SpanIndex(taken).overlaps  # whether [start, end) overlaps a mention
    _people(body, overlaps, add)
    _organizations(body, overlaps, add, mentions, desk)
    _listed(body, overlaps, add)
    people = [c for c in found.values() if c.kind == "person"]
    _surnames(body, people, overlaps)
    return sorted(found.values(), key=lambda c: c.spans[0][0])


# People -------------------------------------------------------------------------


def _name_tail(tokens):
    """The trailing tokens of a capitalised run that can be a person's name (2-3)."""
    name = []
    for token in reversed(tokens):
        word = fold(token[2]).strip("'’").rstrip(".")
        if (
            token[2] == token[2].upper()  # all capitals: an acronym or a label
            or word in ROLES
            or word in GENERIC_NAME_WORDS
            or word in ORG_HEADS_MORE
            or word in GROUP_HEADS
            or word in STATE_HEADS
            or word in MONTHS
            or word in WEEKDAYS
            or word in LEADING_CAPITALISED
            or gazetteer.canonical(token[2]) is not None
            or len(name) == 3
        ):
            break
        name.append(token)
    name.reverse()
    if name and POSSESSIVE.search(name[-1][2]):  # "Salem’s visit": the name
        start, end, text = name[-1]
        name[-1] = (start, end - 2, text[:-2])
    return name if len(name) >= 2 else []


def _runs(body, pattern):
    for match in pattern.finditer(body):
        if " " not in match.group(0) and "\t" not in match.group(0):
            yield match, [(match.start(), match.end(), match.group(0))]
            continue
        tokens = [
            (m.start() + match.start(), m.end() + match.start(), m.group(0))
            for m in NON_SPACE.finditer(match.group(0))
        ]
        yield match, tokens


def _people(body, overlaps, add):
    pending = []  # (name, start, end) without a cue of their own, for coordination
    cued = []
    for match, tokens in _runs(body, PERSON_RUN):
        if len(tokens) < 2:
            continue  # a name needs two words
        if overlaps(tokens[-1][0], tokens[-1][1]):
            continue  # a name ends the run: this one is the directory's already
        name_tokens = _name_tail(tokens)
        if not name_tokens:
            continue
        start, end = name_tokens[0][0], name_tokens[-1][1]
        if overlaps(start, end):
            continue
        name = body[start:end]
        prefix = [fold(t[2]).rstrip(".") for t in tokens if t[0] < start]
        before = _word_before(body, match.start()).rstrip(".")
        head = body[max(0, match.start() - 60) : match.start()]
        tail = body[end : end + 80]
        cue = None
        if titles := [w for w in prefix if w in ROLES]:
            cue, confidence = f"named with the title “{titles[-1]}”", 0.8
        elif before in ROLES or before in ("mr", "mrs", "ms", "dr"):
            cue, confidence = f"named after the role “{before}”", 0.8
        elif ROLE_AFTER.match(tail):
            cue, confidence = "described by a role after the name", 0.75
        elif head.rstrip().endswith(",") and ROLE_BEFORE.search(head):
            cue, confidence = "described by a role before the name", 0.75
        elif SPEECH_AFTER.match(tail) or (
            _last_word(head) in SPEECH_LAST and SPEECH_BEFORE.search(head)
        ):
            cue, confidence = "quoted or cited by name", 0.7
        if cue:
            cued.append((start, end))
            add(name, "person", cue, confidence, start, end)
        else:
            pending.append((name, start, end))
    # "Anatoly Bibilov and Raul Khajimba, Moscow-backed leaders": both are people.
    cued_starts = [c_start for c_start, _e in cued]
    for name, start, end in pending:
        at = bisect.bisect_left(
            cued_starts, end
        )  # the cued names just after and before
        for c_start, c_end in cued[max(0, at - 1) : at + 1]:
            # Matched in place: a cued name far away is not copied to be refused.
            between = (end, c_start) if end <= c_start else (c_end, start)
            if COORDINATION.fullmatch(body, *between):
                add(name, "person", "named beside another person", 0.65, start, end)
                break
    # "the Obama administration": a surname before its office.
    for match in re.finditer(rf"\b(?:the\s+)({NAME_PATTERN})\s+(?=\w)", body):
        if _word_after(body, match.end(1)) in CUE_AFTER_SURNAME and not overlaps(
            *match.span(1)
        ):
            if gazetteer.canonical(match.group(1)) is None:
                add(match.group(1), "person", "named before the office they head", 0.7,
                    *match.span(1))  # fmt: skip


def _surnames(body, people, overlaps):
    """Later mentions of a candidate by surname alone ("Trenin said").

    One pass over the words finds every candidate's surname at once: a surname is
    a whole word, or the part of one before an apostrophe ("Trenin’s").
    """
    by_surname = {}
    for person in people:
        surname = person.name.split()[-1]
        if len(surname) >= 3:
            by_surname.setdefault(surname, []).append(person)
    if not by_surname:
        return
    named = {id(person): SpanIndex(person.spans) for person in people}
    initials = "".join(sorted({re.escape(surname[0]) for surname in by_surname}))
    # Words (runs of letters, digits, hyphens and apostrophes) with a surname's initial.
    for word in re.finditer(rf"(?<![\w’'-])[{initials}][\w’'-]*", body):
        text, start = word.group(0), word.start()
        cuts = [len(text)] + [m.start() for m in APOSTROPHE.finditer(text)]
        for cut in cuts:
            for person in by_surname.get(text[:cut], ()):
                span = (start, start + cut)
                if not named[id(person)].covers(start) and not overlaps(*span):
                    person.spans.append(span)
    for person in people:
        person.spans.sort()


APOSTROPHE = re.compile(r"['’]")


# Organizations --------------------------------------------------------------------------


def _organizations(body, overlaps, add, mentions, desk):
    states = {m.start for m in mentions if desk.actors[m.actor].kind == "state"}
    for match in _org_runs(body, overlaps):
        text = match.group(0)
        if " " not in text or not ORG_HEADS_MORE.intersection(fold(text).split()):
            continue  # no head word: not an organization's name
        for part_start, part in _split_and_the(match.start(), text):
            _organization(body, part_start, part, overlaps, add, states)
    for match in NAMED_ORG.finditer(body):
        start, end = match.span("name")
        if not overlaps(start, end) and _distinctive(match.group("name").split()):
            add(match.group("name"), "organization",
                f"named as a {match.group(0).split()[0].lower()}", 0.7, start, end)  # fmt: skip


HEAD_WORD = re.compile(
    r"\b(?:"
    + "|".join(sorted({h.capitalize() for h in ORG_HEADS_MORE}, key=len, reverse=True))
    + r"|TV)\b"
)


CONNECTORS = frozenset("of for on and the de al".split())
ORG_TOKEN = re.compile(rf"(?:{NAME_PATTERN}|[A-Z]{{2,}}|\d+)\Z")


def _org_runs(body, overlaps):
    """The capitalised run around each capitalised head word ("Ministry"), once.

    Grown from the heads, not found by scanning every capitalised word: the cost
    follows the number of organizations named, not of names.
    """
    reached = -1
    for head in HEAD_WORD.finditer(body):
        if head.start() < reached or overlaps(*head.span()):
            continue  # inside a run seen already, or a name the directory knows
        start = head.start()
        window = body[max(0, start - 80) : start]
        cut, connectors = len(window), 0
        for token in reversed(list(NON_SPACE.finditer(window))):
            if window[token.end() : cut].strip(" \t"):
                break  # a line break or more than spaces between the words
            word = token.group(0)
            if word in CONNECTORS and connectors < 2:
                connectors += 1
            elif ORG_TOKEN.match(word):
                connectors = 0
            else:
                break
            cut = token.start()
        run_start = start - (len(window) - cut)
        while body[run_start : run_start + 4].split(" ")[0] in CONNECTORS:
            run_start = body.index(" ", run_start) + 1
        match = ORG_RUN.match(body, run_start)
        if match and match.end() > head.start():
            reached = match.end()
            yield match


def _split_and_the(start, text):
    """ "X Commission and the Y Commission": two names, each with its head."""
    pieces, cursor = [], 0
    for match in re.finditer(r"\s+and\s+the\s+", text):
        left = text[cursor : match.start()]
        if any(fold(w) in ORG_HEADS_MORE for w in left.split()):
            pieces.append((start + cursor, left))
            cursor = match.end()
    pieces.append((start + cursor, text[cursor:]))
    return pieces


def _organization(body, start, text, overlaps, add, states):
    tokens = text.split()
    # Leading words that are not part of the name: "The", "Moscow-led", a title.
    while tokens and (
        fold(tokens[0]) in LEADING_CAPITALISED
        or LED_BY.fullmatch(tokens[0])
        or fold(tokens[0]).rstrip(".") in TITLE_WORDS
    ):
        cut = text.index(tokens[0]) + len(tokens[0])
        rest = text[cut:]
        start += cut + (len(rest) - len(rest.lstrip()))
        text = rest.lstrip()
        tokens = tokens[1:]
    folded = [fold(t).strip("'’.,") for t in tokens]
    heads = [i for i, w in enumerate(folded) if w in ORG_HEADS_MORE - {"forces"}]
    if not heads or len(tokens) < 2:
        return
    # The name ends with its head or the head's "of ..." complement; a person's
    # name after it ("... Foreign Ministry Maria Zakharova") is not part of it.
    person = _name_tail([(0, 0, t) for t in tokens])
    keep = len(tokens)
    if person and len(tokens) - len(person) > heads[-1]:
        # "... Ministry Maria Zakharova", not "... Court of Grave Crimes"
        if folded[len(tokens) - len(person) - 1] not in {
            "of",
            "for",
            "on",
            "and",
            "the",
        }:
            keep = len(tokens) - len(person)
    while keep and folded[keep - 1] in {"of", "for", "on", "and", "the", "de", "al"}:
        keep -= 1
    tokens = tokens[:keep]
    if not _distinctive(tokens) or len(tokens) < 2:
        return
    name = POSSESSIVE.sub("", " ".join(tokens))
    end = start + len(name)
    if body[start:end] != name:
        return
    # A state's name may open an organization's ("Baku Court of Grave Crimes").
    inner = [s for s in range(start + 1, end) if s in states]
    if overlaps(start, end) and (inner or start not in states):
        # overlapping something other than a leading state name
        if not (start in states and not inner):
            return
    add(name, "organization", "named as an organization", 0.7, start, end)


def _distinctive(tokens):
    """A word of the name's own: not generic, not a head ("the Foreign Ministry"
    is not a name; "the Georgian Foreign Ministry" is)."""
    return any(
        (w := fold(t).strip("'’.,")) not in GENERIC_NAME_WORDS
        and w not in ORG_HEADS_MORE
        and w not in STATE_HEADS
        for t in tokens
    )


# States and international bodies --------------------------------------------------------


def _listed(body, overlaps, add):
    for start, end, entry in gazetteer.find(body):
        if overlaps(start, end):
            continue
        before, after = _word_before(body, start), _word_after(body, end)
        if entry.form == "demonym":
            if after in GOVERNMENT:
                add(entry.name, entry.kind, f"its {after} named (“{body[start:end]} {after}”)",
                    0.75, start, end, listed=True)  # fmt: skip
            elif after in ARMS and entry.kind == "state" and before != "ethnic":
                # "ethnic Armenian forces" are a community's fighters, not a state's
                phrase = f"{body[start:end]} {after}"
                add(phrase, "organization", f"the armed forces of {entry.name}", 0.7,
                    start, end + 1 + len(after), listed=True)  # fmt: skip
            continue
        if entry.form == "capital":
            if SPEECH_AFTER.match(body[end : end + 30]) and not _is_place(
                body, start, end, before, after
            ):
                add(entry.name, entry.kind,
                    f"its capital speaks for it (“{body[start:end]}”)", 0.7, start, end, listed=True)  # fmt: skip
            continue
        acting = not _is_place(body, start, end, before, after)
        add(entry.name, entry.kind,
            f"named as {'a state' if entry.kind == 'state' else 'an international body'}"
            + ("" if acting else " (as a place)"), 0.8 if acting else 0.5, start, end, listed=True)  # fmt: skip
