"""A narrower reading of an article: when a second reading of a page trafilatura read too
much of is kept instead of the first.

It is kept when it is narrower: it holds nearly all the first reading's prose (its
sentence-sized lines, a copyright footer aside) in fewer characters, and next to nothing the
first did not hold (another part of the page read instead).
"""

from __future__ import annotations

import re

from .han import sentence_sized
from .page_kind import FOOTER

HELD = 0.9  # the share of the first reading's prose the narrower one keeps, and of its own
# text the first one held
_WS = re.compile(r"\s+")


def _flat(text: str) -> str:
    return _WS.sub("", text)


def _prose(lines: list[str]) -> list[str]:
    return [_flat(line) for line in lines if sentence_sized(line) and not FOOTER.match(line)]


def narrower(first: list[str], second: list[str]) -> bool:
    """Whether the second reading's lines are the first's less what is not the article."""
    before, after = _flat("".join(first)), _flat("".join(second))
    if not after or len(after) >= len(before):
        return False
    prose = _prose(first)
    kept = sum(len(line) for line in prose if line in after)
    if kept < HELD * sum(map(len, prose)):
        return False
    held = sum(len(line) for line in map(_flat, second) if line in before)
    return held >= HELD * len(after)
