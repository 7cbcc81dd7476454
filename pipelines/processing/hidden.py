"""Hidden elements: what a reader never sees, and what a reader sees after one click.

Watermark "jammers" on Chinese CMSes are hidden elements inside paragraphs (inline
`display:none`, or a class the page's own CSS hides): a browser never shows them, so neither do
we. But pages hide content a reader opens too: accordion answers, tabs, "read more" panels (on
documentation, product, service and FAQ pages of the shared dev sets, most of what trafilatura
found and we did not). A hidden block of some size whose text the page does not already show
(pages carry desktop and mobile copies of the same text, one of them hidden) is therefore kept
for the main text, while everything that decides whether the page is an article reads the page
as shown. Kept blocks are swapped out for a placeholder rather than the tree copied: most pages
have none, and trafilatura works on its own copy of what it is given.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

from . import html_clean
from .han import sentence_sized

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# The declarations that hide an element, and a fade-in's starting opacity beside them.
_HIDING = re.compile(
    r"(?:display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0(?:\.0+)?(?![\d.]))"
    r"\s*(?:!important)?\s*;?",
    re.I,
)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"^\s*([a-zA-Z0-9]*)([.#])([\w-]+)\s*$")

MIN_BLOCK_CHARS = 40  # a hidden block's text under this is a jammer, a label or a menu word
NEW_SHARE = 0.5  # a block is kept when at least this share of its text is not on the page
MAX_LINK_SHARE = 0.5  # a hidden block mostly of link text is a menu (mega-menus, mobile nav)
# What a script opens over the page, never part of it: dialogs (ads' "why this ad", consent,
# chat widgets), forms (newsletter sign-ups, log-ins) and templates (markup a script copies,
# unrendered; CMS components left hidden with their placeholder text).
_OVERLAY_TAGS = ("template", "dialog")
_OVERLAY_ROLES = ("dialog", "alertdialog")
_FORM = "descendant-or-self::*[self::form or self::input]"
_PLACEHOLDER_TEXT = re.compile(r"lorem ipsum", re.I)
# Banners (consent, "update your browser") and print-only headers and footers are not either.
_OVERLAY_CLASS = re.compile(r"modal|dialog|lightbox|popup|pop-up|banner|print", re.I)
ADD_SHARE = 0.05  # kept blocks under this share of the shown text change next to nothing


def _css_hidden_selectors(tree: lxml_html.HtmlElement) -> list[tuple[str, str]]:
    """(kind, name) for the simple `.class` / `#id` selectors the page's CSS hides."""
    hidden = []
    for style in tree.iter("style"):
        css = style.text or ""
        if not _HIDDEN_STYLE.search(css):
            continue  # no rule of it can hide anything (and sites ship 100 KB of CSS)
        for selectors, body in _CSS_RULE.findall(css):
            if not _HIDDEN_STYLE.search(body):
                continue
            for selector in selectors.split(","):
                if match := _SIMPLE_SELECTOR.match(selector):
                    hidden.append((match.group(2), match.group(3)))
    return hidden


def hidden_elements(tree: lxml_html.HtmlElement) -> list:
    """Elements hidden inline, by attribute, or by the page's own CSS, in document order."""
    selectors = _css_hidden_selectors(tree)
    hidden_classes = {name for kind, name in selectors if kind == "."}
    hidden_ids = {name for kind, name in selectors if kind == "#"}
    # Only an element with one of these attributes can be hidden: most of a page has none,
    # and lxml finds them without a Python object made for every element.
    marked = "@style or @hidden" + (" or @class" if hidden_classes else "")
    marked += " or @id" if hidden_ids else ""
    found = []
    for element in tree.xpath(f"descendant-or-self::*[{marked}]"):
        if element.tag in ("html", "body", "head"):
            continue
        style = element.get("style") or ""
        if (
            _HIDDEN_STYLE.search(style)
            or element.get("hidden") is not None
            or set((element.get("class") or "").split()) & hidden_classes
            or element.get("id") in hidden_ids
        ):
            found.append(element)
    return found


