"""The story corpus's variants beyond copies (issue 16): aggregator rewrites and translations.

- **aggregated**: what an aggregator does to a school's article: one paragraph dropped (of
  four or more), one rewritten (its common words replaced), the sentences of another
  re-ordered, and a promo line added. Same facts, containment around 0.85-0.95.
- **translated**: the same article in the other language (the generator's templates are
  bilingual and every random draw is the same in both, so the facts agree: the date,
  figures and names), published by another site.

Both are planted from their own random stream (seeded by the story), so a corpus generated
without them (`--no-variants`) is the same corpus minus these documents: the cost of old and
new code can be compared on it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

EN, ZH = 0, 1

PROMOS = [
    (
        "Follow our channel for more vocational education news every day.",
        "关注本平台，每日获取更多职业教育资讯。",
    ),
    (
        "Scan the QR code below to join the vocational education exchange group.",
        "扫描下方二维码，加入职教交流群。",
    ),
    (
        "This article is compiled by the editorial team of Vocational Education Online.",
        "本文由职教在线编辑部整理发布。",
    ),
    (
        "Like and share this article to support vocational education.",
        "欢迎点赞转发，为职业教育加油。",
    ),
]
# The "rewritten" paragraph: an editor's synonyms for common words (facts untouched).
REWORDS = (
    [
        ("the two sides", "both parties"),
        ("said", "stated"),
        ("students", "learners"),
        ("teachers", "instructors"),
        ("school", "institution"),
        ("held", "organised"),
        ("will", "is set to"),
        ("visited", "toured"),
    ],
    [
        ("双方", "两方"),
        ("表示", "指出"),
        ("学生", "学子"),
        ("教师", "老师"),
        ("学校", "该校"),
        ("举行", "举办"),
        ("将", "会"),
        ("参观", "走访"),
    ],
)
_SENTENCE = (re.compile(r"(?<=[.!?])\s+"), re.compile(r"(?<=[。！？])"))


def _sentences(paragraph: str, lang: int) -> list[str]:
    return [s for s in _SENTENCE[lang].split(paragraph) if s.strip()]


def aggregate(paragraphs: list[str], lang: int, seed: int) -> list[str]:
    """An aggregator's version of an article's paragraphs (deterministic in `seed`)."""
    rng = random.Random(seed)
    paragraphs = list(paragraphs)
    joiner = " " if lang == EN else ""
    if len(paragraphs) >= 4:
        del paragraphs[rng.randrange(1, len(paragraphs))]  # the lead stays
    target = rng.randrange(len(paragraphs))
    for old, new in REWORDS[lang]:
        paragraphs[target] = paragraphs[target].replace(old, new)
    longest = max(range(len(paragraphs)), key=lambda i: len(_sentences(paragraphs[i], lang)))
    sentences = _sentences(paragraphs[longest], lang)
    if len(sentences) > 1:
        i = rng.randrange(len(sentences) - 1)
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
        paragraphs[longest] = joiner.join(s.strip() if lang == EN else s for s in sentences)
    promo = rng.choice(PROMOS)[lang]
    return paragraphs + [promo] if rng.random() < 0.7 else [promo] + paragraphs


def plant_variants(
    plant: Callable, story: int, seed: int, kind: str, lang: int, elsewhere: list[str]
) -> None:
    """Plant an aggregated copy and a translation of a news story, sometimes.

    `plant(variant, text, edits, retitle, site, lang)` is the generator's planter; the draws
    come from this story's own stream, so the rest of the corpus does not change.
    """
    if kind != "news":
        return
    rng = random.Random(seed ^ 0x5A5A5A)
    if rng.random() < 0.15:
        plant(
            "aggregated",
            None,
            [("aggregate", rng.randrange(1 << 30))],
            rng.random() < 0.5,
            rng.choice(elsewhere),
            lang,
        )
    if rng.random() < 0.12:
        plant("translated", None, [], False, rng.choice(elsewhere), 1 - lang)
