"""Running crawls from the command line: settings, logging, one process for many sites."""

from __future__ import annotations

import gc
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
        return (
            self.verbose
            or record.levelno >= logging.WARNING
            or record.name.startswith(_OUR_LOGGERS)
        )


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


def crawl(
    slugs: list[str],
    db_url: str,
    sites_file: str | None = None,
    overrides: dict[str, Any] | None = None,
    verbose: bool = False,
    interrupts=None,
) -> dict[str, dict[str, Any]]:
    """Crawl the given sites concurrently in this process; returns when all are done, with
    each site's Scrapy stats. `interrupts` (crawler.interrupts.Interrupts) handles Ctrl-C."""
    from scrapy.crawler import AsyncCrawlerProcess

    from pipelines import extraction_pool
    from pipelines.extraction import pool_workers

    settings = project_settings(db_url, sites_file, overrides or {})
    if settings.getbool("SCHOOLNEWS_EXTRACTION_ENABLED") and pool_workers(settings):
        extraction_pool.POOL.start_server()  # its preload overlaps Scrapy's start
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # ours: setup_logging
    setup_logging(verbose)
    process = AsyncCrawlerProcess(settings)
    crawlers = {slug: process.create_crawler(slug) for slug in slugs}
    for crawler in crawlers.values():
        process.crawl(crawler)
    if interrupts is not None:
        interrupts.install(process, crawlers)
    # Everything made so far (modules, Scrapy's and SQLAlchemy's machinery: most of the
    # process's objects) lives as long as the process: out of the cyclic GC's way, so its
    # full collections during the crawl walk only what the crawl makes (re-walking them was
    # about 8 % of the crawl process's CPU on bench/crawl.py; now about 3 %).
    gc.freeze()
    process.start(install_signal_handlers=interrupts is None)
    return {
        slug: crawler.stats.get_stats() if crawler.stats else {}
        for slug, crawler in crawlers.items()
    }


def settle_runs(engine, stats: dict[str, dict[str, Any]], interrupts=None) -> None:
    """After the reactor stopped: runs of this process still `running` in the ledger did not
    record their end (a second Ctrl-C, or a database that refused the final write). Record it
    now, so `schoolnews runs` never shows a dead run as running."""
    from pipelines.db import ledger
    from pipelines.db.session import one_line, session_scope
    from pipelines.storage import run_counts

    # What each run did, from its crawl's stats (a second Ctrl-C left the ledger's counts 0).
    counts = {
        s["schoolnews/run_id"]: run_counts(s) for s in stats.values() if s.get("schoolnews/run_id")
    }
    run_ids = list(counts)
    if interrupts is not None and interrupts.count:
        status, reason = "interrupted", interrupts.reason()
    else:
        status, reason = "failed", "the run ended without recording its end (see the log)"
    try:
        with session_scope(engine) as session:
            ledger.close_abandoned_runs(session, run_ids, status, reason, counts)
    except Exception as exc:  # the database itself is what failed: say so, once
        logging.getLogger("schoolnews").error(
            "could not record the end of runs %s: %s", run_ids, one_line(exc)
        )


def unfinished_sites(engine, stats: dict[str, dict[str, Any]]) -> set[str]:
    """Sites whose run in this process did not finish (they are not learned from)."""
    from pipelines.db import ledger
    from pipelines.db.session import session_scope

    unfinished = set()
    try:
        with session_scope(engine) as session:
            for slug, site_stats in stats.items():
                run_id = site_stats.get("schoolnews/run_id")  # None: storage is off
                run = ledger.get_run(session, run_id) if run_id else None
                if run is not None and run.status != "finished":
                    unfinished.add(slug)
    except Exception:
        return set(stats)  # cannot even read the ledger: do not try to learn
    return unfinished


def release_locks(engine, slugs: list[str], owner: str | None) -> None:
    """Release this process's site locks; a database that refuses says so in one line (the
    next run takes a dead process's lock over)."""
    from pipelines.db import ledger
    from pipelines.db.session import one_line, session_scope

    if not slugs or not owner:
        return
    try:
        with session_scope(engine) as session:
            for slug in slugs:
                ledger.release_lock(session, slug, owner)
    except Exception as exc:
        logging.getLogger("schoolnews").error(
            "could not release the lock(s) of %s: %s (the next run takes them over)",
            ", ".join(slugs),
            one_line(exc),
        )
