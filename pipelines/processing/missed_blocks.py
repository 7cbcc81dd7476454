"""Lists and subheadings trafilatura left out from between the paragraphs it kept.

Where trafilatura finds no main container (none of its BODY_XPATH expressions match: a
`<div class="prose">` of a static blog, a React page), it falls back to the page's paragraphs
and leaves out what is not a `<p>`: the bullet lists and the subheadings between them. On the
wcxb_dev articles that was most of the gold's list items on those pages. A list or a heading
that stands among the paragraphs kept, a sibling between two of them, is the article's; it is
put back in its place, as trafilatura writes it ("- item" lines). Only there: what follows the
last paragraph kept (related links, a newsletter box) stays out, and so does a list that is
mostly links (a table of contents, a share bar).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from .html_clean import link_share, one_line, squeezed, visible_text

_BLOCKS = frozenset(("ul", "ol", "h2", "h3", "h4"))
MAX_LINK_SHARE = 0.5  # a list mostly of link text is navigation, not the article's


def _line(element) -> str:
    """The element's text on one line, its blocks and inline parts kept apart by a space
    (`<li><b>Plan your time.</b><br>You should…` reads "Plan your time. You should…")."""
    return one_line(visible_text(element).replace("\n", " "))


def block_lines(block) -> list[str]:
    """The block as trafilatura writes it: a paragraph's or a heading's line, or a line per
    list item."""
    if block.tag in ("ul", "ol"):
        items = (_line(item) for item in block.iter("li"))
        return [f"- {item}" for item in items if item]
    heading = _line(block)
    return [heading] if heading else []


def _missed(block, kept: str) -> list[str]:
    """The block's lines when trafilatura left all of it out and it is the article's."""
    if link_share(block) > MAX_LINK_SHARE:
        return []
    lines = block_lines(block)
    if any(squeezed(line.removeprefix("- ")) in kept for line in lines):
        return []  # trafilatura read it, in part at least
    return lines


def _gaps(parent, line_at, kept: str) -> Iterator[tuple[int, list[str]]]:
    """(a kept paragraph's line index, the missed lines after it) for each run of missed
    blocks between two kept paragraphs among the parent's children."""
    between: list = []  # the children since the last kept paragraph, weighed once closed
    previous = None  # the line index of the last kept paragraph among the children
    for child in parent:
        at = line_at(child) if child.tag == "p" else None
        if at is None:
            if previous is not None and child.tag in _BLOCKS:
                between.append(child)
            continue
        missed = [line for block in between for line in _missed(block, kept)]
        if previous is not None and missed and at > previous:
            yield previous, missed
        between, previous = [], at


def put_back(tree, text: str) -> str:
    """`text` (trafilatura's, a line per block) with the lists and headings it left out from
    between two of its paragraphs that are siblings in `tree`, each where it stands."""
    # Only the parents of a list or a heading can hold one between paragraphs, and only their
    # paragraphs are read; in document order, so the output never depends on lxml's memory.
    parents = dict.fromkeys(block.getparent() for block in tree.iter(*_BLOCKS))
    parents.pop(None, None)
    if not parents:
        return text  # most Chinese news pages: nothing that could be missing
    lines = text.split("\n")

    @functools.cache
    def line_of() -> dict[str, int]:
        return {one_line(line): at for at, line in enumerate(lines)}

    def line_at(paragraph) -> int | None:
        return line_of().get(one_line(paragraph.text_content()))

    kept = squeezed(text)
    after: dict[int, list[str]] = {}  # trafilatura's line index -> lines to insert after it
    for parent in parents:
        for at, missed in _gaps(parent, line_at, kept):
            after.setdefault(at, missed)  # a copy of the same paragraphs adds nothing
    if not after:
        return text
    out: list[str] = []
    for at, line in enumerate(lines):
        out.append(line)
        out += after.get(at, [])
    return "\n".join(out)
