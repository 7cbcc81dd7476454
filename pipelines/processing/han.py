"""Han characters: the one character class, how much of a text is written in them, and how
long a sentence is in either script."""

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


SENTENCE_HAN = 20  # a Chinese sentence …
SENTENCE_WORDS = 10  # … or an English one


def sentence_sized(text: str) -> bool:
    """As long as a sentence of running text, in Han characters or in words: what no menu
    word, label or headline-sized link is."""
    return han_count(text) >= SENTENCE_HAN or len(text.split()) >= SENTENCE_WORDS
