"""Fault scenarios of the crawl itself (issue 14, part B): traps and budgets, big pages,
Redis lost, a distributed worker killed.

`python -m bench.faults` (part A's runner) imports SCENARIOS from here; on its own,
`python -m bench.faults_crawl [--only TEXT]` prints the same rows. Each scenario takes a ctx
(`tmp`, the fixture server as `fixture_server` or `server`, `pg_admin_url`, `redis_url`) and
returns {fault, expected, happened, pages_lost, requests_to_trap, ok}. Redis faults run on a
private `redis-server` of their own (the shared one stays up), PostgreSQL on a fresh database.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

from crawler.fixture_server import FixtureServer
from tests.support.trap_site import ARTICLES, TrapSite
from tests.support.workers import ROOT, distributed_worker, private_redis, rows

SITES_DIR = ROOT / "crawler" / "demo_sites"
SITE = "spa"  # 24 articles
FAST = [
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=4",
    "-s",
    "SCHOOLNEWS_PROGRESS_INTERVAL=0",
]
DEFAULT_PAGE_BUDGET = 5000  # crawler/settings.py SCHOOLNEWS_MAX_PAGES


# -- helpers ----------------------------------------------------------------------------------


def cli(*args: str, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        cwd=ROOT,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def gold_urls() -> set[str]:
    import json

    return {c["url"] for c in json.loads((SITES_DIR / SITE / "gold.json").read_text())}


def stored_articles(db_url: str) -> set[str]:
    return {
        r["url"]
        for r in rows(db_url, "select p.url from documents d join pages p on p.id = d.page_id")
    }


def proxy(server) -> dict[str, str]:
    return {"http_proxy": server.url, "https_proxy": server.url}


def fixture_server(ctx):
    return getattr(ctx, "fixture_server", None) or ctx.server


@contextlib.contextmanager
def pg_database(ctx):
    import psycopg

    admin = psycopg.connect(ctx.pg_admin_url, autocommit=True, connect_timeout=3)
    name = f"schoolnews_fault_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    base = ctx.pg_admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        url = f"{base}/{name}"
        cli("db", "upgrade", "--db", url).check_returncode()
        yield url
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def worker(server, db_url: str, redis_url: str, *extra: str) -> subprocess.Popen:
    return distributed_worker(server, db_url, redis_url, SITE, *extra)


def wait_for_requests(server, proc, count: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while len(server.requests) < count and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)


def wait_for_both(server, redis_url: str, *procs, timeout: float = 120) -> None:
    """Until both workers have joined (in Redis) and 10 more requests were made."""
    import redis

    client = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + timeout
    while (
        client.zcard(f"schoolnews:{SITE}:workers") < 2
        and time.monotonic() < deadline
        and all(p.poll() is None for p in procs)
    ):
        time.sleep(0.05)
    client.close()
    wait_for_requests(server, procs[-1], len(server.requests) + 10)


def result(fault, expected, happened, pages_lost, requests_to_trap, checks: dict) -> dict:
    failed = [name for name, held in checks.items() if not held]
    return {
        "fault": fault,
        "expected": expected,
        "happened": happened + (f" [FAILED: {'; '.join(failed)}]" if failed else ""),
        "pages_lost": pages_lost,
        "requests_to_trap": requests_to_trap,
        "ok": not failed,
    }


# -- traps and budgets ------------------------------------------------------------------------


def _trap_crawl(ctx, **crawl):
    with TrapSite() as site:
        sites = ctx.tmp / "trap-sites.toml"
        sites.write_text(site.registry(**crawl), encoding="utf-8")
        db_url = f"sqlite:///{ctx.tmp / f'trap-{uuid.uuid4().hex[:6]}.db'}"
        done = cli(
            "crawl", "riverside", "--sites", str(sites), "--db", db_url, *FAST, env=site.env()
        )
        requests = site.requests
    stored = {u.split("/", 3)[3] for u in stored_articles(db_url)}
    [run] = rows(db_url, "select status, status_reason from crawl_runs")
    lost = len({a.lstrip("/") for a in ARTICLES} - stored)
    return done, requests, stored, run, lost


def trap_calendar_and_pagination(ctx) -> dict:
    done, requests, stored, run, lost = _trap_crawl(ctx)
    junk = len(stored - {a.lstrip("/") for a in ARTICLES})
    return result(
        "trap: infinite calendar + pagination (generic profile, default bounds)",
        f"requests < budget {DEFAULT_PAGE_BUDGET}; 6 articles; no junk; warning",
        f"exit {done.returncode}; {len(requests)} requests; {len(stored)} documents "
        f"({junk} junk); {run['status']} ({run['status_reason']})",
        lost,
        len(requests),
        {
            "exit 0": done.returncode == 0,
            "under budget": len(requests) < DEFAULT_PAGE_BUDGET,
            "no junk": junk == 0,
            "warned": "trap cut" in (run["status_reason"] or ""),
        },
    )


def trap_page_budget(ctx) -> dict:
    done, requests, stored, run, lost = _trap_crawl(ctx, max_pages=25, max_depth=0)
    return result(
        "trap: pagination with depth limit off, max_pages = 25",
        "<= 25 requests; run says the budget cut it",
        f"exit {done.returncode}; {len(requests)} requests; {len(stored)} documents; "
        f"{run['status']} ({run['status_reason']})",
        lost,
        len(requests),
        {
            "under budget": len(requests) <= 25,
            "warned": "page budget of 25 reached" in (run["status_reason"] or ""),
        },
    )


# -- big pages --------------------------------------------------------------------------------


def _padded_site(tmp: Path, size: int) -> tuple[Path, str, Path]:
    sites = tmp / "big-sites"
    shutil.copytree(SITES_DIR / SITE, sites / SITE)
    url = sorted(gold_urls())[0]
    path = sites / SITE / "mirror" / url.split("/", 3)[3]
    body = path.read_bytes()
    path.write_bytes(
        body.replace(b"</body>", b"<!-- " + b"x" * (size - len(body) - 9) + b" -->" + b"</body>", 1)
    )
    return sites, url, path


def _timed_crawl(server, db_url: str, *extra: str) -> tuple[float, float, float, int]:
    """(wall s, CPU s of the crawl process, longest gap between requests s, exit code)"""
    server.clear_log()
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "crawl", SITE, "--db", db_url, *FAST, *extra],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**{k: v for k, v in os.environ.items() if "proxy" not in k.lower()}, **proxy(server)},
    )
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    times = sorted(r.answered_at for r in server.requests)
    gap = max((b - a for a, b in zip(times, times[1:], strict=False)), default=0.0)
    return wall, usage.ru_utime + usage.ru_stime, gap, proc.returncode


def big_page_20mb_in_crawl(ctx) -> dict:
    size = 20 * 1024 * 1024
    sites, big_url, _ = _padded_site(ctx.tmp, size)
    gold = gold_urls()
    base_db, big_db = (f"sqlite:///{ctx.tmp / n}" for n in ("base.db", "big.db"))
    base = _timed_crawl(fixture_server(ctx), base_db)
    with FixtureServer(sites) as server:
        big = _timed_crawl(server, big_db)
    [page] = rows(big_db, f"select skip_reason from pages where url = '{big_url}'")
    stored = stored_articles(big_db)
    lost = len(gold - {big_url} - stored)
    return result(
        "big page: one 20 MB article in a crawl (default cap 5 MiB)",
        "kept raw, skip_reason 'too large'; no stall (was ~65 s)",
        f"skip_reason {page['skip_reason']!r}; crawl {big[0]:.1f} s wall / {big[1]:.1f} s CPU "
        f"vs {base[0]:.1f} / {base[1]:.1f} s without it; longest gap between requests "
        f"{big[2]:.2f} s (baseline {base[2]:.2f} s)",
        lost,
        None,
        {
            "exit 0": big[3] == 0,
            "kept raw": page["skip_reason"] == f"too large: {size} bytes",
            "no stall": big[2] < 5.0,
            "others stored": lost == 0,
        },
    )


def big_page_50mb_extract(ctx) -> dict:
    size = 50 * 1024 * 1024
    _, url, path = _padded_site(ctx.tmp, size)
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "extract", str(path), "--url", url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    out = proc.stdout.read()
    rss_mb = usage.ru_maxrss / 1024
    return result(
        "big page: `extract` of a 50 MB page",
        "one-line 'too large'; was 132 s, 2.4 GB",
        f"{out.strip()[-70:]}; {wall:.1f} s, max RSS {rss_mb:.0f} MB",
        0,
        None,
        {
            "too large": "too large: 52428800 bytes" in out,
            "fast": wall < 30,
            "small": rss_mb < 1000,
            "exit 0": os.waitstatus_to_exitcode(status) == 0,
        },
    )


# -- distributed ------------------------------------------------------------------------------


def redis_dies_mid_crawl(ctx) -> dict:
    server = fixture_server(ctx)
    with pg_database(ctx) as db_url, private_redis(ctx.tmp) as (redis_proc, redis_url):
        server.clear_log()
        proc = worker(
            server,
            db_url,
            redis_url,
            "-s",
            "DOWNLOAD_DELAY=0.3",
            "-s",
            "CONCURRENT_REQUESTS_PER_DOMAIN=1",
            "-s",
            "SCHOOLNEWS_REDIS_GIVE_UP_SECONDS=10",
        )
        wait_for_requests(server, proc, 8)
        redis_proc.kill()
        killed = time.monotonic()
        out, _ = proc.communicate(timeout=300)
        took = time.monotonic() - killed
        [run] = rows(db_url, "select status, status_reason from crawl_runs")
    lines = out.splitlines()
    retries = sum("Redis unreachable" in line for line in lines)
    return result(
        "distributed: Redis killed mid-crawl (give up after 10 s)",
        "worker ends in bounded time, exit 1, run failed 'redis unreachable'; no log flood",
        f"exit {proc.returncode} {took:.1f} s after; {retries} retry lines, {len(lines)} lines "
        f"in all; {run['status']} ({(run['status_reason'] or '')[:60]})",
        0,
        None,
        {
            "bounded": took < 40,
            "exit 1": proc.returncode == 1,
            "failed": run["status"] == "failed",
            "reason": (run["status_reason"] or "").startswith("redis unreachable"),
            "no flood": retries <= 8 and len(lines) < 200,
        },
    )


def _kill_one_of_two(ctx, *extra: str):
    server = fixture_server(ctx)
    with pg_database(ctx) as db_url, private_redis(ctx.tmp) as (_, redis_url):
        settings = (
            "-s",
            "DOWNLOAD_DELAY=0.6",
            "-s",
            "CONCURRENT_REQUESTS_PER_DOMAIN=2",
            "-s",
            "SCHOOLNEWS_WORKER_LEASE_SECONDS=3",
            *extra,
        )
        server.clear_log()
        # the victim first: it seeds, and has taken requests by the time both run
        victim = worker(server, db_url, redis_url, *settings)
        survivor = worker(server, db_url, redis_url, *settings)
        wait_for_both(server, redis_url, survivor, victim)
        victim.send_signal(signal.SIGKILL)
        victim.communicate()
        out, _ = survivor.communicate(timeout=300)
        stored = stored_articles(db_url) & gold_urls()
        runs = {r["status"]: r["status_reason"] for r in rows(db_url, "select * from crawl_runs")}
    return survivor.returncode, out, len(stored), runs


def worker_killed_survivor_recovers(ctx) -> dict:
    code, out, stored, runs = _kill_one_of_two(ctx)
    gold = len(gold_urls())
    reason = runs.get("finished") or ""
    return result(
        "distributed: 1 of 2 workers kill -9'd mid-crawl",
        "survivor fetches the dead worker's share, says so; all articles stored",
        f"exit {code}; {stored}/{gold} articles; runs {sorted(runs)}; '{reason[:70]}'",
        gold - stored,
        None,
        {
            "exit 0": code == 0,
            "all stored": stored == gold,
            "says so": reason.startswith("finished a dead worker's share"),
            "victim killed": "killed" in runs,
        },
    )


def worker_killed_share_left_pending(ctx) -> dict:
    code, out, stored, runs = _kill_one_of_two(ctx, "-s", "SCHOOLNEWS_RECOVER_DEAD_SHARE=False")
    gold = len(gold_urls())
    reason = runs.get("failed") or ""
    pending = int(reason.split()[1]) if reason.startswith("incomplete: ") else 0
    return result(
        "distributed: 1 of 2 workers kill -9'd, recovery off",
        "survivor reports the missing articles pending, run failed, exit 1",
        f"exit {code}; {stored}/{gold} stored; '{reason}'",
        0 if pending else gold - stored,
        None,  # lost: missing and not said so
        {"exit 1": code == 1, "said so": pending > 0},
    )


SCENARIOS = [
    trap_calendar_and_pagination,
    trap_page_budget,
    big_page_20mb_in_crawl,
    big_page_50mb_extract,
    redis_dies_mid_crawl,
    worker_killed_survivor_recovers,
    worker_killed_share_left_pending,
]


def main(argv: list[str] | None = None) -> int:
    import argparse

    from rich.console import Console
    from rich.table import Table

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", metavar="TEXT")
    args = parser.parse_args(argv)
    table = Table(title="Crawl faults", show_lines=True)
    for column in ("fault", "expected", "happened", "lost", "to trap", "ok", "s"):
        table.add_column(column, overflow="fold")
    bad = 0
    with FixtureServer(SITES_DIR) as server:
        for scenario in SCENARIOS:
            if args.only and args.only not in scenario.__name__:
                continue
            with tempfile.TemporaryDirectory(prefix="schoolnews-fault-") as tmp:
                ctx = SimpleNamespace(
                    tmp=Path(tmp),
                    fixture_server=server,
                    server=server,
                    pg_admin_url=os.environ.get(
                        "SCHOOLNEWS_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres"
                    ),
                    redis_url=os.environ.get("SCHOOLNEWS_TEST_REDIS", "redis://127.0.0.1:6379/0"),
                )
                started = time.monotonic()
                row = scenario(ctx)
                trap = row["requests_to_trap"]
                table.add_row(
                    row["fault"],
                    row["expected"],
                    row["happened"],
                    str(row["pages_lost"]),
                    "-" if trap is None else str(trap),
                    "yes" if row["ok"] else "NO",
                    f"{time.monotonic() - started:.0f}",
                )
                bad += not row["ok"] or bool(row["pages_lost"])
    Console(width=200).print(table)
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
