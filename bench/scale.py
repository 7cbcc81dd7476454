"""Scale benchmark: a distributed crawl with 1, 2, 3 workers; re-extraction with 1, 2 processes.

    .venv/bin/python -m bench.scale [--articles 300] [--per-page 20]
        [--redis redis://127.0.0.1:6379/0] [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Generates a WebPlus-style site (bench/recrawl.py's generator), serves it through the
fixture proxy, and crawls it with N `schoolnews crawl --distributed` workers started at once
(N = 1, 2, 3), each time into a fresh PostgreSQL database with fresh Redis keys; no politeness
delay (this measures capacity). Reported per N: pages stored per second over the wall time of
the whole run (process start-up, the idle close and the learning step included) and over the
span from the first to the last request the site saw, and the CPU time all processes of the
run used (workers and fixture server; not PostgreSQL or Redis), which does not depend on what
else the machine is doing. Then the stored pages are re-extracted in-process with
`reextract(workers=1)` and `reextract(workers=2)` (database writes included), beside our
extraction alone (`process()`, no database) and plain `trafilatura.extract` over the same page
bytes, each in one process.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
import redis
import sqlalchemy as sa

from bench.recrawl import build_bench_site
from crawler.fixture_server import FixtureServer

ROOT = Path(__file__).resolve().parents[1]

SETTINGS = [
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=8",
    "-s",
    "SCHOOLNEWS_PROGRESS_INTERVAL=0",
    "-s",
    "SCHOOLNEWS_IDLE_CLOSE_SECONDS=1",
]


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its finished children so far."""
    return sum(
        r.ru_utime + r.ru_stime
        for r in (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
    )


def crawl(
    workers: int, env: dict, registry: Path, db_url: str, redis_url: str, prefix: str
) -> tuple[float, float]:
    args = [
        sys.executable,
        "-m",
        "crawler.cli",
        "crawl",
        "bench",
        "--sites",
        str(registry),
        "--db",
        db_url,
        "--distributed",
        "--redis",
        redis_url,
        *SETTINGS,
        "-s",
        f"SCHOOLNEWS_REDIS_PREFIX={prefix}",
    ]
    started, cpu = time.perf_counter(), cpu_seconds()
    procs = [
        subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for _ in range(workers)
    ]
    outputs = [p.communicate()[0] for p in procs]
    seconds = time.perf_counter() - started
    for proc, out in zip(procs, outputs, strict=True):
        if proc.returncode:
            sys.exit(out)
    return seconds, cpu_seconds() - cpu  # (the fixture server's share is in this process)


def pages_stored(db_url: str) -> tuple[int, int]:
    engine = sa.create_engine(db_url)
    with engine.connect() as db:
        pages = db.execute(sa.text("select count(*) from pages")).scalar()
        articles = db.execute(sa.text("select count(*) from documents")).scalar()
    engine.dispose()
    return pages, articles


def reextract_rate(db_url: str, workers: int) -> tuple[int, float, float]:
    from crawler.registry import load_registry
    from pipelines.db.session import open_database
    from pipelines.learning import rules_lookup
    from pipelines.reextract import reextract
    from pipelines.site_rules import registry_rules

    engine = open_database(db_url)
    rules = rules_lookup(engine, registry_rules(load_registry(REGISTRY)))
    started, cpu = time.perf_counter(), cpu_seconds()
    result = reextract(engine, rules, workers=workers)
    seconds = time.perf_counter() - started
    engine.dispose()
    return result.pages, seconds, cpu_seconds() - cpu


def stored_pages(db_url: str) -> list:
    from pipelines.db.session import open_database, session_scope
    from pipelines.db.stored_pages import iter_article_pages

    engine = open_database(db_url)
    with session_scope(engine) as session:
        pages = list(iter_article_pages(session))
    engine.dispose()
    return pages


def process_rate(db_url: str) -> tuple[int, float, float]:
    """Our extraction alone (process(): decoding, cleaning, trafilatura, metadata, language,
    hashes), one process, no database."""
    from crawler.registry import load_registry
    from pipelines.processing import RawPage, process

    pages = stored_pages(db_url)
    rules = load_registry(REGISTRY)["bench"].extraction_rules()
    started, cpu = time.perf_counter(), cpu_seconds()
    for page in pages:
        process(
            RawPage(
                url=page.url,
                body=page.body,
                headers=page.headers,
                fetched_at=page.fetched_at,
                site=page.site,
            ),
            rules,
        )
    return len(pages), time.perf_counter() - started, cpu_seconds() - cpu


def plain_trafilatura_rate(db_url: str) -> tuple[int, float, float]:
    import trafilatura

    bodies = [page.body for page in stored_pages(db_url)]
    started, cpu = time.perf_counter(), cpu_seconds()
    for body in bodies:
        trafilatura.extract(body)
    return len(bodies), time.perf_counter() - started, cpu_seconds() - cpu


REGISTRY: str | None = None


def main() -> None:
    global REGISTRY
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--per-page", type=int, default=20)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    admin = psycopg.connect(args.pg, autocommit=True)
    base = args.pg.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    client = redis.Redis.from_url(args.redis)
    prefix = f"schoolnews-bench-{uuid.uuid4().hex[:8]}"
    databases = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        registry = build_bench_site(root, args.articles, args.per_page)
        REGISTRY = str(registry)
        print(
            f"site: {args.articles} articles, {args.per_page} per list page; "
            f"{os.cpu_count()} cores; load average before: {os.getloadavg()[0]:.2f}"
        )
        rows = []
        try:
            with FixtureServer(root / "sites") as server:
                env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
                env.update(http_proxy=server.url, https_proxy=server.url)
                for workers in (1, 2, 3):
                    name = f"schoolnews_bench_{uuid.uuid4().hex[:8]}"
                    admin.execute(f'CREATE DATABASE "{name}"')
                    databases.append(name)
                    db_url = f"{base}/{name}"
                    subprocess.run(
                        [sys.executable, "-m", "crawler.cli", "db", "upgrade", "--db", db_url],
                        cwd=ROOT,
                        check=True,
                        stdout=subprocess.DEVNULL,
                    )
                    server.clear_log()
                    seconds, cpu = crawl(
                        workers, env, registry, db_url, args.redis, f"{prefix}-{workers}"
                    )
                    pages, articles = pages_stored(db_url)
                    requests = server.requests
                    span = requests[-1].answered_at - requests[0].answered_at
                    rows.append((workers, pages, articles, len(requests), seconds, span, cpu))
            print(
                f"\n{'crawl workers':<14}{'pages':>6}{'articles':>9}{'requests':>9}"
                f"{'wall s':>8}{'pages/s':>9}{'fetch s':>8}{'req/s':>8}{'CPU s':>7}"
                f"{'pages/CPU s':>12}"
            )
            for workers, pages, articles, requests, seconds, span, cpu in rows:
                print(
                    f"{workers:<14}{pages:>6}{articles:>9}{requests:>9}{seconds:>8.1f}"
                    f"{pages / seconds:>9.1f}{span:>8.1f}{requests / span:>8.1f}{cpu:>7.1f}"
                    f"{pages / cpu:>12.1f}"
                )

            print(
                f"\n{'re-extraction':<30}{'pages':>6}{'secs':>7}{'pages/s':>9}{'CPU s':>7}"
                f"{'pages/CPU s':>12}   (load average now: {os.getloadavg()[0]:.2f})"
            )
            for label, (pages, seconds, cpu) in (
                ("reextract --workers 1", reextract_rate(db_url, 1)),
                ("reextract --workers 2", reextract_rate(db_url, 2)),
                ("process() alone, 1 process", process_rate(db_url)),
                ("plain trafilatura.extract", plain_trafilatura_rate(db_url)),
            ):
                print(
                    f"{label:<30}{pages:>6}{seconds:>7.1f}{pages / seconds:>9.1f}{cpu:>7.1f}"
                    f"{pages / cpu:>12.1f}"
                )
        finally:
            for name in databases:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for key in client.scan_iter(f"{prefix}*"):
                client.delete(key)
            admin.close()
            client.close()


if __name__ == "__main__":
    main()
