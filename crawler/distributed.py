"""Distributed crawling: N `schoolnews crawl --distributed` processes split one crawl via Redis.

The spiders are the ordinary ones; scrapy-redis swaps their scheduler for a shared one: one
request queue and one dupefilter per site in Redis, so every request is fetched once, by
whichever worker pops it. Around it, a few components of ours, all switched on by
`SCHOOLNEWS_DISTRIBUTED` (`crawl --distributed`, see `distributed_settings`):

- `SharedScheduler`: scrapy-redis's scheduler with our key names, and a mark in Redis that
  this worker holds requests it took from the queue (`busy`) until it is idle again.
- `SeedOnce` (spider middleware): the first worker of a crawl (no live worker registered)
  clears the site's keys left by an earlier crawl and sends the start requests; the others
  read their known-article state (`SiteSpider.start`) but send nothing: they take requests
  from the shared queue.
- `IdleClose` (extension): keeps an idle worker open while the queue has requests or another
  worker is busy, and closes it once the whole frontier has been empty for
  `SCHOOLNEWS_IDLE_CLOSE_SECONDS`. The last worker out deletes the crawl's keys, so the next
  crawl starts afresh (a persistent dupefilter would make it fetch nothing).
- `HostSlots` (downloader middleware): before each request, the host's slot in Redis
  (`SET … NX PX DOWNLOAD_DELAY`), so all workers together admit one request per host per
  DOWNLOAD_DELAY.

Keys, with `SCHOOLNEWS_REDIS_PREFIX` (default `schoolnews`) and the site slug:
`<prefix>:<slug>:requests` (queue), `:dupefilter`, `:workers` and `:busy` (sorted sets of
worker ids, scored by the lease's expiry in Redis server time), and `<prefix>:host:<host>`.
Every time is Redis's own (`TIME` inside the scripts), so machines' clocks need not agree.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
import weakref
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.misc import load_object
from scrapy_redis.connection import get_redis
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from crawler.completeness import Completeness
from crawler.redis_health import RedisHealth
from pipelines.db import ledger
from pipelines.db.session import session_scope, shared_engine

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger("schoolnews.distributed")

TAKEN = "schoolnews_taken"  # request meta: taken from the shared queue by IdleClose.wake
LEASE_MS = 60_000  # default: a worker not heard of for this long is dead (killed, gone)
HEARTBEAT_SECONDS = 5.0


def distributed_settings(redis_url: str) -> dict[str, Any]:
    """The settings `crawl --distributed --redis URL` adds to the project's."""
    return {
        "SCHOOLNEWS_DISTRIBUTED": True,
        "SCHOOLNEWS_REDIS_URL": redis_url,
        "SCHEDULER": "crawler.distributed.SharedScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",  # made with our key
        # Never flushed by one worker closing: the last one out deletes the keys (IdleClose).
        "SCHEDULER_PERSIST": True,
        "ADDONS": {"crawler.distributed.DistributedAddon": 0},
    }


class DistributedAddon:
    """Adds the distributed components (a Scrapy add-on, so a plain crawl never imports them)."""

    def update_settings(self, settings) -> None:
        settings["EXTENSIONS"]["crawler.distributed.IdleClose"] = 510
        settings["SPIDER_MIDDLEWARES"]["crawler.distributed.SeedOnce"] = 10
        # last before the download
        settings["DOWNLOADER_MIDDLEWARES"]["crawler.distributed.HostSlots"] = 950


# A call to a Redis that stopped answering blocks the reactor for at most this long.
REDIS_TIMEOUT_SECONDS = 5.0


def redis_client(url: str):
    """A Redis client as scrapy-redis makes them (bytes replies), with short timeouts: a
    lost Redis is RedisHealth's to handle (crawler/redis_health.py), not a 30 s stall."""
    from scrapy_redis import defaults

    return get_redis(url=url, **{**defaults.REDIS_PARAMS, "retry_on_timeout": False,
                                 "socket_timeout": REDIS_TIMEOUT_SECONDS,
                                 "socket_connect_timeout": REDIS_TIMEOUT_SECONDS})


