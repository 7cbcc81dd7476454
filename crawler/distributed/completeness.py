"""A distributed crawl checks at its end that every page link it queued was stored.

A worker killed with kill -9 takes with it the requests it had taken from the shared queue
and the pages its storage pipeline had not written yet; the others used to finish as if
nothing was missing. Now:

- every page URL queued (start page, list page, article) goes into `<prefix>:<slug>:articles`
  (SharedScheduler), every run id of the crawl into `:runs` (Coordinator.join), and a worker
  that leaves cleanly (its pages written) adds the URLs it took from the queue to `:done`;
- the last live worker, before it closes, looks for the queued pages that no worker
  handled and no run of the crawl stored. It fetches them again (the dead worker's share;
  a list page fetched again queues the articles it links that nobody had seen; its run's
  `status_reason` says so) unless SCHOOLNEWS_RECOVER_DEAD_SHARE is off, or they are still
  missing after that: then they are reported pending (the next crawl finds them again) and
  its run ends `failed` with the count in `status_reason`. (Articles only a lost list page
  linked were never seen: the pending list page stands for them.)
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import TYPE_CHECKING

import scrapy
from scrapy.exceptions import CloseSpider, DontCloseSpider

from pipelines.db import ledger
from pipelines.db.completeness import stored_by_runs
from pipelines.db.session import session_scope, shared_engine

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.distributed.coordinator import Coordinator

logger = logging.getLogger("schoolnews.distributed")
NOTE = "schoolnews/notes/completeness"


def _kinds(pages: dict[str, str]) -> str:
    counts = Counter(pages.values())
    return ", ".join(f"{counts[k]} {k}" for k in ("article", "listing", "start") if counts[k])


class Completeness:
    def __init__(self, crawler: Crawler, coordinator: Coordinator) -> None:
        self.crawler = crawler
        self.coordinator = coordinator
        self.site = crawler.spidercls.name
        self.recover = crawler.settings.getbool("SCHOOLNEWS_RECOVER_DEAD_SHARE", True)
        self.recovered: dict[str, str] | None = None  # fetched again for a dead worker

    @property
    def handled(self) -> set[str]:
        """Page URLs this worker took from the queue: fetched, failed or cut by a bound,
        they are accounted for once its pages are written (it is alive, so they will be)."""
        return self.coordinator.taken_articles

    def _crawl_state(self) -> tuple[dict[str, str], set[str], set[int]]:
        redis, keys = self.coordinator.redis, self.coordinator.keys
        queued = {u.decode(): k.decode() for u, k in redis.hgetall(keys.articles).items()}
        done = {u.decode() for u in redis.smembers(keys.done)}
        return queued, done, {int(r) for r in redis.smembers(keys.runs)}

    def missing(self) -> dict[str, str]:
        """URL -> kind of the pages queued in this crawl that nobody handled or stored."""
        state = self.coordinator.health.call("read the crawl's pages", self._crawl_state, None)
        if state is None:  # Redis away: wait for it, or for RedisHealth to give up
            raise DontCloseSpider
        queued, done, run_ids = state
        candidates = set(queued) - done - self.handled
        if not candidates:
            return {}
        mine = self.crawler.stats.get_value("schoolnews/run_id")
        engine = shared_engine(self.crawler.settings.get("SCHOOLNEWS_DB"))
        with session_scope(engine) as session:
            missing = candidates - stored_by_runs(session, candidates, run_ids)
            # This is the last live worker: the crawl's other runs still 'running' in
            # the ledger were left by workers that died.
            if (
                missing
                and mine is not None
                and not ledger.site_locked(session, self.site)
                and (killed := ledger.mark_runs_killed(session, self.site, keep=mine))
            ):
                logger.warning("%s: %d run(s) of dead workers marked killed", self.site, killed)
            return {url: queued[url] for url in missing}

    def check(self) -> None:
        """Called by the last live worker when the frontier is empty, before it closes:
        raises DontCloseSpider while it fetches a dead worker's share, CloseSpider('failed')
        when articles stay pending."""
        site = self.site
        stats = self.crawler.stats
        try:
            missing = self.missing()
        except (DontCloseSpider, CloseSpider):
            raise
        except Exception as exc:  # the database: say the check could not be made, and fail
            stats.set_value(NOTE, f"completeness not checked: database error: {exc}"[:300])
            logger.error("%s: completeness not checked: database error: %s", site, exc)
            raise CloseSpider("failed") from None
        if not missing:
            if self.recovered:
                stats.set_value(
                    NOTE,
                    f"finished a dead worker's share: {len(self.recovered)} "
                    f"page(s) it took and never stored ({_kinds(self.recovered)}) "
                    "were fetched again",
                )
            return
        if self.recover and self.recovered is None:
            self.recovered = missing
            stats.set_value("schoolnews/distributed/recovered", len(missing))
            logger.warning(
                "%s: %d page(s) (%s) were taken by a worker that died and never "
                "stored; fetching them again",
                site,
                len(missing),
                _kinds(missing),
            )
            for url, kind in sorted(missing.items()):
                meta = {"start": True} if kind == "start" else {"kind": kind}
                self.crawler.engine.crawl(
                    scrapy.Request(
                        url, callback=self.crawler.spider.parse, dont_filter=True, meta=meta
                    )
                )
            raise DontCloseSpider
        stats.set_value("schoolnews/distributed/pending", len(missing))
        stats.set_value(
            NOTE,
            f"incomplete: {len(missing)} link(s) seen were never stored "
            f"({_kinds(missing)}; a worker died): pending for the next crawl",
        )
        logger.error(
            "%s: %d link(s) seen were never stored (%s; a worker died), e.g. %s; "
            "they are pending for the next crawl",
            site,
            len(missing),
            _kinds(missing),
            min(missing),
        )
        raise CloseSpider("failed")

    def publish(self) -> None:
        """On a clean close (pages written): this worker's handled articles count as done."""
        if self.handled and not self.coordinator.health.down:
            self.coordinator.health.call(
                "publish done articles",
                lambda: self.coordinator.redis.sadd(self.coordinator.keys.done, *self.handled),
                None,
            )
