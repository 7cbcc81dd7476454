"""ExtractionPipeline: runs `pipelines.processing.process` on every article page.

Extraction, language detection and the content hash all happen in `process`, the function
`reextract` calls too. A page extraction cannot use is still stored raw (it can be
re-extracted later); an extraction error is logged and counted, never fatal to the run.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self

from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured

from pipelines.db import repo
from pipelines.db.session import open_database, session_scope
from pipelines.processing import NO_RULES, NotADocument, RawPage, max_page_bytes, process
from pipelines.processing.size_cap import too_large_reason

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class ExtractionPipeline:
    def __init__(self, crawler: Crawler, db_url: str | None, max_bytes: int) -> None:
        self.crawler = crawler
        self.db_url = db_url
        self.rules = NO_RULES
        self.max_bytes = max_bytes

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("SCHOOLNEWS_EXTRACTION_ENABLED"):
            raise NotConfigured("SCHOOLNEWS_EXTRACTION_ENABLED is off")
        # Learned per-site inputs live in the database, when storage is on.
        db_url = settings.get("SCHOOLNEWS_DB") if settings.getbool(
            "SCHOOLNEWS_STORAGE_ENABLED") else None
        # None: the environment's SCHOOLNEWS_MAX_PAGE_BYTES, as reextract and extract read it.
        max_bytes = settings.get("SCHOOLNEWS_MAX_PAGE_BYTES")
        return cls(crawler, db_url,
                   max_page_bytes() if max_bytes in (None, "") else int(max_bytes))

    def open_spider(self) -> None:
        site = getattr(self.crawler.spider, "site", None)
        if site is None:
            return
        learned: frozenset[str] = frozenset()
        if self.db_url:
            engine = open_database(self.db_url)
            try:
                with session_scope(engine) as session:
                    learned = repo.learned_boilerplate(session).get(site.slug, frozenset())
            finally:
                engine.dispose()
        self.rules = site.extraction_rules(learned)

    def process_item(self, item):
        adapter = ItemAdapter(item)
        if adapter["kind"] != "article" or not 200 <= adapter["status"] < 300:
            return item  # lists are kept raw; 304/404 answers carry no page to extract
        page = RawPage(url=adapter["url"], body=adapter["body"], headers=adapter["headers"],
                       fetched_at=adapter["fetched_at"], requested_url=adapter["requested_url"],
                       status=adapter["status"], site=adapter["site"])
        stats = self.crawler.stats
        try:
            adapter["document"] = process(page, self.rules, self.max_bytes)
            stats.inc_value("schoolnews/documents_extracted")
        except NotADocument as reason:
            adapter["skip_reason"] = str(reason)[:255]
            stats.inc_value("schoolnews/not_a_document")
            if str(reason) == too_large_reason(len(page.body)):
                stats.inc_value("schoolnews/too_large")
                logger.warning("page kept raw, not extracted (%s): %s", reason, page.url)
            else:
                logger.info("not a document (%s): %s", reason, page.url)
        except Exception:
            stats.inc_value("schoolnews/extraction_errors")
            logger.exception("extraction failed, page kept raw: %s", page.url)
        return item
