"""StoragePipeline: batched writes of pages and documents, and the run ledger.

Items are buffered and written SCHOOLNEWS_DB_BATCH_SIZE at a time in one transaction. The
unique keys (page URL, content hash) decide duplicates; nothing is SELECTed per item. A
batch the database refuses is logged and kept: it is written with the next one (a lock held
by another writer passes). After SCHOOLNEWS_MAX_FAILED_BATCHES refused writes in a row (a
full disk, a read-only file, a lost server) the run is fatal: the spider is closed with
reason `database_error`, so no more pages are fetched only to be thrown away. A run that
ends with pages it could not store is recorded `failed` (`database error: N pages not
stored: …`), never `finished`; those pages are fetched again next run.
"""

from __future__ import annotations

import logging
import re
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy.exc import OperationalError

from crawler.outcome import run_status
from pipelines.db import ledger, moves, pages
from pipelines.db.session import one_line, session_scope, shared_engine

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

DATABASE_ERROR = "database_error"  # the close reason of a run its database refused


class StoragePipeline:
    def __init__(
        self,
        crawler: Crawler,
        db_url: str,
        batch_size: int,
        lock_owner: str | None = None,
        max_failed_batches: int = 3,
        flush_seconds: float = 30.0,
    ) -> None:
        self.crawler = crawler
        self.db_url = db_url
        self.batch_size = batch_size
        self.lock_owner = lock_owner  # the `schoolnews crawl` process holding the site lock
        self.buffer: list = []
        self.moves: list[moves.Move] = []  # redirects of article URLs, written with a batch
        self.engine = None
        self.run_id: int | None = None
        self.max_failed_batches = max_failed_batches
        self.failed_batches = 0  # consecutive
        self.last_error: str | None = None
        self.closing = False  # the spider is closing: no need to ask the engine to close it
        self.flush_seconds = flush_seconds  # a batch not full is written after this long
        self.last_flush = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("SCHOOLNEWS_STORAGE_ENABLED"):
            raise NotConfigured("SCHOOLNEWS_STORAGE_ENABLED is off")
        pipeline = cls(
            crawler,
            settings.get("SCHOOLNEWS_DB"),
            settings.getint("SCHOOLNEWS_DB_BATCH_SIZE"),
            settings.get("SCHOOLNEWS_LOCK_OWNER"),
            max(1, settings.getint("SCHOOLNEWS_MAX_FAILED_BATCHES", 3)),
            settings.getfloat("SCHOOLNEWS_DB_FLUSH_SECONDS", 30.0),
        )
        # The close reason arrives only with spider_closed, after close_spider.
        crawler.signals.connect(pipeline.finish_run, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.redirect_dropped, signal=signals.request_dropped)
        return pipeline

    def redirect_dropped(self, request) -> None:
        """An article URL redirected to a page this run asked for already (a redesigned site's
        old URL, re-checked after the new lists were walked): the duplicate filter drops the
        redirect and no item ever says where the old URL led, so it is noted here."""
        chain = request.meta.get("redirect_urls")
        if request.meta.get("kind") == "article" and chain and request.url not in chain:
            # Every URL on the way: an alias link may redirect to the stored URL, which
            # redirects in turn to the new one.
            seen_at = datetime.now(UTC)
            self.moves.extend(moves.Move(url, request.url, seen_at) for url in chain)

    def open_spider(self) -> None:
        self.engine = shared_engine(self.db_url)  # the process's one engine: not disposed here
        with session_scope(self.engine) as session:
            self.run_id = ledger.start_run(session, self.crawler.spider.name)
            self.heartbeat(session)
        self.crawler.stats.set_value("schoolnews/run_id", self.run_id)

    def heartbeat(self, session) -> None:
        if self.lock_owner:
            ledger.heartbeat(session, self.crawler.spider.name, self.lock_owner, self.run_id)

    def process_item(self, item):
        self.buffer.append(item)
        if item.kind == "article" and item.requested_url != item.url:
            self.moves.append(moves.Move(item.requested_url, item.url, item.fetched_at))
        self.crawler.stats.set_value("schoolnews/pages_pending", len(self.buffer))
        waited = time.monotonic() - self.last_flush
        if len(self.buffer) >= self.batch_size or waited >= self.flush_seconds:
            self.flush()
        return item

    def close_spider(self) -> None:
        self.closing = True
        # The last pages get as many tries as any batch (a small site's only batch, refused
        # once by a lock that then passed, was dropped and the run said `finished`).
        while (self.buffer or self.moves) and self.failed_batches < self.max_failed_batches:
            self.flush()
        self.give_up(self.buffer)
        self.buffer, self.moves = [], []

    def give_up(self, lost: list) -> None:
        """Count the pages the database would not take: the run cannot be `finished`."""
        if not lost:
            return
        self.crawler.stats.inc_value("schoolnews/pages_not_stored", len(lost))
        self.crawler.stats.set_value("schoolnews/pages_pending", len(self.buffer))
        logger.error(
            "%s: %d pages could not be stored (they are fetched again next run): %s",
            self.crawler.spider.name,
            len(lost),
            self.last_error,
        )

    def flush(self) -> None:
        self.last_flush = time.monotonic()
        batch, self.buffer = self.buffer, []
        moved, self.moves = self.moves, []
        if not batch and not moved:
            return
        stats = self.crawler.stats
        stats.set_value("schoolnews/pages_pending", 0)
        if self.failed_batches >= self.max_failed_batches:  # closing: do not hammer it
            self.give_up(batch)
            return
        try:
            with session_scope(self.engine) as session:
                result = pages.save_pages(session, batch, self.run_id)
                stored_moves = moves.save_moves(session, moved)
                self.heartbeat(session)
        except Exception as exc:
            # A lock, the disk, the connection may pass: the batch is tried again with the
            # next. One refused for what it holds would fail again, and take others with it.
            kept = isinstance(exc, OperationalError)
            self.batch_failed(exc, len(batch), kept)
            if kept:
                self.buffer = batch + self.buffer
                self.moves = moved + self.moves
                stats.set_value("schoolnews/pages_pending", len(self.buffer))
            else:
                self.give_up(batch)
            return
        self.failed_batches = 0
        stats.inc_value("schoolnews/pages_stored", result.pages)
        stats.inc_value("schoolnews/articles_stored", result.documents)
        stats.inc_value("schoolnews/new_documents", result.new_documents)
        stats.inc_value("schoolnews/duplicates", result.duplicates)
        for outcome in ("updated", "unchanged", "not_modified", "gone"):
            stats.inc_value(f"schoolnews/{outcome}", getattr(result, outcome))
        self.count_moves(stored_moves)
        self.count_site_copies(result)

    def count_site_copies(self, result) -> None:
        """New documents whose text this site stored before at another URL, and one pair for
        the run's reason (crawler.outcome): a routine run after a redesign stores every story
        again at its new URL and re-checks no old one, so no move is seen."""
        if result.site_copies:
            new, old = result.site_copy_example
            example = f"{new}, first stored as {old}"
            self._count("site_copies", result.site_copies, "site_copy_example", example)

    def count_moves(self, moved: list) -> None:
        """Stored articles whose URL redirected this run, and one of them for the run's reason
        (crawler.outcome)."""
        if moved:
            self._count(
                "moved", len(moved), "moved_example", f"{moved[0].url} → {moved[0].moved_to}"
            )

    def _count(self, name: str, n: int, example_name: str, example: str) -> None:
        """Add `n` to the run's stat `name`, and keep the run's first example."""
        stats = self.crawler.stats
        stats.inc_value(f"schoolnews/{name}", n)
        if not stats.get_value(f"schoolnews/{example_name}"):
            stats.set_value(f"schoolnews/{example_name}", example)

    def batch_failed(self, exc: Exception, size: int, kept: bool) -> None:
        """Count and log a refused batch; after too many in a row, end the run."""
        stats = self.crawler.stats
        stats.inc_value("schoolnews/storage_errors", size)
        self.failed_batches += 1
        self.last_error = one_line(exc)
        logger.error(
            "%s: could not store a batch of %d pages (%d in a row%s): %s",
            self.crawler.spider.name,
            size,
            self.failed_batches,
            "; kept for the next try" if kept else "",
            self.last_error,
        )
        if self.failed_batches == self.max_failed_batches and not self.closing:
            logger.error(
                "%s: stopping the crawl: the database refused %d batches in a row",
                self.crawler.spider.name,
                self.failed_batches,
            )
            close = self.crawler.engine.close_spider_async(reason=DATABASE_ERROR)
            deferred_from_coro(close)  # runs on the reactor; this batch's caller goes on

    def finish_run(self, spider, reason: str) -> None:
        if self.engine is None or self.run_id is None:
            return
        stats = self.crawler.stats.get_stats()
        counts = run_counts(stats)
        if stats.get("schoolnews/pages_not_stored"):
            reason = DATABASE_ERROR  # whatever Scrapy says: what was fetched is not all kept
        # failed (start pages, database), empty (no article link), or finished: crawler.outcome
        status, outcome_reason = run_status(
            reason, stats, stats.get("schoolnews/known_articles", 0), spider.name
        )
        try:
            with session_scope(self.engine) as session:
                ledger.finish_run(
                    session,
                    self.run_id,
                    status,
                    reason,
                    counts,
                    status_reason=self.status_reason(reason, outcome_reason, stats),
                )
        except Exception as exc:  # the ledger is written by `crawl` after the reactor stops
            logger.error(
                "%s: could not record the end of run %d: %s",
                spider.name,
                self.run_id,
                one_line(exc),
            )

    def status_reason(
        self, close_reason: str, outcome_reason: str | None, stats: dict
    ) -> str | None:
        """One line: a database error or an interrupt; else what components noted (a trap cut,
        a budget, Redis lost: `schoolnews/notes/*`) after the outcome's own reason."""
        not_stored = stats.get("schoolnews/pages_not_stored", 0)
        lost = f"{not_stored} pages not stored: " if not_stored else ""
        why = {
            DATABASE_ERROR: f"database error: {lost}{self.last_error}",
            "shutdown": "stopped by Ctrl-C/SIGTERM",
        }.get(close_reason)
        if why:
            return why
        notes = "; ".join(
            str(v) for k, v in sorted(stats.items()) if k.startswith("schoolnews/notes/")
        )
        if outcome_reason and outcome_reason.startswith("spider closed:") and notes:
            outcome_reason = None  # the notes say why it closed
        return "; ".join(r for r in (outcome_reason, notes) if r) or None


