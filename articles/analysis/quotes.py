"""Quotes and who said them.

A quote is a passage between double quotation marks, or direct speech whose marks a
rewrite stripped ("We've canceled ..., O'Brian continued." — first person before a
comma and a speech verb). Its speaker is resolved only when the attribution says
who, tried in this order:

1. after the quote: `“...,” X said`, `“...,” said X`, `“...!” the post read`;
2. `according to X` in the same sentence;
3. before the quote: `X said/stated/referred to as/accused ... “...”` — the nearest
   reference before the verb, or the sentence's subject for `..., labeling them as`;
4. a sentence that is only a quote continues the previous speaker of its paragraph.

X may be a name or alias, a pronoun (he, she: the latest person named before), a
description the text gave a person ("the French president" after "French President
Emmanuel Macron"), a role an earlier attribution used ("the spokesperson"), an
organization noun ("the organization": the latest organization named) or a document
("the resolution", "the post": whoever the sentence before made it). Anything else
is null: an unattributed quote is better than a wrong speaker.
"""

import bisect
import re
from dataclasses import dataclass
from itertools import accumulate

from .budget import check
from .text import (
    fold,
    last_visible,
    mask_quotes,
    paragraph_spans,
    quote_spans,
    sentence_spans,
    tokens_between,
)

VERBS = (
    "said says say saying stated states stating told tells telling added adds adding "
    "continued continues declared declares declaring noted notes noting stressed "
    "stresses stressing emphasized emphasised emphasizes emphasizing concluded "
    "concludes explained explains explaining wrote writes announced announces insisted "
    "insists argued argues arguing claimed claims claiming warned warns warning asked "
    "asks replied replies responded responds remarked commented acknowledged admitted "
    "reiterated reiterates urged urges urging called calls calling labeled labelled "
    "labeling labelling described describes describing referred refers referring "
    "accused accuses accusing condemned condemns condemning criticized criticised "
    "criticizes criticizing cited cites citing tweeted posted recalled affirmed "
    "complained denied denies demanded demands promised pledged vowed branded branding "
    "dubbed dubbing termed terming characterized characterizing underscored "
    "underscores underlined underlines pointed"
).split()
VERB = "|".join(sorted(VERBS, key=len, reverse=True))
SPEECH_WORDS = frozenset(VERBS)
SPEECH_WORDS_AFTER = SPEECH_WORDS | {"read", "reads"}
ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?P<phrase>[^,.;“”\"]+)")
PRONOUNS = {"he": "person", "she": "person", "him": "person", "her": "person"}
PERSON_NOUNS = frozenset(
    """president minister secretary spokesperson spokesman spokeswoman official aide
    adviser advisor ambassador envoy senator congressman congresswoman leader chancellor
    premier diplomat chairman chairwoman commander governor mayor lawmaker representative
    analyst expert journalist activist chief head director""".split()
)
ORG_NOUNS = frozenset(
    """organization organisation ministry department committee agency group party
    office council government administration lobby parliament""".split()
)
DOCUMENT_NOUNS = frozenset(
    """post statement resolution letter report document bill text message tweet
    communique communiqué declaration note release""".split()
)
ROLE_NOUNS = PERSON_NOUNS | ORG_NOUNS
DETERMINERS_ = frozenset({"the", "a", "an"})
PREPOSITIONS = frozenset(
    """of to by at in from with for on against about between over under after before
    into onto toward towards than via""".split()
)
DESCRIPTION = re.compile(
    r"\b(?:the|The)\s+((?:[\w\-]+\s+){0,3}?)((?i:"
    + "|".join(sorted(PERSON_NOUNS | ORG_NOUNS | DOCUMENT_NOUNS, key=len, reverse=True))
    + r"))\b"
)
PRONOUN = re.compile(r"\b(?:he|she|him|He|She)\b")
CLAUSE_BREAK = re.compile(r"[^\w\s\-'’]")
HEARSAY = re.compile(r"\b(?:reportedly|allegedly|alleged|so-called)\s*$", re.IGNORECASE)
FIRST_PERSON = re.compile(
    r"\b(?:we|We|I|our|Our|us|my|My|me|you|your)\b|\b(?:We|I)[’']"
)
UNQUOTED_SPEECH = re.compile(
    r"^(?P<quote>.{20,}?),\s+(?P<phrase>(?:[\w'’.\-]+\s+){0,5}?)"
    rf"(?P<verb>{VERB})\b.*$"
)