@dataclass
class HiddenBlocks:
    """The hidden blocks taken out of a page that may carry text of its own."""

    # (placeholder in the tree, the block) for each block big enough to weigh
    blocks: list[tuple[object, object]] = field(default_factory=list)
    kept: list[tuple[object, object]] = field(default_factory=list)
    kept_chars: int = 0
    shown_chars: int = 0
    weighed: bool = False  # keep_new has weighed the blocks

    def keep_new(self, shown_text: str) -> bool:
        """Keep the blocks whose text is mostly not on the page as shown, nor in a block kept
        before them (a page's desktop and mobile copies of one article, hidden by turns);
        whether they add enough to the page's text to read it again with them."""
        if not self.blocks:  # most pages: nothing to weigh, and no need to squeeze the text
            return False
        if self.weighed:  # asked again (a page read as no article, its hidden body sought)
            return self.kept_chars >= ADD_SHARE * max(self.shown_chars, 1)
        self.weighed = True
        seen = html_clean.squeezed(shown_text)
        self.shown_chars = len(seen)
        for placeholder, block in self.blocks:
            lines = [
                html_clean.squeezed(line) for line in html_clean.visible_text(block).splitlines()
            ]
            total = sum(map(len, lines))
            new = sum(len(line) for line in lines if line not in seen)
            if total and new >= NEW_SHARE * total:
                self.kept.append((placeholder, block))
                self.kept_chars += total
                seen += "\n" + "\n".join(lines)
        return self.kept_chars >= ADD_SHARE * max(self.shown_chars, 1)

    def hold_most(self) -> bool:
        """After keep_new: whether the kept blocks hold more text than the page shows (its
        text faded in by a script, a menu alone shown)."""
        return self.kept_chars >= self.shown_chars

    def main_body(self) -> lxml_html.HtmlElement | None:
        """After keep_new: a page of the one kept block, shown, when it alone holds more text
        than the page shows, in sentences: the page's body, served hidden for a script to
        reveal (WeChat's #js_content, `visibility: hidden` until its script has run). Read
        alone, without the page's chrome around it, which read as no article. Else None."""
        sizes = [(len(html_clean.squeezed(html_clean.visible_text(b))), b) for _, b in self.kept]
        size, block = max(sizes, key=lambda sized: sized[0], default=(0, None))
        if block is None or size < self.shown_chars or not _holds_prose(block):
            return None
        page = lxml_html.document_fromstring("<html><body></body></html>")
        body = copy.deepcopy(block)
        body.tail = None
        for element in body.iter(etree.Element):  # as the script leaves it: shown
            element.attrib.pop("hidden", None)
            if style := element.get("style"):
                element.set("style", _HIDING.sub("", style))
        page.find("body").append(body)
        return page

    @contextmanager
    def shown(self) -> Iterator[None]:
        """The kept blocks back in their places for the duration, then out again."""
        for placeholder, block in self.kept:
            block.tail, placeholder.tail = placeholder.tail, None
            placeholder.getparent().replace(placeholder, block)
        try:
            yield
        finally:
            for placeholder, block in self.kept:
                placeholder.tail, block.tail = block.tail, None
                block.getparent().replace(block, placeholder)


def _overlay(element) -> bool:
    return (
        element.tag in _OVERLAY_TAGS
        or element.get("role") in _OVERLAY_ROLES
        or element.get("aria-modal") == "true"
        or bool(_OVERLAY_CLASS.search(f"{element.get('class', '')} {element.get('id', '')}"))
    )


def _worth_weighing(element) -> bool:
    """A block that could be content a reader opens: some text, not mostly links, no overlay."""
    if _overlay(element) or element.xpath(_FORM):
        return False
    text = html_clean.one_line(element.text_content())
    if len(text) < MIN_BLOCK_CHARS or _PLACEHOLDER_TEXT.search(text):
        return False
    return html_clean.link_share(element) < MAX_LINK_SHARE


def _holds_prose(element) -> bool:
    return any(map(sentence_sized, html_clean.visible_text(element).splitlines()))


def take_hidden(tree: lxml_html.HtmlElement) -> HiddenBlocks:
    """Take every hidden element out of the tree. Small ones are dropped (their tail text
    stays, it belongs to the parent); a block that may be content leaves a placeholder (a
    comment, which every reader of the tree skips) so it can be shown again.

    A hidden element inside a block taken out stays in it when it may be content too and
    holds a sentence: the answers of an accordion inside a collapsed section (wcxb dev_0242,
    uber.com's FAQ) are shown with the section, as a reader opening both sees them; the
    labels of an animated product mock-up (miro.com's, dev_2846) are not."""
    found = hidden_elements(tree)
    doomed = set(found)
    taken = HiddenBlocks()
    within: set = set()  # the blocks taken out, and what stays inside them
    for element in found:
        parent = element.getparent()
        if parent is None:
            continue
        nearest = next((a for a in element.iterancestors() if a in doomed), None)
        if nearest in within and _worth_weighing(element) and _holds_prose(element):
            within.add(element)  # content inside a block taken out: it goes where that goes
            continue
        if nearest is not None or not _worth_weighing(element):
            element.drop_tree()  # inside a hidden block: gone with it, or shown without it
            continue
        within.add(element)
        placeholder = etree.Comment("hidden")
        placeholder.tail, element.tail = element.tail, None
        parent.replace(element, placeholder)
        taken.blocks.append((placeholder, element))
    return taken
