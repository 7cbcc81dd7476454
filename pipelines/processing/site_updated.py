"""A site's "last updated" line (最後更新日期：2024-06-21, "Page last updated: 3 June 2024"):
the day someone last touched the site, printed the same on every page, not the day a story was
published. An Rpage school's footer dated its 11 menu pages (校長的話, 學校沿革…) by it, so
they read as dated stories, and every date reader (the labels, the search near the headline,
htmldate's) would take it: the line leaves the tree before any of them reads it.

Which line is the site's is read from where it stands, not from its words alone: 更新时间
next to a headline is often the only date a story prints. A line labelled as the whole site's
or page's last update (最後更新, 网站更新, "last updated") is the site's in the page's footer
or as the page's last block; a bare 更新日期 or "Updated" only in the footer (a `footer`
element, an element whose class or id names the footer).
"""

from __future__ import annotations

import re

from lxml import etree

from .html_clean import one_line

# The whole site's or page's last update, whatever the next words.
_SITE_WIDE = (
    r"(?:本站|網站|网站|頁面|页面|本頁|本页|網頁|网页)?(?:最後|最后)更新|(?:本站|網站|网站)更新|"
    r"(?:(?:site|page|website)\s+)?last\s+(?:updated|modified|update)"
)
_BARE = r"更新|updated|modified"
_WORD = re.compile(rf"{_SITE_WIDE}|{_BARE}", re.I)


def _line(label: str) -> re.Pattern:
    """The label, a day's name (日期, date, on…) and a short value with a digit: a line of
    its own, not a sentence that speaks of an update."""
    return re.compile(
        rf"^(?:{label})\s*(?:日期|時間|时间|date|time|on)?\s*[:：]?\s*(?=[^\n]*\d)[^。！？!?\n]{{1,40}}$",
        re.I,
    )


_SITE_WIDE_LINE = _line(_SITE_WIDE)
_BARE_LINE = _line(_BARE)
# Not "bottom": an article's bottom bar (news-bottom) may print its update date.
_FOOTER_NAME = re.compile(r"footer|copyright|\bfoot\b", re.I)
_NOT_SHOWN = ("script", "style", "noscript", "template")


def _in_footer(element) -> bool:
    """Inside the page's footer (not an article's)."""
    for node in (element, *element.iterancestors()):
        if node.tag in ("body", "html"):
            return False  # <body class="has-sticky-footer">: every line would be the footer's
        name = f"{node.get('class') or ''} {node.get('id') or ''}"
        if node.tag == "article":
            return False  # an article's own footer: its update is the story's
        if node.tag == "footer" or node.get("role") == "contentinfo" or _FOOTER_NAME.search(name):
            return not any(above.tag == "article" for above in node.iterancestors())
    return False


def _last_block(element) -> bool:
    """Nothing shown after it: the page's last line."""
    return not any(
        text.strip()
        for text in element.xpath("following::text()")
        if text.getparent() is not None and text.getparent().tag not in _NOT_SHOWN
    )


def _whole_line(element) -> re.Pattern | None:
    """The outermost element around `element` whose text is one update line; None if none."""
    found = None
    for node in (element, *element.iterancestors()):
        if node.tag in ("body", "html"):
            break
        text = one_line(node.text_content())
        if _SITE_WIDE_LINE.match(text) or _BARE_LINE.match(text):
            found = node
        elif found is not None or len(text) > 80:
            break  # past the line, or a block of more than it
    return found


def _the_sites(line) -> bool:
    text = one_line(line.text_content())
    if _SITE_WIDE_LINE.match(text):
        return _in_footer(line) or _last_block(line)
    return _in_footer(line)


# In every match of _WORD, as pages write it.
_HINTS = ("更新", "pdate", "PDATE", "odified", "ODIFIED")
# The text nodes that may hold _WORD, found by libxml2: a walk in Python over every element,
# and _WORD's optional prefixes searched through a whole page's text, were 4 % of extraction.
_HINTED_TEXT = etree.XPath(
    ".//text()[" + " or ".join(f"contains(., '{hint}')" for hint in _HINTS) + "]"
)


def _starts(body) -> list:
    """The elements whose own text names an update: a text's element, a tail's parent."""
    starts = []
    for text in _HINTED_TEXT(body):
        element = text.getparent()
        if element is None or not isinstance(element.tag, str):
            continue
        if text.is_tail:
            element = element.getparent()
        if element is not None and element.tag not in _NOT_SHOWN and _WORD.search(text):
            starts.append(element)
    return starts


def drop_site_updated(tree) -> int:
    """Remove the site's "last updated" lines (their tails kept); how many."""
    body = tree.find("body")
    shown = body.text_content() if body is not None else ""
    if not any(hint in shown for hint in _HINTS):
        return 0  # most pages print none: a search of the text in C, no XPath
    lines = []
    for start in _starts(body):
        line = _whole_line(start)
        if line is not None and line not in lines and _the_sites(line):
            lines.append(line)
    for line in lines:
        line.drop_tree()
    return len(lines)