def run_counts(stats: dict) -> dict:
    """The ledger's counts of a run, from the crawl's stats: responses by status class,
    what was stored, skipped and refetched, and the errors."""
    by_class = {f"responses_{c}xx": 0 for c in "2345"}
    for key, value in stats.items():
        if key.startswith("downloader/response_status_count/"):
            status_class = f"responses_{key.rsplit('/', 1)[1][0]}xx"
            if status_class in by_class:
                by_class[status_class] += value
    gone = stats.get("schoolnews/gone", 0)
    # Not failures: a robots.txt or a guessed /sitemap.xml the site does not have (404/410),
    # asked for by Scrapy's robots.txt middleware or by the spider.
    absent = stats.get("schoolnews/optional_absent", 0) + sum(
        v for k, v in stats.items() if re.fullmatch(r"robotstxt/response_status_count/4(04|10)", k)
    )
    # Failures: exceptions, server errors, and client errors other than pages now gone. A page
    # robots.txt forbids is none, though Scrapy counts its IgnoreRequest among the
    # downloader's exceptions (the run's note counts the pages: spiders.article_requests).
    errors = sum(
        stats.get(k, 0)
        for k in (
            "schoolnews/extraction_errors",
            "schoolnews/pages_not_stored",  # in the end (a refused batch may be stored later)
            "spider_exceptions/count",
        )
    )
    errors += max(
        0, stats.get("downloader/exception_count", 0) - stats.get("robotstxt/forbidden", 0)
    )
    errors += by_class["responses_5xx"] + max(0, by_class["responses_4xx"] - gone - absent)
    # A URL retried twice and failed is one failure, not three; one that answered on a retry
    # is none (each retry followed an exception or a 5xx/429 counted above).
    errors = max(0, errors - stats.get("retry/count", 0))
    return {
        **by_class,
        "not_modified": stats.get("schoolnews/not_modified", 0),
        "updated": stats.get("schoolnews/updated", 0),
        "unchanged": stats.get("schoolnews/unchanged", 0),
        "gone": gone,
        "not_due": stats.get("schoolnews/not_due", 0),
        "full": bool(stats.get("schoolnews/full", False)),
        "requests": stats.get("downloader/request_count", 0),
        "responses": stats.get("downloader/response_count", 0),
        "bytes_received": stats.get("downloader/response_bytes", 0),
        "pages": stats.get("schoolnews/pages_stored", 0),
        "articles": stats.get("schoolnews/articles_stored", 0),
        "new_documents": stats.get("schoolnews/new_documents", 0),
        "duplicates": stats.get("schoolnews/duplicates", 0),
        "skipped": stats.get("schoolnews/not_a_document", 0),
        "errors": errors,
    }
