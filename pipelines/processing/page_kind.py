"""Article or not, from the page itself: what a site without a profile needs.

List, index, tag, search and calendar pages pass through trafilatura as text too. What gives
them away is their items: lines that start with a headline-sized link to another page (after
a bullet or a date), between which no long prose runs. An article may carry link lists too
(ads, "more news" boxes), but its body is one long run of prose; those lines are dropped.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

_WS = re.compile(r"\s+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Bullets, separators and a date that list items put before their link title.
_ITEM_PREFIX = re.compile(
    r"^[\s\-·•*>|»\[\]]*(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)?[\s\-·•*>|»\[\]]*"
)

MIN_LINK_TEXT = 6  # shorter anchors ("Home", "更多") say nothing about a line
MAX_HEADLINE_HAN, MAX_HEADLINE_WORDS = 60, 25  # longer anchors are linked paragraphs
MIN_PROSE_HAN = 20  # a Chinese sentence …
MIN_PROSE_WORDS = 10  # … or an English one
MIN_ITEMS = 2  # this many item lines may make a list …
MIN_BODY = 200  # … unless a prose run this long (characters) stands between them …
ITEM_SHARE, BODY_SHARE = 0.3, 0.6  # … and, where items are this common, holds most text
MIN_LEAD_WORDS, MIN_LEAD_HAN = 5, 8  # a text opening on a link this long is a teaser
# Links to files are attachments of an article, never items of a list.
_NOT_A_PAGE = re.compile(
    r"^(?:#|javascript:|mailto:|tel:)|\.(?:pdf|docx?|xlsx?|pptx?|zip|rar|7z|jpe?g|png|gif)$",
    re.I,
)


def link_texts(tree: lxml_html.HtmlElement, page_url: str | None = None) -> set[str]:
    """The texts of the page's headline-sized links to other pages of the same site."""
    host = urlsplit(page_url or "").hostname
    texts = set()
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or _NOT_A_PAGE.search(href.split("?")[0]):
            continue
        target = urljoin(page_url or "", href)
        if host and (urlsplit(target).hostname != host or target == page_url):
            continue
        text = _WS.sub(" ", anchor.text_content()).strip().lstrip("·•-* ")
        if len(text) >= MIN_LINK_TEXT and _headline_sized(text):
            texts.add(text)
    return texts


def _headline_sized(text: str) -> bool:
    han = len(_HAN.findall(text))
    if han > len(text) / 3:
        return han <= MAX_HEADLINE_HAN
    return len(text.split()) <= MAX_HEADLINE_WORDS


def _sentence_sized(text: str) -> bool:
    return len(_HAN.findall(text)) >= MIN_PROSE_HAN or len(text.split()) >= MIN_PROSE_WORDS


_SENTENCE_END = re.compile(r"[。！？!?]|\.(?:\s|$)")


def _has_prose(lines: list[str]) -> bool:
    """Some running text: a sentence-sized line or table cell (old layout-table pages put
    articles in cells), or short lines that together read as sentences (pages that break
    paragraphs with <br>); navigation words in a row have no sentence ends."""
    pieces = [cell for line in lines for cell in line.split("|")]
    if any(_sentence_sized(piece) for piece in pieces):
        return True
    outside = " ".join(line for line in lines if not line.startswith("|"))
    return _sentence_sized(outside) and bool(_SENTENCE_END.search(outside))


def classify_lines(lines: list[str], anchors: set[str]) -> tuple[str | None, list[str]]:
    """(why this is not an article, or None; the lines to keep when it is one)."""
    by_length = sorted(anchors, key=len, reverse=True)
    item_links = [
        next((a for a in by_length if _ITEM_PREFIX.sub("", line).startswith(a)), None)
        for line in lines
    ]
    if not _has_prose([line for line, link in zip(lines, item_links, strict=True) if not link]):
        return "no prose (links, tables, calendar or navigation text)", lines
    items = sum(1 for a in item_links if a)
    lead, first = item_links[0], _ITEM_PREFIX.sub("", lines[0])
    if lead and len(lead) >= 0.6 * len(first) and (
            len(lead.split()) >= MIN_LEAD_WORDS or len(_HAN.findall(lead)) >= MIN_LEAD_HAN):
        # An article's own headline does not link elsewhere; a list's first teaser does.
        return "a teaser of another page (the text opens on a headline link)", lines
    if items < MIN_ITEMS:
        return None, lines
    runs, run = [], 0
    for line, link in zip(lines, item_links, strict=True):
        if link:
            runs.append(run)
            run = 0
        else:
            run += len(line)
    runs.append(run)
    longest, rest = max(runs), sum(runs)
    crowded = items >= ITEM_SHARE * len(lines)
    if longest >= MIN_BODY and (not crowded or longest >= BODY_SHARE * rest):
        if not crowded:
            return None, lines
        # An article inside link lists: drop the lines that are nothing but a link (and date).
        kept = [line for line, link in zip(lines, item_links, strict=True)
                if not link or len(_ITEM_PREFIX.sub("", line)) > len(link) + 20]
        return None, kept
    return f"a list of links ({items} of {len(lines)} lines are items)", lines
