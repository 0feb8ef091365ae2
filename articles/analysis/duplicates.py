"""Near-duplicates: the same story as a stored one, machine rewrites included.

Finding one is two steps. Shared subject words (an inverted index, so the cost does
not grow with every stored story) pick a few candidates; then the sentences are
aligned with fuzzy matching, which survives a rewriter's synonyms ("harmony track"
for "peace track") where exact shingles would not. A piece is the same story when
at least half of its sentences and a third of the stored one's find a partner.

`compare` lays two versions side by side for the editor: headline, sentences
changed, inserted or dropped, quotes changed, names respelled.
"""

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice

from rapidfuzz import fuzz, process

from .budget import check
from .text import content_words, fold, paragraph_spans, sentence_spans

SENTENCE_MATCH = 55  # rapidfuzz ratio for two sentences to be one sentence, reworded
NEW_SHARE = 0.5
OLD_SHARE = 0.3
CANDIDATE_SHARE = 0.3
CANDIDATES = 5
# Sentences of a text compared, from its start: every sentence of one text meets
# every sentence of the other, so two texts of thousands would cost millions of
# comparisons; a story is a few hundred at most.
COMPARED_SENTENCES = 500


@dataclass
class DuplicateMatch:
    article: object  # StoredArticle
    score: float
    matched: int
    sentences: int


def sentences_of(body):
    return [
        body[start:end]
        for p_start, p_end in paragraph_spans(body)
        for start, end in sentence_spans(body, p_start, p_end)
    ]


def _normal(sentence):
    return " ".join(re.findall(r"\w+", fold(sentence)))


