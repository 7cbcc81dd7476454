"""Fault scenarios of issue 14, part A: locks, storage errors, interrupts (run by bench/faults.py
and by tests/test_faults.py). Each takes a fault_tools.Context, injects one fault into
real `schoolnews` processes and returns fault_tools.result(…).

"pages lost": article and list pages a run committed (or reported committed) before the fault
that are not in the database afterwards.
"""

from __future__ import annotations

import signal
import time
from collections import Counter

from tests.support.fault_tools import (
    FAST,
    SLOW,
    CannotMount,
    Context,
    cli,
    ext4_image,
    fill,
    finish,
    locks,
    make_immutable,
    pages,
    query,
    result,
    runs,
    small_tmpfs,
    start,
    wait_for,
)

SITE = "spa"  # the largest fixture site: ~30 requests, long enough to interrupt


def urls(db_url: str) -> set[str]:
    return {row[0] for row in query(db_url, "select url from pages")}


def _site_requests(ctx: Context) -> Counter:
    return Counter(
        r.url for r in ctx.server.requests if "robots.txt" not in r.url and r.method == "GET"
    )


def _no_traceback(*outputs: str) -> bool:
    return not any("Traceback" in out for out in outputs)


def _db(ctx: Context, backend: str) -> str | None:
    if backend == "postgresql":
        return ctx.pg_database()
    return f"sqlite:///{ctx.tmp / 'faults.db'}"


# -- 1. the per-site lock ---------------------------------------------------------------------


def _lock_contention(ctx: Context, backend: str) -> dict:
    fault = f"two crawls of one site at once ({backend})"
    expected = "one crawls, the other says the site is locked (exit 1); one run, no lock left"
    db_url = _db(ctx, backend)
    if db_url is None:
        return result(fault, expected, "skipped: no PostgreSQL", {"PostgreSQL reachable": False})
    ctx.server.clear_log()
    first = start(ctx, "crawl", SITE, "--db", db_url, *SLOW)
    held = wait_for(lambda: bool(locks(db_url)), timeout=120)
    second = cli(ctx, "crawl", SITE, "--db", db_url, *SLOW)
    code, out = finish(first)
    ledger = runs(db_url)
    twice = [u for u, n in _site_requests(ctx).items() if n > 1]
    checks = {
        "first took the lock": held,
        "first finished, exit 0": code == 0,
        "second said the site is locked": "skipped, it is being crawled by" in second.stderr,
        "second exit 1 (nothing crawled)": second.returncode == 1,
        "one run, finished": [r[2] for r in ledger] == ["finished"],
        "no URL fetched twice": not twice,
        "no lock left": not locks(db_url),
        "no traceback": _no_traceback(out, second.stdout + second.stderr),
    }
    happened = (
        f"first exit {code}; second exit {second.returncode}: "
        f"{second.stderr.strip().splitlines()[-1] if second.stderr.strip() else '-'}; "
        f"runs {[r[2] for r in ledger]}; URLs fetched twice: {len(twice)}"
    )
    lost = max(0, sum(r[4] or 0 for r in ledger) - pages(db_url))
    return result(fault, expected, happened, checks, lost)


def lock_contention_sqlite(ctx: Context) -> dict:
    return _lock_contention(ctx, "sqlite")


def lock_contention_postgresql(ctx: Context) -> dict:
    return _lock_contention(ctx, "postgresql")


def _killed_takeover(ctx: Context, backend: str) -> dict:
    fault = f"crawl killed -9 mid-run, then crawled again ({backend})"
    expected = "next crawl takes the lock over, the dead run is marked killed, nothing lost"
    db_url = _db(ctx, backend)
    if db_url is None:
        return result(fault, expected, "skipped: no PostgreSQL", {"PostgreSQL reachable": False})
    first = start(ctx, "crawl", SITE, "--db", db_url, *SLOW)
    stored = wait_for(lambda: pages(db_url) > 3, timeout=120)
    first.kill()
    finish(first)
    before = urls(db_url)
    left = locks(db_url)
    again = cli(ctx, "crawl", SITE, "--db", db_url, *FAST)
    ledger = runs(db_url)
    statuses = [r[2] for r in ledger]
    checks = {
        "killed crawl had stored pages": stored and bool(before),
        "its lock was left behind": bool(left),
        "next crawl ran, exit 0": again.returncode == 0,
        "dead run marked killed, with why": statuses == ["killed", "finished"]
        and "is gone" in (ledger[0][3] or ""),
        "no lock left": not locks(db_url),
        "no traceback": _no_traceback(again.stdout + again.stderr),
    }
    happened = (
        f"{len(before)} pages stored before kill -9; next crawl exit "
        f"{again.returncode}; runs {statuses}; reason: {ledger[0][3] if ledger else '-'}"
    )
    return result(fault, expected, happened, checks, len(before - urls(db_url)))


def killed_takeover_sqlite(ctx: Context) -> dict:
    return _killed_takeover(ctx, "sqlite")


def killed_takeover_postgresql(ctx: Context) -> dict:
    return _killed_takeover(ctx, "postgresql")


# -- 5. storage errors ------------------------------------------------------------------------


