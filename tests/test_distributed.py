"""Distributed crawl: several `crawl --distributed` processes on one Redis and one PostgreSQL.

Real services: Redis (SCHOOLNEWS_TEST_REDIS, default redis://127.0.0.1:6379/0; every test uses
its own key prefix and deletes its keys) and PostgreSQL (a fresh database per test). Each is
skipped with a reason when unreachable, and a failure under CI.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from collections import Counter

import pytest
import sqlalchemy as sa

from crawler.fixture_server import FixtureServer

from .conftest import FAST, ROOT, SITES_DIR, load_gold, run_cli

REDIS_URL = os.environ.get("SCHOOLNEWS_TEST_REDIS", "redis://127.0.0.1:6379/0")
SITE = "spa"  # the largest fixture site: two start pages, 24 articles
DELAY = 0.04  # DOWNLOAD_DELAY: small, so the shared per-host slot is exercised


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own on the real Redis; its keys are deleted afterwards."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        client.ping()
    except Exception as exc:  # any reason Redis cannot be reached
        client.close()
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required under CI and unreachable: {exc}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {exc}")
    prefix = f"schoolnews-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


def workers(server, db_url: str, prefix: str, count: int, *extra: str) -> list:
    """`count` workers started at once; waits for all, returns their CompletedProcess-likes."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(http_proxy=server.url, https_proxy=server.url)
    args = [
        sys.executable,
        "-m",
        "crawler.cli",
        "crawl",
        SITE,
        "--distributed",
        "--redis",
        REDIS_URL,
        "--db",
        db_url,
        *FAST,
        "-s",
        f"DOWNLOAD_DELAY={DELAY}",
        "-s",
        f"SCHOOLNEWS_REDIS_PREFIX={prefix}",
        "-s",
        "SCHOOLNEWS_IDLE_CLOSE_SECONDS=1.5",
        "-s",
        "SCHOOLNEWS_PROGRESS_INTERVAL=0",
        *extra,
    ]
    procs = [
        subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(count)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        results.append(subprocess.CompletedProcess(args, proc.returncode, out, err))
    return results


def runs_since(db_url: str, after: int) -> list[dict]:
    engine = sa.create_engine(db_url)
    with engine.connect() as db:
        runs = (
            db.execute(
                sa.text("select * from crawl_runs where id > :after order by id"), {"after": after}
            )
            .mappings()
            .all()
        )
    engine.dispose()
    return [dict(r) for r in runs]


def redis_keys(prefix: str) -> list[str]:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        return sorted(k.decode() for k in client.scan_iter(f"{prefix}:*"))
    finally:
        client.close()


def test_three_workers_split_one_crawl_and_stay_incremental(pg_url, redis_prefix):
    gold = {case["url"] for case in load_gold(SITE)}
    migrated = run_cli("db", "upgrade", "--db", pg_url)  # once, before the workers start
    assert migrated.returncode == 0, migrated.stderr

    with FixtureServer(SITES_DIR) as server:
        # 1. Three workers at once: each page fetched by one of them, each article stored once.
        done = workers(server, pg_url, redis_prefix, 3)
        for result in done:
            assert result.returncode == 0, result.stdout + result.stderr
        requests = server.requests
        arrivals = [r.answered_at for r in requests]
        first = runs_since(pg_url, 0)
        engine = sa.create_engine(pg_url)
        with engine.connect() as db:
            stored = [
                r[0]
                for r in db.execute(
                    sa.text("select p.url from documents d join pages p on p.id = d.page_id")
                )
            ]
        engine.dispose()
        assert sorted(stored) == sorted(gold)  # every article, once
        fetched = Counter(r.url for r in requests if not r.url.endswith("/robots.txt"))
        assert fetched and max(fetched.values()) == 1, [u for u, n in fetched.items() if n > 1]
        # robots.txt: each worker's RobotsTxtMiddleware reads it for itself
        assert sum(r.url.endswith("/robots.txt") for r in requests) <= 3
        assert len(first) == 3 and {r["status"] for r in first} == {"finished"}
        assert sum(r["new_documents"] + r["duplicates"] for r in first) == len(gold)
        split = [(r["requests"], r["articles"], r["started_at"], r["finished_at"]) for r in first]
        assert sum(1 for r in first if r["articles"] > 0) >= 2, split  # the work was split
        # One host: all workers together kept one request per DOWNLOAD_DELAY.
        assert arrivals[-1] - arrivals[0] >= 0.9 * DELAY * (len(arrivals) - 1)
        assert not [k for k in redis_keys(redis_prefix) if f":{SITE}:" in k]  # cleaned up

        # 2. A routine distributed run over the unchanged site: no stored article refetched.
        # A worker of an earlier crawl that was killed left its run 'running' (started more
        # than a lease ago): the next crawl's seeder marks it killed.
        from datetime import UTC, datetime, timedelta

        from pipelines.db import ledger
        from pipelines.db.models import CrawlRun
        from pipelines.db.session import open_database, session_scope

        engine = open_database(pg_url)
        with session_scope(engine) as session:
            orphan = ledger.start_run(session, SITE)
            earlier = datetime.now(UTC) - timedelta(hours=1)
            session.execute(
                sa.update(CrawlRun).where(CrawlRun.id == orphan).values(started_at=earlier)
            )
        engine.dispose()
        server.clear_log()
        for result in workers(server, pg_url, redis_prefix, 2):
            assert result.returncode == 0, result.stdout + result.stderr
        second = runs_since(pg_url, orphan)
        assert [r["status"] for r in runs_since(pg_url, orphan - 1)[:1]] == ["killed"]
        assert len(second) == 2 and {r["status"] for r in second} == {"finished"}
        fetched = {r.url for r in server.requests}
        assert not fetched & gold, fetched & gold
        assert sum(r["new_documents"] for r in second) == 0
        assert sum(r["not_due"] for r in second) >= 1

        # 3. `--full`: every stored article re-checked once, conditionally (headers went
        # through the shared Redis queue), answered 304.
        server.clear_log()
        for result in workers(server, pg_url, redis_prefix, 2, "--full"):
            assert result.returncode == 0, result.stdout + result.stderr
        third = runs_since(pg_url, max(r["id"] for r in second))
        articles = [r for r in server.requests if r.url in gold]
        assert sorted(r.url for r in articles) == sorted(gold)
        assert all(r.conditional and r.status == 304 for r in articles)
        assert sum(r["not_modified"] for r in third) == len(gold)
        assert sum(r["new_documents"] + r["updated"] for r in third) == 0


def test_distributed_needs_a_reachable_redis(tmp_path):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    env = {"SCHOOLNEWS_REDIS": ""}
    missing = run_cli("crawl", SITE, "--distributed", "--db", db, env=env)
    assert missing.returncode == 2 and "--distributed needs --redis" in missing.stderr
    stray = run_cli("crawl", SITE, "--redis", REDIS_URL, "--db", db, env=env)
    assert stray.returncode == 2 and "--redis goes with --distributed" in stray.stderr
    down = run_cli(
        "crawl", SITE, "--distributed", "--redis", "redis://127.0.0.1:9/0", "--db", db, env=env
    )
    assert down.returncode == 1 and "cannot connect to Redis" in down.stderr
    assert "database error" not in down.stderr  # Redis is no database of the corpus
    assert len(down.stderr.strip().splitlines()) == 1


# -- the components, against the real Redis --------------------------------------------------


def _crawler(prefix: str, **settings):
    from scrapy.utils.test import get_crawler

    from crawler.registry import load_registry
    from crawler.spiderloader import spider_class

    spidercls = spider_class(load_registry(None)[SITE])
    return get_crawler(
        spidercls,
        {
            "SCHOOLNEWS_DISTRIBUTED": True,
            "SCHOOLNEWS_REDIS_URL": REDIS_URL,
            "SCHOOLNEWS_REDIS_PREFIX": prefix,
            **settings,
        },
    )


def test_first_worker_seeds_and_last_one_out_deletes_the_keys(redis_prefix):
    from crawler.distributed.coordinator import Keys, coordinator_for

    keys = Keys.for_site(redis_prefix, SITE)
    a, b = (coordinator_for(_crawler(redis_prefix)) for _ in range(2))
    client = a.redis
    client.sadd(keys.dupefilter, "stale fingerprint")  # left by an earlier, dead crawl
    client.zadd(keys.workers, {"dead-worker": 0})  # its lease long expired
    assert a.join() is True and b.join() is False
    assert not client.exists(keys.dupefilter)  # the seeder cleared the stale crawl
    client.sadd(keys.dupefilter, "fp")
    a.mark_busy()
    assert a.frontier() == (0, 1)
    a.mark_idle()
    assert a.frontier() == (0, 0)
    assert a.leave() is False and client.exists(keys.dupefilter)
    assert b.leave() is True
    assert not client.exists(keys.dupefilter, keys.workers, keys.busy, keys.requests)


def test_host_slots_space_requests_to_a_host_across_workers(redis_prefix):
    from scrapy import Request

    from crawler.distributed.host_slots import HostSlots

    delay = 0.4  # large beside a starved scheduler: 0.1 s missed its delay / 2 at load 18
    slots = [
        HostSlots.from_crawler(_crawler(redis_prefix, DOWNLOAD_DELAY=delay)) for _ in range(2)
    ]  # two workers
    taken: dict[str, list[float]] = {"a.example": [], "b.example": []}

    async def fetch(middleware, host: str, path: str) -> float:
        before = time.monotonic()
        await middleware.process_request(Request(f"https://{host}/{path}"))
        taken[host].append(time.monotonic())
        return taken[host][-1] - before

    async def main() -> tuple[float, float]:
        started = time.monotonic()
        same_host = asyncio.gather(*(fetch(slots[i % 2], "a.example", str(i)) for i in range(8)))
        await asyncio.sleep(delay / 2)  # a.example's slot is taken now
        other_host = await fetch(slots[1], "b.example", "")
        await same_host
        return started, other_host

    started, other_wait = asyncio.run(main())
    assert other_wait < delay / 2  # another host has its own slot
    times = sorted(taken["a.example"])
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= delay * 0.8, gaps  # (times seen by this process, not by Redis)
    assert times[-1] - started >= 7 * delay * 0.9
