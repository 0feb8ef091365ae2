"""Cleaning: from raw text or HTML to a headline, byline, source and a story body.

Page furniture is recognised line by line. Lines that are furniture wherever they
stand (share buttons, comment prompts, "Advertisement", "Read also:" links, a
duplicated headline) go anywhere; lines that could also be a story sentence (an
author's bio, a plea to subscribe or follow, "Thank you!") go only from the tail of
the text, after the last line of the story. A trailing feed of other items is cut
only when its shape is unmistakable: separators or time stamps before each item.
Every removal is reported with its reason; every other line is kept verbatim.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

import trafilatura

from .budget import check
from .dates import find_dates
from .furniture import structural_pass
from .text import fold, is_html, normalize, words

HEADLINE_MAX_WORDS = 25


@dataclass(frozen=True)
class Removed:
    text: str
    reason: str


@dataclass
class Cleaned:
    headline: str | None
    byline: str | None
    source: str | None
    source_url: str | None
    body: str
    removed: list = field(default_factory=list)
    published: object = None  # a date, from a publication line or the page's metadata
    site: str | None = None  # the page's own site name or host (HTML only)
    page_url: str | None = None


# Patterns ---------------------------------------------------------------------

MEDIA_MARKER = re.compile(
    r"\s*(?:\[(?:photos?|videos?|gallery|infographic|audio)\]"
    r"|\((?:photos?|videos?)\)|\|\s*(?:photos?|videos?))\s*",
    re.IGNORECASE,
)
BYLINE = re.compile(
    r"^(?:By|BY)\s+(?P<names>[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3}"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3})*)"
    r"(?:\s*[,|–—-]\s*(?P<rest>.{0,60}))?$"
)
SOURCE_LINE = re.compile(
    r"^(?:(?:Original\s+)?Source|Originally\s+published\s+(?:by|at|in|on))\s*:?\s+(?P<source>\S.{0,200})$",
    re.IGNORECASE,
)
PUBLISHED_LINE = re.compile(
    r"^(?:Published|Posted|Updated|Date|Dated)(?:\s+on)?\s*:?\s*(?P<date>.{6,60})$",
    re.IGNORECASE,
)
URLISH = re.compile(
    r"^(?:https?://)?(?:www\.)?[a-z0-9\-]+(?:\.[a-z0-9\-]+)+(?:/\S*)?$", re.IGNORECASE
)

# Furniture wherever it stands.
COMMENT_PROMPT = re.compile(
    r"^(?:\d+\s+)?(?:comments?(?:\s*\(\d+\))?|leave an?\s+(?:comment|review|reply)"
    r"|write an?\s+(?:comment|review)|add an?\s+comment|post an?\s+comment"
    r"|(?:show|view|load|hide)\s+comments|reviews?|rate this\s+(?:article|story|post)"
    r"|join the\s+(?:discussion|conversation)|be the first to\s+(?:comment|review).*"
    r"|what do you think\??|tell us what you think.*|share your\s+(?:thoughts|opinion).*)"
    r"[\s.!:]*$",
    re.IGNORECASE,
)
ADVERT = re.compile(
    r"^(?:advertisement|sponsored(?:\s+content)?|promoted(?:\s+content)?"
    r"|scroll to continue(?:\s+with content)?|continue reading(?:\s+below)?"
    r"|story continues below(?:\s+advertisement)?)[\s.:]*$",
    re.IGNORECASE,
)
RELATED_LINK = re.compile(
    r"^(?:read\s+(?:also|more)|also\s+read|see\s+also|related(?:\s+(?:articles?|stories|news))?"
    r"|more\s+on\s+this|recommended)\s*[:：\-–—>»]\s*\S",
    re.IGNORECASE,
)
SHARE_WORDS = frozenset(
    """share this article story post on via tweet email e-mail print facebook twitter x
    telegram whatsapp linkedin copy link pinterest reddit vk messenger viber
    odnoklassniki click to opens in new window the url""".split()
)
SHARE_NETWORKS = frozenset(
    "share tweet facebook twitter telegram whatsapp linkedin pinterest reddit vk".split()
)
# Furniture only at the tail: each could be a sentence of some story.
FOLLOW_PLEA = re.compile(
    r"\b(?:follow|like|join|find)\s+(?:us|me|him|her|them|our\s+\w+|[A-Z][\w]+)\s+"
    r"(?:on|at|in|via)\s*:?\s+(?:twitter|x|facebook|telegram|instagram|youtube|linkedin"
    r"|whatsapp|tiktok|threads|bluesky|mastodon|google\s+news)\b|\bfollow\s+(?:us|me|him|her)\b",
    re.IGNORECASE,
)
SUBSCRIBE_PLEA = re.compile(
    r"\b(?:subscrib\w*|support\b[^.]{0,40}\bjournalism|donat(?:e|ion)s?"
    r"|become an?\s+(?:member|patron|supporter|subscriber)|sign up for\s+(?:our|the)\b"
    r"|newsletter|full digital access|do(?:es)?\s*n[o’']t cost much|for as little as"
    r"|on a monthly basis|thank(?:s| you) for reading|worth your attention"
    r"|serve you with (?:the )?news)",
    re.IGNORECASE,
)
THANKS = re.compile(
    r"^(?:thank you|thanks)(?:\s+for\s+(?:reading|your support|your attention))?[\s.!]*$",
    re.IGNORECASE,
)
AUTHOR_BIO = re.compile(
    r"^[A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){0,3}\s+is\s+(?:an?\s+|the\s+|our\s+)?"
    r"(?:[\w'’\-]+\s+){0,4}(?:journalist|correspondent|reporter|writer|editor|"
    r"contributor|columnist|author|freelancer)\b"
)
COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|all rights reserved", re.IGNORECASE)
HANDLE_ONLY = re.compile(r"^(?:[\w\s]{0,40}:?\s*)?@\w{2,}(?:\s+@\w{2,})*[\s.!]*$")
SEPARATOR = re.compile(r"^[\s\-–—_*•·=~#]+$")
TIMESTAMP = re.compile(
    r"^[\s\-–—•·]*(?:\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}:\d{2})"
    r"(?:[,\s]+(?:at\s+)?\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?)?[\s|]*$",
    re.IGNORECASE,
)


# Entry points -----------------------------------------------------------------


def clean(text, *, name=""):
    """Clean normalized text: HTML through the extractor, then the same line rules."""
    if is_html(text, name):
        return _clean_html(text)
    return _clean_lines(text.split("\n"))


def _clean_html(html):
    """Let trafilatura find the article; report the page's other blocks as removed."""
    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or not (document.text or "").strip():
        return _clean_lines([])
    text = normalize(document.text)
    cleaned = _clean_lines(text.split("\n"), title=document.title)
    if not cleaned.byline and document.author:
        cleaned.byline = document.author.strip()
    if document.date and cleaned.published is None:
        found = find_dates(document.date)
        cleaned.published = found[0].date if found and found[0].date else None
    cleaned.site = document.sitename or document.hostname
    cleaned.page_url = document.url
    cleaned.removed[:0] = _page_furniture(html, text)
    return cleaned


