"""Article or not, from the page itself: what a site without a profile needs.

List, index, tag, search and calendar pages pass through trafilatura as text too. What gives
them away is their items: lines that start with a headline-sized link to another page (after
a bullet or a date), between which no long prose runs. An article may carry link lists too
(ads, "more news" boxes), but its body is one long run of prose; those lines are dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import SplitResult, urljoin, urlsplit

from lxml import html as lxml_html

from .han import han_count, sentence_sized
from .markup import Markup

_WS = re.compile(r"\s+")
# Bullets, separators and a date that list items put before their link title.
_ITEM_PREFIX = re.compile(
    r"^[\s\-·•*>|»\[\]]*(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)?[\s\-·•*>|»\[\]]*"
)
_LIST_MARKS = ("- ", "· ", "• ", "* ")  # a list's entry, as trafilatura writes one
ENTRY_DATE = re.compile(r"(?:\d{4}[-/.])?\d{1,2}[-/.]\d{1,2}\s*$")  # "…签署东06-14"
_FOUR_DIGITS = re.compile(r"\d{4}")
_ROW_DATE = re.compile(r"[(\[（]?\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?[)\]）]?")

MIN_LINK_TEXT = 6  # shorter anchors ("Home", "更多") say nothing about a line
MAX_HEADLINE_HAN, MAX_HEADLINE_WORDS = 60, 25  # longer anchors are linked paragraphs
MIN_ITEMS = 2  # this many item lines may make a list …
MIN_BODY = 200  # … unless a prose run this long (characters) stands between them …
ITEM_SHARE, BODY_SHARE = 0.3, 0.6  # … and, where items are this common, holds most text
LONG_RUN = 1200  # a prose run this long (characters) between links is an article's body
SECTION_PROSE = 350  # characters of prose per item link: a page of linked sections
FIT_GRID = {"LONG_RUN": (600, 900, 1200, 2000), "MIN_BODY": (150, 200, 300)}
# Links to files are attachments of an article, never items of a list.
_NOT_A_PAGE = re.compile(
    r"^(?:#|javascript:|mailto:|tel:)|\.(?:pdf|docx?|xlsx?|pptx?|zip|rar|7z|jpe?g|png|gif)$", re.I
)


@lru_cache(maxsize=4096)
def resolve(page_url: str, href: str) -> tuple[str, SplitResult] | None:
    """The link's absolute URL and its parts, or None for a malformed one (http://x.[y/).
    Cached: link_texts and page_signals' child_links read the same links of a page."""
    try:
        target = urljoin(page_url, href)
        return target, urlsplit(target)
    except ValueError:
        return None


def link_texts(tree: lxml_html.HtmlElement, page_url: str | None = None) -> set[str]:
    """The texts of the page's headline-sized links to other pages of the same site."""
    try:
        host = urlsplit(page_url or "").hostname
    except ValueError:
        host = None
    texts = set()
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or _NOT_A_PAGE.search(href.split("?")[0]):
            continue
        text = _WS.sub(" ", anchor.text_content()).strip().lstrip("·•-* ")
        if len(text) < MIN_LINK_TEXT or not _headline_sized(text):
            continue  # before resolving the link: most anchors are menu words or icons
        if (resolved := resolve(page_url or "", href)) is None:
            continue  # a malformed link is skipped, never fatal
        target, parts = resolved
        if host and (parts.hostname != host or target == page_url):
            continue
        texts.add(text)
    return texts


def _headline_sized(text: str) -> bool:
    han = han_count(text)
    if han > len(text) / 3:
        return han <= MAX_HEADLINE_HAN
    return len(text.split()) <= MAX_HEADLINE_WORDS


_SENTENCE_END = re.compile(r"[。！？!?]|\.(?:\s|$)")


FOOTER = re.compile(r"\s*(?:©|\(c\)\s|copyright\b|版权所有|版權所有)", re.I)


def _has_prose(lines: list[str]) -> bool:
    """Some running text: a sentence-sized line or table cell (old layout-table pages put
    articles in cells), or short lines that together read as sentences (pages that break
    paragraphs with <br>); navigation words in a row have no sentence ends. A copyright
    footer is never an article's prose, however long."""
    lines = [line for line in lines if not FOOTER.match(line)]
    pieces = [cell for line in lines for cell in line.split("|")]
    if any(sentence_sized(piece) for piece in pieces):
        return True
    outside = " ".join(line for line in lines if not line.startswith("|"))
    return sentence_sized(outside) and bool(_SENTENCE_END.search(outside))


def _item_links(lines: list[str], anchors: set[str]) -> tuple[tuple[str | None, ...], int]:
    """(for each line, the link text it opens with (after a bullet or date), if any; how many
    items the lines hold, a link text repeated counting once). A line that goes on with a
    sentence after its link ("Yosemite Falls, a combination of …, has a total height of 2,425
    feet.") is prose with a linked name, not an item. A line made of nothing but link + date
    rows (a list's cell flattened into one line) is an item line holding each of its rows.

    `process` asks twice for the same lines and links (classify_lines, then text_shape): the
    last answer is kept, not worked out again."""
    return _item_links_of(tuple(lines), frozenset(anchors))


