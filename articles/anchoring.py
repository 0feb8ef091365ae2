"""Spans follow edits: map `[start, end)` offsets from an old body to a new one.

Flags, mentions, quotes and corrected passages point into an article body by
character offsets. When the body is edited, this module works out what changed and
carries every span across, so nobody has to re-flag a story after fixing a typo.

    edit = diff_texts(old_body, new_body)
    results = reanchor(edit, [(flag.start, flag.end) for flag in flags])
    edit.changes            # previous wording → new wording, whole words
    edit.summary()          # small JSON-ready dict for an audit entry

Standard library only, no Django: the service layer decides what to do with a
`changed` or `detached` span (re-review it, drop it, tell the editor).

Line breaks: callers pass bodies with `\\n` line breaks only (normalise `\\r\\n` and
`\\r` first, as `PlainTextField` does, and give offsets into the normalised text);
a stray `\\r` is treated as ordinary whitespace, so offsets stay consistent but a
CRLF/LF-only difference would count as an edit.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property
from typing import Literal

__all__ = [
    "Anchored",
    "Change",
    "Edit",
    "Outcome",
    "diff_texts",
    "normalise_newlines",
    "reanchor",
]

Outcome = Literal["kept", "changed", "detached"]

# Words, whitespace runs and single punctuation marks: "army." and "army," share the
# token "army", so changing a full stop does not touch a span on the word before it.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_WORD = re.compile(r"\w")
# Whitespace-separated words with the whitespace after them: the units that align
# the two texts before the fine pass.
_COARSE = re.compile(r"\s+|\S+\s*")
# Lines with the line breaks after them: a blank line is not a unit of its own, or
# the diff would happily align blank lines and pair up the wrong paragraphs.
_LINE = re.compile(r"[^\n]+\n*|\n+")

# SequenceMatcher is quadratic on unrelated text and cubic on repetitive text
# ("the the the ..."), so each pass (alignment, then refinement) gets this much
# work: inner-loop steps, about 2 million a second, so ~0.2 s at worst. A region
# over budget is replaced wholesale: coarse (its spans detach) but still correct.
WORK_BUDGET = 400_000
# The fine pass re-diffs a replaced stretch by tokens when both sides are this short
# (about 30 words): enough for reworded phrases and punctuation; a longer stretch
# is a rewrite whose words have no counterpart, and aligning it by its spaces
# would cost time (cubic in the worst case) to pair words arbitrarily.
FINE_TOKEN_LIMIT = 64


def normalise_newlines(text: str) -> str:
    """`\\r\\n` and `\\r` to `\\n`, like `PlainTextField`: do this before computing offsets."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True, slots=True)