@dataclass
class Quote:
    start: int
    end: int
    text: str
    speaker: str | None
    # How sure the speaker is: named in the sentence, reached through a pronoun or
    # a role, carried over from the paragraph's last quote, or nobody (docs/analysis.md).
    confidence: float = 0.85


@dataclass
class _CandidateMention:
    actor: str  # the candidate's name
    start: int
    end: int


@dataclass
class Ref:
    start: int
    end: int
    kind: str  # mention, pronoun, description, document
    actor: str | None = None
    person: bool = False
    noun: str = ""
    words: frozenset = frozenset()
    subject_like: bool | None = None  # _subject_like's answer, once asked


class _Sorted:
    """References in text order, to find the latest one before a position by a
    binary search rather than a walk back through every reference."""

    def __init__(self, refs):
        self.refs = list(refs)
        self.starts = [ref.start for ref in self.refs]

    def last_before(self, position):
        """The last reference that starts and ends by `position`."""
        index = bisect.bisect_left(self.starts, position)
        while index:
            index -= 1
            if self.refs[index].end <= position:
                return self.refs[index]
        return None


class _Resolver:
    def __init__(self, body, mentions, desk, candidates=()):
        self.body = body
        self.desk = desk
        self.quoted = []  # spans inside quotes, where references do not count
        self.kinds = {slug: actor.kind for slug, actor in desk.actors.items()}
        # A new actor speaks under its name: a mention with the name as its "slug".
        self.kinds.update({c.name: c.kind for c in candidates})
        mentions = list(mentions) + [
            _CandidateMention(c.name, start, end)
            for c in candidates
            for start, end in c.spans
        ]
        mentions.sort(key=lambda m: (m.start, m.end))
        self.refs = []
        self.role_speakers = {}  # role noun -> its latest speaker in an attribution
        self.last_speaker = None
        self.descriptors = {}  # person slug -> words the text used to describe them
        self.mentions = mentions
        self.subjects = {}  # (start, end) of a sentence -> _subject_ref's answer
        self.sentence_facts = {}  # (start, end) of a sentence -> _Sentence

    def build(self, quote_list):
        self.quoted = sorted((q.open, q.close + 1) for q in quote_list)
        body = self.body
        for m in self.mentions:
            if self._in_quote(m.start):
                continue
            kind = self.kinds.get(m.actor, "")
            self.refs.append(
                Ref(m.start, m.end, "mention", m.actor, person=kind == "person")
            )
            if kind == "person":
                self.descriptors.setdefault(m.actor, set()).update(
                    self._described(m.start, m.end)
                )
        taken = sorted((r.start, r.end) for r in self.refs)
        taken_starts = [s for s, _e in taken]
        taken_reach = list(accumulate((e for _s, e in taken), max))
        for match in DESCRIPTION.finditer(body):
            start, end = match.span()
            index = bisect.bisect_left(taken_starts, end)
            if self._in_quote(start) or (index and taken_reach[index - 1] > start):
                continue
            noun = match.group(2).lower()
            kind = "document" if noun in DOCUMENT_NOUNS else "description"
            adjectives = frozenset(w.lower() for w in match.group(1).split())
            self.refs.append(
                Ref(start, end, kind, noun=noun, words=adjectives | {noun},
                    person=noun in PERSON_NOUNS)
            )  # fmt: skip
        for match in PRONOUN.finditer(body):
            if not self._in_quote(match.start()):
                self.refs.append(
                    Ref(match.start(), match.end(), "pronoun", noun=match.group(0).lower(),
                        person=True)
                )  # fmt: skip
        self.refs.sort(key=lambda ref: ref.start)
        self.starts = [ref.start for ref in self.refs]
        self.first_named = {}
        for ref in self.refs:
            if ref.kind == "mention":
                self.first_named.setdefault(ref.actor, ref.start)
        self.organizations = _Sorted(
            r for r in self.refs
            if r.kind == "mention" and self.kinds.get(r.actor) == "organization"
        )  # fmt: skip
        for ref in self.refs:
            if ref.kind == "description":
                ref.actor = self._description_actor(ref)
        # Descriptions know their person only now: who "he" may be is indexed last.
        self.people = _Sorted(
            r for r in self.refs
            if r.person and (r.kind == "mention" or (r.kind == "description" and r.actor))
        )  # fmt: skip

    def _in_quote(self, position):
        index = bisect.bisect_right(self.quoted, (position, float("inf"))) - 1
        return index >= 0 and position < self.quoted[index][1]

    def _described(self, start, end):
        """Words right before a person's name, or in apposition after it."""
        head = CLAUSE_BREAK.split(self.body[max(0, start - 60) : start])[-1]
        found = {w.lower() for w in head.split()[-4:] if w[:1].isalpha()}
        tail = re.match(r",\s+(?:the\s+|a\s+|an\s+)?((?:[\w\-]+\s*){1,6}?)(?:[,.;]|$)",
                        self.body[end : end + 80])  # fmt: skip
        if tail:
            found.update(w.lower() for w in tail.group(1).split())
        return found - {"the", "a", "an", "of", "and", "at"}

    def _description_actor(self, ref):
        if ref.person:
            matches = [
                slug
                for slug, words in self.descriptors.items()
                if ref.words <= words and self._named_before(slug, ref.start)
            ]
            if len(matches) == 1:
                return matches[0]
            return None
        if ref.noun in ORG_NOUNS:
            earlier = self.organizations.last_before(ref.start)
            return earlier.actor if earlier else None
        return None

    def _named_before(self, slug, position):
        return self.first_named.get(slug, position) < position

    def within(self, start, end):
        """References that start at or after `start` and end by `end`, in order: a
        binary search into the sorted list, not a scan of every reference."""
        low = bisect.bisect_left(self.starts, start)
        high = bisect.bisect_left(self.starts, end)
        return [r for r in self.refs[low:high] if r.end <= end]

    def nearest(self, start, end, count):
        """The last `count` references of `within(start, end)`'s range."""
        low = bisect.bisect_left(self.starts, start)
        high = bisect.bisect_left(self.starts, end)
        return [r for r in self.refs[max(low, high - count) : high] if r.end <= end]

    # Resolving one reference or phrase --------------------------------------------

    def resolve_ref(self, ref, position):
        if ref.kind == "mention":
            return ref.actor
        if ref.kind == "pronoun":
            return self.latest_person(ref.start)
        if ref.kind == "description":
            return self.role_speakers.get(ref.noun, ref.actor)
        if ref.kind == "document":
            return self.document_author(ref.start)
        return None

    def latest_person(self, position):
        ref = self.people.last_before(position)
        return ref.actor if ref else None

    def document_author(self, position):
        count = bisect.bisect_right(self.sentence_ends, position)
        for start, end in reversed(self.sentences[max(0, count - 2) : count]):
            subject = self.subject(start, end)
            if subject:
                return subject
        return self.last_speaker

    def resolve_phrase(self, start, end):
        refs = self.within(start, min(end, start + PHRASE_CHARS))
        people = [r for r in refs if r.kind == "mention" and r.person]
        if people:
            return people[0].actor
        for ref in refs:
            actor = self.resolve_ref(ref, start)
            if actor:
                return actor
        return None

    def subject(self, start, end):
        """The actor a clause of this sentence opens with, if any."""
        if (start, end) not in self.subjects:
            self.subjects[start, end] = self._subject_ref(start, end)
        found = self.subjects[start, end]
        if found is None:
            return None
        ref, person = found
        actor = self.resolve_ref(ref, ref.start)
        return person or actor

    def _subject_ref(self, start, end):
        """The reference a clause opens with and, for an organization, the person
        named right after it: what `subject` resolves, found once per sentence."""
        clause_starts = [start] + [
            m.end() for m in re.finditer(r",\s+", self.masked[start:end])
        ]
        for clause in clause_starts:
            clause = clause if clause == start else start + clause
            index = bisect.bisect_left(self.starts, clause)
            if index == len(self.refs) or self.refs[index].start >= end:
                continue
            ref = self.refs[index]
            # Matched in place: the gap to a distant reference is never copied.
            if MORE_THAN_THREE_WORDS.match(self.body, clause, ref.start):
                continue
            gap = self.body[clause : ref.start].split()
            if any(
                w.lower() in PREPOSITIONS
                or not (w[0].isupper() or w.lower() in {"the", "a", "an", "official"})
                for w in gap
            ):
                continue
            if ref.kind == "mention" and not ref.person:
                # "State Department official Matthew Miller": the person.
                for later in self.within(ref.end, ref.end + 200):
                    if later.start <= ref.end + 40 and later.kind == "mention":
                        between = self.body[ref.end : later.start]
                        if later.person and not re.search(r"[,.;:]", between):
                            return ref, later.actor
            return ref, None
        return None

    def sentence(self, start, end):
        """What every quote of a sentence asks of it, worked out once per sentence:
        a sentence of many quotes is then read once, not once per quote."""
        if (start, end) not in self.sentence_facts:
            verbs = _speech_verbs(self.body, self.masked, start, end)
            speaking = [
                v for v in verbs
                # "Washington continues” to help ...": continuing, not speaking.
                if not (v[2].startswith("continu")
                        and re.match(r"\W*to\b", self.body[v[1] : v[1] + 6]))
            ]  # fmt: skip
            self.sentence_facts[start, end] = _Sentence(
                verbs=[v[0] for v in verbs],
                speaking=speaking,
                speaking_starts=[v[0] for v in speaking],
                according=list(ACCORDING.finditer(self.masked, start, end)),
                named={r.actor for r in self.within(start, end) if r.kind == "mention"},
            )
        return self.sentence_facts[start, end]


