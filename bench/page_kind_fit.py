"""Fit page_kind's thresholds on the shared dev sets as a whole, never page by page.

    .venv/bin/python -m bench.page_kind_fit [--shared DIR] [--cache FILE] [--sample N]

(page_signals' listing model is fitted by bench/signals_fit.py.)

Runs `process` once over every page of the dev sets, keeping what `classify_lines` sees (the
cleaned lines, the page's link texts, its markup); then replays the decision offline for a
grid of thresholds and prints article recall (articles kept) and junk rate (wcxb listing and
collection pages kept) for each, so the chosen values are the ones these numbers chose.
"""

from __future__ import annotations

import argparse
import itertools
import pickle
from pathlib import Path

from pipelines.processing import page_kind
from tests.support import real_pages


def capture(eval_dir: Path, sample: int | None) -> list[tuple]:
    """(set, page_type, lines, anchors, markup) for every page that reached classify_lines."""
    seen: list = []
    original = page_kind.classify_lines

    def spy(lines, anchors, markup=None):
        seen.append((list(lines), set(anchors), markup))
        return original(lines, anchors, markup)

    page_kind.classify_lines = spy
    rows = []
    try:
        for set_name in real_pages.SETS:
            for case in real_pages.cases(eval_dir / set_name, sample):
                seen.clear()
                real_pages.schoolnews(case)
                if seen:  # the last call decided (after the recall pass, when there was one)
                    rows.append((set_name, case.page_type, case.name, *seen[-1]))
                else:
                    rows.append((set_name, case.page_type, case.name, None, None, None))
    finally:
        page_kind.classify_lines = original
    return rows


def evaluate(rows, **params) -> tuple[float, float, dict]:
    for key, value in params.items():
        setattr(page_kind, key, value)
    kept_articles = articles = kept_junk = junk = 0
    lost: dict[str, int] = {}
    for set_name, page_type, _name, lines, anchors, markup in rows:
        kept = lines is not None and page_kind.classify_lines(lines, anchors, markup)[0] is None
        if page_type == "article":
            articles += 1
            kept_articles += kept
            if not kept:
                lost[set_name] = lost.get(set_name, 0) + 1
        elif page_type in real_pages.JUNK_TYPES:
            junk += 1
            kept_junk += kept
    return kept_articles / articles, kept_junk / max(junk, 1), lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    real_pages.add_shared_argument(parser)
    parser.add_argument("--cache", type=Path, help="pickle of the captured inputs (reused)")
    parser.add_argument("--sample", type=int)
    args = parser.parse_args()
    if args.cache and args.cache.exists():
        rows = pickle.loads(args.cache.read_bytes())
    else:
        rows = capture(args.shared / "eval", args.sample)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(rows))
    print(
        f"pages {len(rows)}; no text before classification: {sum(1 for r in rows if r[3] is None)}"
    )
    grid = {name: values for name, values in page_kind.FIT_GRID.items()}
    print("  ".join(grid) + "  -> article recall, junk rate, articles lost per set")
    for values in itertools.product(*grid.values()):
        recall, junk, lost = evaluate(rows, **dict(zip(grid, values, strict=True)))
        print("  ".join(map(str, values)) + f"  -> {recall:.4f}  {junk:.3f}  {lost}")


if __name__ == "__main__":
    main()
