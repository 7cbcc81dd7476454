"""The OpenCC converters, built once (each loads its dictionaries)."""

from __future__ import annotations

from functools import cache

from opencc import OpenCC

TO_SIMPLIFIED = OpenCC("t2s")  # every normalised text: the crawl process folds search text too


@cache
def to_traditional() -> OpenCC:
    """s2t, built on first use: its dictionaries are ~26 MB, and only language identification
    (extraction, in the pool's workers) needs it, never the crawl process itself."""
    return OpenCC("s2t")
