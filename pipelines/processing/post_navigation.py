"""A post's navigation to its neighbours, at the end of its text: chrome, not the story.

Blog themes end a post with links to the one before and the one after: a label ("Previous",
"Next", "« Previous Post", "上一篇") on its own line, the neighbour's title on the next
(Squarespace 7.1's item pagination, WordPress's post navigation). The titles change as
stories are added, so a routine re-crawl would store a new version of an unedited story;
and a gallery post's short text (a Squarespace trial) ended with four such lines. A label
with its title on the same line ("上一篇：…", "Previous: …") is text_clean's noise already.
"""

from __future__ import annotations

import re

_LABEL = re.compile(
    r"^[«‹←<\s]*(?:previous|next|prev|older|newer)(?:\s+(?:post|article|story|entry|news))?"
    r"[»›→>\s]*$|^[«‹←<\s]*(?:上一|下一)(?:篇|条|條|则|則|页|頁)?[»›→>\s]*$|^(?:上|下)篇$",
    re.I,
)
# A neighbour's title: a headline's length, never a paragraph.
_TITLE_MAX = 150


def _label(line: str) -> bool:
    return _LABEL.match(line) is not None


def _titled(lines: list[str], at: int) -> bool:
    """The line is a neighbour's title: headline-sized, with no full stop (a headline has
    none; a sentence after a story's "Next" heading does), right under its label (as themes
    print them: the story's last line before "Previous" stays)."""
    line = lines[at]
    headline = len(line) <= _TITLE_MAX and not line.endswith((".", "。"))
    return headline and at > 0 and _label(lines[at - 1])


def drop_post_navigation(lines: list[str]) -> list[str]:
    """The lines less a run at their end made of navigation labels and the titles beside
    them; a text that is nothing but such lines stays (no story to tell them from)."""
    start = len(lines)
    while start > 0 and (_label(lines[start - 1]) or _titled(lines, start - 1)):
        start -= 1
    if start == 0 or not any(_label(line) for line in lines[start:]):
        return lines
    return lines[:start]
