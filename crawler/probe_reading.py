"""What the crawl's extraction makes of a page `sites probe` fetched: a sample article's
fields, and whether a page the probe read for its links is a story itself."""

from __future__ import annotations

import dataclasses
import re

from crawler.fetch import Fetched, FetchError
from pipelines.processing import NotADocument, RawPage, process
from pipelines.processing.cards import story_cards
from pipelines.processing.han import sentence_sized
from pipelines.processing.page_kind import LIST_OF_LINKS
from pipelines.processing.page_signals import READ_MORE_WORDS

# A sentence's end: a full stop, question or exclamation mark (a closing quote or bracket
# after it), not the ellipsis of a teaser cut short.
_SENTENCE_END = re.compile(r"(?<!\.\.)[.!?。！？][\"'”’)）」』]*$")
# A list item's teaser cut short, by an ellipsis or its story's "Read more" link.
_CUT_SHORT = re.compile(rf"(?:\.\.\.|…|(?<![a-z])(?:{READ_MORE_WORDS}|詳細))\W{{0,4}}$", re.I)


def read(url: str, page: Fetched | FetchError, rules) -> dict:
    """What the crawl would store of one page: the document's fields, or the problem."""
    if isinstance(page, FetchError):
        return {"problem": str(page)}
    if page.status >= 400:  # a crawl stores no document for it: nothing to extract
        return {"problem": f"HTTP {page.status}"}
    try:
        document = _document(url, page, rules)
    except NotADocument as reason:
        return {"problem": str(reason)}
    if teasers := _teasers(page, document.text):
        document = _story_above_teasers(url, page, rules)
        if document is None:
            why = f"a list page: its text is the teasers of {teasers} stories it links"
            return {"problem": why}
    return {
        "title": document.title,
        "published": document.published,
        "language": document.language,
        "chars": len(document.text),
    }


def _document(url: str, page: Fetched, rules):
    """The page's document, read as a page of unknown kind; a list of links read again as
    the crawl reads it when it fetched the page as an article (a sample, or a page whose
    shape may become the entry's articles): a short notice beside a sidebar of headlines,
    dated by its headline, is the story less the sidebar (EmpireCMS's 通知公告, "a list of
    links" read as unknown, went into the entry as a list shape, and a crawl stored none).
    Only then: read as an article, a list page dated by its first row would keep its menus
    as a last resort, and pass for a story. So a text of teasers cut short ("...", "…",
    "Read more") must say one sentence of its own: a news list of headline links, dates and
    teasers read as an article kept its dates and teasers under the site's name, passed for a
    dated story, and its pages went unwalked (a college's /news/ and /news/?page=2: two
    stories of seven never fetched, the run finished without a word). A photo story's
    caption, no teaser, stays a story."""
    try:
        return process(_raw(url, page), rules)
    except NotADocument as reason:
        if not str(reason).startswith(LIST_OF_LINKS):
            raise
        as_list = reason
    document = process(_raw(url, page, "article"), rules)
    lines = [line.strip() for line in document.text.splitlines()]
    teasers = sum(1 for line in lines if _CUT_SHORT.search(line))
    if teasers >= 2 and not any(map(_sentence, lines)):
        raise as_list
    return document


def _sentence(line: str) -> bool:
    return sentence_sized(line) and bool(_SENTENCE_END.search(line))


def _raw(url: str, page: Fetched, kind: str | None = None) -> RawPage:
    raw = RawPage(
        url=page.url,
        body=page.body,
        headers=page.headers,
        fetched_at=page.fetched_at,
        status=page.status,
        requested_url=url,
    )
    return dataclasses.replace(raw, kind=kind) if kind else raw


def _story_above_teasers(url: str, page: Fetched, rules):
    """The page's document as the crawl reads a page it fetched as an article, when that is a
    dated story none of whose text is the teasers, or None. Read as of unknown kind, a news
    brief of three sentences above a "Related news" block of three teasers (Drupal's: a
    headline, a date, a first sentence each) came out with the teasers, and the probe took a
    story the crawl stores whole for a list page: a column of briefs lost its shape."""
    try:
        document = process(_raw(url, page, "article"), rules)
    except NotADocument:
        return None
    if _teasers(page, document.text) or not (document.title and document.published):
        return None
    return document


def _teasers(page: Fetched, text: str) -> int:
    """How many stories' teasers make most of the document's text (their cards: a headline
    link and the story's first words, side by side), or 0. Extraction may take a list of long
    teasers for one story, dated by its first (Drupal's Views, five rows of a title, a date
    and the body's first 600 characters): such a page is no story a probe may shape articles
    or pages read for their links after; a story's sidebar of headlines holds none of its
    text."""
    response = page.response()
    cards = story_cards(response.selector.root) if hasattr(response, "selector") else []
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    if not cards or not lines:
        return 0
    teasers = [" ".join(card.text_content().split()) for card in cards]
    inside = sum(len(line) for line in lines if any(line[:80] in t for t in teasers))
    return len(cards) if inside * 2 > sum(map(len, lines)) else 0


def reads_as_story(url: str, page: Fetched, rules) -> bool:
    """Whether the page's own extraction gives a document with a dated headline: a story,
    though it links others (a Discuz portal's portal.php?mod=view&aid=N, its sidebar listing
    the newest), and no list page, whose extraction gives none."""
    document = read(url, page, rules)
    return "problem" not in document and bool(document["title"] and document["published"])