@dataclass
class _Sentence:
    verbs: list  # offsets of the speech verbs outside quotes
    speaking: list  # (start, end, word) of those that are speech, not "continues to"
    speaking_starts: list
    according: list  # "according to X" matches
    named: set  # actors mentioned by name


def find_quotes(body, mentions, desk, candidates=()):
    """Every quote in `body` with its speaker: a directory slug, the name of a new
    actor candidate (candidates.py), or None."""
    spans = quote_spans(body)
    resolver = _Resolver(body, mentions, desk, candidates)
    resolver.build(spans)
    resolver.masked = mask_quotes(body)
    resolver.sentences = [
        span for p_start, p_end in paragraph_spans(body)
        for span in sentence_spans(body, p_start, p_end)
    ]  # fmt: skip
    resolver.sentence_ends = [end for _start, end in resolver.sentences]
    opens = [q.open for q in spans]
    quotes = []
    paragraphs = paragraph_spans(body)
    intro = None  # who a paragraph ending "The statement reads:" announces
    for number, (p_start, p_end) in enumerate(paragraphs):
        check("quotes")
        paragraph_speaker, previous = None, None
        announced, intro = intro, None
        in_paragraph = _starting_in(spans, opens, p_start, p_end)
        # A paragraph of nothing but quotes opens with a mark (checked first: cheap).
        only_quotes = (
            bool(in_paragraph)
            and body[p_start] in '“"„«'
            and not NOT_QUOTE_TEXT.sub("", resolver.masked[p_start:p_end])
        )
        following = paragraphs[number + 1] if number + 1 < len(paragraphs) else None
        for s_start, s_end in sentence_spans(body, p_start, p_end):
            inside = _starting_in(spans, opens, s_start, s_end)
            if not inside:
                quote = _unquoted_speech(body, s_start, s_end, resolver)
                if quote:
                    quotes.append(quote)
                    resolver.last_speaker = quote.speaker or resolver.last_speaker
                elif body[s_start:s_end].rstrip().endswith(":"):
                    intro = resolver.subject(s_start, s_end) or _verb_speaker(
                        body, s_start, s_end, resolver
                    )
                continue
            for q in inside:
                text = body[q.start : q.end]
                if _is_quoted_name(text):
                    continue
                speaker = _attribute(body, q, s_start, s_end, resolver)
                # Sentences are trimmed: only a quote opening it has nothing before.
                only_quote = q.open == s_start and bool(
                    TRAILING_PUNCTUATION.fullmatch(body, q.close + 1, s_end)
                )
                confidence = _confidence(resolver, speaker, s_start, s_end)
                if speaker is None:
                    speaker, confidence = _fallback(
                        body, q, s_start, resolver,
                        previous=previous, paragraph_speaker=paragraph_speaker,
                        only_quote=only_quote,
                        announced=announced if only_quotes else None,
                        following=following if only_quotes else None,
                    )  # fmt: skip
                quotes.append(Quote(q.start, q.end, text, speaker, confidence))
                previous = quotes[-1]
                if speaker:
                    paragraph_speaker = speaker
                    resolver.last_speaker = speaker
    return quotes


