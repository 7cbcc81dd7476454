"""The rest of a text that trafilatura read only the first part of: its continuations.

Some pages cut one text into several containers of one kind: an article split into chunks
between ads (Wired's `div.body__container`, one per chunk), a forum thread's posts (a
`div.post` each). trafilatura reads the container with the most text and stops there: on
those pages it kept a third of the article, or the first post. The paragraphs' parents after
it with the same tag and class, and close to it in the page (their ancestors meet within
three levels), are the same text going on, as Readability joins a sibling whose class
matches its choice. They are put back after its last paragraph, in page order, when none of
their text was read.

Not when they hold only a line or two (an author's bio, a promotion box that shares the
article's class): at least one of them must be a passage of its own, two paragraphs or 300
characters. Never a form (a comment box) or a container mostly of links.
"""

from __future__ import annotations

from collections import Counter
from itertools import islice

from .html_clean import link_share, squeezed
from .missed_blocks import MAX_LINK_SHARE, block_lines

NEAR = 3  # levels above the read container where a continuation's ancestors meet its own
MIN_KEPT = 2  # paragraphs trafilatura kept from a container for it to be the one it read
MIN_PARAGRAPH = 40  # characters of a paragraph that identifies a container, or is prose
PASSAGE_CHARS = 300  # a continuation this long (or of two paragraphs) is a passage of its own
_BLOCKS = ("p", "h2", "h3", "h4", "ul", "ol")
_FORM = ("form", "input", "textarea", "select")


def read_container(tree, kept: str):
    """The element whose paragraphs trafilatura kept the most of (and how many), if any."""
    counts: Counter = Counter()
    for paragraph in tree.iter("p"):
        text = squeezed(paragraph.text_content())
        if len(text) >= MIN_PARAGRAPH and text in kept:
            counts[paragraph.getparent()] += 1
    return counts.most_common(1)[0] if counts else (None, 0)


def _top_blocks(container) -> list:
    """The container's paragraphs, headings and lists, none inside another of them."""
    found = []
    for block in container.iter(*_BLOCKS):
        for ancestor in block.iterancestors():
            if ancestor is container:
                found.append(block)
            if ancestor is container or ancestor.tag in _BLOCKS:
                break
    return found


def _continuations(parents, container) -> list:
    """The paragraphs' parents of the same tag and class after `container` (in page order),
    near it, not in it."""
    near = set(islice(container.iterancestors(), NEAR))
    found, after = [], False
    for other in parents:
        if other is container:
            after = True
            continue
        if not after or (other.tag, other.get("class")) != (container.tag, container.get("class")):
            continue
        above = list(other.iterancestors())
        if container not in above and near & set(above[:NEAR]):
            found.append(other)
    return found


def put_back(tree, text: str) -> str:
    """`text` with the continuations of the container it was read from, after that
    container's last line, when none of their text is in it and one is a passage."""
    # The containers are the paragraphs' parents. Most pages hold them in containers of a
    # kind of their own: nothing to do, found without reading a paragraph's text.
    parents = dict.fromkeys(p.getparent() for p in tree.iter("p"))
    parents.pop(None, None)
    kinds = Counter((e.tag, e.get("class")) for e in parents if e.get("class"))
    if not kinds or kinds.most_common(1)[0][1] < 2:
        return text
    kept = squeezed(text)
    container, count = read_container(tree, kept)
    if count < MIN_KEPT or not container.get("class"):
        return text
    added, passage = [], False
    for other in _continuations(parents, container):
        if (adds := _what_it_adds(other, kept)) is not None:
            added += adds[0]
            passage = passage or _passage(adds[1])
    if not added or not passage:
        return text
    return _insert_after(text, _last_kept(container, kept), added)


def _passage(paragraphs: list[int]) -> bool:
    """Whether paragraphs of these lengths are a passage of their own."""
    return len(paragraphs) >= 2 or sum(paragraphs) >= PASSAGE_CHARS


def _what_it_adds(other, kept: str) -> tuple[list[str], list[int]] | None:
    """(the continuation's lines trafilatura did not read, the lengths of its paragraphs
    among them), or None when it adds nothing of the text."""
    if link_share(other) > MAX_LINK_SHARE or next(other.iter(*_FORM), None) is not None:
        return None  # navigation, or a form (a comment box in the article's own class)
    blocks = [(block.tag, block_lines(block)) for block in _top_blocks(other)]
    lines = [line for _, written in blocks for line in written]
    unread = [line for line in lines if squeezed(line.removeprefix("- ")) not in kept]
    paragraphs = [
        len(line) for tag, written in blocks if tag == "p" for line in written if line in unread
    ]
    if not any(length >= MIN_PARAGRAPH for length in paragraphs) or len(unread) * 2 <= len(lines):
        return None  # no prose, or trafilatura read most of it
    if len(unread) < len(lines) and not _passage(paragraphs):
        return None  # read in part (a pull quote): what is left must be a passage itself
    return unread, paragraphs  # a line read already is not written twice


def _last_kept(container, kept: str) -> str:
    """The container's last paragraph trafilatura kept, spaces left out."""
    paragraphs = [squeezed(p.text_content()) for p in container.iter("p")]
    return [p for p in paragraphs if len(p) >= MIN_PARAGRAPH and p in kept][-1]


def _insert_after(text: str, last: str, added: list[str]) -> str:
    """`added` after the line of the text that holds `last` (the end when none does)."""
    lines = text.split("\n")
    at = max((i for i, line in enumerate(lines) if last in squeezed(line)), default=len(lines) - 1)
    return "\n".join([*lines[: at + 1], *added, *lines[at + 1 :]])
