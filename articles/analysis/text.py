"""Text primitives the pipeline shares: decoding, words, sentences and quotation marks.

Everything here works on plain strings and character offsets; nothing changes the
length of a text it is asked to search, so offsets found in a derived form (lower
case, masked quotes) are offsets into the original.
"""

import bisect
import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate


class InputError(Exception):
    """A file the desk cannot analyze; the message is one line an editor can act on."""


# Decoding ----------------------------------------------------------------------

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
HTML_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)
HTML_SNIFF = re.compile(
    r"\A\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<article\b|<div\b|<p\b)",
    re.IGNORECASE,
)


def decode(data, *, name="", max_bytes=None):
    """Return the text of a raw file, or raise InputError saying why it is refused.

    UTF-8 is expected. A byte-order mark is honoured (UTF-8 or UTF-16), and an HTML
    page that declares its charset is read in that charset: both say what they are.
    Any other bytes are refused rather than guessed at, because a wrong guess
    (Windows-1252 reads anything) turns names into mojibake that nobody notices.
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(
            f"too large: {len(data):,} bytes, over the {max_bytes:,}-byte limit"
        )
    if not data.strip():
        raise InputError("empty: there is no text in it")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"not valid {encoding} after its byte-order mark: {exc.reason}"
                ) from None
    if b"\x00" in data:
        raise InputError("binary: it contains NUL bytes, so it is not a text file")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        declared = _declared_charset(data) if is_html_bytes(data, name) else None
        if declared:
            try:
                return _checked(data.decode(declared))
            except UnicodeDecodeError:
                pass
        raise InputError(
            f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} "
            "cannot be decoded; save the file as UTF-8"
        ) from None


def _checked(text):
    if not text.strip():
        raise InputError("empty: there is no text in it")
    controls = sum(
        1
        for char in text[:4000]
        if unicodedata.category(char) == "Cc" and char not in "\n\r\t\f"
    )
    if controls > 8:
        raise InputError("binary: it is full of control characters, not text")
    return text


def _declared_charset(data):
    match = HTML_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def is_html_bytes(data, name=""):
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    return bool(HTML_SNIFF.match(data[:2048].decode("utf-8", "ignore")))


def is_html(text, name=""):
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    return bool(HTML_SNIFF.match(text[:2048]))


def normalize(text):
    """The canonical form of raw input: NFC, `\n` line breaks, no outer blank space.

    Its SHA-256 is an article's content hash, so the same file saved on Windows or
    with a trailing newline is still one story.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return text.strip()


# Words -----------------------------------------------------------------------

