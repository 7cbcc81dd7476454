"""Every English-Chinese pair of a generated corpus that states one day, through the pure
cross-language decision (no database): the false links among them and the recall on the
true translation pairs. Storage proposes fewer pairs (those sharing a (date, figure) key), so
a false link here is one the bench can make; none here means none there.

    .venv/bin/python -m bench.story_pairs --size 100000
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence

from pipelines.processing.similarity import shingles
from pipelines.processing.story_match import PinyinCache, Text, cross_language
from tests.support.story_corpus import EN, Spec, generate, render


def _texts(specs: Sequence[Spec]) -> dict[str, Text]:
    out = {}
    for i, spec in enumerate(specs):
        shown = render(spec)
        out[spec.url] = Text(
            i,
            spec.story,
            shingles(""),
            chinese=spec.lang != EN,
            published=shown.published,
            text=shown.text,
        )
    return out


def _days(text: Text) -> set[str]:
    said = {d for d in text.said().dates if not d.startswith("--")}
    return said | ({text.published.isoformat()} if text.published else set())


def check(specs: Sequence[Spec], examples: int = 10) -> dict:
    """Cross-language verdicts on every (English, Chinese) pair sharing a day."""
    texts = _texts(specs)
    by_day: dict[str, list[Spec]] = defaultdict(list)
    for spec in specs:
        for day in _days(texts[spec.url]):
            by_day[day].append(spec)
    seen: set[tuple[str, str]] = set()
    pinyin = PinyinCache()
    counts: Counter = Counter()
    false_links: list[str] = []
    for members in by_day.values():
        english = [s for s in members if s.lang == EN]
        chinese = [s for s in members if s.lang != EN]
        for a in english:
            for b in chinese:
                if (a.url, b.url) in seen:
                    continue
                seen.add((a.url, b.url))
                same = a.story == b.story
                found = cross_language(texts[a.url], texts[b.url], pinyin)
                counts["true pairs" if same else "distinct pairs"] += 1
                if same:
                    counts["true linked"] += found is not None
                elif found is not None:
                    counts["false links"] += 1
                    counts[f"false {a.kind}x{b.kind}"] += 1
                    if len(false_links) < examples:
                        false_links.append(
                            f"{a.kind}/{a.variant} {a.url} x {b.kind}/{b.variant} "
                            f"{b.url}: {found.describe()}"
                        )
    # True pairs that state no common day are never proposed: count them as missed.
    stories: dict[int, Counter] = defaultdict(Counter)
    for spec in specs:
        stories[spec.story][spec.lang == EN] += 1
    counts["all true pairs"] = sum(c[True] * c[False] for c in stories.values())
    return {"counts": dict(counts), "examples": false_links}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args(argv)
    result = check(generate(args.size, args.seed))
    counts = result["counts"]
    print(f"cross-language pairs sharing a day, {args.size:,} documents, seed {args.seed}:")
    for key, value in sorted(counts.items()):
        print(f"  {key:<28} {value:>9,}")
    recall = counts.get("true linked", 0) / max(counts["all true pairs"], 1)
    print(f"  recall on all true pairs     {recall:.4f}")
    for line in result["examples"]:
        print(f"  e.g. {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
