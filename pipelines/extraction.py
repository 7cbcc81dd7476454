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

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class ExtractionPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("SCHOOLNEWS_EXTRACTION_ENABLED"):
            raise NotConfigured("SCHOOLNEWS_EXTRACTION_ENABLED is off")
        return cls(crawler)

    def process_item(self, item):
        adapter = ItemAdapter(item)
        if adapter["kind"] != "article":
            return item
        site = getattr(self.crawler.spider, "site", None)
        rules = site.extraction_rules if site else NO_RULES
        page = RawPage(url=adapter["url"], body=adapter["body"], headers=adapter["headers"],
                       fetched_at=adapter["fetched_at"], requested_url=adapter["requested_url"],
                       status=adapter["status"], site=adapter["site"])
        stats = self.crawler.stats
        try:
            adapter["document"] = process(page, rules)
            stats.inc_value("schoolnews/documents_extracted")
        except NotADocument as reason:
            stats.inc_value("schoolnews/not_a_document")
            logger.info("not a document (%s): %s", reason, page.url)
        except Exception:
            stats.inc_value("schoolnews/extraction_errors")
            logger.exception("extraction failed, page kept raw: %s", page.url)
        return item
