"""The content hash: equal for the same article whatever the page's script or spacing."""

from __future__ import annotations

import functools
import hashlib
import unicodedata

from .chinese_script import TO_SIMPLIFIED
from .made_ahead import MadeAhead


def to_simplified(text: str) -> str:
    """Traditional Chinese folded to simplified (the package's one OpenCC converter)."""
    return TO_SIMPLIFIED.convert(text)


# Normal forms made by an extraction worker with its sketch (similarity.prime), for this
# process's storage step (the search form).
_AHEAD: MadeAhead[str] = MadeAhead()


def prime(text: str, normal: str) -> None:
    """Hands `normalise(text)`, made elsewhere, to the next `normalise(text)` here."""
    _AHEAD.put(text, normal)


@functools.lru_cache(maxsize=8)
def normalise(text: str) -> str:
    """NFKC, one Chinese script (traditional folded to simplified), case and spaces folded.

    Cached for the last few texts: one document's text is normalised for its hash, its
    topics and its shingles. An ASCII text has nothing for OpenCC to convert.
    """
    if (made := _AHEAD.take(text)) is not None:
        return made
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = TO_SIMPLIFIED.convert(text)
    # Whitespace runs to one space, none at the ends: str.split() splits on exactly the
    # characters r"\s" matches (checked over every code point), at a fraction of the cost.
    return " ".join(text.casefold().split())


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()
