"""What the article-or-not decision sees on every dev page, captured once for offline fits.

    .venv/bin/python -m bench.page_kind_data --cache /tmp/pages.pickle [--jobs 2]

Runs `process` over every page of the shared dev sets, of every page type (and
of the fixture sites, as files without URL: tests/support/real_pages.fixture_site_cases) and
keeps, for each, the inputs of the decision: the URL, the tree as trafilatura got it (after
hidden elements are dropped), the page's markup, its link texts, the cleaned lines handed to
`page_kind.classify_lines` (from the last pass) and the reason given, if any. Fitting code
(bench/signals_fit.py) then computes features from these rows without running trafilatura
again, so a feature can be tried on all pages in a minute.
"""

from __future__ import annotations

import argparse
import multiprocessing
import pickle
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from pipelines.processing import page_kind, page_signals
from tests.support import real_pages


@dataclass(frozen=True)
class Row:
    set_name: str
    page_type: str
    name: str
    url: str
    tree_html: str | None  # the tree trafilatura was given, serialised
    markup: object
    anchors: frozenset[str]
    lines: tuple[str, ...] | None  # what classify_lines saw last; None: never reached
    reason: str | None  # the decision of the code as it was at capture time

    @property
    def label(self) -> int:
        """1 listing/collection (junk), 0 a page to keep: an article, or a page of another kind
        with main content of its own (forum thread, product, service, documentation)."""
        return int(self.page_type in real_pages.JUNK_TYPES)

    def tree(self):
        from lxml import html as lxml_html

        return lxml_html.document_fromstring(self.tree_html) if self.tree_html else None


def capture_one(gold_file: Path) -> Row:
    return capture_case(real_pages.load_case(gold_file))


def capture_case(case: real_pages.Case) -> Row:
    seen: dict = {}
    original_layout, original_classify = page_signals.layout_signals, page_kind.classify_lines

    def layout_spy(tree, url, markup):
        seen["tree"] = etree.tostring(tree, encoding="unicode")
        seen["markup"] = markup
        return original_layout(tree, url, markup)

    def classify_spy(lines, anchors, markup=None):
        seen["lines"], seen["anchors"] = tuple(lines), frozenset(anchors)
        return original_classify(lines, anchors, markup)

    page_signals.layout_signals, page_kind.classify_lines = layout_spy, classify_spy
    try:
        _doc, reason = real_pages.schoolnews(case)
    finally:
        page_signals.layout_signals, page_kind.classify_lines = original_layout, original_classify
    return Row(
        case.set_name,
        case.page_type,
        case.name,
        case.gold.get("url") or "",
        seen.get("tree"),
        seen.get("markup"),
        seen.get("anchors", frozenset()),
        seen.get("lines"),
        reason,
    )


def fit_files(eval_dir: Path, sample: int | None = None) -> list[Path]:
    """Every page of the dev sets: articles and listings, and the other kinds (forum, product,
    service, documentation), which a listing model must learn to keep too."""
    return [
        gold_file
        for set_name in real_pages.SETS
        for gold_file in real_pages.gold_files(eval_dir / set_name, sample)
    ]


def capture(eval_dir: Path, sample: int | None = None, jobs: int = 1) -> list[Row]:
    """The dev sets' pages, then the fixture sites' (a set of their own, given as files)."""
    files = fit_files(eval_dir, sample)
    fixtures = real_pages.fixture_site_cases()
    if jobs > 1:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            rows = list(pool.imap(capture_one, files, chunksize=4))
            return rows + list(pool.imap(capture_case, fixtures, chunksize=4))
    return [capture_one(f) for f in files] + [capture_case(c) for c in fixtures]


# Bump when what is captured changes: a cache of another version is captured again (version 2:
# every page type, not only articles and listings; 3: page_kind counts a repeated link text
# once, so pages it rejected before reach the layout signals and have a tree to capture).
CACHE_VERSION = 3


def load(cache: Path, eval_dir: Path, sample: int | None = None, jobs: int = 1) -> list[Row]:
    """The captured rows, from `cache` when it holds this version's capture."""
    if cache.exists():
        kept = pickle.loads(cache.read_bytes())
        if isinstance(kept, dict) and kept.get("version") == CACHE_VERSION:
            return kept["rows"]
        print(f"{cache}: an older capture; capturing again")
    rows = capture(eval_dir, sample, jobs)
    cache.write_bytes(pickle.dumps({"version": CACHE_VERSION, "rows": rows}))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    real_pages.add_shared_argument(parser)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--sample", type=int)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    rows = load(args.cache, args.shared / "eval", args.sample, args.jobs)
    by_kind: dict[str, int] = {}
    for row in rows:
        key = f"{row.set_name} {row.page_type} {'kept' if row.reason is None else 'rejected'}"
        by_kind[key] = by_kind.get(key, 0) + 1
    for key, count in sorted(by_kind.items()):
        print(f"{key:<45} {count}")


if __name__ == "__main__":
    # Through the package, so pickled rows name bench.page_kind_data.Row, not __main__.Row.
    from bench import page_kind_data

    page_kind_data.main()