NOT_QUOTE_TEXT = re.compile(r"[“”\"x\s.,!?:;]+")
CLAUSE_PUNCTUATION = re.compile(r"[,;:.]")
WORDS = re.compile(r"[\w'’]+")
TRAILING_PUNCTUATION = re.compile(r"[\s.,!?]*")
CLAUSE_AFTER_QUOTE = re.compile(r"\s*[,.]")
PHRASE_STOP = re.compile(r"[,.;:]")
MORE_THAN_ONE_WORD = re.compile(r"\s*\S+\s+\S")
MORE_THAN_THREE_WORDS = re.compile(r"\s*(?:\S+\s+){3}\S")
# Bounds that keep a quote's attribution local, so a sentence of thousands of quotes
# costs thousands of small look-ups rather than thousands of passes over it:
PHRASE_CHARS = 300  # an attribution phrase ("said X ...") is read this far
NEAREST_REFS = 16  # references tried, nearest first, before a speech verb
ACCORDING_TRIED = 8  # "according to" phrases tried in one sentence


def _starting_in(spans, opens, start, end):
    """The quote spans that open in [start, end), by binary search on `opens`."""
    return spans[bisect.bisect_left(opens, start) : bisect.bisect_left(opens, end)]


NEXT_LINE_CREDIT = re.compile(rf"\s*[–—-]\s*(?:{VERB})\s+(?P<phrase>[^.,;]+)")