def _page_furniture(html, extracted):
    """Text blocks of the page that the extractor left out, for the editor to see."""
    tree = trafilatura.load_html(html)  # the extractor's own parse of the page
    if tree is None:
        return []
    for element in tree.xpath("//script|//style|//noscript|//template|//head"):
        element.drop_tree()
    kept = fold(" ".join(extracted.split()))
    blocks, seen = [], set()
    tags = "p|li|h1|h2|h3|h4|h5|h6|nav|footer|aside|header|figcaption|blockquote|td|div|span|a|button"
    for element in tree.iter(*tags.split("|")):
        if any(child.tag in tags.split("|") for child in element.iterdescendants()):
            continue
        block = " ".join(element.text_content().split())
        key = fold(block)
        if not block or key in seen or key in kept:
            continue
        seen.add(key)
        blocks.append(
            Removed(
                block,
                "page furniture outside the article (menus, buttons, footer), "
                "left out by the HTML extractor",
            )
        )
    return blocks[:50]


# Lines ------------------------------------------------------------------------


def _clean_lines(raw_lines, *, title=None):
    lines = [line.rstrip() for line in raw_lines]
    keep = [bool(line.strip()) for line in lines]
    removed = {}  # line index -> reason
    markers = []  # media markers taken out of the headline
    result = Cleaned(headline=None, byline=None, source=None, source_url=None, body="")

    filled = [index for index, line in enumerate(lines) if line.strip()]
    if not filled:
        return result

    # Headline: the page's title, or a first line that reads as one.
    first = filled[0]
    if title:
        result.headline = _headline_strip(title, markers)
        if _same(lines[first], title):
            removed[first] = "the headline, repeated as the first line of the text"
    elif _is_headline(lines[first]):
        result.headline = _headline_strip(lines[first].strip(), markers)
        removed[first] = None  # the headline moves to its field, not a removal
    if result.headline:
        for index in filled:
            if (
                index not in removed
                and len(lines[index]) < len(result.headline) + 40
                and _same(MEDIA_MARKER.sub(" ", lines[index]), result.headline)
            ):
                removed[index] = "duplicated headline line"

    # Byline, source and publication lines near the top or the bottom.
    top = set(filled[:6])
    edges = [i for i in filled[:6] + filled[-4:] if i not in removed]
    for index in dict.fromkeys(edges):
        line = lines[index].strip()
        if match := BYLINE.match(line):
            if result.byline is None and len(line) <= 120:
                result.byline = match.group("names").strip()
                removed[index] = "byline, moved to the byline field"
        elif match := SOURCE_LINE.match(line):
            if result.source is None:
                result.source = match.group("source").strip()
                result.source_url = _source_url(result.source)
                removed[index] = "source line, moved to the original URL"
        elif (match := PUBLISHED_LINE.match(line)) or (
            index in top and _is_date_line(line)
        ):
            found = find_dates(match.group("date") if match else line)
            if result.published is None and found and found[0].date:
                result.published = found[0].date
                removed[index] = "publication date line, moved to the publication date"

    # Furniture wherever it stands.
    for index in filled:
        if index in removed:
            continue
        reason = _furniture_reason(lines[index].strip())
        if reason:
            removed[index] = reason

    # The tail: feeds, closing blocks after a rule, and pleas, until a story line.
    _tail_strip(lines, filled, removed)

    # Furniture by the shape of the line, wherever it stands (furniture.py).
    structural_pass(lines, filled, removed)

    result.removed = markers + [
        Removed(lines[index].strip(), reason)
        for index, reason in sorted(removed.items())
        if reason
    ]
    kept_lines = [
        (line if index not in removed and keep[index] else "")
        for index, line in enumerate(lines)
    ]
    result.body = _paragraphs(kept_lines, blank_separated=_blank_separated(lines))
    return result