WORD = re.compile(r"[^\W_](?:[\w'’\-.]*[^\W_])?")

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because
    been before being below between both but by can could did do does doing down during
    each few for from further had has have having he her here hers herself him himself
    his how i if in into is it its itself just me more most my myself no nor not now of
    off on once only or other our ours ourselves out over own same she should so some
    such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom
    why will with would you your yours yourself yourselves said says say told tell
    according amid among upon within without since still even yet however also mr mrs ms
    one two three new last first year years week month months day days time may might
    must shall would""".split()
)
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
NOT_CONTENT = STOPWORDS | set(MONTHS) | set(WEEKDAYS)


def fold(text):
    """Lower case with apostrophes unified, same length as `text` (offsets survive)."""
    # Chained replace() is many times faster than str.translate with a mapping.
    unified = (
        text.replace("’", "'")
        .replace("‘", "'")
        .replace("ʼ", "'")
        .replace("\u00a0", " ")
    )
    folded = unified.lower()
    if len(folded) == len(text):
        return folded
    # A few characters grow when lowered (Turkish İ): lower them one by one instead.
    return "".join(low if len(low := char.lower()) == 1 else char for char in unified)


def words(text):
    return WORD.findall(text)


LOWER_WORD = re.compile(r"([^\W\d_](?:[\w'\-]*\w)?)")


@lru_cache(maxsize=64)
def tokens(text):
    """(start, end, lower-case word) of every word of `text`, apostrophes unified.

    Many rules ask "is one of these words here?"; a set look-up per token is far
    cheaper than a regular expression of many alternatives run at every position.
    Built with split() and running lengths, which stay in C, not a loop of matches.
    """
    parts = LOWER_WORD.split(fold(text))  # separator, word, separator, ..., separator
    ends = list(accumulate(map(len, parts)))
    return tuple(zip(ends[0::2][:-1], ends[1::2], parts[1::2], strict=True))


@lru_cache(maxsize=65536)
def stem(word):
    """A crude English stem, enough to see `rejects` and `rejection` as one subject."""
    word = fold(word).strip("'.-")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in (
        "ations",
        "ation",
        "ings",
        "ing",
        "ions",
        "ion",
        "ies",
        "ed",
        "es",
        "s",
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=64)
def _token_starts(text):
    return [token[0] for token in tokens(text)]


def tokens_between(text, start, end, limit=None):
    """The tokens of `text` that begin in [start, end), the first `limit` of them."""
    starts = _token_starts(text)
    low = bisect.bisect_left(starts, start)
    high = bisect.bisect_left(starts, end)
    return tokens(text)[low : high if limit is None else min(high, low + limit)]


@lru_cache(maxsize=256)
def content_words(text):
    """Lower-case words that carry the subject: no stop words, months or numbers."""
    return content_words_of(word for _s, _e, word in tokens(text))


def content_words_of(lower_words):
    return frozenset(
        stem(word) for word in lower_words if len(word) > 2 and word not in NOT_CONTENT
    )


# Paragraphs and sentences -----------------------------------------------------

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@lru_cache(maxsize=64)
def paragraph_spans(body):
    """(start, end) of each paragraph of a body whose paragraphs are blank-line separated."""
    spans, start = [], 0
    for match in PARAGRAPH_BREAK.finditer(body):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(body)))
    return tuple(spans)


# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep st jr sr no vs etc
    e.g i.e inc ltd co corp dept est approx jan feb mar apr jun jul aug sep sept oct nov
    dec u.s u.k u.n e.u d.c u.s.a p.m a.m""".split()
)
# ...unless the next word is one of these, which start sentences, not names.
SENTENCE_STARTERS = frozenset(
    """the a an in on at it he she they we this that these those but and however after
    before during as according following meanwhile moreover also so his her their its
    there while when although yet since for if""".split()
)
SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")


@lru_cache(maxsize=1024)
def sentence_spans(text, start=0, end=None):
    """(start, end) of each sentence of text[start:end], never splitting inside a quote.

    Quotation interiors are masked first, so a three-sentence quote followed by
    `he said` is one unit: that is the unit an attribution belongs to.
    """
    end = len(text) if end is None else end
    masked = mask_quotes(text[start:end])
    spans, cursor = [], 0
    for match in SENTENCE_END.finditer(masked):
        stop = match.end()
        if _abbreviation_before(masked, match.start(), stop):
            continue
        if masked[cursor:stop].strip():
            spans.append(_trim(text, start + cursor, start + stop))
        cursor = stop
    if masked[cursor:].strip():
        spans.append(_trim(text, start + cursor, end))
    return tuple(spans)


def _abbreviation_before(masked, dot, stop):
    if masked[dot] != ".":
        return False
    head = WORD_BEFORE_DOT.search(masked[max(0, dot - 24) : dot])
    if not head:
        return False
    token = head.group(1).lower()
    if token not in ABBREVIATIONS and not (len(token) == 1 and token.isalpha()):
        return False
    # Matched in place: a slice from `stop` would copy the rest of the text each time.
    following = WORD_AFTER_DOT.match(masked, stop)
    return not (following and following.group(1).lower() in SENTENCE_STARTERS)


WORD_BEFORE_DOT = re.compile(r"([\w.]+)\Z")
WORD_AFTER_DOT = re.compile(r"\s+[\"“‘(\[]?([A-Za-z]+)")


class SpanIndex:
    """Spans sorted once, so whether a span overlaps one of them, or a position falls
    inside one, is a binary search rather than a scan of them all."""

    def __init__(self, spans):
        spans = sorted(spans)
        self.starts = [start for start, _end in spans]
        self.reach = list(accumulate((end for _start, end in spans), max))

    def overlaps(self, start, end):
        index = bisect.bisect_left(self.starts, end)  # the spans starting before `end`
        return index > 0 and self.reach[index - 1] > start

    def covers(self, position):
        index = bisect.bisect_right(self.starts, position)
        return index > 0 and self.reach[index - 1] > position