def _fallback(body, q, s_start, resolver, *, previous, paragraph_speaker,
              only_quote, announced, following):  # fmt: skip
    """A speaker the attribution rules missed, at a lower confidence:

    - a sentence that is only a quote continues the paragraph's last speaker;
    - a quote right after another, with a short attribution between them
      (“...,” said X. “...”), is the same speaker's;
    - a paragraph of quotes after one that announces them (“The statement reads:”);
    - a paragraph of quotes credited on the next line (“– said Aliyev.”);
    - a person named right before the opening mark (“Aliyev, “...” said.”), the
      pattern of machine-translated copy.
    """
    if only_quote and paragraph_speaker:
        return paragraph_speaker, 0.65
    if previous is not None and previous.speaker:
        if len(body[previous.end : q.open].split()) <= 8:
            return previous.speaker, 0.65
    if announced:
        return announced, 0.65
    if following:
        match = NEXT_LINE_CREDIT.match(body, following[0], following[1])
        if match:
            speaker = resolver.resolve_phrase(*match.span("phrase"))
            if speaker:
                return speaker, 0.7
    refs = [
        r for r in resolver.within(max(s_start, q.open - 40), q.open)
        if r.kind == "mention" and r.person and not body[r.end : q.open].strip(" ,\t")
    ]  # fmt: skip
    if refs:
        return refs[-1].actor, 0.6
    return None, 0.5


