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

Modules: coordinator.py (a worker's membership, the Redis clients and keys), scripts.py (the
Lua scripts), scheduler.py, seeding.py, idle_close.py, host_slots.py (the components above),
health.py (Redis backoff and giving up), completeness.py (a dead worker's share).
"""

from __future__ import annotations

from typing import Any


def distributed_settings(redis_url: str) -> dict[str, Any]:
    """The settings `crawl --distributed --redis URL` adds to the project's."""
    return {
        "SCHOOLNEWS_DISTRIBUTED": True,
        "SCHOOLNEWS_REDIS_URL": redis_url,
        "SCHEDULER": "crawler.distributed.scheduler.SharedScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",  # made with our key
        # Never flushed by one worker closing: the last one out deletes the keys (IdleClose).
        "SCHEDULER_PERSIST": True,
        "ADDONS": {"crawler.distributed.DistributedAddon": 0},
    }


class DistributedAddon:
    """Adds the distributed components (a Scrapy add-on, so a plain crawl never imports them)."""

    def update_settings(self, settings) -> None:
        settings["EXTENSIONS"]["crawler.distributed.idle_close.IdleClose"] = 510
        settings["SPIDER_MIDDLEWARES"]["crawler.distributed.seeding.SeedOnce"] = 10
        # last before the download
        settings["DOWNLOADER_MIDDLEWARES"]["crawler.distributed.host_slots.HostSlots"] = 950
