"""Database size against the raw HTML it keeps, on the real pages of the shared eval sets.

    SCHOOLNEWS_SHARED=/work/shared .venv/bin/python -m bench.storage [--sets a,b] [--sample N]
        [--jobs 2] [--keep DIR]

Every page of zh_cwced_dev, wcxb_dev and scrapinghub_aeb goes through the crawl's own storage
path (tests/support/storage_size.py): `process()` for its document, `pages.save_pages` (zstd
body, document, search index, sketches, bands, stories) one site at a time, then
`service.compact` (per-site body dictionaries). One fresh SQLite file per set and one with
every set; after VACUUM, each file and table against `sum(pages.body_size)`.

Not through `schoolnews crawl` over a FixtureServer, as bench/crawl.py does: these pages come
from ~1,450 hosts, one or two pages each, with no list pages linking them, so a crawl would
need a registry entry and a made-up start page per host, and a generic profile would still
have to be told which URL is the article. The crawl's storage pipeline ends in the very same
`save_pages` and `compact` calls, which is what decides the size; what is left out is the
ledger's `crawl_runs` rows (one small row per run) and boilerplate learning (a site needs 8
stored texts; none here has).

No site here has the 20 pages a body dictionary needs (bodies.MIN_PAGES), so every body is a
plain zstd frame, as it would be in a crawl of one or two pages per site. In a real crawl a
school site has hundreds of pages and its dictionary takes most of the template away.

For contrast, bench/crawl.py's generated WebPlus site: pages of ~2.7-3.4 KB, nearly all
article text; 1k articles (`bench.crawl --only crawl --repeats 1`, 2.7 MB kept): whole file
3.66x raw (documents 1.81x, pages 0.71x, documents_fts_data 0.52x, sketches 0.21x). The
real pages here: median 128 KB (zh_cwced 33 KB), whole file 0.22x raw over all sets, but
1.93x on the Chinese pages, whose text is a large share of a small page and whose trigram
index costs ~6 bytes per character (bench/storage_ideas.py measures what would shrink it).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support import real_pages, storage_size

ROOT = Path(__file__).resolve().parents[1]


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(real_pages.SETS))
    parser.add_argument("--sample", type=int, help="every k-th page, N per set")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", metavar="DIR", help="keep the databases in DIR")
    parser.add_argument(
        "--eval", default=os.environ.get("SCHOOLNEWS_SHARED", str(ROOT.parent / "shared")) + "/eval"
    )
    args = parser.parse_args()
    print(f"before: {uptime()}")
    eval_dir = Path(args.eval)
    by_set = {
        name: [
            storage_size.page_item(case) for case in real_pages.cases(eval_dir / name, args.sample)
        ]
        for name in args.sets.split(",")
        if (eval_dir / name).is_dir()
    }
    if not by_set:
        sys.exit(f"no eval set under {eval_dir}")
    started, cpu = time.perf_counter(), time.process_time()
    done = {name: storage_size.extracted(items, args.jobs) for name, items in by_set.items()}
    print(
        f"extracted {sum(map(len, done.values()))} pages in "
        f"{time.perf_counter() - started:.0f} s ({args.jobs} jobs)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(args.keep or tmp)
        where.mkdir(parents=True, exist_ok=True)
        runs = {**done, "all sets": [d for found in done.values() for d in found]}
        for label, found in runs.items():
            db_file = where / f"{label.replace(' ', '_')}.db"
            db_file.unlink(missing_ok=True)
            started, cpu = time.perf_counter(), time.process_time()
            storage_size.store(found, db_file)
            stored = time.perf_counter() - started
            print(f"\n{storage_size.table(storage_size.measure(label, db_file))}")
            print(f"  (stored in {stored:.1f} s wall, {time.process_time() - cpu:.1f} s CPU)")
    print(f"\nafter: {uptime()}")


if __name__ == "__main__":
    main()
