"""StoragePipeline against a real SQLite file that another process's write lock holds: a
refused batch is kept and written later, and a run that ends with pages it could not store
is `failed`, never `finished` (a small site's one batch, refused once, was dropped and the
run said `finished`, exit 0)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from scrapy import Spider
from scrapy.utils.test import get_crawler

from crawler.items import PageItem
from pipelines.db.session import open_database
from pipelines.storage import StoragePipeline


def _page(n: int) -> PageItem:
    url = f"https://school.example/list{n}.htm"
    headers = {"Content-Type": "text/html"}
    body = f"<html><body>list {n}</body></html>".encode()
    return PageItem("site", url, url, "listing", 200, headers, body, datetime.now(UTC))


@pytest.fixture
def pipeline(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'c.db'}"
    open_database(db_url).dispose()  # migrated before the lock is taken
    crawler = get_crawler(
        Spider,
        {
            "SCHOOLNEWS_STORAGE_ENABLED": True,
            "SCHOOLNEWS_DB": db_url,
            "SCHOOLNEWS_DB_BATCH_SIZE": 200,
            "SCHOOLNEWS_MAX_FAILED_BATCHES": 2,
        },
    )
    crawler.spider = Spider("site")
    crawler.stats.set_value("schoolnews/article_pages", 3)  # a run that saw articles
    made = StoragePipeline.from_crawler(crawler)
    made.open_spider()
    # A refused write in a fifth of a second, not after the 30 s a crawl waits
    sa.event.listen(made.engine, "connect", lambda conn, _: conn.execute("PRAGMA busy_timeout=200"))
    made.engine.dispose()
    yield made, tmp_path / "c.db"
    made.engine.dispose()


def _locked(path):
    """Another process's write transaction on the file (as `BEGIN IMMEDIATE` holds it)."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def _run(path) -> tuple[int, str, str | None, str | None]:
    with sqlite3.connect(path) as db:
        pages = db.execute("select count(*) from pages").fetchone()[0]
        status, close_reason, why = db.execute(
            "select status, close_reason, status_reason from crawl_runs"
        ).fetchone()
    return pages, status, close_reason, why


def test_a_refused_batch_is_kept_and_written_when_the_lock_passes(pipeline):
    storage, path = pipeline
    holder = _locked(path)
    for n in range(3):
        storage.process_item(_page(n))
    storage.flush()  # refused: the other process holds the write lock
    assert len(storage.buffer) == 3
    holder.rollback()
    holder.close()
    storage.close_spider()
    storage.finish_run(storage.crawler.spider, "finished")
    assert _run(path)[:2] == (3, "finished")


def test_pages_the_database_never_took_fail_the_run(pipeline):
    storage, path = pipeline
    holder = _locked(path)
    for n in range(3):
        storage.process_item(_page(n))
    storage.close_spider()  # two tries, both refused
    holder.rollback()
    holder.close()
    storage.finish_run(storage.crawler.spider, "finished")
    pages, status, close_reason, why = _run(path)
    assert (pages, status, close_reason) == (0, "failed", "database_error")
    assert why.startswith("database error: 3 pages not stored: database is locked"), why
    assert storage.crawler.stats.get_value("schoolnews/pages_not_stored") == 3
    with sqlite3.connect(path) as db:
        assert db.execute("select count(*) from crawl_runs").fetchone()[0] == 1


def test_a_batch_refused_for_what_it_holds_is_not_retried_with_the_next(pipeline):
    """Kept, a batch the database refuses for its content would fail again and take every
    later batch with it; it is counted as not stored, and the run goes on."""
    import dataclasses

    storage, path = pipeline
    storage.process_item(dataclasses.replace(_page(0), site=None))  # NOT NULL: refused
    storage.flush()
    assert storage.buffer == []
    for n in range(1, 3):
        storage.process_item(_page(n))
    storage.close_spider()
    storage.finish_run(storage.crawler.spider, "finished")
    pages, status, _, why = _run(path)
    assert (pages, status) == (2, "failed")
    assert why.startswith("database error: 1 pages not stored: NOT NULL constraint failed"), why


def test_a_run_counts_failed_urls_not_attempts():
    """15 article links gave `err 18`: every retry counted as an error."""
    from pipelines.storage import run_counts

    stats = {
        "downloader/exception_count": 4,  # a timeout, tried three times; a reset, then fine
        "downloader/response_status_count/200": 10,
        "downloader/response_status_count/500": 3,  # a 500, tried three times
        "retry/count": 5,  # two retries each of the 500 and the timeout, one of the reset
        "schoolnews/storage_errors": 200,  # a batch refused once, then stored
    }
    assert run_counts(stats)["errors"] == 2  # the timeout and the 500


def test_a_page_robots_txt_forbids_is_no_error():
    """A Squarespace site showed `err 26` where nothing failed: Scrapy counts the IgnoreRequest
    of every page robots.txt forbids among the downloader's exceptions."""
    from pipelines.storage import run_counts

    stats = {
        "downloader/exception_count": 27,  # 26 forbidden, one timeout
        "downloader/exception_type_count/scrapy.exceptions.IgnoreRequest": 26,
        "downloader/exception_type_count/twisted.internet.error.TimeoutError": 1,
        "downloader/response_status_count/200": 10,
        "robotstxt/forbidden": 26,
    }
    assert run_counts(stats)["errors"] == 1  # the timeout


def test_a_batch_not_full_is_written_once_it_has_waited(pipeline):
    """A site of 80 pages at a request a second never filled a batch of 200: nothing was
    stored until its run ended, and its progress said "0 pages stored" throughout."""
    storage, path = pipeline
    storage.process_item(_page(0))
    assert len(storage.buffer) == 1  # not yet waited SCHOOLNEWS_DB_FLUSH_SECONDS
    storage.flush_seconds = 0.0
    storage.process_item(_page(1))
    assert storage.buffer == []
    with sqlite3.connect(path) as db:
        assert db.execute("select count(*) from pages").fetchone()[0] == 2
