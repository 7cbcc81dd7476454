"""Tools the fault scenarios share (bench/faults_*.py; tests/test_faults.py through them).

Everything here drives the real thing: `schoolnews` subprocesses against the fixture-site
proxy, real SQLite files (on real tmpfs / ext4 mounts when a fault needs a filesystem), the
real PostgreSQL. Not part of the installed packages.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
SITES_DIR = ROOT / "crawler" / "demo_sites"
# Slow enough that a second command or a signal lands while the first crawl is running.
SLOW = [
    "-s",
    "DOWNLOAD_DELAY=0.4",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=1",
    "-s",
    "SCHOOLNEWS_DB_BATCH_SIZE=3",
    "-s",
    "SCHOOLNEWS_PROGRESS_INTERVAL=0",
]
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


@dataclass
class Context:
    """What a fault scenario gets (bench/faults.py makes one per scenario).

    tmp           a fresh, empty directory for this scenario's files
    proxy_url     the fixture-site proxy (crawler.fixture_server): set it as http(s)_proxy
    server        that FixtureServer, for its request log (`server.requests`, `clear_log()`)
    pg_admin_url  postgresql://… of a database that may CREATE DATABASE, or None
    redis_url     redis://… or None
    """

    tmp: Path
    proxy_url: str
    server: object
    pg_admin_url: str | None = None
    redis_url: str | None = None
    _databases: list[str] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        """Environment for a `schoolnews` subprocess: the proxy, nothing else inherited that
        could route elsewhere."""
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        return {**env, "http_proxy": self.proxy_url, "https_proxy": self.proxy_url}

    def pg_database(self) -> str | None:
        """A fresh PostgreSQL database (SQLAlchemy URL), dropped by close(); None without PG."""
        if not self.pg_admin_url:
            return None
        import psycopg

        name = f"schoolnews_fault_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.pg_admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        self._databases.append(name)
        base = self.pg_admin_url.rsplit("/", 1)[0]
        return base.replace("postgresql://", "postgresql+psycopg://", 1) + f"/{name}"

    def close(self) -> None:
        if not self._databases:
            return
        import psycopg

        with psycopg.connect(self.pg_admin_url, autocommit=True) as admin:
            for name in self._databases:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def result(
    fault: str,
    expected: str,
    happened: str,
    checks: dict[str, bool],
    pages_lost: int = 0,
    requests_to_trap: int | None = None,
) -> dict:
    """A scenario's row: `ok` when every named check holds (tests print the failing ones)."""
    return {
        "fault": fault,
        "expected": expected,
        "happened": happened,
        "pages_lost": pages_lost,
        "requests_to_trap": requests_to_trap,
        "ok": all(checks.values()),
        "checks": checks,
    }


# -- running schoolnews ---------------------------------------------------------------------


def cli(ctx: Context, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        cwd=ROOT,
        env=ctx.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start(ctx: Context, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", *args],
        cwd=ROOT,
        env=ctx.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen, timeout: float = 120) -> tuple[int, str]:
    """(exit code, stdout + stderr) of a started command."""
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out + err


def wait_for(condition: Callable[[], bool], timeout: float = 60, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):  # the file or schema may not be there yet
            if condition():
                return True
        time.sleep(step)
    return False


# -- reading the database (its own connection each time: no pool held across faults) --------


def query(db_url: str, sql: str) -> list[tuple]:
    engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(sa.text(sql))]
    finally:
        engine.dispose()


def pages(db_url: str, site: str | None = None) -> int:
    where = f" where site = '{site}'" if site else ""
    return query(db_url, f"select count(*) from pages{where}")[0][0]


def runs(db_url: str) -> list[tuple]:
    """(id, site, status, status_reason, pages) of every run, oldest first."""
    return query(
        db_url, "select id, site, status, status_reason, pages from crawl_runs order by id"
    )


def locks(db_url: str) -> list[tuple]:
    return query(db_url, "select site, owner from site_locks")


# -- filesystems that fail (root only: tmpfs and loop mounts) --------------------------------


class CannotMount(RuntimeError):
    """This machine does not let us mount (not root, no loop devices): the scenario skips."""


def _run(*command: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise CannotMount(f"{' '.join(command)}: {done.stderr.strip() or done.returncode}")


@contextlib.contextmanager
def small_tmpfs(where: Path, size_kb: int) -> Iterator[Path]:
    """A real tmpfs of `size_kb`: writes beyond it fail with ENOSPC, as on a full disk."""
    if os.geteuid() != 0:
        raise CannotMount("mounting a tmpfs needs root")
    where.mkdir(parents=True, exist_ok=True)
    _run("mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where))
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(directory: Path, leave_kb: int) -> None:
    """Fill a filesystem up to `leave_kb` free with a filler file."""
    stat = os.statvfs(directory)
    free_kb = stat.f_bavail * stat.f_frsize // 1024
    with open(directory / "filler", "wb") as filler:
        filler.write(b"\0" * max(0, free_kb - leave_kb) * 1024)


@contextlib.contextmanager
def ext4_image(where: Path, size_mb: int = 32) -> Iterator[Path]:
    """A loop-mounted ext4 filesystem (it supports `chattr +i`; tmpfs does not)."""
    if os.geteuid() != 0:
        raise CannotMount("a loop mount needs root")
    image = where.with_suffix(".img")
    with open(image, "wb") as f:
        f.truncate(size_mb * 1024 * 1024)
    _run("mkfs.ext4", "-q", "-F", str(image))
    where.mkdir(parents=True, exist_ok=True)
    _run("mount", "-o", "loop", str(image), str(where))
    try:
        yield where
    finally:
        for path in where.glob("*"):
            subprocess.run(["chattr", "-i", str(path)], capture_output=True)
        subprocess.run(["umount", "-l", str(where)], capture_output=True)
        image.unlink(missing_ok=True)


def make_immutable(*paths: Path, on: bool = True) -> None:
    """`chattr +i`: even root's writes through already-open descriptors fail (EPERM), which
    is what a database file made read-only under a running crawl does to it."""
    for path in paths:
        _run("chattr", "+i" if on else "-i", str(path))


def peak_rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0
