"""States and international organizations the directory may not know yet.

`data/states.txt` and `data/organizations.txt` are general reference lists (every
state, the common international bodies), not names taken from any article. A text
is looked up once, token by token (phrases of up to five words in a dictionary), so
the cost grows with the text, not with the list.
"""

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import ahocorasick

from .desk import search_form
from .text import LOWER_WORD as WORDS
from .text import fold

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Entry:
    name: str  # the canonical name: "Georgia", "United Nations"
    kind: str  # state or organization
    form: str  # name, capital, demonym, abbreviation


@cache
def _phrases():
    """Every listed phrase in the matcher's search form -> Entry."""
    return _load()[1]


@cache
def lookup():
    """folded phrase -> Entry, for every name, capital, demonym and abbreviation."""
    return _load()[0]


@cache
def _load():
    table, phrases = {}, {}

    def add(phrase, entry):
        key = " ".join(WORDS.findall(fold(phrase)))
        if key and key not in table:
            table[key] = entry
        form = " ".join(search_form(phrase).split())
        if form and form not in phrases:
            phrases[form] = entry

    for line in (DATA / "states.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, demonyms, capitals, others = [p.strip() for p in line.split("|")]
        add(name, Entry(name, "state", "name"))
        for other in filter(None, others.split(";")):
            form = "abbreviation" if other.replace(".", "").isupper() else "name"
            add(other.strip(), Entry(name, "state", form))
        for capital in filter(None, capitals.split(";")):
            add(capital.strip(), Entry(name, "state", "capital"))
        for demonym in filter(None, demonyms.split(";")):
            add(demonym.strip(), Entry(name, "state", "demonym"))
    for line in (DATA / "organizations.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, others = [p.strip() for p in line.split("|")]
        add(name, Entry(name, "organization", "name"))
        for other in filter(None, others.split(";")):
            form = "abbreviation" if other.replace(".", "").isupper() else "name"
            add(other.strip(), Entry(name, "organization", form))
    return table, phrases


@cache
def _automaton():
    """An Aho-Corasick automaton of every listed phrase in the matcher's search form."""
    automaton = ahocorasick.Automaton()
    for key, entry in _phrases().items():
        automaton.add_word(key, (len(key), entry))
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=16)
def find(body):
    """(start, end, Entry) for every listed name in `body`, longest first, in order.

    One pass of the automaton over the text; cached per text, because mentions
    and candidates both ask.
    """
    automaton = _automaton()
    text = search_form(body)
    hits = []
    for last, (length, entry) in automaton.iter(text):
        start, end = last - length + 1, last + 1
        if start > 0 and text[start - 1].isalnum():
            continue
        if end < len(text) and text[end].isalnum():
            continue
        if _case_fits(body[start:end], entry):
            hits.append((start, end, entry))
    hits.sort(key=lambda hit: (hit[0], hit[0] - hit[1]))
    chosen, reached = [], -1
    for hit in hits:
        if hit[0] >= reached:
            chosen.append(hit)
            reached = hit[1]
    return tuple(chosen)


def _bare(word):
    return word[:-2] if word.endswith("'s") else word


def _case_fits(text, entry):
    if entry.form == "abbreviation":
        return text.replace(".", "").isupper()
    return text[:1].isupper()


@lru_cache(maxsize=4096)
def canonical(name):
    """The Entry a name stands for, if the lists have it."""
    # Not text.tokens(): its small cache is for whole bodies, and names would evict them.
    return lookup().get(" ".join(_bare(w) for w in WORDS.findall(fold(name))))
