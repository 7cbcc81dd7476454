"""Extraction in worker processes gives the documents inline extraction gives."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from pipelines import extraction_pool
from pipelines.processing import ExtractionRules, RawPage
from pipelines.processing.facts import extract as extract_facts
from pipelines.processing.similarity import band_keys, prime, shingles, signature, sketch, take

from .conftest import FAST, ROOT, proxy_env, run_cli
from .support.processes import children

COLUMNS = (
    "title",
    "text",
    "published",
    "author",
    "language",
    "script",
    "content_hash",
    "extractor_version",
)


def _documents(db_file) -> list[tuple]:
    with sqlite3.connect(db_file) as db:
        return db.execute(
            f"select p.url, {', '.join('d.' + c for c in COLUMNS)}, d.story_id is not null "
            "from documents d join pages p on p.id = d.page_id order by p.url"
        ).fetchall()


def test_crawl_with_a_pool_stores_what_inline_extraction_stores(fixture_server, tmp_path):
    stored = {}
    for workers in (0, 2):
        db_file = tmp_path / f"w{workers}.db"
        result = run_cli(
            "crawl",
            "--all",
            "--db",
            f"sqlite:///{db_file}",
            *FAST,
            "-s",
            f"SCHOOLNEWS_EXTRACTION_WORKERS={workers}",
            env=proxy_env(fixture_server),
        )
        assert result.returncode == 0, result.stdout + result.stderr
        stored[workers] = _documents(db_file)
    assert len(stored[0]) > 20  # several sites (so rules reach workers more than once)
    assert stored[2] == stored[0]


def test_a_worker_asks_for_rules_it_has_not_seen():
    page = RawPage(
        url="https://x.example/a.htm",
        body=(
            b"<html><head><title>A - X School</title></head><body><h1>A</h1><p>"
            + b"Students of the school planted trees along the river this spring. " * 8
            + b"</p></body></html>"
        ),
        headers={"content-type": "text/html"},
        site="x",
    )
    rules = ExtractionRules(site_names=("X School",), drop_lines=("never matches this",))
    assert extraction_pool.extract(page, rules.version) == (extraction_pool.NEED_RULES, None)
    kind, (document, ahead) = extraction_pool.extract(page, rules.version, rules)
    assert kind == "document" and document.title == "A"
    assert np.array_equal(ahead[0], shingles(document.text))
    assert np.array_equal(ahead[1], signature(shingles(document.text)))
    assert ahead.bands == band_keys(ahead.signature)
    assert ahead.facts == extract_facts(document.text)
    assert extraction_pool.extract(page, rules.version)[0] == "document"  # kept


def test_a_primed_sketch_is_taken_once():
    text = "a text whose sketch was made elsewhere"
    planted = sketch(text)
    prime(text, planted)
    assert take(text) is planted
    assert take(text) is None  # once
    assert take("another text") is None


def test_a_crawl_killed_with_minus_9_leaves_no_extraction_process(fixture_server, tmp_path):
    """The forkserver and workers die with the crawl: orphans would keep its memory and its
    stdout open, so a caller reading the output to the end (cron, a test) waits forever."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from .conftest import ROOT

    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(proxy_env(fixture_server))
    fixture_server.clear_log()
    crawl = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler.cli",
            "crawl",
            "spa",
            "--db",
            f"sqlite:///{tmp_path / 'k.db'}",
            "-s",
            "DOWNLOAD_DELAY=0.5",
            "-s",
            "SCHOOLNEWS_EXTRACTION_WORKERS=1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while len(fixture_server.requests) < 8:  # articles are being fetched and extracted
        assert crawl.poll() is None and time.monotonic() < deadline
        time.sleep(0.1)
    crawl.send_signal(signal.SIGKILL)
    try:
        crawl.communicate(timeout=30)  # EOF only once every process holding the pipe is gone
    except subprocess.TimeoutExpired:
        raise AssertionError("extraction processes outlived the killed crawl") from None


def _profiles_loaded() -> bool:
    from langdetect import detector_factory

    return detector_factory._factory is not None  # langdetect keeps its profiles there


def test_workers_start_with_the_language_profiles_loaded():
    """Loaded in the forkserver, before any page: the workers share one copy, and a crawl's
    memory does not jump when, thousands of pages in, a page first needs langdetect."""
    executor = extraction_pool.POOL.acquire(1, ExtractionRules())
    try:
        assert executor.submit(_profiles_loaded).result(timeout=60)
    finally:
        extraction_pool.POOL.release()


def test_the_forkserver_preloads_before_the_pool_is_asked_for_a_worker(tmp_path):
    """crawler.run starts the forkserver with the settings, before Scrapy: its preload (about
    a second) overlaps the crawl's start instead of stopping the reactor at the first page."""
    script = tmp_path / "start.py"
    script.write_text(
        "import os, subprocess, sys, time\n"
        "from pipelines import extraction_pool\n"
        "extraction_pool.POOL.start_server()\n"
        # A program the crawl runs later is not a forkserver: it imports no extraction.
        "check = 'import sys, pipelines.extraction_pool; print(\"lxml\" in sys.modules)'\n"
        "print(subprocess.run([sys.executable, '-c', check], capture_output=True,\n"
        "      text=True).stdout.strip(), flush=True)\n"
        "time.sleep(60)\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [sys.executable, str(script)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        deadline, preloaded = time.monotonic() + 60, []
        while not preloaded and time.monotonic() < deadline:
            time.sleep(0.2)
            preloaded = [pid for pid in children(proc.pid) if _preloaded_forkserver(pid)]
        assert preloaded, "no forkserver with the extraction modules loaded"
        assert proc.stdout.readline().strip() == "False", "a later program preloaded too"
    finally:
        proc.kill()
        proc.wait()


def _preloaded_forkserver(pid: int) -> bool:
    """A forkserver that has imported the extraction modules (lxml's compiled parser, which
    trafilatura needs, is mapped into it)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False
    return b"forkserver" in command and "lxml/etree" in maps


def test_the_crawl_process_never_imports_trafilatura():
    """The workers extract; the crawl's own process only hands them pages (trafilatura costs
    it a third of a second to import, and memory)."""
    code = (
        "import sys\n"
        "import crawler.run, crawler.service, crawler.spiders.site, crawler.cli.crawl\n"
        "import pipelines.extraction, pipelines.storage, pipelines.db.stories\n"
        "from pipelines.processing import RawPage, similarity, searchable, story_match\n"
        "assert 'trafilatura' not in sys.modules, 'imported by the crawl process'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_rules_version_is_worked_out_once():
    """The crawl asks for it with every page it hands to a worker: a fingerprint of frozen
    fields, worked out once, the same for equal rules, and kept through pickling."""
    import pickle

    rules = ExtractionRules(site_names=("X School",), boilerplate=frozenset({"b", "a"}))
    assert rules.version is rules.version
    same = ExtractionRules(site_names=("X School",), boilerplate=frozenset({"a", "b"}))
    assert same.version == rules.version != ExtractionRules().version
    copy = pickle.loads(pickle.dumps(rules))
    assert copy == rules and copy.version == rules.version