def _is_headline(line):
    line = line.strip()
    count = len(words(line))
    if not count or count > HEADLINE_MAX_WORDS or len(line) > 250:
        return False
    if BYLINE.match(line) or SOURCE_LINE.match(line):
        return False
    if re.search(r"[.,;:]$", MEDIA_MARKER.sub("", line)):
        return False
    # One sentence: no full stop followed by another capitalised sentence.
    return not re.search(r"[a-z/)\]]{2}[.!?]\s+[A-Z][a-z]", line)


def _headline_strip(headline, markers):
    for marker in MEDIA_MARKER.finditer(headline):
        markers.append(
            Removed(
                marker.group(0).strip(),
                "media marker in the headline; no photo or video came with the text",
            )
        )
    return " ".join(MEDIA_MARKER.sub(" ", headline).split())


def _same(a, b):
    return fold(" ".join(a.split())) == fold(" ".join(b.split()))


def _is_date_line(line):
    if len(words(line)) > 8:
        return False
    found = find_dates(line)
    return bool(found) and found[0].date is not None and found[0].explicit_year


def _source_url(source):
    candidate = source.split()[0].rstrip(".,;)")
    if not URLISH.match(candidate):
        return None
    if not candidate.lower().startswith(("http://", "https://")):
        candidate = "https://" + candidate
    if candidate.count("/") == 2:
        candidate += "/"
    return candidate


def _furniture_reason(line):
    if len(line) > 300:
        return None  # furniture is short; a story paragraph is not worth the patterns
    if COMMENT_PROMPT.match(line):
        return "comment or review prompt"
    if ADVERT.match(line):
        return "advertisement marker"
    if RELATED_LINK.match(line) and len(words(line)) <= 30:
        return "link to another story"
    if _is_share_widget(line):
        return "share buttons"
    return None


@lru_cache(maxsize=4096)
def _tail_reason(line):
    # Cached: the tail is read again after each block it sheds, and a feed repeats.
    if len(line) > 400:
        return None
    if reason := _furniture_reason(line):
        return reason
    if SEPARATOR.match(line):
        return "separator"
    if AUTHOR_BIO.match(line):
        return "author's bio line"
    if FOLLOW_PLEA.search(line) or HANDLE_ONLY.match(line):
        return "plea to follow the outlet or author"
    if SUBSCRIBE_PLEA.search(line):
        return "subscription or support plea"
    if THANKS.match(line):
        return "closing thanks to the reader"
    if COPYRIGHT.search(line) and len(words(line)) <= 20:
        return "copyright line"
    return None


