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

from pipelines.processing import NO_RULES, NotADocument, RawPage, process
from pipelines.site_rules import rules_for, stored_boilerplate

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class ExtractionPipeline:
    def __init__(self, crawler: Crawler, db_url: str | None) -> None:
        self.crawler = crawler
        self.db_url = db_url
        self.rules = NO_RULES

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("SCHOOLNEWS_EXTRACTION_ENABLED"):
            raise NotConfigured("SCHOOLNEWS_EXTRACTION_ENABLED is off")
        # Learned per-site inputs live in the database, when storage is on.
        db_url = settings.get("SCHOOLNEWS_DB") if settings.getbool(
            "SCHOOLNEWS_STORAGE_ENABLED") else None
        return cls(crawler, db_url)

    def open_spider(self) -> None:
        site = getattr(self.crawler.spider, "site", None)
        if site is None:
            return
        learned = stored_boilerplate(self.db_url, site.slug) if self.db_url else frozenset()
        self.rules = rules_for(site.slug, {site.slug: site}, learned)

    def process_item(self, item):
        adapter = ItemAdapter(item)
        if adapter["kind"] != "article" or not 200 <= adapter["status"] < 300:
            return item  # lists are kept raw; 304/404 answers carry no page to extract
        page = RawPage(url=adapter["url"], body=adapter["body"], headers=adapter["headers"],
                       fetched_at=adapter["fetched_at"], requested_url=adapter["requested_url"],
                       status=adapter["status"], site=adapter["site"])
        stats = self.crawler.stats
        try:
            adapter["document"] = process(page, self.rules)
            stats.inc_value("schoolnews/documents_extracted")
        except NotADocument as reason:
            adapter["skip_reason"] = str(reason)
            stats.inc_value("schoolnews/not_a_document")
            logger.info("not a document (%s): %s", reason, page.url)
        except Exception as exc:
            adapter["skip_reason"] = f"extraction error: {type(exc).__name__}: {exc}"
            stats.inc_value("schoolnews/extraction_errors")
            logger.exception("extraction failed, page kept raw: %s", page.url)
        return item
