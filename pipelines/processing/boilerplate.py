"""Per-site boilerplate learned from stored documents: lines that repeat across many pages.

A line that appears in a large share of one site's articles ("欢迎关注学校微信公众号",
a standing disclaimer, a sign-off) is the site's template, not the article. Learning is a
pure function of the texts; the result is stored per site and handed to `process` inside
ExtractionRules, so re-extraction with the same inputs gives the same documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

MIN_DOCUMENTS = 8  # too few pages cannot tell a template from a coincidence
MIN_SHARE = 0.3  # a line in this share of a site's pages is boilerplate …
MIN_REPEATS = 4  # … and in at least this many
MAX_LINE = 200  # long lines are prose, even when quoted often


def learn_boilerplate(texts: Iterable[str], known: frozenset[str] = frozenset()) -> frozenset[str]:
    """Lines repeated across the texts, added to the lines already known.

    The set only grows: stored texts were cleaned with the known lines, so those lines no
    longer show up in them, and forgetting them would bring them back.
    """
    counts: Counter[str] = Counter()
    documents = 0
    for text in texts:
        documents += 1
        counts.update(
            {
                line.strip()
                for line in text.splitlines()
                if line.strip() and len(line.strip()) <= MAX_LINE
            }
        )
    if documents < MIN_DOCUMENTS:
        return known
    threshold = max(MIN_REPEATS, MIN_SHARE * documents)
    return known | {line for line, n in counts.items() if n >= threshold}


def boilerplate_version(lines: frozenset[str]) -> str:
    import hashlib

    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()[:8]
