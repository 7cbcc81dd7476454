"""Han characters: the one character class, and how much of a text is written in them."""

from __future__ import annotations

import re

# CJK Unified Ideographs, Extension A, and the compatibility ideographs.
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN = re.compile(f"[{HAN_CLASS}]")
_LETTER = re.compile(r"[^\W\d_]")


def han_count(text: str) -> int:
    return len(HAN.findall(text))


def han_share(text: str) -> float:
    """Han characters among the letters of `text` (0.0 for a text without letters)."""
    if text.isascii():
        return 0.0  # no Han character, whatever the letters
    letters = len(_LETTER.findall(text))
    return han_count(text) / letters if letters else 0.0
