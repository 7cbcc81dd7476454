"""Duplicate and near-duplicate benchmark (issue 4): planted pairs through the real write path.

    .venv/bin/python -m bench.dedup                       # 10k, 30k, 100k on fresh SQLite files
    .venv/bin/python -m bench.dedup --max 30000           # a shorter growth series
    .venv/bin/python -m bench.dedup --quick               # 500 and 2,000 documents
    .venv/bin/python -m bench.dedup --db postgresql+psycopg://postgres@127.0.0.1/test_bench

The corpus is `tests.support.story_corpus`'s: school news in English and Chinese with planted
exact, traditional-script, cut, added, aggregated and translated copies, and distinct articles
that must NOT merge (articles sharing one school introduction, notices of one template).

The documents go through `pages.save_pages` in batches, exactly as the crawl's storage
pipeline calls it (content-hash linking and the persistent MinHash-LSH story assignment),
then one query reads back (url, story_id, content_hash) and pairs are scored against the
ground truth. Each size runs in a fresh child process, so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from bench.dedup_report import report
from tests.support.dedup_score import in_memory, margins, quality_dict, score
from tests.support.dedup_store import BATCH, StoreStats, read_back, store
from tests.support.story_corpus import generate

ROOT = Path(__file__).resolve().parents[1]
GROWTH = (10_000, 30_000, 100_000, 300_000, 1_000_000)

# -- one size, in its own process ------------------------------------------------------------


def _rss_mb() -> float:
    """Peak resident set so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _prepare(url: str | None, n: int, workdir: Path) -> str:
    """A fresh, empty database for one size."""
    if url is None:
        url = f"sqlite:///{workdir / f'dedup-{n}.db'}"
    if url.startswith("sqlite"):
        path = Path(url.split("///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return url
    import psycopg  # PostgreSQL only: recreate the (scratch) database

    name = url.rsplit("/", 1)[1].split("?")[0]
    if "bench" not in name and "test" not in name:
        raise SystemExit(
            f"refusing to drop database {name!r}: its name must contain 'bench' or 'test'"
        )
    admin = url.replace("+psycopg", "", 1).rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def _db_bytes(url: str) -> int:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1]
        return sum(
            os.path.getsize(f"{path}{s}") for s in ("", "-wal") if os.path.exists(f"{path}{s}")
        )
    import psycopg

    plain = url.replace("+psycopg", "", 1)
    with psycopg.connect(plain) as conn:
        return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]


def run_one(
    n: int,
    seed: int,
    url: str | None,
    workdir: Path,
    batch: int = BATCH,
    with_margins: bool = False,
    variants: bool = True,
) -> dict:
    rss_start = _rss_mb()
    specs = generate(n, seed, variants)
    url = _prepare(url, n, workdir)
    rss_before = _rss_mb()
    every = max(n // batch // 20, 1)  # batches between progress lines

    def progress(stats: StoreStats) -> None:
        # Timings as the run goes, so an interrupted run still shows how cost grows.
        done = len(stats.batch_seconds)
        if done % every == 0:
            recent = stats.batch_seconds[-every:]
            print(
                f"  [{n:,}] stored {min(done * batch, n):,}: {sum(stats.batch_seconds):.0f} s, "
                f"last {len(recent) * batch} at {1000 * sum(recent) / (len(recent) * batch):.1f}"
                f" ms/doc, {stats.verify.calls:,} verifications, {stats.shingles.calls:,} "
                f"shingle sets, RSS {stats.batch_rss_mb[-1]:.0f} MB",
                file=sys.stderr,
                flush=True,
            )

    stats = store(specs, url, batch, progress)
    rss_store_peak = _rss_mb()
    stored = read_back(url)
    rss_peak = _rss_mb()
    quality = score(specs, stored)
    result = {
        "n": n,
        "seed": seed,
        "batch": batch,
        "backend": url.split(":", 1)[0],
        "store_seconds": stats.seconds,
        "render_seconds": stats.render_seconds,
        "store_cpu_seconds": stats.cpu_seconds,
        "hash": asdict(stats.hash),
        "shingles": asdict(stats.shingles),
        "minhash": asdict(stats.minhash),
        "screen": asdict(stats.screen),
        "verify": asdict(stats.verify),
        "first_batches_ms_per_doc": 1000 * sum(stats.batch_seconds[:4]) / (4 * batch),
        "last_batches_ms_per_doc": 1000 * sum(stats.batch_seconds[-4:]) / (4 * batch),
        "rss_start_mb": rss_start,
        "rss_before_store_mb": rss_before,
        "rss_peak_mb": rss_peak,
        "rss_store_peak_mb": rss_store_peak,
        "rss_first_batch_mb": stats.batch_rss_mb[0],
        "rss_last_batch_mb": stats.batch_rss_mb[-1],
        "db_bytes": _db_bytes(url),
        "quality": quality_dict(quality),
        "in_memory": in_memory(specs),
        "variants": dict(Counter(s.variant for s in specs)),
        "kinds": dict(Counter(s.kind for s in specs)),
    }
    if with_margins:
        result["margins"] = margins(specs)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=lambda s: [int(x) for x in s.split(",")],
        help="comma-separated corpus sizes (default: 10k, 30k, 100k up to --max)",
    )
    parser.add_argument("--max", type=int, default=100_000, help="largest size of the series")
    parser.add_argument("--quick", action="store_true", help="500 and 2,000 documents")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--batch", type=int, default=BATCH, help="pages per save_pages call")
    parser.add_argument(
        "--db",
        help="SQLAlchemy URL of a scratch database, recreated per size "
        "(default: a fresh SQLite file per size in a temporary folder)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the SQLite files")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument(
        "--no-variants",
        dest="variants",
        action="store_false",
        help="without aggregator rewrites and translations (the same corpus "
        "minus those: to compare the cost with code that predates them)",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child: one size
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--margins", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.one:  # in a child process: one size, figures as JSON on stdout
        result = run_one(
            args.one, args.seed, args.db, args.workdir, args.batch, args.margins, args.variants
        )
        print(json.dumps(result, default=str))
        return 0

    sizes = args.sizes or ([500, 2000] if args.quick else [s for s in GROWTH if s <= args.max])
    workdir = Path(tempfile.mkdtemp(prefix="dedup-bench-"))
    results = []
    try:
        for i, n in enumerate(sizes):
            print(f"running {n:,} documents ...", file=sys.stderr, flush=True)
            command = [
                sys.executable,
                "-m",
                "bench.dedup",
                "--one",
                str(n),
                "--seed",
                str(args.seed),
                "--batch",
                str(args.batch),
                "--workdir",
                str(workdir),
            ]
            command += ["--db", args.db] if args.db else []
            command += ["--margins"] if i == 0 else []
            command += [] if args.variants else ["--no-variants"]
            started = time.perf_counter()
            child = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True, cwd=ROOT)
            results.append(json.loads(child.stdout.strip().splitlines()[-1]))
            print(f"  done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    finally:
        if args.keep:
            print(f"databases kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"dedup benchmark: seed {args.seed}, batch {args.batch}, "
        f"{results[0]['backend']}, sizes {', '.join(f'{n:,}' for n in sizes)}"
    )
    mix = results[-1]
    print(f"largest corpus: {mix['kinds']} ; copies {mix['variants']}")
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
