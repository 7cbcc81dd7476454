"""Pinyin readings that some portals print after a character: `職業(yè)` is `職業`.

Big5/simplified converters on Chinese portals annotate characters they map with the reading,
one parenthesised syllable with a tone mark right after the Han character (or a word's,
its syllables spaced). Left in, a search
for `職業` misses the page and it no longer matches its simplified original. Only a toned
syllable after a Han character is a reading: `(2019)`, `(Ltd)`, `(以下简称)` stay.
"""

from __future__ import annotations

import re

from .han import HAN_CLASS

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_LETTERS = "a-zü" + _TONED
# The bracket first, then the look back at the character before it: a pattern that starts
# with a character class lets the regex engine skip to brackets, where a leading lookbehind
# was tried at every position of a 200 KB page.
# A word's reading may be its syllables spaced ("合作(hé zuò)"): up to four, one toned at
# least (a neutral syllable has no mark).
_READING = re.compile(
    rf"[(（](?<=[{HAN_CLASS}][(（])(?=[^)）]{{0,30}}[{_TONED}])"
    rf"[{_LETTERS}]{{1,6}}(?: [{_LETTERS}]{{1,6}}){{0,3}}[)）]"
)


def strip_readings(text: str) -> str:
    """The text without readings injected after Han characters."""
    # Most pages hold no toned vowel at all: ruled out by substring scans, 10 times faster
    # than any regex over a whole page.
    if not text or not any(vowel in text for vowel in _TONED):
        return text
    return _READING.sub("", text)