def _verb_speaker(body, s_start, s_end, resolver):
    """Who speaks in an introducing sentence ("The document notes:")."""
    verbs = _speech_verbs(body, resolver.masked, s_start, s_end, SPEECH_WORDS_AFTER)
    if not verbs:
        return None
    refs = resolver.within(s_start, verbs[-1][0])
    for ref in reversed(refs):
        speaker = resolver.resolve_ref(ref, ref.start)
        if speaker:
            return speaker
    return None


def _confidence(resolver, speaker, start, end):
    """0.85 when the speaker is named in the sentence, 0.7 through a pronoun or a
    role, 0.5 for a quote nobody is credited with."""
    if speaker is None:
        return 0.5
    return 0.85 if speaker in resolver.sentence(start, end).named else 0.7


def _is_quoted_name(text):
    """“Republic of Artsakh”, “Zangezur Corridor”: a name in quotes, not a quote."""
    parts = text.split()
    if not parts or len(parts) > 5 or re.search(r"[.!?,]$", text):
        return False
    connectors = {"of", "the", "and", "for", "de"}
    return (
        parts[0][:1].isupper()
        and all(t[:1].isupper() or t in connectors for t in parts)
        and len(parts) >= 2
    )


ADJUNCTS = re.compile(
    r"(?:\s+(?:on|in|at|during|last|this|also|then|later|has|have|had)(?:\s+[\w'’\-]+)?)+\s*\Z"
)


def _speech_verbs(body, masked, start, end, words=SPEECH_WORDS):
    """Speech verbs of body[start:end] outside quotes, as (start, end, word)."""
    return [
        (s, e, w) for s, e, w in tokens_between(body, start, end)
        if w in words and masked[s] != "x"
    ]  # fmt: skip


def _attribute(body, q, s_start, s_end, resolver):
    masked = resolver.masked
    sentence = resolver.sentence(s_start, s_end)
    # 1. After the quote: “...,” X said / “...,” said X.
    after_start = q.close + 1
    ends_clause = body[q.end - 1 : q.end] in {",", ".", "!", "?", "…"} or body[
        q.end : q.close
    ].strip() in {",", "."}
    if ends_clause or CLAUSE_AFTER_QUOTE.match(masked, after_start, s_end):
        following = tokens_between(body, after_start, s_end, limit=10)
        verb = next(
            (
                t
                for t in following
                if t[2] in SPEECH_WORDS_AFTER and masked[t[0]] != "x"
            ),
            None,
        )
        if verb is not None and verb is following[0]:
            stop = PHRASE_STOP.search(body, verb[1], s_end)
            phrase_end = stop.start() if stop else s_end
            speaker = _phrase_speaker(resolver, verb[1], phrase_end)
            if speaker:
                return speaker
        elif verb is not None:
            phrase = masked[after_start : verb[0]]
            phrase = ADJUNCTS.sub("", phrase.rstrip())
            lead = len(phrase) - len(phrase.lstrip(" \t,.;:!?"))
            if phrase.strip(" \t,.;:!?") and len(phrase.split()) <= 8:
                speaker = _phrase_speaker(
                    resolver, after_start + lead, after_start + len(phrase)
                )
                if speaker:
                    return speaker
    # 2. According to X, anywhere in the sentence, unless a speech verb stands
    # between it and the quote ("According to the statement, X noted that “...”").
    before = bisect.bisect_left(sentence.verbs, q.open)
    for match in sentence.according[:ACCORDING_TRIED]:
        if before and match.end() < sentence.verbs[before - 1]:
            break
        speaker = resolver.resolve_phrase(match.start("phrase"), match.end("phrase"))
        if speaker:
            return speaker
    # 3. Before the quote: the nearest reference before the last speech verb.
    before = bisect.bisect_left(sentence.speaking_starts, q.open)
    if before:
        verb_at, verb_end, word = sentence.speaking[before - 1]
        if word.endswith("ing") and last_visible(body, verb_at, s_start) == ",":
            return resolver.subject(s_start, s_end)
        candidates = [
            r for r in resolver.nearest(s_start, verb_at, NEAREST_REFS)
            if _subject_like(body, r)
            # "rejected the letter and accused": a document speaks only as subject.
            and (r.kind != "document"
                 or not MORE_THAN_ONE_WORD.match(body, s_start, r.start))
        ]  # fmt: skip
        for ref in reversed(candidates):
            speaker = resolver.resolve_ref(ref, ref.start)
            if speaker:
                return speaker
        return resolver.subject(s_start, s_end)
    return None