def async_redis_client(url: str):
    """The same, for coroutines (HostSlots): no blocking call inside the reactor's loop."""
    import redis.asyncio

    return redis.asyncio.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT_SECONDS,
                                        socket_connect_timeout=REDIS_TIMEOUT_SECONDS)


@dataclass(frozen=True)
class Keys:
    requests: str
    dupefilter: str
    workers: str
    busy: str
    # For the completeness check (crawler/completeness.py): page URLs queued (hash: URL ->
    # start | listing | article), those workers that left cleanly took, the crawl's run ids.
    articles: str = ""
    done: str = ""
    runs: str = ""

    @classmethod
    def for_site(cls, prefix: str, slug: str) -> Keys:
        base = f"{prefix}:{slug}"
        return cls(f"{base}:requests", f"{base}:dupefilter", f"{base}:workers", f"{base}:busy",
                   f"{base}:articles", f"{base}:done", f"{base}:runs")


def host_key(prefix: str, host: str) -> str:
    return f"{prefix}:host:{host}"


# Lua scripts run atomically in Redis; `now` is Redis's clock in milliseconds.
_NOW = "local t = redis.call('TIME'); local now = t[1] * 1000 + math.floor(t[2] / 1000)\n"
# KEYS: workers, then the crawl's other keys; ARGV: me lease -> 1 if this worker seeds.
_JOIN = _NOW + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local seeder = 0
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', unpack(KEYS, 2))
  seeder = 1
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
return seeder
"""
# KEYS: workers busy; ARGV: me lease busy(0/1)
_BEAT = _NOW + """
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
if ARGV[3] == '1' then redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1]) end
return now
"""
# KEYS: busy; ARGV: me lease
_BUSY = _NOW + "redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])\nreturn now\n"
# KEYS: requests busy -> {queued requests, live busy workers}
_FRONTIER = _NOW + """
return {redis.call('ZCARD', KEYS[1]), redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf')}
"""
# KEYS: workers -> live workers
_LIVE = _NOW + "return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')\n"
# KEYS: workers busy, then the others; ARGV: me -> 1 if this was the last live worker.
_LEAVE = _NOW + """
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', unpack(KEYS))
  return 1
end
return 0
"""
# KEYS: host slot; ARGV: me delay_ms -> 0 when taken, else milliseconds until it frees.
_TAKE_SLOT = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
local left = redis.call('PTTL', KEYS[1])
if left < 1 then return 1 end
return left
"""


class Coordinator:
    """One worker's membership of one site's distributed crawl (one per crawler)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.redis = redis_client(settings.get("SCHOOLNEWS_REDIS_URL"))
        self.health = RedisHealth(crawler, settings.getfloat("SCHOOLNEWS_REDIS_GIVE_UP_SECONDS"))
        self.lease_ms = round(1000 * settings.getfloat("SCHOOLNEWS_WORKER_LEASE_SECONDS",
                                                       LEASE_MS / 1000))
        self.prefix = settings.get("SCHOOLNEWS_REDIS_PREFIX")
        self.keys = Keys.for_site(self.prefix, crawler.spidercls.name)
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.seeder: bool | None = None  # None until joined
        self.busy = False
        self.last_out = False
        self.taken_articles: set[str] = set()  # page URLs this worker took from the queue
        self._join = self.redis.register_script(_JOIN)
        self._beat = self.redis.register_script(_BEAT)
        self._busy = self.redis.register_script(_BUSY)
        self._frontier = self.redis.register_script(_FRONTIER)
        self._leave = self.redis.register_script(_LEAVE)
        self._live = self.redis.register_script(_LIVE)

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
            logger.info("%s: joined the distributed crawl as %s (%s)",
                        self.crawler.spidercls.name, self.worker,
                        "seeding it" if self.seeder else "taking requests from the queue")
        return self.seeder

    def heartbeat(self) -> None:
        if self.seeder is not None and not self.last_out:
            self.health.call("heartbeat", lambda: self._beat(
                keys=[self.keys.workers, self.keys.busy],
                args=[self.worker, self.lease_ms, int(self.busy)]), None)

    def mark_busy(self) -> None:
        if not self.busy:
            self.busy = True
            self.health.call("mark busy", lambda: self._busy(
                keys=[self.keys.busy], args=[self.worker, self.lease_ms]), None)

    def mark_idle(self) -> None:
        if self.busy:
            self.busy = False
            self.health.call("mark idle", lambda: self.redis.zrem(self.keys.busy, self.worker),
                             None)

    def live_workers(self) -> int | None:
        """Workers whose lease has not run out (this one included); None without Redis."""
        return self.health.call("count live workers", lambda: self._live(
            keys=[self.keys.workers]), None)

    def frontier(self) -> tuple[int, int] | None:
        """(requests queued, workers holding requests they took), across all workers; None
        while Redis cannot be asked."""
        answer = self.health.call("read the frontier", lambda: self._frontier(
            keys=[self.keys.requests, self.keys.busy]), None)
        return None if answer is None else (int(answer[0]), int(answer[1]))

    def leave(self) -> bool:
        """Deregister; the last live worker deletes the crawl's keys and returns True."""
        if self.seeder is None or self.last_out:
            return self.last_out
        if self.health.given_up:  # its lease runs out instead; the keys stay for the others
            return False
        self.last_out = bool(self.health.call(
            "leave", lambda: self._leave(keys=self._all(), args=[self.worker]), 0))
        self.seeder = None
        return self.last_out


_coordinators: weakref.WeakKeyDictionary[Crawler, Coordinator] = weakref.WeakKeyDictionary()


def coordinator_for(crawler: Crawler) -> Coordinator:
    """The crawler's Coordinator, shared by the scheduler, the middlewares and the extension."""
    if crawler not in _coordinators:
        _coordinators[crawler] = Coordinator(crawler)
    return _coordinators[crawler]


def _require_distributed(crawler: Crawler) -> None:
    # NotConfigured without a reason: Scrapy would log each reason as a warning, every crawl.
    if not crawler.settings.getbool("SCHOOLNEWS_DISTRIBUTED"):
        raise NotConfigured


def page_kind(request) -> str | None:
    """'start', 'listing' or 'article' for a page request of the spider (robots.txt and
    sitemaps: None); the completeness check follows these."""
    return "start" if request.meta.get("start") else request.meta.get("kind")


class SharedScheduler(Scheduler):
    """scrapy-redis's scheduler, adapted: our per-site key names; a request taken from the
    shared queue marks this worker busy; a worker holds at most CONCURRENT_REQUESTS_PER_DOMAIN
    requests in its downloader. Also keeps clear of what Scrapy 2.19 deprecates and
    scrapy-redis 0.9 still does (`spider=` in stats calls, `Spider.log()`)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        coordinator = coordinator_for(crawler)
        coordinator.redis.ping()  # fail now, not at the first request
        keys = coordinator.keys
        dupefilter = load_object(settings.get("DUPEFILTER_CLASS"))(
            coordinator.redis, key=keys.dupefilter, debug=settings.getbool("DUPEFILTER_DEBUG"))
        scheduler = cls(
            server=coordinator.redis, persist=True, queue_key=keys.requests,
            queue_cls=settings.get("SCHEDULER_QUEUE_CLASS") or "scrapy_redis.queue.PriorityQueue",
            dupefilter=dupefilter, dupefilter_key=keys.dupefilter,
        )
        scheduler.stats = crawler.stats
        scheduler.coordinator = coordinator
        scheduler.crawler = crawler
        # Scrapy would take up to CONCURRENT_REQUESTS requests at once, most of them to wait
        # in this worker's downloader while the other workers find the queue empty.
        scheduler.hold = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        scheduler.taken = deque()  # requests IdleClose.wake took from the queue for us
        return scheduler

    def __len__(self) -> int:
        return len(self.taken) + self.coordinator.health.call(
            "read the queue", lambda: len(self.queue), 0)

    def has_pending_requests(self) -> bool:
        return len(self) > 0

    def open(self, spider) -> None:  # scrapy-redis's also calls the deprecated spider.log()
        self.spider = spider
        self.queue = load_object(self.queue_cls)(server=self.server, spider=spider,
                                                 key=self.queue_key, serializer=self.serializer)

    def enqueue_request(self, request) -> bool:
        if request.meta.pop(TAKEN, False):  # already through the shared queue: ours now
            self.taken.append(request)
            return True
        pushed = self.coordinator.health.call("queue a request", lambda: self.push(request),
                                              None)
        if pushed is None:  # Redis is away: the request is lost to this crawl, and counted
            self.stats.inc_value("schoolnews/distributed/requests_not_queued")
            return False
        return pushed

    def push(self, request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.queue.push(request)
        if kind := page_kind(request):  # for the completeness check
            self.server.hset(self.coordinator.keys.articles, request.url, kind)
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self):
        if self.taken:
            return self.taken.popleft()
        if len(self.crawler.engine.downloader.active) >= self.hold:
            return None  # this worker has enough in hand: leave the rest to the others
        return self.take()

    def take(self):
        """A request from the shared queue, this worker marked busy; None if none (or no
        Redis)."""
        request = self.coordinator.health.call("take a request", self.queue.pop, None)
        if request is not None:
            self.coordinator.mark_busy()
            if page_kind(request):
                self.coordinator.taken_articles.add(request.url)
            self.stats.inc_value("scheduler/dequeued/redis")
        return request


class SeedOnce:
    """Spider middleware: only the worker that starts a crawl sends the start requests."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        _require_distributed(crawler)
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
        'running' in the ledger were left by workers that died (their leases ran out)."""
        run_id = self.crawler.stats.get_value("schoolnews/run_id")
        if run_id is None:  # storage is off: no ledger
            return
        site = self.crawler.spidercls.name
        engine = shared_engine(self.crawler.settings.get("SCHOOLNEWS_DB"))
        with session_scope(engine) as session:
            if ledger.site_locked(session, site):  # a plain crawl of the site is running
                return
            if killed := ledger.mark_runs_killed(session, site, keep=run_id):
                logger.info("%s: %d run(s) of dead workers marked killed", site, killed)


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
        _require_distributed(crawler)
        settings = crawler.settings
        extension = cls(crawler, settings.getfloat("SCHOOLNEWS_IDLE_CLOSE_SECONDS"),
                        settings.getfloat("SCHOOLNEWS_FRONTIER_POLL_SECONDS"))
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self, spider) -> None:
        # A live worker beats a few times per lease, however short the lease is set.
        beat = min(HEARTBEAT_SECONDS, self.coordinator.lease_ms / 3000)
        for function, interval in ((self.coordinator.heartbeat, beat),
                                   (self.wake, self.poll)):
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
        if not isinstance(scheduler, SharedScheduler) or engine.downloader.active \
                or scheduler.taken:
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
        logger.info("%s: the shared frontier has been empty for %.0f s; closing",
                    spider.name, empty_for)

    def closed(self, spider, reason: str) -> None:
        for loop in self.loops:
            if loop.running:
                loop.stop()
        if reason == "finished":
            self.completeness.publish()
        if self.coordinator.leave():
            self.crawler.stats.set_value("schoolnews/distributed/last_out", True)
            logger.info("%s: last worker out; the crawl's Redis keys are deleted", spider.name)


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
        self._take = self.redis.register_script(_TAKE_SLOT)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        _require_distributed(crawler)
        delay = crawler.settings.getfloat("DOWNLOAD_DELAY")  # the site's, if it sets one
        if delay <= 0:  # no per-host delay to share
            raise NotConfigured
        return cls(crawler, delay)

    async def take(self, host: str) -> None:
        """Wait for the host's slot. Without Redis, go on: this worker's own download
        delay still spaces its requests, and RedisHealth decides when to give up."""
        key = host_key(self.coordinator.prefix, host)
        args = [self.coordinator.worker, self.delay_ms]
        while wait_ms := int(await self.coordinator.health.call_async(
                "take a host slot", lambda: self._take(keys=[key], args=args), 0)):
            await asyncio.sleep(wait_ms / 1000)

    async def process_request(self, request) -> None:
        if host := urlsplit(request.url).hostname:
            await self.take(host)
