"""The fault campaign: `python -m bench.faults [--only TEXT]`.

Imports every module bench/faults_*.py and runs each entry of its SCENARIOS list: a callable
taking a fault_tools.Context (a fresh tmp dir, the fixture-site proxy and its request
log, a PostgreSQL admin URL, a Redis URL; see its docstring) and returning a dict with
`fault`, `expected`, `happened`, `pages_lost`, `requests_to_trap` (None when no trap is
involved) and `ok` (fault_tools.result builds it). Prints one table; exits 1 when any
scenario is not ok or lost a page.

Needs root for the filesystem faults (tmpfs, loop-mounted ext4); they report `skipped`
(not ok) otherwise. PostgreSQL: $SCHOOLNEWS_TEST_PG (default postgresql://postgres@127.0.0.1
:5432/postgres); Redis: $SCHOOLNEWS_TEST_REDIS.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from crawler.fixture_server import FixtureServer
from tests.support.fault_tools import SITES_DIR, Context

ROOT = Path(__file__).resolve().parents[1]

PG_ADMIN_URL = os.environ.get("SCHOOLNEWS_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("SCHOOLNEWS_TEST_REDIS", "redis://127.0.0.1:6379/0")


def _reachable_pg() -> str | None:
    try:
        import psycopg

        psycopg.connect(PG_ADMIN_URL, connect_timeout=3).close()
    except Exception:
        return None
    return PG_ADMIN_URL


def _reachable_redis() -> str | None:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except Exception:
        return None
    return REDIS_URL


def scenarios() -> list:
    found = []
    for path in sorted(Path(__file__).parent.glob("faults_*.py")):
        module = importlib.import_module(f"bench.{path.stem}")
        found.extend(getattr(module, "SCENARIOS", []))
    return found


def run_one(scenario, server: FixtureServer, pg: str | None, redis_url: str | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="schoolnews-fault-") as tmp:
        ctx = Context(Path(tmp), server.url, server, pg, redis_url)
        started = time.monotonic()
        try:
            row = scenario(ctx)
        except Exception as exc:  # a scenario that crashes is a failed scenario, not a crash
            row = {
                "fault": scenario.__name__,
                "expected": "-",
                "ok": False,
                "happened": f"scenario crashed: {type(exc).__name__}: {exc}",
                "pages_lost": 0,
                "requests_to_trap": None,
            }
        finally:
            ctx.close()
        row["seconds"] = time.monotonic() - started
    return row


def table(rows: list[dict]) -> Table:
    out = Table(title="Faults", show_lines=True)
    for column in ("fault", "expected", "happened", "pages lost", "requests to trap", "ok", "s"):
        out.add_column(
            column,
            overflow="fold",
            justify="right" if column in ("pages lost", "requests to trap", "s") else "left",
        )
    for row in rows:
        trap = row.get("requests_to_trap")
        failed = [name for name, held in row.get("checks", {}).items() if not held]
        out.add_row(
            row["fault"],
            row["expected"],
            row["happened"] + (f"\nFAILED: {'; '.join(failed)}" if failed else ""),
            str(row["pages_lost"]),
            "-" if trap is None else str(trap),
            "yes" if row["ok"] else "NO",
            f"{row['seconds']:.0f}",
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", metavar="TEXT", help="only scenarios whose name contains TEXT")
    args = parser.parse_args(argv)
    console = Console(width=None if sys.stdout.isatty() else 200)
    chosen = [s for s in scenarios() if not args.only or args.only in s.__name__]
    pg, redis_url = _reachable_pg(), _reachable_redis()
    rows = []
    with FixtureServer(SITES_DIR) as server:
        for scenario in chosen:
            console.print(f"running {scenario.__module__}.{scenario.__name__} …")
            rows.append(run_one(scenario, server, pg, redis_url))
    console.print(table(rows))
    console.print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    bad = [r for r in rows if not r["ok"] or r["pages_lost"]]
    console.print(
        f"{len(rows) - len(bad)} of {len(rows)} faults handled as expected, "
        f"{sum(r['pages_lost'] for r in rows)} pages lost"
    )
    return 1 if bad or not rows else 0


if __name__ == "__main__":
    sys.exit(main())
