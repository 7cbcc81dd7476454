"""The size cap: a page over it is kept raw and never extracted.

A 20 MB page took trafilatura over a minute (and the crawl's reactor with it); a 50 MB one
2.4 GB of memory. The crawl, `reextract` and `extract FILE` all go through `process`, which
calls `check_size` first, so the three agree on which pages are too large (parity).

The cap is `SCHOOLNEWS_MAX_PAGE_BYTES` (environment, or the crawl's Scrapy setting of that
name), default DEFAULT_MAX_PAGE_BYTES; 0 turns it off.
"""

from __future__ import annotations

import os

from .page import NotADocument, RawPage

DEFAULT_MAX_PAGE_BYTES = 5 * 1024 * 1024
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


def check_size(page: RawPage, limit: int) -> None:
    """Raise NotADocument('too large: N bytes') for a page over `limit` bytes (0: no cap)."""
    if limit and len(page.body) > limit:
        raise NotADocument(too_large_reason(len(page.body)))
