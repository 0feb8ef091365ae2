"""Decoding raw files, and the sentence and quotation splitting everything builds on."""

import codecs

import pytest

from articles.analysis.text import (
    InputError,
    SpanIndex,
    decode,
    last_visible,
    normalize,
    quote_spans,
    sentence_spans,
    tokens,
)


def test_utf8_text_is_decoded():
    assert decode("Baku said “no”.".encode()) == "Baku said “no”."


def test_byte_order_marks_say_what_the_text_is():
    text = "Yerevan’s reply"
    assert decode(codecs.BOM_UTF8 + text.encode()) == text
    assert decode(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\t \n", "empty"),
        (b"Baku\x00\x01\x02 said", "binary"),
        ("Café au lait".encode("latin-1"), "not UTF-8: byte 0xe9 at offset 3"),
    ],
)
def test_bad_input_is_refused_with_a_reason(data, message):
    with pytest.raises(InputError, match=message):
        decode(data)


def test_control_characters_read_as_binary():
    with pytest.raises(InputError, match="binary"):
        decode(bytes(range(1, 31)) * 5)


def test_size_limit_is_checked_first():
    with pytest.raises(InputError, match="too large: 11 bytes, over the 10-byte limit"):
        decode(b"x" * 11, max_bytes=10)


def test_an_html_page_is_read_in_the_charset_it_declares():
    page = '<html><head><meta charset="windows-1251"></head><body><p>Ереван</p></body></html>'
    assert "Ереван" in decode(page.encode("windows-1251"), name="page.html")


def test_plain_text_in_another_charset_is_not_guessed():
    with pytest.raises(InputError, match="not UTF-8"):
        decode("Ереван".encode("windows-1251"), name="page.txt")


def test_normalize_unifies_line_breaks_and_outer_space():
    assert normalize("  Title\r\nBody\rmore\n\n") == "Title\nBody\nmore"


def test_sentences_do_not_split_after_abbreviations_or_inside_quotes():
    text = (
        'The U.S. and the EU agreed. He said, "We met. We agreed." Then he left. '
        "They met in Washington, D.C. The talks ended."
    )
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    assert sentences == [
        "The U.S. and the EU agreed.",
        'He said, "We met. We agreed."',
        "Then he left.",
        "They met in Washington, D.C.",
        "The talks ended.",
    ]


def test_quotes_pair_marks_in_order_whatever_their_direction():
    text = "Washington continues” to help peace talks” during a briefing."
    (span,) = quote_spans(text)
    assert text[span.start : span.end] == "to help peace talks"


def test_a_quote_never_spans_two_paragraphs():
    text = "He said “yes.\n\nThen “no” came."
    assert [text[q.start : q.end] for q in quote_spans(text)] == ["no"]


def test_tokens_are_lower_case_words_with_offsets():
    text = "O’Brien’s U.S. visit"
    assert tokens(text) == (
        (0, 9, "o'brien's"),
        (10, 11, "u"),
        (12, 13, "s"),
        (15, 20, "visit"),
    )


def test_a_span_index_answers_overlap_and_cover_like_a_scan():
    spans = [(10, 20), (0, 50), (30, 35), (60, 61)]
    index = SpanIndex(spans)
    for start in range(0, 70):
        assert index.covers(start) == any(s <= start < e for s, e in spans)
        for end in range(start + 1, 72, 3):
            assert index.overlaps(start, end) == any(
                s < end and start < e for s, e in spans
            )


def test_the_last_visible_character_skips_blanks_within_bounds():
    assert last_visible("Baku said,  \n ", 14) == ","
    assert last_visible("   x", 3) == ""
    assert last_visible("ab   ", 5, start=2) == ""