def _is_share_widget(line):
    tokens = re.findall(r"[a-z][a-z\-]*", fold(line))
    if not tokens or len(tokens) > 16:
        return False
    return set(tokens) <= SHARE_WORDS and bool(set(tokens) & SHARE_NETWORKS)


def _tail_strip(lines, filled, removed):
    """Remove the tail's furniture: a trailing feed, a closing block, then pleas."""
    story = [index for index in filled if index not in removed]
    changed = True
    while changed and story:
        check("cleaning the tail")
        changed = False
        # Pleas, prompts and bios, from the last line up to the last story line.
        while story and (reason := _tail_reason(lines[story[-1]].strip())):
            removed[story.pop()] = reason
            changed = True
        feed = _feed_start(lines, story)
        if feed is not None:
            _feed_remove(lines, story[feed:], removed)
            del story[feed:]
            changed = True
        block = _closing_block_start(lines, story)
        if block is not None:
            for index in story[block:]:
                removed[index] = (
                    _tail_reason(lines[index].strip())
                    or "closing block after the rule, among the outlet's pleas"
                )
            del story[block:]
            changed = True


def _is_marker(line):
    return bool(SEPARATOR.match(line) or TIMESTAMP.match(line))


def _is_label(line):
    """A section label over a feed: "Politics", "Most read", "Latest news"."""
    tokens = line.split()
    return (
        0 < len(tokens) <= 3
        and tokens[0][0].isupper()
        and not re.search(r"[.!?,;:\"”]$", line)
    )


def _feed_start(lines, story):
    """Where a trailing feed of other items begins in `story`, if the tail is one.

    A feed is a run of items each introduced by a separator or a time stamp line,
    optionally headed by a short section label ("Politics"). It must have at least
    two markers and leave a story before it.

    Read once from the last line up: below its first line and the item after, a
    feed holds only markers, lines right after a marker and the outlet's pleas, so
    the first line that is none of these (from the bottom) ends the search.
    """
    count = len(story)
    if count < 2:
        return None
    # Only the lines read are kept (by position): the tail is often a few lines.
    text, marker = {}, {}
    for position in (count - 1, count - 2):
        text[position] = lines[story[position]].strip()
        marker[position] = _is_marker(text[position])
    markers = marker[count - 1]
    start = None
    for position in range(count - 2, 0, -1):
        if position < count - 2:
            text[position] = lines[story[position]].strip()
            marker[position] = _is_marker(text[position])
            after = position + 2  # the first line whose place in the feed is fixed
            if not (marker[after] or marker[after - 1] or _tail_reason(text[after])):
                break
        markers += marker[position]
        if markers >= 2 and (marker[position] or _is_label(text[position])):
            start = position
    return start


def _feed_remove(lines, indexes, removed):
    label = lines[indexes[0]].strip()
    section = f" “{label}”" if _is_label(label) and not _is_marker(label) else ""
    for index in indexes:
        text = lines[index].strip()
        if text == label and section:
            reason = "section label of a trailing feed of other stories"
        elif _is_marker(text):
            reason = f"separator or time stamp of the trailing feed{section}"
        else:
            reason = _tail_reason(text) or (
                f"item of the trailing feed{section}: another story, not this one"
            )
        removed[index] = reason


def _closing_block_start(lines, story):
    """A rule line near the end after which the lines are mostly the outlet's pleas."""
    for position in range(len(story) - 1, max(0, len(story) - 15), -1):
        if not SEPARATOR.match(lines[story[position]].strip()):
            continue
        after = [lines[index].strip() for index in story[position + 1 :]]
        if not after:
            return position
        furniture = sum(1 for line in after if _tail_reason(line))
        if furniture / len(after) >= 0.6 and all(
            len(words(line)) <= 40 for line in after
        ):
            return position
    return None


def _blank_separated(lines):
    inner = [line for line in lines[1:-1]]
    return any(not line.strip() for line in inner) and sum(
        1 for line in inner if not line.strip()
    ) >= max(1, len([line for line in inner if line.strip()]) // 4)


def _paragraphs(lines, *, blank_separated):
    """Kept lines as paragraphs separated by one blank line.

    Text whose paragraphs are separated by blank lines keeps them, joining lines
    that were wrapped inside a paragraph; text with one paragraph per line (most
    copied pages) makes each line a paragraph.
    """
    paragraphs, current = [], []
    for line in lines:
        text = line.strip()
        if not text:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if not blank_separated:
            paragraphs.append(text)
            continue
        current.append(text)
        if re.search(r"[.!?:\"”)]$", text):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)