def _phrase_speaker(resolver, start, end):
    phrase = resolver.body[start : min(end, start + PHRASE_CHARS)]
    speaker = resolver.resolve_phrase(start, end)
    if speaker:
        for noun in re.findall(r"[A-Za-z]+", phrase):
            if noun.lower() in ROLE_NOUNS:
                resolver.role_speakers[noun.lower()] = speaker
    return speaker


def _subject_like(body, ref):
    """Not the object of a preposition, nor a possessive ("O'Brien's remarks").

    "between Baku and Washington": a name coordinated with a preposition's object
    is one too, so the three words before are checked, not just one. Remembered on
    the reference: every quote of a long sentence asks about the same ones.
    """
    if ref.subject_like is None:
        ref.subject_like = _is_subject_like(body, ref)
    return ref.subject_like


def _is_subject_like(body, ref):
    if body[ref.end : ref.end + 2] in ("'s", "’s"):
        return False
    head = CLAUSE_PUNCTUATION.split(body[max(0, ref.start - 60) : ref.start])[-1]
    before = [w.lower() for w in WORDS.findall(head)][-3:]
    if not before:
        return True
    if before[-1] in PREPOSITIONS or (
        before[-1] in DETERMINERS_ and len(before) > 1 and before[-2] in PREPOSITIONS
    ):
        return False
    return not ("and" in before[-2:] or "or" in before[-2:]) or not (
        set(before) & PREPOSITIONS
    )


def _unquoted_speech(body, s_start, s_end, resolver):
    """Direct speech whose quotation marks were lost, ending in `, X verb[ ...].`"""
    sentence = body[s_start:s_end]
    if "," not in sentence or not any(
        w in SPEECH_WORDS for _s, _e, w in tokens_between(body, s_start, s_end)
    ):
        return None  # the full pattern is slow; most sentences fail these first
    match = UNQUOTED_SPEECH.match(sentence)
    if not match or not FIRST_PERSON.search(match.group("quote")):
        return None
    phrase = match.group("phrase").strip()
    if not phrase or len(phrase.split()) > 5:
        return None
    start = s_start
    end = s_start + match.end("quote")
    speaker = resolver.resolve_phrase(
        s_start + match.start("phrase"), s_start + match.end("phrase")
    )
    if speaker is None:
        return None
    return Quote(start, end, body[start:end], speaker)


def quote_words(text):
    """A quote's words, lower case and without punctuation, for comparing wordings."""
    return [word.strip(".,;:!?…'\"“”") for word in fold(text).split()]
