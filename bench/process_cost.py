"""process() CPU a page against a base checkout's, in one process, interleaved.

    .venv/bin/python -m bench.process_cost --base DIR [--articles 1000] [--rounds 5]

On a shared machine the speed moves by more than a change worth measuring: within one
bench.crawl series, bare trafilatura over the same 1,000 pages took from 2.4 to 4.3 s. This
bench compares like with like in one process instead. It loads the base checkout's
`pipelines.processing` beside this tree's, as another package (a symlink named
`basepipelines` in a temporary folder: the package imports itself relatively). It then times
the base, this tree and bare `trafilatura.extract` round by round over the same pages, in CPU
time. The pages are the bench site's articles (bench.recrawl's generator, with bench.crawl's
English text when the shared eval sets are there).

Prints each one's median ms a page, the ratios, and how many pages give a different document,
its extractor version aside (a change meant to be pure speed must give 0).
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from bench.crawl import ARTICLE_PATTERN, english_articles
from bench.recrawl import HOST, build_bench_site

ROOT = Path(__file__).resolve().parents[1]


def bench_pages(root: Path, articles: int, eval_dir: Path) -> list:
    """RawPages of the bench site's articles, as the crawl stores them."""
    import re

    from pipelines.processing import RawPage

    build_bench_site(root, articles, 20)
    mirror = root / "sites" / "bench" / "mirror"
    english_articles(mirror, eval_dir)
    pattern = re.compile(ARTICLE_PATTERN)
    files = [
        f
        for f in sorted(mirror.rglob("*.htm"))
        if pattern.search("/" + f.relative_to(mirror).as_posix())
    ]
    return [
        RawPage(
            url=f"https://{HOST}/{f.relative_to(mirror).as_posix()}",
            body=f.read_bytes(),
            headers={"Content-Type": "text/html; charset=utf-8"},
            fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
            site="bench",
            kind="article",
        )
        for f in files
    ]


def load_base(base: Path, folder: Path):
    """The base checkout's pipelines.processing, importable beside this tree's."""
    (folder / "basepipelines").symlink_to(base.resolve() / "pipelines")
    sys.path.insert(0, str(folder))
    return importlib.import_module("basepipelines.processing")


def cpu_ms(function, pages) -> float:
    start = time.process_time()
    for page in pages:
        function(page)
    return (time.process_time() - start) / len(pages) * 1000


def _document(process, page):
    """What the page's document says (its extractor version left out), or why there is none."""
    try:
        said = asdict(process(page))
    except Exception as exc:  # noqa: BLE001  NotADocument of either package, or a crash
        return repr(exc)
    said.pop("extractor_version")
    return said


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, type=Path, help="a checkout to compare with")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--eval",
        type=Path,
        default=Path(os.environ.get("SCHOOLNEWS_SHARED", str(ROOT.parent / "shared"))) / "eval",
    )
    args = parser.parse_args()
    import trafilatura

    from pipelines.processing import process

    with tempfile.TemporaryDirectory() as tmp:
        pages = bench_pages(Path(tmp) / "site", args.articles, args.eval)
        base = load_base(args.base, Path(tmp)).process
        differ = sum(_document(base, p) != _document(process, p) for p in pages)
        print(f"{len(pages)} pages; documents that differ from the base's: {differ}")
        print(f"load before: {os.getloadavg()[0]:.2f}")
        runs: dict[str, list[float]] = {}
        for _ in range(args.rounds):
            for label, function in (
                ("bare trafilatura.extract", lambda p: trafilatura.extract(p.body)),
                ("base process()", base),
                ("this process()", process),
            ):
                runs.setdefault(label, []).append(cpu_ms(function, pages))
    median = {label: statistics.median(values) for label, values in runs.items()}
    for label, values in runs.items():
        rounds = " ".join(f"{v:.2f}" for v in values)
        print(f"{label:<26} {median[label]:6.3f} ms a page (CPU; rounds {rounds})")
    bare = median["bare trafilatura.extract"]
    print(
        f"base / bare {median['base process()'] / bare:.3f}   "
        f"this / bare {median['this process()'] / bare:.3f}   "
        f"this / base {median['this process()'] / median['base process()']:.3f}"
    )
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
