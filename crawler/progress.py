"""Progress: one line per site every SCHOOLNEWS_PROGRESS_INTERVAL seconds while it crawls."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger("schoolnews.progress")


class Progress:
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        interval = crawler.settings.getfloat("SCHOOLNEWS_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured("SCHOOLNEWS_PROGRESS_INTERVAL is 0")
        extension = cls(crawler, interval)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self, spider) -> None:
        self.loop = task.LoopingCall(self.report, spider)
        self.loop.start(self.interval, now=False)

    def report(self, spider) -> None:
        stats = self.crawler.stats
        logger.info(
            "%s: %d responses, %d pages stored (%d waiting for the next batch), %d articles "
            "(%d new, %d duplicates), %d errors",
            spider.name,
            stats.get_value("downloader/response_count", 0),
            stats.get_value("schoolnews/pages_stored", 0),
            stats.get_value("schoolnews/pages_pending", 0),
            stats.get_value("schoolnews/articles_stored", 0),
            stats.get_value("schoolnews/new_documents", 0),
            stats.get_value("schoolnews/duplicates", 0),
            stats.get_value("schoolnews/extraction_errors", 0),
        )

    def closed(self, spider, reason: str) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
