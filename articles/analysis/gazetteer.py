"""States and international organizations the directory may not know yet.

`data/states.txt` and `data/organizations.txt` are general reference lists (every
state, the common international bodies), not names taken from any article. A text
is looked up once, token by token (phrases of up to five words in a dictionary), so
the cost grows with the text, not with the list.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .text import fold, tokens

DATA = Path(__file__).with_name("data")
MAX_WORDS = 5


@dataclass(frozen=True)
class Entry:
    name: str  # the canonical name: "Georgia", "United Nations"
    kind: str  # state or organization
    form: str  # name, capital, demonym, abbreviation


@cache
def lookup():
    """folded phrase -> Entry, for every name, capital, demonym and abbreviation."""
    table = {}

    def add(phrase, entry):
        key = " ".join(w for _s, _e, w in tokens(phrase))
        if key and key not in table:
            table[key] = entry

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
    return table


JOIN = re.compile(r"[ \t]+|-")


def find(body):
    """(start, end, Entry) for every listed name in `body`, longest first, in order."""
    table = lookup()
    words = tokens(body)
    hits, index = [], 0
    while index < len(words):
        found = None
        for size in range(min(MAX_WORDS, len(words) - index), 0, -1):
            chunk = words[index : index + size]
            if any(
                not JOIN.fullmatch(body[a[1] : b[0]])
                for a, b in zip(chunk, chunk[1:], strict=False)
            ):
                continue
            key = " ".join(_bare(w) for _s, _e, w in chunk)
            entry = table.get(key)
            if entry is None:
                continue
            start, end = chunk[0][0], chunk[-1][1]
            if _case_fits(body[start:end], entry):
                found = (start, end, entry, size)
                break
        if found:
            hits.append(found[:3])
            index += found[3]
        else:
            index += 1
    return hits


def _bare(word):
    return word[:-2] if word.endswith("'s") else word


def _case_fits(text, entry):
    if entry.form == "abbreviation":
        return text.replace(".", "").isupper()
    return text[:1].isupper()


def canonical(name):
    """The Entry a name stands for, if the lists have it."""
    return lookup().get(" ".join(_bare(w) for _s, _e, w in tokens(fold(name))))
