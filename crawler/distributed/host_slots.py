"""One request per host per DOWNLOAD_DELAY across all the workers of a distributed crawl."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Self
from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured

from crawler.distributed import scripts
from crawler.distributed.coordinator import (
    async_redis_client,
    coordinator_for,
    host_key,
    require_distributed,
)

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class HostSlots:
    """Downloader middleware: one request per host per DOWNLOAD_DELAY across all workers.

    Before a request goes to this worker's downloader it takes the host's slot in Redis
    (`SET <prefix>:host:<host> <worker> NX PX <delay>`), waiting (asynchronously) until the
    slot is free. Each worker's own downloader slot still applies its usual delay on top.
    """

    def __init__(self, crawler: Crawler, delay: float) -> None:
        self.coordinator = coordinator_for(crawler)
        self.delay_ms = max(1, round(delay * 1000))
        self.redis = async_redis_client(crawler.settings.get("SCHOOLNEWS_REDIS_URL"))
        self._take = self.redis.register_script(scripts.TAKE_SLOT)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        require_distributed(crawler)
        delay = crawler.settings.getfloat("DOWNLOAD_DELAY")  # the site's, if it sets one
        if delay <= 0:  # no per-host delay to share
            raise NotConfigured
        return cls(crawler, delay)

    async def take(self, host: str) -> None:
        """Wait for the host's slot. Without Redis, go on: this worker's own download
        delay still spaces its requests, and RedisHealth decides when to give up."""
        key = host_key(self.coordinator.prefix, host)
        args = [self.coordinator.worker, self.delay_ms]
        while wait_ms := int(
            await self.coordinator.health.call_async(
                "take a host slot", lambda: self._take(keys=[key], args=args), 0
            )
        ):
            await asyncio.sleep(wait_ms / 1000)

    async def process_request(self, request) -> None:
        if host := urlsplit(request.url).hostname:
            await self.take(host)