class Change:
    """One changed region: `old[old_start:old_end]` became `new[new_start:new_end]`."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int
    old_text: str
    new_text: str


@dataclass(frozen=True, slots=True)
class Anchored:
    """Where a span ended up; `start`, `end` and `text` are None when `detached`.

    Otherwise `0 <= start < end <= len(new)` and `text == new[start:end]`.
    """

    outcome: Outcome
    start: int | None
    end: int | None
    text: str | None


@dataclass(frozen=True, slots=True)
class _Op:
    """A raw change from the diff, in character offsets; never adjacent to another.

    `slide_left`/`slide_right`: how far a pure insertion or deletion could move
    and still give the same new text (e.g. deleting one "the " of "the the "). A
    replacement cannot slide (0, 0).
    """

    old_start: int
    old_end: int
    new_start: int
    new_end: int
    slide_left: int = 0
    slide_right: int = 0


@dataclass(frozen=True, repr=False)
class Edit:
    """The difference between two bodies, computed once and used for many spans."""

    old: str
    new: str
    ops: tuple[_Op, ...]

    def __repr__(self) -> str:
        return f"<Edit: {len(self.ops)} ops, {len(self.old)} → {len(self.new)} chars>"

    @cached_property
    def _old_starts(self) -> list[int]:
        return [op.old_start for op in self.ops]

    @cached_property
    def _old_ends(self) -> list[int]:
        return [op.old_end for op in self.ops]

    @property
    def unchanged(self) -> bool:
        return not self.ops

    @cached_property
    def changes(self) -> list[Change]:
        """The changed regions widened to whole words, for "previous → new wording".

        The diff itself works on words and punctuation marks; a changed full stop
        is shown with its word ("army." → "army,") so a note reads naturally.
        """
        old, new = self.old, self.new
        widened: list[list[int]] = []
        for op in self.ops:
            a, b, c, d = op.old_start, op.old_end, op.new_start, op.new_end
            # Left edge inside a word: the shared text before it is equal on both
            # sides, so both sides grow by the same amount.
            while (
                a > 0 and not old[a - 1].isspace() and _cuts_left(old, new, a, b, c, d)
            ):
                a -= 1
                c -= 1
            while (
                b < len(old)
                and not old[b].isspace()
                and _cuts_right(old, new, a, b, c, d)
            ):
                b += 1
                d += 1
            if widened and a <= widened[-1][1]:
                widened[-1][1] = b
                widened[-1][3] = d
            else:
                widened.append([a, b, c, d])
        return [Change(a, b, c, d, old[a:b], new[c:d]) for a, b, c, d in widened]

    def summary(self, limit: int = 10, max_chars: int = 80) -> dict:
        """A JSON-ready account of the edit for an audit entry, bounded in size.

        Counts cover the whole edit (words actually removed and added, not the
        context the listed changes are widened to); at most `limit` changes are
        listed, each side cut to `max_chars` characters.
        """
        changes = self.changes
        old, new = self.old, self.new
        words_removed = sum(
            _count_words(old[op.old_start : op.old_end]) for op in self.ops
        )
        words_added = sum(
            _count_words(new[op.new_start : op.new_end]) for op in self.ops
        )
        return {
            "changes": len(changes),
            "words_removed": words_removed,
            "words_added": words_added,
            "chars_before": len(self.old),
            "chars_after": len(self.new),
            "examples": [
                {
                    "old": _clip(ch.old_text, max_chars),
                    "new": _clip(ch.new_text, max_chars),
                }
                for ch in changes[:limit]
            ],
            "more": max(0, len(changes) - limit),
        }


def diff_texts(old: str, new: str) -> Edit:
    """The edit that turns `old` into `new`, at word/whitespace/punctuation granularity.

    The common prefix and suffix are stripped first (cheap, and a typical edit
    touches one spot of a long body); the middle is aligned by paragraphs, then
    words, then refined by tokens, each pass within a work budget, so the cost
    stays bounded even for a whole rewrite (which comes out as one replacement).
    """
    if old == new:
        return Edit(old, new, ())
    prefix = _common_prefix_len(old, new)
    prefix = _back_to_token_start(old, new, prefix)
    limit = min(len(old), len(new)) - prefix
    suffix = _common_suffix_len(old, new, limit)
    suffix = _forward_to_token_end(old, new, suffix)
    raw = _diff_middle(old, new, prefix, len(old) - suffix, prefix, len(new) - suffix)
    merged = _merge_adjacent(raw)
    return Edit(old, new, tuple(_with_slides(old, new, merged)))


def reanchor(edit: Edit, spans: Sequence[tuple[int, int]]) -> list[Anchored]:
    """Carry each `(start, end)` span of `edit.old` into `edit.new`, in order.

    - `kept`: the span's own text is untouched (or the edit can be read so that
      it is: deleting one "the " of "the the " leaves a span on either "the" alone);
      it keeps its text and moves with it. Insertions at its boundaries are outside.
    - `changed`: part of its text was rewritten; it now covers the new wording
      (boundaries that fell inside a replaced region grow to the whole
      replacement, surrounding whitespace trimmed).
    - `detached`: all of its text was deleted, or swallowed by a rewrite that runs
      past it (no way to tell which new words are "its"), or nothing but
      whitespace is left.
    """
    return [_reanchor_one(edit, start, end) for start, end in spans]


# --- mapping ---------------------------------------------------------------------


def _reanchor_one(edit: Edit, s: int, e: int) -> Anchored:
    old, new, ops = edit.old, edit.new, edit.ops
    if not 0 <= s < e <= len(old):
        raise ValueError(f"span {s}–{e} is not inside the old body ({len(old)} chars)")
    # ops[lo:hi] touch the span: they overlap it, or insert strictly inside it.
    lo = bisect_right(edit._old_ends, s)
    hi = bisect_left(edit._old_starts, e)
    delta_before = ops[lo - 1].new_end - ops[lo - 1].old_end if lo else 0
    if lo >= hi:
        start = s + delta_before
        return Anchored("kept", start, start + (e - s), new[start : start + (e - s)])

    touching = ops[lo:hi]
    kept = _kept_by_sliding(touching, s, e)
    if kept is not None:
        start = s + delta_before + kept
        text = new[start : start + (e - s)]
        if text == old[s:e]:
            return Anchored("kept", start, start + (e - s), text)

    if not _survives(old, touching, s, e) and (
        touching[0].old_start < s or touching[-1].old_end > e
    ):
        return Anchored("detached", None, None, None)
    start = _map_start(edit, s)
    end = _map_end(edit, e)
    if not old[s].isspace():
        while start < end and new[start].isspace():
            start += 1
    if not old[e - 1].isspace():
        while end > start and new[end - 1].isspace():
            end -= 1
    if start >= end:
        return Anchored("detached", None, None, None)
    text = new[start:end]
    # e.g. whitespace edited right after the span: its own text is intact.
    return Anchored("kept" if text == old[s:e] else "changed", start, end, text)


def _kept_by_sliding(touching: Sequence[_Op], s: int, e: int) -> int | None:
    """If every touching op can slide out of `[s, e)`, the length change that ends up
    before the span; else None.

    The first ops slide left and the rest right (they cannot cross each other).
    """
    k = 0
    while k < len(touching) and touching[k].old_end - touching[k].slide_left <= s:
        k += 1
    for op in touching[k:]:
        if op.old_start + op.slide_right < e:
            return None
    return sum(
        (op.new_end - op.new_start) - (op.old_end - op.old_start) for op in touching[:k]
    )


def _survives(old: str, touching: Sequence[_Op], s: int, e: int) -> bool:
    """Whether any non-whitespace character of `old[s:e]` lies outside every op."""
    pos = s
    for op in touching:
        if op.old_start > pos and not old[pos : op.old_start].isspace():
            return True
        pos = max(pos, op.old_end)
    return pos < e and not old[pos:e].isspace()


def _map_start(edit: Edit, p: int) -> int:
    """New position of a span start; a replacement it falls into is included."""
    i = bisect_right(edit._old_starts, p) - 1
    if i < 0:
        return p
    op = edit.ops[i]
    if op.old_start == op.old_end == p:  # insertion at the boundary: outside
        return op.new_end
    if p < op.old_end:
        return op.new_start
    return p + op.new_end - op.old_end


def _map_end(edit: Edit, p: int) -> int:
    """New position of a span end; a replacement it falls into is included."""
    i = bisect_right(edit._old_starts, p) - 1
    if i < 0:
        return p
    op = edit.ops[i]
    if op.old_start == op.old_end == p:  # insertion at the boundary: outside
        return op.new_start
    if op.old_start == p:  # a replacement starting right after the span
        return op.new_start
    if p <= op.old_end:
        return op.new_end
    return p + op.new_end - op.old_end


# --- diff ------------------------------------------------------------------------


def _diff_middle(old: str, new: str, a0: int, a1: int, b0: int, b1: int) -> list[_Op]:
    """Ops for `old[a0:a1]` → `new[b0:b1]`, in two passes.

    Paragraphs, then words with their trailing whitespace, align the texts (few
    distinct, rarely repeated units, so SequenceMatcher stays fast); each short
    replaced stretch is then re-diffed by words, whitespace runs and punctuation
    marks, so "army " → "army, " is an inserted comma next to the span on "army",
    not a rewrite of it.
    """
    ops = []
    fine_budget = _Budget(WORK_BUDGET)
    for op in _align(old, new, a0, a1, b0, b1):
        a, b, c, d = op.old_start, op.old_end, op.new_start, op.new_end
        if a < b and c < d:
            fine_a = _tokenize(_TOKEN, old, a, b)
            fine_b = _tokenize(_TOKEN, new, c, d)
            if max(len(fine_a[0]), len(fine_b[0])) <= FINE_TOKEN_LIMIT:
                try:
                    ops.extend(_diff_units(fine_a, fine_b, b, d, fine_budget))
                    continue
                except _TooCostly:
                    pass
        ops.append(op)
    return ops


def _align(old: str, new: str, a0: int, a1: int, b0: int, b1: int) -> list[_Op]:
    """Coarse ops: by lines (paragraphs) first when there are several, then by words
    within each changed group; any group over budget is replaced wholesale.

    Lines first because most of a long middle is usually untouched paragraphs,
    which compare as single units instead of hundreds of words each.
    """
    if a0 == a1 or b0 == b1:
        return [] if (a0 == a1 and b0 == b1) else [_Op(a0, a1, b0, b1)]
    budget = _Budget(WORK_BUDGET)
    a_lines = _tokenize(_LINE, old, a0, a1)
    b_lines = _tokenize(_LINE, new, b0, b1)
    if len(a_lines[0]) > 1 or len(b_lines[0]) > 1:
        try:
            groups = _diff_units(a_lines, b_lines, a1, b1, budget)
        except _TooCostly:
            return [_Op(a0, a1, b0, b1)]  # coarse, but bounded
    else:
        groups = [_Op(a0, a1, b0, b1)]
    ops = []
    for op in groups:
        a, b, c, d = op.old_start, op.old_end, op.new_start, op.new_end
        if a < b and c < d:
            words_a = _tokenize(_COARSE, old, a, b)
            words_b = _tokenize(_COARSE, new, c, d)
            try:
                ops.extend(_diff_units(words_a, words_b, b, d, budget))
                continue
            except _TooCostly:
                pass
        ops.append(op)
    return ops


class _TooCostly(Exception):
    """A diff would exceed its work budget."""


@dataclass
class _Budget:
    remaining: int


class _BoundedMatcher(SequenceMatcher):
    """SequenceMatcher that gives up once it has done `budget` units of work.

    Its cost is in `find_longest_match`, which visits every position in `b` of
    every element of `a[alo:ahi]`: prefix sums of those counts charge each call
    its worst case in O(1), so the bound is deterministic (not a clock).
    """

    def __init__(self, a: list[str], b: list[str], budget: _Budget) -> None:
        super().__init__(None, a, b, autojunk=False)
        self._budget = budget
        self._cost = [0]
        for unit in a:
            self._cost.append(self._cost[-1] + len(self.b2j.get(unit, ())) + 1)

    def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):
        ahi = len(self.a) if ahi is None else ahi
        self._budget.remaining -= self._cost[ahi] - self._cost[alo] + 1
        if self._budget.remaining < 0:
            raise _TooCostly
        return super().find_longest_match(alo, ahi, blo, bhi)


def _diff_units(
    a: tuple[list[str], list[int]],
    b: tuple[list[str], list[int]],
    a_end: int,
    b_end: int,
    budget: _Budget,
) -> list[_Op]:
    """Non-equal opcodes of a unit (token or line) diff, back in character offsets."""
    a_units, a_offsets = a
    b_units, b_offsets = b
    a_offsets = [*a_offsets, a_end]
    b_offsets = [*b_offsets, b_end]
    matcher = _BoundedMatcher(a_units, b_units, budget)
    return [
        _Op(a_offsets[i1], a_offsets[i2], b_offsets[j1], b_offsets[j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _tokenize(
    pattern: re.Pattern[str], text: str, start: int, end: int
) -> tuple[list[str], list[int]]:
    tokens, offsets = [], []
    for match in pattern.finditer(text, start, end):
        tokens.append(match.group())
        offsets.append(match.start())
    return tokens, offsets


def _merge_adjacent(ops: list[_Op]) -> list[_Op]:
    """Nested diffs can leave ops touching each other; the mapping needs gaps."""
    merged: list[_Op] = []
    for op in ops:
        if (
            merged
            and merged[-1].old_end == op.old_start
            and merged[-1].new_end == op.new_start
        ):
            last = merged.pop()
            op = _Op(last.old_start, op.old_end, last.new_start, op.new_end)
        merged.append(op)
    return merged


def _with_slides(old: str, new: str, ops: list[_Op]) -> list[_Op]:
    """Record how far each pure insertion or deletion may slide within its equal text."""
    result = []
    for i, op in enumerate(ops):
        room_left = op.old_start - (ops[i - 1].old_end if i else 0)
        room_right = (
            ops[i + 1].old_start if i + 1 < len(ops) else len(old)
        ) - op.old_end
        if op.old_start == op.old_end:  # insertion of new[c:d]
            text, a, b = new, op.new_start, op.new_end
        elif op.new_start == op.new_end:  # deletion of old[a:b]
            text, a, b = old, op.old_start, op.old_end
        else:
            result.append(op)
            continue
        left = 0
        while left < room_left and text[a - 1 - left] == text[b - 1 - left]:
            left += 1
        right = 0
        while right < room_right and text[a + right] == text[b + right]:
            right += 1
        result.append(
            _Op(op.old_start, op.old_end, op.new_start, op.new_end, left, right)
        )
    return result


def _common_prefix_len(a: str, b: str) -> int:
    """Length of the common prefix, by halving slices (C-speed compares)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix_len(a: str, b: str, limit: int) -> int:
    """Length of the common suffix, at most `limit` (so it never overlaps the prefix)."""
    lo, hi = 0, limit
    la, lb = len(a), len(b)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid : la - lo] == b[lb - mid : lb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _joins(x: str, y: str) -> bool:
    """Whether two adjacent characters belong to the same token."""
    return (_is_word_char(x) and _is_word_char(y)) or (x.isspace() and y.isspace())


def _back_to_token_start(old: str, new: str, p: int) -> int:
    """Move the end of the common prefix back so it does not cut a token."""
    while p > 0 and (
        (p < len(old) and _joins(old[p - 1], old[p]))
        or (p < len(new) and _joins(new[p - 1], new[p]))
    ):
        p -= 1
    return p


def _forward_to_token_end(old: str, new: str, q: int) -> int:
    """Shrink the common suffix (length `q`) so it does not cut a token."""
    la, lb = len(old), len(new)
    while q > 0 and (
        (q < la and _joins(old[la - q - 1], old[la - q]))
        or (q < lb and _joins(new[lb - q - 1], new[lb - q]))
    ):
        q -= 1
    return q


def _is_word_char(c: str) -> bool:
    return _WORD.match(c) is not None


def _cuts_left(old: str, new: str, a: int, b: int, c: int, d: int) -> bool:
    """Whether the left edge of a change falls inside a word (on either side)."""
    first_old = old[a] if a < b else (old[b] if b < len(old) else " ")
    first_new = new[c] if c < d else (new[d] if d < len(new) else " ")
    return not first_old.isspace() or not first_new.isspace()


def _cuts_right(old: str, new: str, a: int, b: int, c: int, d: int) -> bool:
    """Whether the right edge of a change falls inside a word (on either side)."""
    last_old = old[b - 1] if a < b else (old[a - 1] if a > 0 else " ")
    last_new = new[d - 1] if c < d else (new[c - 1] if c > 0 else " ")
    return not last_old.isspace() or not last_new.isspace()


def _count_words(text: str) -> int:
    return sum(1 for token in _TOKEN.findall(text) if _is_word_char(token[0]))


def _clip(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"
