"""Running crawls from the command line: settings, logging, one process for many sites."""

from __future__ import annotations

import logging
import os
from typing import Any

from rich.logging import RichHandler

_OUR_LOGGERS = ("schoolnews", "crawler", "pipelines")


class _QuietFilter(logging.Filter):
    """Warnings from anyone; INFO only from our own loggers (progress, skipped pages)."""

    def __init__(self, verbose: bool) -> None:
        super().__init__()
        self.verbose = verbose

    def filter(self, record: logging.LogRecord) -> bool:
        return (self.verbose or record.levelno >= logging.WARNING
                or record.name.startswith(_OUR_LOGGERS))


def setup_logging(verbose: bool = False) -> None:
    handler = RichHandler(show_path=False, markup=False, rich_tracebacks=False)
    handler.addFilter(_QuietFilter(verbose))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for noisy in ("pipelines.extraction",):
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.WARNING)


def project_settings(db_url: str, sites_file: str | None, overrides: dict[str, Any]):
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("SCHOOLNEWS_DB", db_url, priority="cmdline")
    if sites_file:
        settings.set("SCHOOLNEWS_SITES_FILE", str(sites_file), priority="cmdline")
    for key, value in overrides.items():
        settings.set(key, value, priority="cmdline")
    return settings


def crawl(slugs: list[str], db_url: str, sites_file: str | None = None,
          overrides: dict[str, Any] | None = None,
          verbose: bool = False) -> dict[str, dict[str, Any]]:
    """Crawl the given sites concurrently in this process; returns when all are done, with
    each site's Scrapy stats."""
    from scrapy.crawler import AsyncCrawlerProcess

    settings = project_settings(db_url, sites_file, overrides or {})
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # ours: setup_logging
    setup_logging(verbose)
    process = AsyncCrawlerProcess(settings)
    crawlers = {slug: process.create_crawler(slug) for slug in slugs}
    for crawler in crawlers.values():
        process.crawl(crawler)
    process.start()
    return {slug: crawler.stats.get_stats() if crawler.stats else {}
            for slug, crawler in crawlers.items()}
