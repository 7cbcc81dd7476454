"""Distributed crawls under faults: a redis-server of one's own, `crawl --distributed` worker
processes, and rows read back. Shared by tests/test_faults_crawl.py and bench/faults_crawl.py.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]


def rows(db_url: str, sql: str) -> list[dict]:
    """The rows of one query, on a connection of its own (no pool held across faults)."""
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as db:
            return [dict(r) for r in db.execute(sa.text(sql)).mappings()]
    finally:
        engine.dispose()


@contextlib.contextmanager
def private_redis(tmp: Path) -> Iterator[tuple[subprocess.Popen, str]]:
    """(process, URL) of a redis-server of the caller's own, on a free port: a fault may kill
    it while the shared one stays up for everyone else."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    client = redis.Redis.from_url(url)
    for _ in range(200):
        with contextlib.suppress(redis.ConnectionError):
            client.ping()
            break
        time.sleep(0.05)
    client.close()
    try:
        yield proc, url
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def distributed_worker(
    server, db_url: str, redis_url: str, site: str, *extra: str
) -> subprocess.Popen:
    """A `schoolnews crawl SITE --distributed` process through the fixture proxy `server`,
    output (stdout and stderr together) piped; it closes 1.5 s after the frontier empties."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update({"http_proxy": server.url, "https_proxy": server.url})
    args = [
        sys.executable,
        "-m",
        "crawler.cli",
        "crawl",
        site,
        "--distributed",
        "--redis",
        redis_url,
        "--db",
        db_url,
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "SCHOOLNEWS_PROGRESS_INTERVAL=0",
        "-s",
        "SCHOOLNEWS_IDLE_CLOSE_SECONDS=1.5",
        *extra,
    ]
    return subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
