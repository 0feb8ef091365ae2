"""Page furniture recognised from the shape of a line, wherever it stands.

The rules in `cleaning.py` know a few kinds of furniture by their wording (share
buttons, comment prompts, "Read also:"). The rules here generalise: they look at
how a line is built (length, punctuation, script, addresses, position, repetition)
so that the navigation, signature blocks, tag lines, captions, contact blocks and
language menus of pages never seen before go too. Each rule is data: a name, the
reason an editor reads, an example it must catch and one it must leave alone (the
tests check both), and a test over the line.

They run only in a text that has a story: forty words or more in lines of prose
(a line of twelve words or more ending like a sentence). A text without one is
left to the older rules, so a short note is never emptied.
"""

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .text import fold, mask_quotes

SENTENCE_END = re.compile(r"[.!?…\"”’»)\]]\s*$")
LETTER = re.compile(r"[^\W\d_]")
ADDRESS = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+|(?<![\w@])@\w{3,}"
    r"|\b[a-z0-9-]+\.(?:com|org|net|info|gov|edu|int)\b(?:/\S*)?",
    re.IGNORECASE,
)
RIGHTS = re.compile(
    r"^(?:©|\(c\)|copyright\b)|\ball rights reserved\b|\bmay not be (?:re)?"
    r"(?:published|reproduced|redistributed|broadcast|copied)\b",
    re.IGNORECASE,
)
DISCLAIMER = re.compile(
    r"\b(?:opinions?|views?) expressed (?:here|herein|in this|are)\b"
    r"|\bdo(?:es)? not necessarily (?:reflect|represent)\b",
    re.IGNORECASE,
)
SOURCE_CREDIT = re.compile(
    r"\b(?:originally|first) (?:published|appeared) (?:by|in|at|on)\b"
    r"|^(?:source|via|credit|courtesy)\s*:",
    re.IGNORECASE,
)
CAPTION = re.compile(
    r"\((?:[^()]{0,40}\b(?:photo|photograph|image|file|credit|getty|shutterstock|"
    r"afp|reuters|ap|epa)\b[^()]{0,40})\)\s*$|^(?:photo|image|picture|photograph)"
    r"(?:\s+by)?\s*[:|/-]",
    re.IGNORECASE,
)
EDITORS_NOTE = re.compile(r"^\[.*\]?$|^editor['’]?s[’']? note\b", re.IGNORECASE)
# Verbs of buttons and links: a short line that opens with one asks the reader to act.
UI_VERBS = frozenset(
    """subscribe follow share read view send click tap download watch listen print
    leave join donate register login log sign email e-mail tweet""".split()
)
LOWER_BYLINE = re.compile(
    r"^(?:by|written by|posted by)\s+[A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){0,3}"
    r"\s*(?:[;,|–—-]|$)",
    re.IGNORECASE,
)
ORG_BLURB = re.compile(
    r"^(?:The\s+)?[A-Z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*){0,5}\s+is\s+(?:an?|the)\s+"
    r"(?:[\w'’\-]+\s+){0,5}(?:news\s+)?(?:organi[sz]ation|agency|outlet|publication|"
    r"newspaper|think[- ]tank|institute|broadcaster|network|website|portal)\b"
)
QUOTE_OPENERS = frozenset('"“„«‘')
SECOND_PERSON = re.compile(r"\b(?:you|your|yours)\b", re.IGNORECASE)


DOMAIN_END = re.compile(r"\.(?:com|org|net|info|gov|edu|int)\b", re.IGNORECASE)
CAPTION_STARTS = frozenset(("photo", "image", "pictu"))


def _has_address(line):
    """An address, e-mail or handle; the cheap tests first."""
    lower = line.lower()
    if "@" in line or "www." in lower or "://" in lower or DOMAIN_END.search(line):
        return bool(ADDRESS.search(line))
    return False


def _captioned(line):
    if "(" not in line and line[:5].lower() not in CAPTION_STARTS:
        return False
    return bool(CAPTION.search(line))


@lru_cache(maxsize=8192)
def word_count(line):
    return len(WORD.findall(line))


WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def _latin(char):
    code = ord(char)
    return code < 0x250 or 0x1E00 <= code < 0x1F00


