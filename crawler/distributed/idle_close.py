"""An idle distributed worker stays open while the shared frontier is not empty."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from twisted.internet import task

from crawler.distributed.completeness import Completeness
from crawler.distributed.coordinator import coordinator_for, require_distributed
from crawler.distributed.scheduler import TAKEN, SharedScheduler

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger("schoolnews.distributed")

HEARTBEAT_SECONDS = 5.0


class IdleClose:
    """Extension: an idle worker stays open while the shared frontier is not empty.

    The frontier is empty when no request is queued and no worker holds a request it took;
    after it has stayed empty for SCHOOLNEWS_IDLE_CLOSE_SECONDS, the worker closes. While
    idle it polls the queue every SCHOOLNEWS_FRONTIER_POLL_SECONDS (Scrapy itself would look
    only every 5 s). Also keeps the worker's lease alive and leaves the crawl on close.
    """

    def __init__(self, crawler: Crawler, idle_close: float, poll: float) -> None:
        self.crawler = crawler
        self.idle_close = idle_close
        self.poll = poll
        self.coordinator = coordinator_for(crawler)
        self.empty_since: float | None = None
        self.loops: list[task.LoopingCall] = []
        self.completeness = Completeness(crawler, self.coordinator)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        require_distributed(crawler)
        settings = crawler.settings
        extension = cls(
            crawler,
            settings.getfloat("SCHOOLNEWS_IDLE_CLOSE_SECONDS"),
            settings.getfloat("SCHOOLNEWS_FRONTIER_POLL_SECONDS"),
        )
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self, spider) -> None:
        # A live worker beats a few times per lease, however short the lease is set.
        beat = min(HEARTBEAT_SECONDS, self.coordinator.lease_ms / 3000)
        for function, interval in ((self.coordinator.heartbeat, beat), (self.wake, self.poll)):
            loop = task.LoopingCall(self._logged, function)
            loop.start(interval, now=False)
            self.loops.append(loop)

    @staticmethod
    def _logged(function) -> None:
        try:
            function()
        except Exception:  # Redis away for a moment: the next beat or poll tries again
            logger.warning("distributed crawl: %s failed", function.__name__, exc_info=True)

    def wake(self) -> None:
        """An idle worker takes a request other workers queued, now: the engine itself
        would look only at its next heartbeat (5 s). `engine.crawl` (public) hands it over
        and wakes the engine; the scheduler keeps it as taken (TAKEN), not queued again.
        While Redis is away this is what retries it, at the backoff's pace."""
        engine = self.crawler.engine
        scheduler = engine.scheduler if engine is not None else None
        if (
            not isinstance(scheduler, SharedScheduler)
            or engine.downloader.active
            or scheduler.taken
        ):
            return
        if self.coordinator.health.down:
            self.coordinator.frontier()  # a retry, when the backoff allows one
            return
        if (request := scheduler.take()) is not None:
            request.meta[TAKEN] = True
            engine.crawl(request)

    def idle(self, spider) -> None:
        self.coordinator.mark_idle()
        frontier = self.coordinator.frontier()
        if self.coordinator.health.given_up:
            return  # closing as failed
        if frontier is None:  # Redis away: wait for it, or for RedisHealth to give up
            raise DontCloseSpider
        queued, busy = frontier
        now = time.monotonic()
        if queued or busy:
            self.empty_since = None
            raise DontCloseSpider
        if self.empty_since is None:
            self.empty_since = now
        empty_for = now - self.empty_since
        if empty_for < self.idle_close:
            raise DontCloseSpider
        if (self.coordinator.live_workers() or 0) <= 1:  # the last one: anything lost?
            self.empty_since = None  # a recovery starts a new wait
            self.completeness.check()
        logger.info(
            "%s: the shared frontier has been empty for %.0f s; closing", spider.name, empty_for
        )

    def closed(self, spider, reason: str) -> None:
        for loop in self.loops:
            if loop.running:
                loop.stop()
        if reason == "finished":
            self.completeness.publish()
        if self.coordinator.leave():
            self.crawler.stats.set_value("schoolnews/distributed/last_out", True)
            logger.info("%s: last worker out; the crawl's Redis keys are deleted", spider.name)
