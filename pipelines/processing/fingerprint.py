"""The content hash: equal for the same article whatever the page's script or spacing."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from .chinese_script import TO_SIMPLIFIED

_WS = re.compile(r"\s+")


def to_simplified(text: str) -> str:
    """Traditional Chinese folded to simplified (the package's one OpenCC converter)."""
    return TO_SIMPLIFIED.convert(text)


@functools.lru_cache(maxsize=8)
def normalise(text: str) -> str:
    """NFKC, one Chinese script (traditional folded to simplified), case and spaces folded.

    Cached for the last few texts: one document's text is normalised for its hash, its
    topics and its shingles. An ASCII text has nothing for OpenCC to convert.
    """
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = TO_SIMPLIFIED.convert(text)
    return _WS.sub(" ", text.casefold()).strip()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()
