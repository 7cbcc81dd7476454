"""The words of a page's chrome, scored: the listing model's second part (page_model adds it).

Listing and collection pages of unrelated sites share the words of their controls and menus
("Sort by", "Load more", "Showing 1-12 of 48", "Categories", "Add to cart"); an article's
chrome says "Share", "Related", "Comments". A page becomes a bag of tokens from its link texts
(a), headings (h), controls and form labels (b), <title> (t) and URL path (u), each tagged by
where it came from, word bigrams too, hashed into 2^bits buckets; a logistic model over those
(fitted by `bench/signals_vocab.py --write` on the shared dev sets as a whole, the weights in
page_vocab.json) gives a log-odds that is added to the trees' score.

Reading the tokens walks the whole tree again (2.3 ms a page on the wcxb dev pages), so they
are read only when the trees' score is near enough to the cut for the words to matter
(`reach`): on 654 of those 1,497 pages, and never on an article the crawl classed by its URL
that has a long body.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html

from .han import han_count
from .page_signals import TITLE_SEPARATORS

MODEL_FILE = Path(__file__).with_name("page_vocab.json")

_WORD = re.compile(r"[^\W\d_]+|\d+")
_WS = re.compile(r"\s+")
_EXTENSION = re.compile(r"\.\w{2,5}$")
# Texts longer than this are a story's headline or a sentence, not a control's label: only
# their length is kept (their words name the story, which no other site shares).
_LABEL_WORDS = 6
_CONTROLS = ("button", "label", "option", "summary", "legend", "th", "dt")


def _words(text: str) -> list[str]:
    # Digits as one token: "Showing 1-12 of 48" and "Page 2 of 9" look alike on every site.
    return ["0" if w.isdigit() else w for w in _WORD.findall(text.lower())]


def _bag(out: set[str], source: str, text: str) -> None:
    words = _words(text)
    if not words:
        return
    # Two Han characters a word, as page_signals counts a headline's: a Chinese headline is a
    # run or two of characters, which the pattern takes for as many words.
    if max(len(words), han_count(text) // 2) > _LABEL_WORDS:
        out.add(f"{source}|long")
        return
    out.update(f"{source}|{w}" for w in words)
    out.update(f"{source}|{a}_{b}" for a, b in zip(words, words[1:], strict=False))


def tokens(tree: lxml_html.HtmlElement, url: str) -> set[str]:
    """The tokens of a page's chrome (the tree as trafilatura is given it)."""
    out: set[str] = set()
    for anchor in tree.iter("a"):
        _bag(out, "a", _WS.sub(" ", anchor.text_content()))
    for tag in ("h1", "h2", "h3", "h4"):
        for heading in tree.iter(tag):
            _bag(out, "h", heading.text_content())
    for control in tree.iter(*_CONTROLS):
        _bag(out, "b", control.text_content())
    for field in tree.iter("input"):
        _bag(out, "b", (field.get("placeholder") or "") + " " + (field.get("value") or ""))
    title = tree.findtext(".//title") or ""
    for part in TITLE_SEPARATORS.split(title):
        _bag(out, "t", part)
    try:
        path = urlsplit(url).path if url else ""
    except ValueError:  # a malformed URL has no words to give
        path = ""
    for segment in filter(None, path.split("/")):
        words = _words(_EXTENSION.sub("", unquote(segment)))
        out.update(f"u|{w}" for w in words[:_LABEL_WORDS])
        out.add("u|long" if len(words) > 3 else "u|short")
    return out


def buckets(found: set[str], bits: int) -> list[int]:
    """The distinct hash buckets of a page's tokens (crc32, the low `bits` bits)."""
    mask = (1 << bits) - 1
    return sorted({zlib.crc32(token.encode()) & mask for token in found})


@cache
def model() -> dict:
    return json.loads(MODEL_FILE.read_text(encoding="utf-8"))


def score(tree: lxml_html.HtmlElement, url: str) -> float:
    """The model's log-odds that the page is a listing, from its chrome's words alone. Each
    bucket counts 1/sqrt(buckets): a page of many links does not outweigh a short one."""
    fitted = model()
    weights = fitted["weights"]
    found = buckets(tokens(tree, url), fitted["bits"])
    if not found:
        return fitted["bias"]
    return fitted["bias"] + sum(weights[b] for b in found) / math.sqrt(len(found))


def reach() -> float:
    """The most the words can add to the trees' score (with a margin): a page whose trees'
    score is further than this under the cut is kept without reading its words."""
    return model()["reach"]
