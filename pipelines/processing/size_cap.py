"""The size cap: a page over it is kept raw and never extracted.

A 20 MB page took trafilatura over a minute (and the crawl's reactor with it); a 50 MB one
2.4 GB of memory. What costs is the markup: inline scripts and styles (a framework's state,
a page's CSS) are one text node each to the parser and dropped by trafilatura first. A 5.3 MB
shop page of wcxb_dev is 0.28 MB without them and extracts in 0.12 s CPU; so the cap is on the
page less its scripts and styles, and on the whole page only at HARD_FACTOR times the cap.

The crawl, `reextract` and `extract FILE` all go through `process`, which
calls `check_size` first, so the three agree on which pages are too large (parity).

The cap is `SCHOOLNEWS_MAX_PAGE_BYTES` (environment, or the crawl's Scrapy setting of that
name), default DEFAULT_MAX_PAGE_BYTES; 0 turns it off.
"""

from __future__ import annotations

import os

from .page import NotADocument, RawPage

DEFAULT_MAX_PAGE_BYTES = 5 * 1024 * 1024
HARD_FACTOR = 8  # a page this many times the cap is refused, however little markup it has
ENV = "SCHOOLNEWS_MAX_PAGE_BYTES"


def max_page_bytes(environ: dict[str, str] | None = None) -> int:
    """The cap the environment asks for, else the default; a bad value is a clear error."""
    raw = (os.environ if environ is None else environ).get(ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_PAGE_BYTES
    try:
        value = int(raw)
    except ValueError:  # a message naming the variable, not int()'s
        raise ValueError(f"{ENV} must be a whole number of bytes, not {raw!r}") from None
    if value < 0:
        raise ValueError(f"{ENV} must be >= 0, not {value}")
    return value


def too_large_reason(size: int) -> str:
    return f"too large: {size} bytes"


def markup_bytes(body: bytes) -> int:
    """The page's bytes less the contents of its <script> and <style> elements (an unclosed one
    runs to the end, as in a browser). One pass with find(): no regular expression, which an
    unclosed tag repeated would make quadratic."""
    lowered = body.lower()
    hidden, at = 0, 0
    while True:
        starts = [(lowered.find(b"<" + tag, at), tag) for tag in (b"script", b"style")]
        found = [(start, tag) for start, tag in starts if start >= 0]
        if not found:
            return len(body) - hidden
        start, tag = min(found)
        end = lowered.find(b"</" + tag, start + 1)
        end = len(body) if end < 0 else end
        hidden += end - start
        at = end + 2


def check_size(page: RawPage, limit: int) -> None:
    """Raise NotADocument('too large: N bytes') for a page whose markup (markup_bytes) is over
    `limit` bytes, or whose bytes are over HARD_FACTOR times it (0: no cap)."""
    size = len(page.body)
    if limit and size > limit and (size > HARD_FACTOR * limit or markup_bytes(page.body) > limit):
        raise NotADocument(too_large_reason(size))
