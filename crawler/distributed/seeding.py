"""Only the worker that starts a distributed crawl sends the start requests."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Self

from crawler.distributed.coordinator import coordinator_for, require_distributed
from pipelines.db import ledger
from pipelines.db.session import session_scope, shared_engine

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger("schoolnews.distributed")


class SeedOnce:
    """Spider middleware: only the worker that starts a crawl sends the start requests."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        require_distributed(crawler)
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        seeder = coordinator_for(self.crawler).join()
        if seeder:
            self.close_orphaned_runs()
        async for item_or_request in start:  # a follower still runs start(): it loads state
            if seeder:
                yield item_or_request
            else:
                self.crawler.stats.inc_value("schoolnews/distributed/start_not_sent")

    def close_orphaned_runs(self) -> None:
        """The seeder starts a crawl no live worker is part of: runs of the site still
        'running' in the ledger and started a lease ago or more were left by workers that
        died (their leases ran out). A run started since is a worker joining this crawl at
        the same moment (it was marked killed while it crawled)."""
        run_id = self.crawler.stats.get_value("schoolnews/run_id")
        if run_id is None:  # storage is off: no ledger
            return
        site = self.crawler.spidercls.name
        engine = shared_engine(self.crawler.settings.get("SCHOOLNEWS_DB"))
        with session_scope(engine) as session:
            if ledger.site_locked(session, site):  # a plain crawl of the site is running
                return
            lease = self.crawler.settings.getfloat("SCHOOLNEWS_WORKER_LEASE_SECONDS")
            if killed := ledger.mark_runs_killed(
                session,
                site,
                keep=run_id,
                reason="its worker died (no heartbeat for a lease); found by the next crawl",
                started_before=datetime.now(UTC) - timedelta(seconds=lease),
            ):
                logger.info("%s: %d run(s) of dead workers marked killed", site, killed)
