"""Han characters: the one character class, and how much of a text is written in them."""

from __future__ import annotations

import re

# CJK Unified Ideographs, Extension A, and the compatibility ideographs.
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN = re.compile(f"[{HAN_CLASS}]")
HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
_LETTER = re.compile(r"[^\W\d_]")


def count_in_runs(run: re.Pattern, text: str) -> int:
    """How many characters of `text` the one-class pattern `run` ("[…]+") matches: the
    lengths of its maximal runs added up. The same count as len(findall) of one character,
    at a fraction of the cost (one match a run, not a string a character)."""
    return sum(map(len, run.findall(text)))


def han_count(text: str) -> int:
    return count_in_runs(HAN_RUN, text)


def han_share(text: str) -> float:
    """Han characters among the letters of `text` (0.0 for a text without letters)."""
    if text.isascii() or not HAN.search(text):
        return 0.0  # no Han character, whatever the letters (counting them is the cost)
    letters = len(_LETTER.findall(text))
    return han_count(text) / letters if letters else 0.0
