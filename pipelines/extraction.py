"""ExtractionPipeline: runs `pipelines.processing.process` on every article page.

Extraction, language detection and the content hash all happen in `process`, the function
`reextract` calls too. A page extraction cannot use is still stored raw (it can be
re-extracted later); an extraction error is logged and counted, never fatal to the run.

With SCHOOLNEWS_EXTRACTION_WORKERS > 0 (default: cores minus one) `process` runs in a pool of
worker processes (pipelines/extraction_pool.py) and `process_item` returns a Deferred, so the
reactor keeps fetching while pages are extracted. Backpressure is Scrapy's own: a response
stays in the scraper's slot until its item is through the pipelines, and the engine stops
fetching when the slot holds SCRAPER_SLOT_MAX_ACTIVE_SIZE bytes. 0 extracts inline, on the
reactor thread, as before.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Self

from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from pipelines import extraction_pool
from pipelines.db.skips import reason_kind
from pipelines.processing import NO_RULES, NotADocument, RawPage, max_page_bytes, similarity
from pipelines.processing.size_cap import check_size, too_large_reason
from pipelines.site_rules import rules_for, stored_boilerplate

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)
SKIPPED = "schoolnews/skipped/"  # article pages with no document, by the kind of reason


def pool_workers(settings) -> int:
    """SCHOOLNEWS_EXTRACTION_WORKERS, or cores minus one when unset; 0 extracts inline."""
    workers = settings.get("SCHOOLNEWS_EXTRACTION_WORKERS")
    workers = extraction_pool.default_workers() if workers is None else int(workers)
    if workers < 0:
        raise ValueError(f"SCHOOLNEWS_EXTRACTION_WORKERS must be >= 0, not {workers}")
    return workers


class ExtractionPipeline:
    def __init__(
        self, crawler: Crawler, db_url: str | None, workers: int = 0, max_bytes: int | None = None
    ) -> None:
        self.crawler = crawler
        self.db_url = db_url
        self.rules = NO_RULES
        self.workers = workers
        self.executor = None
        self.max_bytes = max_page_bytes() if max_bytes is None else max_bytes

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("SCHOOLNEWS_EXTRACTION_ENABLED"):
            raise NotConfigured("SCHOOLNEWS_EXTRACTION_ENABLED is off")
        # Learned per-site inputs live in the database, when storage is on.
        db_url = (
            settings.get("SCHOOLNEWS_DB")
            if settings.getbool("SCHOOLNEWS_STORAGE_ENABLED")
            else None
        )
        workers = pool_workers(settings)
        # None: the environment's SCHOOLNEWS_MAX_PAGE_BYTES, as reextract and extract read it.
        max_bytes = settings.get("SCHOOLNEWS_MAX_PAGE_BYTES")
        return cls(crawler, db_url, workers, None if max_bytes in (None, "") else int(max_bytes))

    def open_spider(self) -> None:
        site = getattr(self.crawler.spider, "site", None)
        if site is not None:
            learned = stored_boilerplate(self.db_url, site.slug) if self.db_url else frozenset()
            self.rules = rules_for(site.slug, {site.slug: site}, learned)
        if self.workers:
            self.executor = extraction_pool.POOL.acquire(self.workers, self.rules)

    def close_spider(self) -> None:
        if self.executor is not None:
            self.executor = None
            extraction_pool.POOL.release()

    async def process_item(self, item):
        adapter = ItemAdapter(item)
        if adapter["kind"] != "article" or not 200 <= adapter["status"] < 300:
            return item  # lists are kept raw; 304/404 answers carry no page to extract
        page = RawPage(
            url=adapter["url"],
            body=adapter["body"],
            headers=adapter["headers"],
            fetched_at=adapter["fetched_at"],
            requested_url=adapter["requested_url"],
            status=adapter["status"],
            site=adapter["site"],
            kind=adapter["kind"],
        )
        try:  # the size cap first: a page over it never reaches a worker (size_cap)
            check_size(page, self.max_bytes)
        except NotADocument as reason:
            self.record(adapter, page, ("not", str(reason)))
            return item
        if self.executor is None:
            self.record(
                adapter, page, extraction_pool.extract(page, self.rules.version, self.rules)
            )
            return item
        done: Deferred = Deferred()
        self.submit(page, done, attach=False)
        # A coroutine, not a Deferred returned (deprecated since Scrapy 2.14: a warning in
        # every crawl's output).
        self.record(adapter, page, await maybe_deferred_to_future(done))
        return item

    def submit(self, page: RawPage, done: Deferred, attach: bool) -> None:
        """Hands the page to the pool; `done` fires on the reactor thread with the outcome."""
        from twisted.internet import reactor

        def arrived(future: Future) -> None:  # on the pool's thread
            reactor.callFromThread(self.arrived, future, page, done)

        try:
            future = extraction_pool.submit(self.executor, page, self.rules, attach)
        except (BrokenProcessPool, RuntimeError) as error:
            self.inline(error, page, done)
            return
        future.add_done_callback(arrived)

    def arrived(self, future: Future, page: RawPage, done: Deferred) -> None:
        try:
            outcome = future.result()
        except Exception as error:  # the worker died (BrokenProcessPool) or was cancelled
            self.inline(error, page, done)
            return
        if outcome[0] == extraction_pool.NEED_RULES and self.executor is not None:
            self.submit(page, done, attach=True)
        else:
            done.callback(outcome)

    def inline(self, error: Exception, page: RawPage, done: Deferred) -> None:
        """The pool is gone: this page, and the rest of the run, are extracted inline."""
        if self.executor is not None:
            logger.error("extraction pool failed (%s); extracting inline from now on", error)
            self.crawler.stats.inc_value("schoolnews/extraction_pool_failures")
            self.executor = None
            extraction_pool.POOL.broken()
            extraction_pool.POOL.release()
        done.callback(extraction_pool.extract(page, self.rules.version, self.rules))

    def record(self, adapter: ItemAdapter, page: RawPage, outcome) -> None:
        kind, value = outcome
        stats = self.crawler.stats
        if kind == "document":
            adapter["document"], ahead = value
            similarity.prime(adapter["document"].text, ahead)
            stats.inc_value("schoolnews/documents_extracted")
        elif kind == "not":
            adapter["skip_reason"] = value
            stats.inc_value("schoolnews/not_a_document")
            stats.inc_value(f"{SKIPPED}{reason_kind(value)[:80]}")  # the run's reason names it
            if value.startswith(too_large_reason(0).split(":")[0] + ":"):
                stats.inc_value("schoolnews/too_large")
                logger.warning("page kept raw, not extracted (%s): %s", value, page.url)
            else:
                logger.info("not a document (%s): %s", value, page.url)
        else:
            last = (value.strip().splitlines() or ["unknown"])[-1]
            adapter["skip_reason"] = f"extraction error: {last}"
            stats.inc_value("schoolnews/extraction_errors")
            logger.error("extraction failed, page kept raw: %s\n%s", page.url, value)
