"""A story's lead that trafilatura left out: the teaser a CMS prints on the story's own page,
between its date line and its body, in a block of its own.

trafilatura drops every block whose class or id says "teaser" (its TEASER_DISCARD_XPATH): on
a list page those are other stories' summaries. On a story's page the teaser of the story
itself is its first paragraph: TYPO3's tx_news prints it above the body in every stock Detail
template (`<div class="teaser-text" itemprop="description">` before `itemprop="articleBody"`),
and every story of a tx_news site lost its opening sentence (48 of 48 on a trial site).

A teaser block is put back, before the first line read from the container trafilatura read,
when it is the only one there (several are cards of other pages) and stands in the same
article as that container (their nearest `<article>` or schema.org Article itemscope),
before it; is not mostly links (another story's teaser is its headline
link and "Read more"); holds prose; and none of its text was read. A list page's teasers each
stand in an article of their own, with no body read in it: nothing changes there.
"""

from __future__ import annotations

import re

from .continuations import MIN_PARAGRAPH, read_container
from .html_clean import link_share, one_line, squeezed, visible_text
from .missed_blocks import MAX_LINK_SHARE

# trafilatura's own test (xpaths.TEASER_DISCARD_XPATH): id or class holding "teaser", a
# capital T too, on these tags.
_TEASER_TAGS = ("div", "p", "section", "span")
_TEASER = re.compile(r"[tT]easer")
_ARTICLE_TYPE = re.compile(r"schema\.org/(?:\w*Article|BlogPosting|Report)\b")


def _article_of(element):
    """The nearest article around the element: an <article>, or a schema.org Article's
    itemscope (tx_news's `<div class="article" itemtype="http://schema.org/Article">`)."""
    for ancestor in element.iterancestors():
        if ancestor.tag == "article" or _ARTICLE_TYPE.search(ancestor.get("itemtype") or ""):
            return ancestor
    return None


def _teasers_before(article, container) -> list:
    """The article's teaser blocks before the container, none inside another or in it."""
    found = []
    for element in article.iter(*_TEASER_TAGS):
        if element is container:
            break
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if not _TEASER.search(names) or any(f in element.iterancestors() for f in found):
            continue
        if container not in element.iterdescendants():
            found.append(element)
    return found


def _lines(block, kept: str) -> list[str]:
    """The teaser's lines, when it is the story's prose and trafilatura read none of it."""
    if link_share(block) > MAX_LINK_SHARE:
        return []
    lines = [one_line(line) for line in visible_text(block).split("\n") if line.strip()]
    if not any(len(line) >= MIN_PARAGRAPH for line in lines):
        return []
    if any(squeezed(line) in kept for line in lines):
        return []
    return lines


def put_back(tree, text: str) -> str:
    """`text` with the story's own teaser before the first line read from its container."""
    kept = squeezed(text)
    container, _count = read_container(tree, kept)
    if container is None or (article := _article_of(container)) is None:
        return text
    teasers = _teasers_before(article, container)
    if len(teasers) != 1:
        # A story has one teaser; several before the body are cards of other pages (a
        # landing page's topic teasers, hrsa.gov's seven: put back, the page read as a list).
        return text
    if not (added := _lines(teasers[0], kept)):
        return text
    inside = squeezed(container.text_content())
    lines = text.split("\n")
    at = next((i for i, line in enumerate(lines) if squeezed(line) in inside), 0)
    return "\n".join([*lines[:at], *added, *lines[at:]])