class DuplicateIndex:
    def __init__(self, articles=()):
        self.articles = {}
        self.words = {}
        self.sentences = {}  # key -> normalised sentences, compared on every find
        self.postings = {}
        for article in articles:
            self.add(article)

    def __len__(self):
        return len(self.articles)

    def add(self, article):
        words = content_words(article.body)
        self.articles[article.key] = article
        self.words[article.key] = words
        self.sentences[article.key] = _comparable(article.body)
        for word in words:
            self.postings.setdefault(word, set()).add(article.key)

    def find(self, body, *, exclude=None, exclude_hash=None):
        """The stored story `body` rewrites or copies, or None.

        `exclude` (a key) and `exclude_hash` keep a story from matching itself.
        """
        if not self.articles:
            return None
        words = content_words(body)
        if not words:
            return None
        common = max(20, len(self.articles) // 5)
        shared = Counter()
        for word in words:
            keys = self.postings.get(word, ())
            if len(keys) <= common:
                shared.update(keys)
        best, new = None, None
        for key, count in shared.most_common(CANDIDATES):
            check("near-duplicates")
            if key == exclude or (
                exclude_hash and self.articles[key].content_hash == exclude_hash
            ):
                continue
            other = self.words[key]
            if count / max(1, min(len(words), len(other))) < CANDIDATE_SHARE:
                continue
            new = _comparable(body) if new is None else new
            match = _sentence_match(new, self.sentences[key], self.articles[key])
            if match and (best is None or match.score > best.score):
                best = match
        return best


def _comparable(body):
    sentences = (_normal(s) for s in sentences_of(body) if len(s.split()) >= 4)
    return list(islice(sentences, COMPARED_SENTENCES))


def _sentence_match(new, old, article):
    if not new or not old:
        return None
    partners = [
        process.extractOne(s, old, scorer=fuzz.ratio, score_cutoff=SENTENCE_MATCH)
        for s in new
    ]
    new_matched = sum(1 for partner in partners if partner)
    old_matched = len({partner[2] for partner in partners if partner})
    if new_matched / len(new) < NEW_SHARE or old_matched / len(old) < OLD_SHARE:
        return None
    score = round((new_matched / len(new) + old_matched / len(old)) / 2, 2)
    return DuplicateMatch(article, score, new_matched, len(new))


# Side-by-side comparison ------------------------------------------------------------


@dataclass
class Row:
    kind: str  # same, changed, inserted, dropped
    old: list = field(default_factory=list)  # [(tag, text)] with tags equal/delete
    new: list = field(default_factory=list)  # [(tag, text)] with tags equal/insert


@dataclass
class Comparison:
    headline: Row
    rows: list
    quotes: list  # Rows for quotes changed, added or dropped
    respelled: list  # (old, new)

    @property
    def counts(self):
        counts = Counter(row.kind for row in self.rows)
        return {
            "changed": counts["changed"],
            "inserted": counts["inserted"],
            "dropped": counts["dropped"],
            "same": counts["same"],
            "quotes changed": sum(1 for row in self.quotes if row.kind == "changed"),
            "names respelled": len(self.respelled),
        }


def compare(*, old_headline, old_body, old_quotes, new_headline, new_body, new_quotes):
    """Align two versions of a story; quotes are lists of their texts."""
    respelled = {}
    headline = _pair(old_headline or "", new_headline or "", respelled)
    old = sentences_of(old_body)
    new = sentences_of(new_body)
    rows = []
    for i, j in _align(old, new):
        if i is None:
            rows.append(Row("inserted", [], [("insert", new[j])]))
        elif j is None:
            rows.append(Row("dropped", [("delete", old[i])], []))
        else:
            rows.append(_pair(old[i], new[j], respelled))
    quotes = []
    for i, j in _align(list(old_quotes), list(new_quotes), threshold=60):
        if i is not None and j is not None:
            row = _pair(old_quotes[i], new_quotes[j], respelled)
            if row.kind == "changed":
                quotes.append(row)
        elif j is not None:
            quotes.append(Row("inserted", [], [("insert", new_quotes[j])]))
        else:
            quotes.append(Row("dropped", [("delete", old_quotes[i])], []))
    return Comparison(headline, rows, quotes, list(respelled.items()))


def _align(old, new, *, threshold=SENTENCE_MATCH):
    """Monotonic alignment maximising fuzzy similarity: [(i or None, j or None)]."""
    if not old or not new:
        return [(i, None) for i in range(len(old))] + [
            (None, j) for j in range(len(new))
        ]
    old_forms, new_forms = [_normal(s) for s in old], [_normal(s) for s in new]
    scores = [[fuzz.ratio(a, b) for b in new_forms] for a in old_forms]
    n, m = len(old), len(new)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, above = best[i], best[i - 1]
        for j in range(1, m + 1):
            score = scores[i - 1][j - 1]
            diagonal = above[j - 1] + score if score >= threshold else -1
            row[j] = max(above[j], row[j - 1], diagonal)
    pairs, i, j = [], n, m
    while i > 0 and j > 0:
        score = scores[i - 1][j - 1]
        if score >= threshold and best[i][j] == best[i - 1][j - 1] + score:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    pairs.extend((k, None) for k in range(i - 1, -1, -1))
    pairs.extend((None, k) for k in range(j - 1, -1, -1))
    return pairs[::-1]


TOKEN = re.compile(r"\s+|[^\s]+")
POSSESSIVE = re.compile(r"['’]s$")


def _pair(old, new, respelled):
    """Word-level differences of two versions of one sentence."""
    if fold(old) == fold(new):
        return Row("same", [("equal", old)], [("equal", new)])
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(
        None, [fold(t) for t in a], [fold(t) for t in b], autojunk=False
    )
    old_parts, new_parts = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        was, now = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            old_parts.append(("equal", was))
            new_parts.append(("equal", now))
            continue
        if was:
            old_parts.append(("delete", was))
        if now:
            new_parts.append(("insert", now))
        if tag == "replace":
            _note_respelling(was, now, respelled)
    return Row("changed", _merged(old_parts), _merged(new_parts))


def _merged(parts):
    """Join runs of one tag split only by a space: <del>Azerbaijan Rejects</del>."""
    merged = []
    for index, (tag, text) in enumerate(parts):
        following = parts[index + 1][0] if index + 1 < len(parts) else None
        if (
            tag == "equal"
            and not text.strip()
            and merged
            and merged[-1][0] == following != "equal"
        ):
            tag = following
        if merged and merged[-1][0] == tag:
            merged[-1] = (tag, merged[-1][1] + text)
        else:
            merged.append((tag, text))
    return merged


def _note_respelling(was, now, respelled):
    for old_word, new_word in zip(was.split(), now.split(), strict=False):
        old_word, new_word = (
            POSSESSIVE.sub("", word.strip('.,;:“”"()')) for word in (old_word, new_word)
        )
        if (
            old_word[:1].isupper()
            and new_word[:1].isupper()
            and fold(old_word) != fold(new_word)
            and fuzz.ratio(fold(old_word), fold(new_word)) >= 70
        ):
            respelled[old_word] = new_word
