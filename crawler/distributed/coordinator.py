"""One worker's membership of one site's distributed crawl, and the Redis it talks to.

The scheduler, the middlewares and the extension of a crawler share one Coordinator
(`coordinator_for`); every Redis call goes through its RedisHealth.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured
from scrapy_redis.connection import get_redis

from crawler.distributed import scripts
from crawler.distributed.health import RedisHealth

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger("schoolnews.distributed")

LEASE_MS = 60_000  # default: a worker not heard of for this long is dead (killed, gone)
# A call to a Redis that stopped answering blocks the reactor for at most this long.
REDIS_TIMEOUT_SECONDS = 5.0


def redis_client(url: str):
    """A Redis client as scrapy-redis makes them (bytes replies), with short timeouts: a
    lost Redis is RedisHealth's to handle (crawler/distributed/health.py), not a 30 s stall."""
    from scrapy_redis import defaults

    return get_redis(
        url=url,
        **{
            **defaults.REDIS_PARAMS,
            "retry_on_timeout": False,
            "socket_timeout": REDIS_TIMEOUT_SECONDS,
            "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
        },
    )


def async_redis_client(url: str):
    """The same, for coroutines (HostSlots): no blocking call inside the reactor's loop."""
    import redis.asyncio

    return redis.asyncio.Redis.from_url(
        url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
    )


@dataclass(frozen=True)
class Keys:
    requests: str
    dupefilter: str
    workers: str
    busy: str
    # For the completeness check (completeness.py): page URLs queued (hash: URL -> start |
    # listing | article), those workers that left cleanly took, the crawl's run ids.
    articles: str = ""
    done: str = ""
    runs: str = ""

    @classmethod
    def for_site(cls, prefix: str, slug: str) -> Keys:
        base = f"{prefix}:{slug}"
        return cls(
            f"{base}:requests",
            f"{base}:dupefilter",
            f"{base}:workers",
            f"{base}:busy",
            f"{base}:articles",
            f"{base}:done",
            f"{base}:runs",
        )


def host_key(prefix: str, host: str) -> str:
    return f"{prefix}:host:{host}"


class Coordinator:
    """One worker's membership of one site's distributed crawl (one per crawler)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.redis = redis_client(settings.get("SCHOOLNEWS_REDIS_URL"))
        self.health = RedisHealth(crawler, settings.getfloat("SCHOOLNEWS_REDIS_GIVE_UP_SECONDS"))
        self.lease_ms = round(
            1000 * settings.getfloat("SCHOOLNEWS_WORKER_LEASE_SECONDS", LEASE_MS / 1000)
        )
        self.prefix = settings.get("SCHOOLNEWS_REDIS_PREFIX")
        self.keys = Keys.for_site(self.prefix, crawler.spidercls.name)
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.seeder: bool | None = None  # None until joined
        self.busy = False
        self.last_out = False
        self.taken_articles: set[str] = set()  # page URLs this worker took from the queue
        self._join = self.redis.register_script(scripts.JOIN)
        self._beat = self.redis.register_script(scripts.BEAT)
        self._busy = self.redis.register_script(scripts.BUSY)
        self._frontier = self.redis.register_script(scripts.FRONTIER)
        self._leave = self.redis.register_script(scripts.LEAVE)
        self._live = self.redis.register_script(scripts.LIVE)

    def _all(self) -> list[str]:
        k = self.keys
        return [k.workers, k.busy, k.requests, k.dupefilter, k.articles, k.done, k.runs]

    def join(self) -> bool:
        """Register this worker; True if it is the first of a new crawl (it then seeds)."""
        if self.seeder is None:
            self.seeder = bool(self._join(keys=self._all(), args=[self.worker, self.lease_ms]))
            self.crawler.stats.set_value("schoolnews/distributed/seeder", self.seeder)
            if (run_id := self.crawler.stats.get_value("schoolnews/run_id")) is not None:
                self.redis.sadd(self.keys.runs, run_id)
            logger.info(
                "%s: joined the distributed crawl as %s (%s)",
                self.crawler.spidercls.name,
                self.worker,
                "seeding it" if self.seeder else "taking requests from the queue",
            )
        return self.seeder

    def heartbeat(self) -> None:
        if self.seeder is not None and not self.last_out:
            self.health.call(
                "heartbeat",
                lambda: self._beat(
                    keys=[self.keys.workers, self.keys.busy],
                    args=[self.worker, self.lease_ms, int(self.busy)],
                ),
                None,
            )

    def mark_busy(self) -> None:
        if not self.busy:
            self.busy = True
            self.health.call(
                "mark busy",
                lambda: self._busy(keys=[self.keys.busy], args=[self.worker, self.lease_ms]),
                None,
            )

    def mark_idle(self) -> None:
        if self.busy:
            self.busy = False
            self.health.call(
                "mark idle", lambda: self.redis.zrem(self.keys.busy, self.worker), None
            )

    def live_workers(self) -> int | None:
        """Workers whose lease has not run out (this one included); None without Redis."""
        return self.health.call(
            "count live workers", lambda: self._live(keys=[self.keys.workers]), None
        )

    def frontier(self) -> tuple[int, int] | None:
        """(requests queued, workers holding requests they took), across all workers; None
        while Redis cannot be asked."""
        answer = self.health.call(
            "read the frontier",
            lambda: self._frontier(keys=[self.keys.requests, self.keys.busy]),
            None,
        )
        return None if answer is None else (int(answer[0]), int(answer[1]))

    def leave(self) -> bool:
        """Deregister; the last live worker deletes the crawl's keys and returns True."""
        if self.seeder is None or self.last_out:
            return self.last_out
        if self.health.given_up:  # its lease runs out instead; the keys stay for the others
            return False
        self.last_out = bool(
            self.health.call("leave", lambda: self._leave(keys=self._all(), args=[self.worker]), 0)
        )
        self.seeder = None
        return self.last_out


_coordinators: weakref.WeakKeyDictionary[Crawler, Coordinator] = weakref.WeakKeyDictionary()


def coordinator_for(crawler: Crawler) -> Coordinator:
    """The crawler's Coordinator, shared by the scheduler, the middlewares and the extension."""
    if crawler not in _coordinators:
        _coordinators[crawler] = Coordinator(crawler)
    return _coordinators[crawler]


def require_distributed(crawler: Crawler) -> None:
    # NotConfigured without a reason: Scrapy would log each reason as a warning, every crawl.
    if not crawler.settings.getbool("SCHOOLNEWS_DISTRIBUTED"):
        raise NotConfigured