def other_script(line):
    """Share of the line's letters that are not Latin."""
    if line.isascii():
        return 0.0
    letters = LETTER.findall(line)
    if not letters:
        return 0.0
    return sum(1 for c in letters if not _latin(c)) / len(letters)


@lru_cache(maxsize=4096)
def is_prose(line):
    """A line of the story: twelve words or more, ending like a sentence."""
    return word_count(line) >= 12 and bool(SENTENCE_END.search(line))


@dataclass(frozen=True)
class LineRule:
    name: str
    reason: str
    example: str
    counter: str  # a story line the rule must leave alone
    test: Callable[[str], bool]
    strong: bool = False  # unmistakable furniture: may open a closing block


def _short(line):
    """Not a sentence: up to eight words without a sentence's end, or up to three
    that are all capitalised ("Maria Zakharova.") — "Nobody was hurt." stays."""
    count = word_count(line)
    if count <= 8 and not SENTENCE_END.search(line):
        return True
    return count <= 3 and all(w[:1].isupper() for w in WORD.findall(line))


def _ui(line):
    words = re.findall(r"[\w\-]+", fold(line))
    return bool(words) and words[0] in UI_VERBS and len(words) <= 12


def _reader_prompt(line):
    if "?" not in line or word_count(line) > 30:
        return False
    unquoted = mask_quotes(line)
    return (
        (unquoted.rstrip().endswith("?") or "? " in unquoted)
        and bool(SECOND_PERSON.search(unquoted))
        and word_count(line) <= 30
    )


RULES = (
    LineRule(
        "no_words",
        "no words: numbers or symbols (a calendar, a phone number, a rule)",
        "+32 (0) 2 536 00 71",
        "In 2020, 44 days.",
        lambda line: not LETTER.search(line),
        strong=False,
    ),
    LineRule(
        "rights",
        "copyright or rights notice",
        "This material may not be published, broadcast or redistributed.",
        "The agency said the law restricts what may be said about the army.",
        lambda line: word_count(line) <= 40 and bool(RIGHTS.search(line)),
        strong=True,
    ),
    LineRule(
        "address",
        "an address, e-mail or handle: contact or link furniture",
        "You are receiving this email because you opted in at www.example.org.",
        "The ministry said talks would resume in Vienna next week.",
        lambda line: word_count(line) <= 15 and _has_address(line),
        strong=True,
    ),
    LineRule(
        "other_script",
        "text in another script: a language menu or a link",
        "This post is also available in: ქართული (Georgian) Русский (Russian)",
        "The word “Artsakh” is the Armenian name of the region.",
        lambda line: word_count(line) <= 12 and other_script(line) >= 0.25,
    ),
    LineRule(
        "disclaimer",
        "disclaimer about whose views these are",
        "The opinions expressed herein are solely those of the author.",
        "The opinions of the two ministers differed on the timing.",
        lambda line: word_count(line) <= 40 and bool(DISCLAIMER.search(line)),
        strong=True,
    ),
    LineRule(
        "source_credit",
        "credit of the original publication",
        "This is a summary of an article originally published by the Example Institute.",
        "The report was published on Monday by the ministry.",
        lambda line: word_count(line) <= 30 and bool(SOURCE_CREDIT.search(line)),
        strong=True,
    ),
    LineRule(
        "editors_note",
        "editor's note about the piece, not part of it",
        "[Editor’s note: This letter answers an article of 13 October.]",
        "The editor noted that the letter arrived late.",
        lambda line: bool(EDITORS_NOTE.match(line.strip())),
    ),
    LineRule(
        "caption",
        "photo caption or credit",
        "Smoke rises over the village, Sept. 30, 2024. (Reuters File Photo)",
        "Photographs of the meeting were released by the ministry.",
        lambda line: word_count(line) <= 40 and _captioned(line),
    ),
    LineRule(
        "button",
        "a button or link asking the reader to act",
        "Read the full article at the Example Institute.",
        "Readers of the newspaper wrote to the ministry.",
        _ui,
        strong=True,
    ),
    LineRule(
        "reader_prompt",
        "a question put to the reader: a comment or contact prompt",
        "Want to share your thoughts with others in your community?",
        "“Do you see a leader?” people often ask me, and I answer.",
        _reader_prompt,
        strong=True,
    ),
    LineRule(
        "byline",
        "byline line",
        "by Jane Roe ; example - Example Institute for Studies",
        "by the end of the year the two sides had met four times.",
        lambda line: bool(LOWER_BYLINE.match(line)) and word_count(line) <= 16,
    ),
    LineRule(
        "short",
        "a short line that is not a sentence: a label, button, name, heading or date",
        "Ministry of Foreign Affairs",
        "An outbreak of fighting killed about 75 soldiers.",
        _short,
    ),
)
EDITORS_NOTE_RULE = next(rule for rule in RULES if rule.name == "editors_note")
BLURB = LineRule(
    "blurb",
    "the outlet's or agency's description of itself, after the story",
    "The Example Press is an independent global news organization founded in 1846.",
    "The ministry is an independent body, the spokesman said.",
    lambda line: bool(ORG_BLURB.match(line)),
)


