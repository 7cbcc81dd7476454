"""Tree-level cleaning before trafilatura sees the page: drop what a reader never sees.

Watermark "jammers" on Chinese CMSes are hidden elements inside paragraphs (inline
`display:none`, or a class the page's own CSS hides). A browser never shows them, so neither
do we; this works for sites nobody has configured.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html
from lxml.etree import ParserError

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"^\s*([a-zA-Z0-9]*)([.#])([\w-]+)\s*$")


# Characters XML cannot hold: lxml refuses them in any text it is later given (NUL bytes and
# C0 controls from broken or binary-tainted pages); a browser does not show them either.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def parse(text: str) -> lxml_html.HtmlElement | None:
    # lxml refuses str input that carries an XML encoding declaration.
    text = _NOT_XML.sub("", re.sub(r"^\s*<\?xml[^>]*\?>", "", text))
    try:
        return lxml_html.document_fromstring(text)
    except (ParserError, ValueError):
        return None


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


def drop_hidden(tree: lxml_html.HtmlElement) -> int:
    """Remove elements hidden inline, by attribute, or by the page's own CSS; return count."""
    selectors = _css_hidden_selectors(tree)
    hidden_classes = {name for kind, name in selectors if kind == "."}
    hidden_ids = {name for kind, name in selectors if kind == "#"}
    doomed = []
    # Only an element with one of these attributes can be hidden: most of a page has none,
    # and lxml finds them without a Python object made for every element.
    marked = "@style or @hidden" + (" or @class" if hidden_classes else "")
    marked += " or @id" if hidden_ids else ""
    for element in tree.xpath(f"descendant-or-self::*[{marked}]"):
        if element.tag in ("html", "body", "head"):
            continue
        style = element.get("style") or ""
        classes = set((element.get("class") or "").split())
        if (
            _HIDDEN_STYLE.search(style)
            or element.get("hidden") is not None
            or classes & hidden_classes
            or element.get("id") in hidden_ids
        ):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()  # keeps the tail text, which belongs to the parent
    return len(doomed)


_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "table",
    "ul",
    "ol",
    "dd",
    "dt",
}


def visible_text(tree: lxml_html.HtmlElement) -> str:
    """The body's visible text, one line per block, for pattern searches (dates, bylines)."""
    body = tree.find("body")
    root = body if body is not None else tree
    parts: list[str] = []

    def walk(element) -> None:
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "noscript"):
            parts.append(element.tail or "")
            return
        # Blocks end lines; inline elements (spans around "来源：" …) are kept apart by a space.
        edge = "\n" if element.tag in _BLOCKS else " "
        parts.append(edge)
        parts.append(element.text or "")
        for child in element:
            walk(child)
        parts.append(edge)
        parts.append(element.tail or "")

    walk(root)
    # One substitution over the whole text: _SPACES never spans a line break.
    lines = (line.strip() for line in _SPACES.sub(" ", "".join(parts)).split("\n"))
    return "\n".join(line for line in lines if line)
