"""Sibling blocks of a page that look like a list's cards: what page_signals counts of them.

A listing repeats one block (same tag, same class) for each item it links: a headline link,
often a teaser, a date. An article page has such groups too (menus, related links), but rarely
a group of story cards: blocks that open with a story's headline link and say something of
their own outside links.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import html as lxml_html

_WS = re.compile(r"\s+")


def _headline_link(element: lxml_html.HtmlElement) -> bool:
    for anchor in element.iter("a"):
        words = len(_WS.sub(" ", anchor.text_content()).split())
        if 3 <= words <= 25 and anchor.get("href"):
            return True
    return False


_STORY_CARD_TAGS = frozenset({"div", "li", "article", "section", "tr", "td"})
_HEADING = "ancestor::h1|ancestor::h2|ancestor::h3|ancestor::h4|ancestor::h5|ancestor::h6"
_HEADING_INSIDE = "descendant::h2|descendant::h3|descendant::h4|descendant::h5"
_OWN_WORDS = "descendant::text()[not(ancestor::a or ancestor::script or ancestor::style)]"


def _opens_with_headline_link(card: lxml_html.HtmlElement, text: str) -> bool:
    """A headline-sized link in a heading, or among the block's first 60 characters."""
    for anchor in card.iter("a"):
        words = _WS.sub(" ", anchor.text_content()).strip()
        if not (anchor.get("href") and 3 <= len(words.split()) <= 25):
            continue
        # The position test first: a string search, where the heading tests are two XPaths.
        if 0 <= text.find(words) < 60 or anchor.xpath(_HEADING) or anchor.xpath(_HEADING_INSIDE):
            return True
    return False


def _story_card(card: lxml_html.HtmlElement) -> bool:
    """A list's teaser: opens with a story's headline link and says a dozen words of its own
    outside links. An article's paragraphs hold links inline (not at their start), and menus
    and related-link rows say nothing of their own."""
    if sum(len(t.split()) for t in card.xpath(_OWN_WORDS)) < 12:
        return False
    return _opens_with_headline_link(card, _WS.sub(" ", card.text_content()).strip())


def card_groups(tree: lxml_html.HtmlElement) -> tuple[int, int, int, int]:
    """Of the sibling blocks of one tag and class, the largest group that each hold a
    headline-sized link, and the largest group of story cards (_story_card): each as (blocks,
    characters of text in them)."""
    best, best_text, stories, story_text = 0, 0, 0, 0
    for parent in tree.iter():
        children = [c for c in parent if isinstance(c.tag, str)]
        if len(children) < 3:
            continue
        shapes = Counter(
            (c.tag, (c.get("class") or "").strip())
            for c in children
            if c.tag not in ("a", "br", "option", "script", "style")
        )
        for shape, count in shapes.most_common(1):
            if count < 3 or count <= min(best, stories):
                continue
            same = [c for c in children if (c.tag, (c.get("class") or "").strip()) == shape]
            if count > best:
                cards = [c for c in same if _headline_link(c)]
                if len(cards) > best:
                    best = len(cards)
                    best_text = sum(len(_WS.sub(" ", c.text_content())) for c in cards)
            if count > stories and shape[0] in _STORY_CARD_TAGS:
                cards = [c for c in same if _story_card(c)]
                if len(cards) > stories:
                    stories = len(cards)
                    story_text = sum(len(_WS.sub(" ", c.text_content())) for c in cards)
    return best, best_text, stories, story_text


def story_cards(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The largest group of sibling story cards (_story_card) of the page, or none: a list's
    teasers, each a story's headline link and the first words of its text."""
    best: list[lxml_html.HtmlElement] = []
    for parent in tree.iter():
        children = [c for c in parent if isinstance(c.tag, str) and c.tag in _STORY_CARD_TAGS]
        shapes = Counter((c.tag, (c.get("class") or "").strip()) for c in children)
        for shape, count in shapes.most_common(1):
            if count >= 3 and count > len(best):
                same = [c for c in children if (c.tag, (c.get("class") or "").strip()) == shape]
                cards = [c for c in same if _story_card(c)]
                best = cards if len(cards) > len(best) else best
    return best if len(best) >= 3 else []
