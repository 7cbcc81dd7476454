"""A distributed worker's view of Redis: retried with backoff, then given up on, once.

Redis going away used to leave workers polling it forever, one traceback a second. Every
Redis call of crawler.distributed goes through `RedisHealth.call`: after a failure the
worker stops calling Redis until the next try (backoff 0.5 s, doubling, at most 8 s; one
warning line per try), answers the engine with what an empty shared queue would say, and
after SCHOOLNEWS_REDIS_GIVE_UP_SECONDS without Redis closes the site's crawl: one error line,
the run `failed` with `status_reason` "redis unreachable: …", and `crawl` exits non-zero.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from redis.exceptions import RedisError
from scrapy.utils.defer import deferred_from_coro

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger("schoolnews.distributed")

T = TypeVar("T")
FIRST_RETRY_SECONDS = 0.5
MAX_RETRY_SECONDS = 8.0
CLOSE_REASON = "failed"  # the run ledger's status


class RedisHealth:
    def __init__(self, crawler: Crawler, give_up_seconds: float) -> None:
        self.crawler = crawler
        self.give_up = give_up_seconds
        self.down_since: float | None = None
        self.next_try = 0.0
        self.delay = FIRST_RETRY_SECONDS
        self.given_up = False
        self.error = ""

    @property
    def down(self) -> bool:
        return self.given_up or self.down_since is not None

    def available(self) -> bool:
        """False while waiting for the next try (or after giving up): no call is made."""
        return not self.given_up and (self.down_since is None or time.monotonic() >= self.next_try)

    def call(self, what: str, function: Callable[[], T], default: T) -> T:
        """function() when Redis can be tried now and answers; else `default`."""
        if not self.available():
            return default
        try:
            result = function()
        except RedisError as exc:
            self.failed(what, exc)
            return default
        self.recovered()
        return result

    async def call_async(self, what: str, function, default):
        if not self.available():
            return default
        try:
            result = await function()
        except RedisError as exc:
            self.failed(what, exc)
            return default
        self.recovered()
        return result

    def recovered(self) -> None:
        if self.down_since is not None:
            logger.warning(
                "%s: Redis answers again after %.1f s",
                self.crawler.spidercls.name,
                time.monotonic() - self.down_since,
            )
            self.down_since, self.delay = None, FIRST_RETRY_SECONDS

    def failed(self, what: str, exc: Exception) -> None:
        now = time.monotonic()
        self.error = f"{type(exc).__name__}: {exc}".strip()
        if self.down_since is None:
            self.down_since, self.delay = now, FIRST_RETRY_SECONDS
        else:
            self.delay = min(self.delay * 2, MAX_RETRY_SECONDS)
        if now - self.down_since >= self.give_up:
            self.give_up_now()
            return
        self.next_try = now + self.delay
        logger.warning(
            "%s: Redis unreachable (%s: %s); next try in %.1f s, giving up after %.0f s",
            self.crawler.spidercls.name,
            what,
            self.error,
            self.delay,
            self.give_up,
        )

    def give_up_now(self) -> None:
        if self.given_up:
            return
        self.given_up = True
        reason = f"redis unreachable: {self.error}"
        self.crawler.stats.set_value("schoolnews/notes/distributed", reason[:500])
        logger.error(
            "%s: %s for %.0f s; closing this worker's crawl of the site as failed",
            self.crawler.spidercls.name,
            reason,
            self.give_up,
        )
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=CLOSE_REASON))
