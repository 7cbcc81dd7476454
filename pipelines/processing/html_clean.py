"""The page's tree: parsed safely, and its visible text read line by line.

What a reader never sees (hidden elements) is taken out in `hidden`.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html
from lxml.etree import ParserError

# Characters XML cannot hold: lxml refuses them in any text it is later given (NUL bytes and
# C0 controls from broken or binary-tainted pages); a browser does not show them either.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


_BODY_END = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)


def _end_tail(text: str) -> int:
    """Where the page's closing run starts: the last end tags of body and html, comments and
    whitespace, up to the end (read backwards from the end: no copy of the page)."""
    end = len(text)
    while True:
        while end and text[end - 1].isspace():
            end -= 1
        if text.endswith("-->", 0, end) and (start := text.rfind("<!--", 0, end)) >= 0:
            end = start
        elif (last := text.rfind("</", 0, end)) >= 0 and _BODY_END.fullmatch(text, last, end):
            end = last
        else:
            return end


def _late_content_in_body(text: str) -> str:
    """A browser reads whatever follows `</body>` or `</html>` into the body (HTML's "after
    body" modes), so a template that closes them early (after its header, say) still shows its
    article below. libxml2 does not: the rest of the page lands outside <body>, where no
    extractor looks. Those early end tags go; the closing run stays as it is (a browser keeps
    its comments, such as a cache's "Last modified" stamp, out of the body too)."""
    tail = _end_tail(text)
    if _BODY_END.search(text, 0, tail) is None:
        return text
    return _BODY_END.sub("", text[:tail]) + text[tail:]


def parse(text: str) -> lxml_html.HtmlElement | None:
    # lxml refuses str input that carries an XML encoding declaration.
    text = _NOT_XML.sub("", re.sub(r"^\s*<\?xml[^>]*\?>", "", text))
    text = _late_content_in_body(text)
    try:
        return lxml_html.document_fromstring(text)
    except (ParserError, ValueError):
        return None


def one_line(text: str) -> str:
    """The text with each run of whitespace one space, none at its ends."""
    return " ".join(text.split())


def squeezed(text: str) -> str:
    """The text without whitespace: two renderings of one block that keep its parts apart
    differently ("Plan your time.You" and "Plan your time. You") compare equal."""
    return "".join(text.split())


def link_share(element) -> float:
    """The share of the element's text (spaces folded) inside its links."""
    text = len(one_line(element.text_content())) or 1
    return sum(len(one_line(a.text_content())) for a in element.iter("a")) / text


def after_headline(visible_text: str, headline: str, near: int) -> list[str]:
    """The `near` characters after each place the headline stands in the visible text, in
    page order (a breadcrumb repeats it above the page's own)."""
    windows, at = [], visible_text.find(headline)
    while at >= 0:
        start = at + len(headline)
        windows.append(visible_text[start : start + near])
        at = visible_text.find(headline, start)
    return windows


# Runs of spaces (tabs, ideographic and no-break spaces) to one plain space: only the runs
# that are not one already, so the words' single spaces are not each a match (two thirds of
# visible_text's cost on a page of prose).
_SPACES = re.compile(r" [ \t\u3000\xa0]+|[\t\u3000\xa0][ \t\u3000\xa0]*")
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


def hold(tree) -> list:
    """Every element's Python proxy, for the caller to hold while it walks the tree.

    lxml makes a proxy for an element each time a walk reaches it, asking lxml.html's class
    lookup (Python code) which class: one per element per walk, a sixth of `process` on real
    pages, whose tree is walked a dozen times. A proxy still held is reused instead."""
    return list(tree.iter())
