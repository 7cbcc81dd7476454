"""Where a story's headline is read: the site's own selector, else the page's <title> and
headings (metadata.clean_title), else, on Chinese pages whose <title> names a column or the
site, the line above the page's date line.

`lead` is the first lines of trafilatura's text, where a headline the <title> does not give
stands.
"""

from __future__ import annotations

from . import metadata, page_kind
from .rules import ExtractionRules


def title(
    headings, lead: list[str], rules: ExtractionRules, tree, visible: str, url: str
) -> str | None:
    """The headline (metadata.clean_title) of `headings`, (the <title>, the headings, the
    <h1>); where it is no story's (a column's name, the site's), the line above the page's
    date line, where old Chinese CMSes print it (`visible` is "" on other pages: an English
    headline is often a link to its own page)."""
    if rules.headline and (chosen := _selected(tree, rules.headline)):
        return chosen  # the site's entry says where its headline stands
    shown, heads, h1 = headings
    found = metadata.clean_title(shown, heads, rules.site_names, h1, lead)
    if not visible or (found is not None and len(found) > metadata.SHORT_NAME):
        return found  # most pages: no link text read
    links = _link_texts_elsewhere(tree, url)
    if found is None or metadata.names_no_story(found, shown, links):
        return metadata.headline_above_date(visible, links) or found
    return found


def _link_texts_elsewhere(tree, url: str) -> set[str]:
    """The texts of the page's links, but those to the page itself: a sidebar of the latest
    lists the story's own headline, which is no column's name."""
    texts = set()
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if href and (resolved := page_kind.resolve(url, href)) and resolved[0] == url:
            continue
        texts.add(" ".join(anchor.text_content().split()))
    return texts


def _selected(tree, selector: str) -> str | None:
    """The text of the first element the CSS selector picks that has any."""
    for element in tree.cssselect(selector):
        if text := " ".join(element.text_content().split()):
            return text
    return None
