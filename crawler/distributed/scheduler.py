"""scrapy-redis's scheduler with our key names and a worker's busy mark."""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Self

from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler

from crawler.distributed.coordinator import coordinator_for

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

TAKEN = "schoolnews_taken"  # request meta: taken from the shared queue by IdleClose.wake


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
            coordinator.redis, key=keys.dupefilter, debug=settings.getbool("DUPEFILTER_DEBUG")
        )
        scheduler = cls(
            server=coordinator.redis,
            persist=True,
            queue_key=keys.requests,
            queue_cls=settings.get("SCHEDULER_QUEUE_CLASS") or "scrapy_redis.queue.PriorityQueue",
            dupefilter=dupefilter,
            dupefilter_key=keys.dupefilter,
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
            "read the queue", lambda: len(self.queue), 0
        )

    def has_pending_requests(self) -> bool:
        return len(self) > 0

    def open(self, spider) -> None:  # scrapy-redis's also calls the deprecated spider.log()
        self.spider = spider
        self.queue = load_object(self.queue_cls)(
            server=self.server, spider=spider, key=self.queue_key, serializer=self.serializer
        )

    def enqueue_request(self, request) -> bool:
        if request.meta.pop(TAKEN, False):  # already through the shared queue: ours now
            self.taken.append(request)
            return True
        pushed = self.coordinator.health.call("queue a request", lambda: self.push(request), None)
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
