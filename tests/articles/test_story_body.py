"""The reader's story body: confirmed flags numbered in place, notes after paragraphs."""

from types import SimpleNamespace

from articles.site.story_body import body_with_public_flags


def flag(body, text, kind="loaded_language", occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = body.index(text, start + 1)
    return SimpleNamespace(start=start, end=start + len(text), kind=kind)


def test_paragraphs_keep_line_breaks_and_escape_text():
    paragraphs = body_with_public_flags("A <b>\nB\n\nC & D", [])
    assert [p.html for p in paragraphs] == ["A &lt;b&gt;<br>B", "C &amp; D"]


def test_flags_are_marked_and_numbered_in_reading_order():
    body = "One so-called claim.\n\nTwo made-up words and a so-called fact."
    flags = [
        flag(body, "so-called", occurrence=1),
        flag(body, "made-up"),
        flag(body, "so-called"),
    ]
    first, second = body_with_public_flags(body, flags)
    assert first.html == (
        'One <mark class="flag flag-loaded_language">so-called</mark>'
        '<sup class="flag-ref"><a href="#flag-1"><span class="visually-hidden">flag '
        "</span>1</a></sup> claim."
    )
    assert [item.number for item in first.flags] == [1]
    assert [item.number for item in second.flags] == [2, 3]
    assert second.html.index('href="#flag-2"') < second.html.index('href="#flag-3"')


def test_a_flag_across_paragraphs_is_marked_in_each_and_noted_where_it_ends():
    body = "First part\n\nsecond part."
    spanning = SimpleNamespace(start=6, end=18, kind="off_topic")
    first, second = body_with_public_flags(body, [spanning])
    assert '<mark class="flag flag-off_topic">part</mark>' in first.html
    assert "flag-ref" not in first.html and first.flags == []
    assert '<mark class="flag flag-off_topic">second</mark>' in second.html
    assert [item.number for item in second.flags] == [1]


def test_an_overlapping_flag_keeps_its_note_but_is_not_marked():
    body = "A so-called made-up claim."
    outer = SimpleNamespace(start=2, end=19, kind="loaded_language")
    inner = SimpleNamespace(start=12, end=19, kind="unattributed_claim")
    (paragraph,) = body_with_public_flags(body, [outer, inner])
    assert paragraph.html.count("<mark") == 1
    assert [item.flag for item in paragraph.flags] == [outer, inner]