def full_disk(ctx: Context) -> dict:
    fault = "SQLite file on a full filesystem (tmpfs)"
    expected = (
        "run `failed: database error …` after 3 refused batches, fetching stops, "
        "exit 1, committed pages kept"
    )
    baseline_db = f"sqlite:///{ctx.tmp / 'baseline.db'}"
    ctx.server.clear_log()
    # how many requests a whole crawl makes: the same at full speed
    baseline = cli(ctx, "crawl", SITE, "--db", baseline_db, *FAST)
    full_requests = sum(_site_requests(ctx).values())
    try:
        with small_tmpfs(ctx.tmp / "full", 4096) as mount:
            db_url = f"sqlite:///{mount / 'full.db'}"
            cli(ctx, "db", "upgrade", "--db", db_url)
            fill(mount, leave_kb=100)
            ctx.server.clear_log()
            crawl = cli(ctx, "crawl", SITE, "--db", db_url, *SLOW)
            requests = sum(_site_requests(ctx).values())
            (mount / "filler").unlink()
            ledger, stored, out = runs(db_url), pages(db_url), crawl.stdout + crawl.stderr
            left = locks(db_url)
    except CannotMount as exc:
        return result(fault, expected, f"skipped: {exc}", {"can mount a tmpfs": False})
    status = ledger[-1][2:4] if ledger else ("-", "-")
    checks = {
        "baseline crawl exit 0": baseline.returncode == 0,
        "run failed with a database error": status[0] == "failed"
        and (status[1] or "").startswith("database error: "),
        "fetching stopped early": requests < full_requests,
        "exit 1": crawl.returncode == 1,
        "summary printed": "Crawl summary" in out,
        "no lock left": not left,
        "no traceback": _no_traceback(out),
    }
    happened = (
        f"status {status[0]} ({status[1]}); {requests} requests (full crawl: "
        f"{full_requests}); exit {crawl.returncode}"
    )
    lost = max(0, sum(r[4] or 0 for r in ledger) - stored)
    return result(fault, expected, happened, checks, lost)


def read_only_mid_run(ctx: Context) -> dict:
    fault = "SQLite file made read-only mid-run (chattr +i on ext4)"
    expected = (
        "run ends with a summary and exit 1 (no SIGBUS); what was committed is kept; "
        "the next run takes the lock over and records the run killed"
    )
    try:
        with ext4_image(ctx.tmp / "ro") as mount:
            db_file = mount / "ro.db"
            db_url = f"sqlite:///{db_file}"
            crawl = start(ctx, "crawl", SITE, "--db", db_url, *SLOW)
            stored = wait_for(lambda: pages(db_url) > 5, timeout=120)
            make_immutable(db_file, db_file.with_name("ro.db-wal"))
            before = urls(db_url)
            code, out = finish(crawl)
            make_immutable(db_file, db_file.with_name("ro.db-wal"), on=False)
            after_fault = runs(db_url)
            again = cli(ctx, "crawl", SITE, "--db", db_url, *FAST)
            ledger, after, left = runs(db_url), urls(db_url), locks(db_url)
    except CannotMount as exc:
        return result(fault, expected, f"skipped: {exc}", {"can mount ext4": False})
    statuses = [r[2] for r in ledger]
    checks = {
        "pages were committed before": stored,
        "ended by itself, not by a signal": code >= 0,
        "exit 1": code == 1,
        "summary printed": "Crawl summary" in out,
        "said the end could not be recorded": "could not record the end" in out,
        "next run exit 0": again.returncode == 0,
        "dead run then recorded killed": statuses == ["killed", "finished"],
        "no lock left": not left,
        "no traceback": _no_traceback(out, again.stdout + again.stderr),
    }
    happened = (
        f"exit {code} after {len(before)} pages; ledger then "
        f"{[r[2] for r in after_fault]}, after the next run {statuses}"
    )
    return result(fault, expected, happened, checks, len(before - after))


# -- 6. interrupts ----------------------------------------------------------------------------


def _interrupt(ctx: Context, times: int, backend: str = "sqlite") -> dict:
    fault = f"Ctrl-C {'once' if times == 1 else 'twice'} mid-crawl ({backend})"
    expected = (
        "says it is stopping and what it waits for; runs `interrupted`, locks released, exit 130"
    )
    db_url = _db(ctx, backend)
    if db_url is None:
        return result(fault, expected, "skipped: no PostgreSQL", {"PostgreSQL reachable": False})
    crawl = start(ctx, "crawl", SITE, "cdcmzz", "--db", db_url, *SLOW)
    stored = wait_for(lambda: pages(db_url) > 5, timeout=120)
    crawl.send_signal(signal.SIGINT)
    if times == 2:
        time.sleep(0.5)  # the operator presses again half a second later
        crawl.send_signal(signal.SIGINT)
    code, out = finish(crawl)
    ledger = runs(db_url)
    statuses = [r[2] for r in ledger]
    checks = {
        "crawl was storing pages": stored,
        "said it is stopping and what it waits for": "stopping. Waiting for" in out,
        "second Ctrl-C acknowledged": times == 1 or "stopping at once" in out,
        "exit 130": code == 130,
        "every run interrupted": statuses == ["interrupted", "interrupted"],
        "no lock left": not locks(db_url),
        "no traceback": _no_traceback(out),
    }
    happened = f"exit {code}; runs {statuses}; reasons {sorted({r[3] for r in ledger})}"
    lost = max(0, sum(r[4] or 0 for r in ledger) - pages(db_url))
    return result(fault, expected, happened, checks, lost)


def interrupt_once(ctx: Context) -> dict:
    return _interrupt(ctx, 1)


def interrupt_twice(ctx: Context) -> dict:
    return _interrupt(ctx, 2)


def interrupt_twice_postgresql(ctx: Context) -> dict:
    return _interrupt(ctx, 2, "postgresql")


SCENARIOS = [
    lock_contention_sqlite,
    lock_contention_postgresql,
    killed_takeover_sqlite,
    killed_takeover_postgresql,
    full_disk,
    read_only_mid_run,
    interrupt_once,
    interrupt_twice,
    interrupt_twice_postgresql,
]
