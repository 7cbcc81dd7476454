"""Fault scenarios of issue 14, part A: hostile requests to `serve` (item 7) and broken
registry files and paths (item 8). See bench/faults.py for the contract."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from tests.support.fault_tools import ROOT, Context, cli, peak_rss_kb, result, wait_for

GOOD_ENTRY = '[sites.x]\nname = "成都职业技术学院"\nstart_urls = ["https://x.cn/"]\n'


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(url: str, data: bytes | None = None) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=120) as r:
            return r.status, r.read(2_000_000).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(2_000_000).decode("utf-8", "replace")


def _sql(base: str, sql: str) -> tuple[int, str]:
    return _request(f"{base}.json?" + urllib.parse.urlencode({"sql": sql}))


def serve_hostile_requests(ctx: Context) -> dict:
    fault = "serve: randomblob(1e9), 100 rows of 490 kB, POST to a table"
    expected = "clean 400/413/405 JSON answers, server memory stays bounded, no traceback"
    db_url = f"sqlite:///{ctx.tmp / 'corpus.db'}"
    cli(ctx, "db", "upgrade", "--db", db_url)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "serve", "--db", db_url, "--port", str(port)],
        cwd=ROOT,
        env=ctx.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/corpus"
    try:
        up = wait_for(lambda: _request(base)[0] == 200, timeout=90, step=0.5)
        rss_start = peak_rss_kb(server.pid)
        blob, blob_body = _sql(base, "select randomblob(1000000000)")
        rss_blob = peak_rss_kb(server.pid)
        many, _ = _sql(
            base,
            "with recursive r(i) as (select 1 union all select i + 1 from r "
            "limit 100) select randomblob(490000) from r",
        )
        rss_many = peak_rss_kb(server.pid)
        post, post_body = _request(f"{base}/documents", data=b"title=x")
        insert, _ = _request(f"{base}/documents/-/insert", data=b'{"row": {}}')
        still_up = _request(base)[0] == 200
    finally:
        server.terminate()
        try:
            log = server.communicate(timeout=15)[0]
        except subprocess.TimeoutExpired:
            server.kill()
            log = server.communicate()[0]
    checks = {
        "server started": up,
        "randomblob(1e9) refused (400, too big)": blob == 400 and "too big" in blob_body,
        "randomblob(1e9) did not grow memory by 50 MB": rss_blob - rss_start < 50_000,
        "100 rows x 490 kB answered or refused cleanly": many in (200, 400, 413),
        "peak memory under 600 MB": rss_many < 600_000,
        "POST to a table: 405": post == 405 and json.loads(post_body)["ok"] is False,
        "POST to the insert API: 405": insert == 405,
        "still serving": still_up,
        "no traceback in the server log": "Traceback" not in log,
    }
    happened = (
        f"randomblob(1e9): {blob}; 100 x 490 kB: {many}; POST: {post}/{insert}; peak "
        f"RSS {rss_start // 1000} MB at start, {rss_blob // 1000} MB after the "
        f"1e9 blob, {rss_many // 1000} MB after 100 x 490 kB"
    )
    return result(fault, expected, happened, checks)


def _registry_case(ctx: Context, name: str, content: bytes | None) -> tuple[int, str]:
    path = ctx.tmp / name
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    done = cli(ctx, "sites", "--sites", str(path))
    return done.returncode, (done.stderr.strip() or done.stdout.strip())


def registry_files(ctx: Context) -> dict:
    fault = "registry saved as GBK, with a BOM, a directory, every_hours = 0 / -1 / nan"
    expected = "BOM read; the others: one-line error, exit 2, no traceback"
    cases = {
        "gbk.toml": GOOD_ENTRY.encode("gbk"),
        "bom.toml": b"\xef\xbb\xbf" + GOOD_ENTRY.encode(),
        "dir.toml": None,
        "zero.toml": (GOOD_ENTRY + "[sites.x.crawl]\nevery_hours = 0\n").encode(),
        "negative.toml": (GOOD_ENTRY + "[sites.x.crawl]\nrecheck_days = -1\n").encode(),
        "nan.toml": (GOOD_ENTRY + "[sites.x.crawl]\ndownload_delay = nan\n").encode(),
    }
    answers = {name: _registry_case(ctx, name, content) for name, content in cases.items()}
    errors = {name: answer for name, answer in answers.items() if name != "bom.toml"}
    checks = {
        "BOM file accepted": answers["bom.toml"][0] == 0 and "成都" in answers["bom.toml"][1],
        **{
            f"{name}: exit 2, one line": code == 2
            and len(text.splitlines()) == 1
            and "registry error" in text
            for name, (code, text) in errors.items()
        },
        "no traceback": all("Traceback" not in text for _, text in answers.values()),
    }
    happened = "; ".join(f"{name}: exit {code}" for name, (code, _) in answers.items())
    return result(fault, expected, happened, checks)


def plot_to_missing_directory(ctx: Context) -> dict:
    fault = "stats --plot /nonexistent/…/x.png"
    expected = "one-line error, exit 2, no directory created"
    target = ctx.tmp / "nonexistent" / "x.png"
    db_url = f"sqlite:///{ctx.tmp / 'corpus.db'}"
    cli(ctx, "db", "upgrade", "--db", db_url)
    started = time.monotonic()
    done = cli(ctx, "stats", "--db", db_url, "--plot", str(target))
    checks = {
        "exit 2": done.returncode == 2,
        "one line": len(done.stderr.strip().splitlines()) == 1,
        "nothing created": not target.parent.exists(),
    }
    happened = (
        f"exit {done.returncode} in {time.monotonic() - started:.1f} s: {done.stderr.strip()}"
    )
    return result(fault, expected, happened, checks)


SCENARIOS = [serve_hostile_requests, registry_files, plot_to_missing_directory]
