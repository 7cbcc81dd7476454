"""Per-site boilerplate learned from stored documents: lines that repeat across many pages.

A line that appears in a large share of one site's articles ("欢迎关注学校微信公众号",
a standing disclaimer, a sign-off) is the site's template, not the article. Learning is a
pure function of the texts; the result is stored per site and handed to `process` inside
ExtractionRules, so re-extraction with the same inputs gives the same documents.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

MIN_DOCUMENTS = 8  # too few pages cannot tell a template from a coincidence
MIN_SHARE = 0.3  # a line in this share of a site's pages is boilerplate …
MIN_REPEATS = 4  # … and in at least this many
MAX_LINE = 200  # long lines are prose, even when quoted often
# A notice's form, which repeats because notices do, not because the site's template does:
# whom it addresses ("各处室、各专业部、各班级：") and its close ("特此通知。"). Where notices
# were a third of a school's stories, every notice lost both.
_NOTICE_FORM = re.compile(
    r"^[\u4e00-\u9fff].{0,59}：$|^特此(?:通知|公告|通告|函告|说明|說明)[。！!]?$"
)


def learn_boilerplate(texts: Iterable[str], known: frozenset[str] = frozenset()) -> frozenset[str]:
    """Lines repeated across the texts, added to the lines already known.

    The set only grows (but for a notice's form): stored texts were cleaned with the known
    lines, so those lines no longer show up in them, and forgetting them would bring them back.
    """
    counts: Counter[str] = Counter()
    documents = 0
    for text in texts:
        documents += 1
        counts.update(
            {
                line.strip()
                for line in text.splitlines()
                if line.strip()
                and len(line.strip()) <= MAX_LINE
                and not _NOTICE_FORM.match(line.strip())
            }
        )
    # Known lines of a notice's form were learned before it was excluded: forgotten, they come
    # back into the texts when the site is re-extracted.
    known = frozenset(line for line in known if not _NOTICE_FORM.match(line))
    if documents < MIN_DOCUMENTS:
        return known
    threshold = max(MIN_REPEATS, MIN_SHARE * documents)
    return known | {line for line, n in counts.items() if n >= threshold}


def boilerplate_version(lines: frozenset[str]) -> str:
    import hashlib

    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()[:8]