@lru_cache(maxsize=1)
def _item_links_of(
    lines: tuple[str, ...], anchors: frozenset[str]
) -> tuple[tuple[str | None, ...], int]:
    by_length = sorted(anchors, key=len, reverse=True)
    # The anchors a line can open with, by their first character, longest first as in
    # by_length: a page's hundreds of anchors are not all tried on every line. (An empty
    # anchor opens every line but counts as no link, as it did.)
    by_first: dict[str, list[str]] = {}
    for anchor in by_length:
        by_first.setdefault(anchor[:1], []).append(anchor)
    found, items, seen = [], 0, set()
    for line in lines:
        bare = _ITEM_PREFIX.sub("", line)
        link = next((a for a in by_first.get(bare[:1], ()) if bare.startswith(a)), None)
        if link and not sentence_sized(bare[len(link) :]):
            found.append(link)
            # One link text on several lines ("View Webcam", "Read more") is a button under
            # each block, not a page the list names: it counts as one item.
            items += link not in seen
            seen.add(link)
        elif rows := _rows(line, by_length):
            found.append(line)
            items += rows
        else:
            found.append(None)
    return tuple(found), items


def _rows(line: str, by_length: list[str]) -> int:
    """How many link + date rows a line is made of, or 0 when it has more than those (a
    sentence besides its links and dates, or fewer than MIN_ITEMS of each)."""
    if not _four_digits_twice(line) or len(_ROW_DATE.findall(line)) < MIN_ITEMS:
        return 0  # most lines, and cheaper than looking for every anchor in them
    rest, links = line, 0
    for anchor in by_length:
        if anchor in rest:
            links += rest.count(anchor)
            rest = rest.replace(anchor, " ")
    if links < MIN_ITEMS or len(_ROW_DATE.findall(rest)) < MIN_ITEMS:
        return 0
    return 0 if sentence_sized(_ROW_DATE.sub(" ", rest)) else links


def _four_digits_twice(line: str) -> bool:
    """Whether two _ROW_DATE matches could fit: each starts a year, so two disjoint runs of
    four digits (found at a third of the cost of looking for the dates themselves)."""
    first = _FOUR_DIGITS.search(line)
    return first is not None and _FOUR_DIGITS.search(line, first.end()) is not None


def _prose_runs(lines: list[str], item_links: list[str | None]) -> list[int]:
    """Characters of text between item lines."""
    runs, run = [], 0
    for line, link in zip(lines, item_links, strict=True):
        if link:
            runs.append(run)
            run = 0
        else:
            run += len(line)
    runs.append(run)
    return runs


def _drop_link_lines(lines: list[str], item_links: list[str | None]) -> list[str]:
    """An article inside link lists: drop the lines that are nothing but a link (and date),
    and a list's entry between two of them that is no sentence (the page's own headline in
    a sidebar of the latest: a link to itself, which link_texts leaves out)."""
    dropped = [
        bool(link) and len(_ITEM_PREFIX.sub("", line)) <= len(link) + 20
        for line, link in zip(lines, item_links, strict=True)
    ]
    for at, line in enumerate(lines):
        if not line.startswith(_LIST_MARKS) or sentence_sized(line.lstrip("-·•* ")):
            continue
        before = at > 0 and bool(item_links[at - 1])
        after = at + 1 < len(lines) and bool(item_links[at + 1])
        # Between two items; or beside one, dated as they are, or last of the text.
        if (before and after) or (
            (before or after) and (ENTRY_DATE.search(line) or at == len(lines) - 1)
        ):
            dropped[at] = True
    return [line for line, drop in zip(lines, dropped, strict=True) if not drop]


def classify_lines(
    lines: list[str], anchors: set[str], markup: Markup | None = None
) -> tuple[str | None, list[str]]:
    """(why this is not an article, or None; the lines to keep when it is one).

    A page is rejected only on combined evidence: no long prose run, no article markup, and
    item lines or no prose at all. An article among link lists keeps its prose; links that
    each head a paragraph of their own are a page's sections (a hub page), not a list.
    """
    markup = markup or Markup()
    item_links, items = _item_links(lines, anchors)
    runs = _prose_runs(lines, item_links)
    longest, rest = max(runs), sum(runs)
    crowded = items >= ITEM_SHARE * len(lines)
    marked = (markup.article or markup.record) and not markup.listing
    if longest >= LONG_RUN or (marked and longest >= MIN_BODY):
        return None, _drop_link_lines(lines, item_links) if crowded else lines
    if not _has_prose([line for line, link in zip(lines, item_links, strict=True) if not link]):
        return "no prose (links, tables, calendar or navigation text)", lines
    if marked or items < MIN_ITEMS:
        return None, lines
    if longest >= MIN_BODY:
        if not crowded:
            return None, lines
        if longest >= BODY_SHARE * rest:  # one body, among lists of links
            return None, _drop_link_lines(lines, item_links)
        if rest >= SECTION_PROSE * items:  # each link over a paragraph: a page's sections
            return None, lines
    return f"{LIST_OF_LINKS} ({items} of {len(lines)} lines are items)", lines


LIST_OF_LINKS = "a list of links"


def without_link_lines(lines: list[str], anchors: set[str]) -> list[str]:
    """The lines that are not an item link (and its date): an article's text among lists."""
    return _drop_link_lines(lines, _item_links(lines, anchors)[0])


def text_shape(lines: list[str], anchors: set[str]) -> tuple[float, int]:
    """(share of lines that are item links, longest prose run in characters)."""
    item_links, _ = _item_links(lines, anchors)
    items = sum(1 for a in item_links if a)
    return items / max(len(lines), 1), max(_prose_runs(lines, item_links))