LONGEST = 40  # no rule but the editor's note takes a line longer than this


# Every rule that can take a line of more than sixteen words needs one of these.
LONG_LINE_CUES = re.compile(
    r"©|\(c\)|copyright|rights reserved|may not be|expressed|necessarily|originally|"
    r"first (?:published|appeared)|^(?:source|via|credit|courtesy)|photo|image|picture|"
    r"@|www\.|://|\.(?:com|org|net|info|gov|edu|int)\b|\?|^\[|^editor|^by\b|\)\s*$",
    re.IGNORECASE,
)


def line_rule(line):
    """The first rule that takes this stripped line, or None."""
    count = word_count(line)
    if count > LONGEST:
        return EDITORS_NOTE_RULE if EDITORS_NOTE_RULE.test(line) else None
    if count > 16 and not LONG_LINE_CUES.search(line):
        return None
    for rule in RULES:
        if rule.test(line):
            return rule
    return None


def structural_pass(lines, filled, removed):
    """Add the lines the shape rules take to `removed` (index -> reason).

    Runs after the wording rules; a closing block (everything after unmistakable
    furniture at the end, when most of it is furniture too) goes as well.
    """
    story = [i for i in filled if i not in removed]
    if sum(word_count(lines[i]) for i in story if is_prose(lines[i].strip())) < 40:
        return
    rules = {}
    for position, index in enumerate(story):
        line = lines[index].strip()
        rule = line_rule(line)
        # "The statement reads, in particular:" over a quote introduces it.
        following = (
            lines[story[position + 1]].lstrip() if position + 1 < len(story) else ""
        )
        if (
            rule
            and rule.name == "short"
            and line.endswith(":")
            and following[:1] in QUOTE_OPENERS
        ):
            continue
        if rule:
            rules[index] = rule
            removed[index] = rule.reason
    prose = [i for i in story if i not in rules and is_prose(lines[i].strip())]
    # A question to the reader is a prompt only after the story, not a column's
    # rhetorical question in the middle of it.
    prompts = [i for i, rule in rules.items() if rule.name == "reader_prompt"]
    if prompts:
        # The last prose line that is not a blurb, read from the end once.
        last = next(
            (i for i in reversed(prose) if not BLURB.test(lines[i].strip())), -1
        )
        for index in prompts:
            if index < last:
                del rules[index]
                del removed[index]
    if len(prose) < 2:
        return
    # The closing block: from a strong furniture line after the last prose line but
    # one, if most lines after it are furniture too (by any rule), the rest goes.
    tail = [i for i in story if i > prose[-2]]
    anchors = [i for i in tail if i in rules and rules[i].strong][:5]  # bounded work
    for index in anchors:
        after = filled[bisect.bisect_right(filled, index) :]
        if not after:
            break
        rest = [i for i in after if i not in removed]
        if (len(after) - len(rest)) / len(after) >= 0.6 and all(
            BLURB.test(lines[i].strip()) or word_count(lines[i]) <= 20 for i in rest
        ):
            for i in rest:
                removed[i] = (
                    BLURB.reason
                    if BLURB.test(lines[i].strip())
                    else "in the closing block after the story's furniture"
                )
            break