def last_visible(text, end, start=0):
    """The last character of text[start:end] that is not blank, or "": found by a
    step back over the blanks, where `text[start:end].rstrip()[-1:]` copies it all."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return text[end - 1] if end > start else ""


def _trim(text, start, end):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# Quotation marks --------------------------------------------------------------

# Double quotation marks only: ’ is an apostrophe far more often than a quote.
QUOTE_MARKS = '"“”„«»'
QUOTE_MARK = re.compile(f"[{QUOTE_MARKS}]")
NOT_SPACE = re.compile(r"\S")


@dataclass(frozen=True)
class QuoteSpan:
    open: int  # offset of the opening mark
    close: int  # offset of the closing mark
    start: int  # the quoted words, trimmed
    end: int


@lru_cache(maxsize=256)
def quote_spans(text, start=0, end=None):
    """Pairs of quotation marks in text[start:end], paired in order within each paragraph.

    Marks are paired as they come, whatever their direction, because copied text
    often has them wrong (`continues” to help ... Armenia”`). A mark left without a
    partner at the end of a paragraph is ignored.
    """
    end = len(text) if end is None else end
    if "\u2018" in text and not QUOTE_MARK.search(text):
        return _single_quote_spans(text, start, end)
    spans = []
    for p_start, p_end in paragraph_spans(text[start:end]):
        opening = None
        for mark in QUOTE_MARK.finditer(text, start + p_start, start + p_end):
            index = mark.start()
            if opening is None:
                opening = index
                continue
            q_start, q_end = _trim(text, opening + 1, index)
            while q_end > q_start and text[q_end - 1] in ",;:":
                q_end -= 1
            if q_end > q_start:
                spans.append(QuoteSpan(opening, index, q_start, q_end))
            opening = None
    return tuple(spans)


def _single_quote_spans(text, start, end):
    """‘Single’ quotation marks, in a text that uses no double ones (British style).

    An opening ‘ starts a word; the closing ’ is the first one before the next
    opening that punctuation or the paragraph's end follows, else the first one
    a space follows: “journalists’ freedom and safety’.” closes after “safety”.
    """
    spans = []
    for p_start, p_end in paragraph_spans(text[start:end]):
        p_start, p_end = start + p_start, start + p_end
        openings = [
            m.start()
            for m in re.finditer("\u2018", text[p_start:p_end])
            if m.start() == 0 or not text[p_start + m.start() - 1].isalnum()
        ]
        openings = [p_start + o for o in openings]
        for number, opening in enumerate(openings):
            limit = openings[number + 1] if number + 1 < len(openings) else p_end
            closings = [
                opening + 1 + m.start()
                for m in re.finditer("\u2019", text[opening + 1 : limit])
            ]
            closings = [
                c for c in closings if c + 1 >= p_end or not text[c + 1].isalnum()
            ]
            firm = [c for c in closings if c + 1 >= p_end or not text[c + 1].isspace()]
            close = (firm or closings or [None])[0]
            if close is None:
                continue
            q_start, q_end = _trim(text, opening + 1, close)
            while q_end > q_start and text[q_end - 1] in ",;:":
                q_end -= 1
            if q_end > q_start:
                spans.append(QuoteSpan(opening, close, q_start, q_end))
    return tuple(spans)


@lru_cache(maxsize=256)
def mask_quotes(text):
    """`text` with every quoted passage's letters replaced, marks and length kept."""
    spans = quote_spans(text)
    if not spans:
        return text
    pieces, cursor = [], 0
    for span in spans:
        # A stop just inside the closing mark still ends the sentence around it.
        last = span.close - 1 if text[span.close - 1] in ".!?…" else span.close
        pieces.append(text[cursor : span.open + 1])
        pieces.append(NOT_SPACE.sub("x", text[span.open + 1 : last]))
        cursor = last
    pieces.append(text[cursor:])
    return "".join(pieces)
