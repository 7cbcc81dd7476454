"""Lists of the latest: a sidebar's headlines, each a link with its date and nothing else.

trafilatura prunes a block of links by the links' share of its text (four fifths); the date
beside each headline of a sidebar of the latest ("05-06" beside a headline cut to fifteen
characters, or "2024-05-06") brings the list under that share, so it stays. A wrapper that
holds the sidebar and the story (JEECMS's `<div class="main">`, which trafilatura takes for
the main content by its class) then comes out whole, the sidebar's headlines first; and where
the story is short (a notice of two hundred Chinese characters, whose column's few short links,
breadcrumb, print and previous story, are most of its links) trafilatura prunes the story's
column by its short links instead and keeps the sidebar alone. Such a list is never an
article's text: the article is read again without it (extract), each list with the heading
above it ("最新动态", "Latest news").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from lxml import etree

from . import dates
from .han import han_count, sentence_sized
from .page_kind import MAX_HEADLINE_HAN, MAX_HEADLINE_WORDS

MIN_ROWS = 3  # headlines a list of the latest shows at least
MIN_HEADLINE = 4  # characters: shorter links are menu words ("更多", "More")
MAX_HEADING = 24  # characters of a heading above the list ("最新动态", "Recent posts")
_WS = re.compile(r"\s+")
_MARKS = " []()（）【】<>·•|:：-"
_AROUND = r"[\s\[\]()（）【】<>·•|:：\-]*"
# Beside the headline, a date and nothing else: "05-06", "[05/06]", "2024-05-06", "2024.5.6",
# "2024年5月6日", "01/31/2025", maybe with its time, or an English one ("March 3, 2025"); a
# month and day alone are written with - or / (a dotted pair is a section number, "1.2 Git").
_DATE = re.compile(
    rf"{_AROUND}(?:(?:19|20)\d\d\s*[-/.年]\s*\d{{1,2}}\s*[-/.月]\s*\d{{1,2}}\s*日?"
    r"|\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d\d"
    r"|(?:0?[1-9]|1[0-2])\s*(?:[-/]\s*(?:0?[1-9]|[12]\d|3[01])|月\s*(?:0?[1-9]|[12]\d|3[01])\s*日))"
    rf"(?:\s+\d{{1,2}}:\d\d(?::\d\d)?)?{_AROUND}"
)
_NOT_A_PAGE = re.compile(r"^(?:#|javascript:|mailto:|tel:)", re.I)
_CONTAINERS = ("ul", "ol", "tbody", "table", "div")


def _text(element) -> str:
    return _WS.sub(" ", element.text_content()).strip()


def _headline(text: str) -> bool:
    if len(text) < MIN_HEADLINE:
        return False
    han = han_count(text)
    if han > len(text) / 3:
        return han <= MAX_HEADLINE_HAN
    return len(text.split()) <= MAX_HEADLINE_WORDS and not sentence_sized(text)


def _dated_headline(row) -> bool:
    """One link to a page, headline-sized, and beside it a date and nothing else."""
    links = [a for a in row.iter("a") if (a.get("href") or "").strip()]
    if len(links) != 1 or _NOT_A_PAGE.search(links[0].get("href").strip()):
        return False
    headline = _text(links[0])
    if not _headline(headline):
        return False
    rest = _text(row).replace(headline, " ", 1)
    return bool(_DATE.fullmatch(rest) or dates.EN_DATE_LINE.match(rest.strip(_MARKS)))


def _rows(box) -> list:
    return [child for child in box if isinstance(child.tag, str) and child.tag != "script"]


def _with_heading(box):
    """The list and the headings above it: its parents while they add no more than a
    heading's few characters."""
    inner = len(_text(box))
    for parent in box.iterancestors():
        if parent.tag in ("body", "html"):
            break
        if len(_text(parent)) - inner > MAX_HEADING:
            break
        box = parent
    return box


def find(tree) -> list:
    """The page's lists of the latest, each with its heading (outermost first, none inside
    another)."""
    found: list = []
    for box in tree.iter(*_CONTAINERS):
        if found and any(parent in found for parent in box.iterancestors()):
            continue
        rows = _rows(box)
        if len(rows) >= MIN_ROWS and all(_dated_headline(row) for row in rows):
            found.append(_with_heading(box))
    return found


def read_in(boxes: list, text: str) -> bool:
    """Whether a reading's text holds the lists' headlines (two or more of them), or their
    dates, each a line of its own (MIN_ROWS or more): the reading dropped the headlines as
    link lines and kept the dates beside them (Rpage's sidebar of the latest, whose six
    dates stood above the story's text)."""
    flat = _WS.sub("", text)
    lines = {_WS.sub("", line).strip(_MARKS) for line in text.splitlines()}
    held = dated = 0
    for box in boxes:
        for link in box.iter("a"):
            headline = _WS.sub("", link.text_content())
            held += bool(headline) and headline in flat
        if held >= 2:
            return True  # the rows' dates need no reading then
        for row in box.iter("li", "tr", "div"):
            if _dated_headline(row):
                dated += _WS.sub("", _date_beside(row)).strip(_MARKS) in lines
    return held >= 2 or dated >= MIN_ROWS


def _date_beside(row) -> str:
    """The row's text but its one link's: its date."""
    link = next(a for a in row.iter("a") if (a.get("href") or "").strip())
    return _text(row).replace(_text(link), " ", 1)


@contextmanager
def left_out(boxes: list) -> Iterator[None]:
    """The lists out of the tree for the duration (a placeholder keeps each one's tail), then
    back in their places."""
    swaps = []
    for box in boxes:
        placeholder = etree.Comment(" ")
        placeholder.tail, box.tail = box.tail, None
        box.getparent().replace(box, placeholder)
        swaps.append((placeholder, box))
    try:
        yield
    finally:
        for placeholder, box in reversed(swaps):
            box.tail, placeholder.tail = placeholder.tail, None
            placeholder.getparent().replace(placeholder, box)
