"""Bounds on every crawl: crawler traps cut, a page budget and a time budget per site run.

A site without a profile of its own (the generic one) can hold a walk that never ends: a
calendar with a "next month" link forever, pagination past the last page, session ids that
make every link new. Two components, on by default:

- `TrapFilter` (spider middleware) drops list page links, before they are scheduled: those
  deeper than `max_depth` (registry; else SCHOOLNEWS_MAX_DEPTH) from a start page; calendar
  views (a calendar-like name with a date in the URL); those dated before 1990 or after next
  year (a calendar walked to 1900 or 2100). Article links are never dropped: a junk page kept
  is better than an article lost (and an article ID can look like a date). Session ids
  (`;jsessionid=…`, `?PHPSESSID=…`) are stripped from every link by `Site.canonical`
  (`strip_session_ids`), so one page is one URL.
- `Budget` (downloader middleware): at most `max_pages` requests (registry; else
  SCHOOLNEWS_MAX_PAGES) and `max_minutes` of crawling (else SCHOOLNEWS_MAX_MINUTES) per site
  run; requests beyond are ignored, not sent. 0 turns a bound off.

Each cut is counted (`schoolnews/traps/<kind>`, `schoolnews/budget/<kind>`), logged once as a
warning, and noted for the run ledger's `status_reason`: the run still ends `finished` (what
it stored is good), with the warning in the crawl summary.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Self

import scrapy
from scrapy.exceptions import IgnoreRequest, NotConfigured

# The URL rules live apart, free of Scrapy (the registry needs them in every command).
from crawler.trap_urls import strip_session_ids, trap_kind, years_in

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger("schoolnews.traps")

__all__ = ["Budget", "TrapFilter", "strip_session_ids", "trap_kind", "years_in"]


def _site(crawler: Crawler):
    site = getattr(crawler.spidercls, "site", None)
    if site is None:  # not a registry spider (scrapy shell, a test spider)
        raise NotConfigured
    return site


def _bound(site_value, settings, name: str, getter: str = "getint"):
    """The registry entry's value, else the setting; 0 means no bound."""
    return site_value if site_value is not None else getattr(settings, getter)(name)


class Notes:
    """Counts cuts of one kind family and keeps the run's note for `status_reason` current
    (the storage pipeline writes `schoolnews/notes/*` into the ledger when the run ends)."""

    def __init__(self, crawler: Crawler, family: str, describe) -> None:
        self.stats = crawler.stats
        self.family = family
        self.describe = describe  # counts -> one line
        self.counts: dict[str, int] = {}

    def cut(self, kind: str, url: str, why: str) -> None:
        first = kind not in self.counts
        self.counts[kind] = self.counts.get(kind, 0) + 1
        self.stats.inc_value(f"schoolnews/{self.family}/{kind}")
        self.stats.set_value(f"schoolnews/notes/{self.family}", self.describe(self.counts))
        if first:  # one line per kind; the count is in the summary
            logger.warning(
                "%s: %s (first: %s); further ones are counted, not logged",
                self.family.rstrip("s"),
                why,
                url,
            )


def _describe_traps(counts: dict[str, int]) -> str:
    return "trap cut: " + ", ".join(
        f"{n} {kind.replace('_', ' ')} link(s) dropped" for kind, n in sorted(counts.items())
    )


class TrapFilter:
    """Spider middleware: trap links dropped, session ids stripped (see the module doc)."""

    def __init__(self, crawler: Crawler, max_depth: int) -> None:
        self.max_depth = max_depth
        self.notes = Notes(crawler, "traps", _describe_traps)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        site = _site(crawler)
        return cls(crawler, _bound(site.max_depth, crawler.settings, "SCHOOLNEWS_MAX_DEPTH"))

    def process_spider_output(self, response, result: Iterable[Any]):
        depth = response.meta.get("depth", 0) + 1
        now = datetime.now(UTC)
        for item_or_request in result:
            if isinstance(item_or_request, scrapy.Request):
                item_or_request = self.check(item_or_request, depth, now)
                if item_or_request is None:
                    continue
            yield item_or_request

    async def process_spider_output_async(self, response, result: AsyncIterator[Any]):
        depth = response.meta.get("depth", 0) + 1
        now = datetime.now(UTC)
        async for item_or_request in result:
            if isinstance(item_or_request, scrapy.Request):
                item_or_request = self.check(item_or_request, depth, now)
                if item_or_request is None:
                    continue
            yield item_or_request

    def check(self, request: scrapy.Request, depth: int, now: datetime) -> scrapy.Request | None:
        url = request.url
        kind = request.meta.get("kind", "listing")
        if trap := trap_kind(url, kind, now):
            self.notes.cut(trap, url, f"{trap.replace('_', ' ')} link dropped")
            return None
        if kind == "listing" and self.max_depth and depth > self.max_depth:
            self.notes.cut("too_deep", url, f"list page deeper than {self.max_depth} dropped")
            return None
        return request


class Budget:
    """Downloader middleware: the site run's page and time budgets (see the module doc)."""

    def __init__(self, crawler: Crawler, max_pages: int, max_minutes: float) -> None:
        self.max_pages = max_pages
        self.max_seconds = max_minutes * 60
        self.sent = 0
        self.started = time.monotonic()
        self.notes = Notes(crawler, "budget", self._describe)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        site, settings = _site(crawler), crawler.settings
        return cls(
            crawler,
            _bound(site.max_pages, settings, "SCHOOLNEWS_MAX_PAGES"),
            _bound(site.max_minutes, settings, "SCHOOLNEWS_MAX_MINUTES", "getfloat"),
        )

    def _describe(self, counts: dict[str, int]) -> str:
        parts = []
        if n := counts.get("pages"):
            parts.append(f"page budget of {self.max_pages} reached, {n} request(s) not sent")
        if n := counts.get("minutes"):
            parts.append(
                f"time budget of {self.max_seconds / 60:g} min reached, {n} request(s) not sent"
            )
        return "; ".join(parts)

    def process_request(self, request) -> None:
        if self.max_seconds and time.monotonic() - self.started > self.max_seconds:
            self.notes.cut("minutes", request.url, "time budget reached, request not sent")
            raise IgnoreRequest("time budget reached")
        if self.max_pages and self.sent >= self.max_pages:
            self.notes.cut("pages", request.url, "page budget reached, request not sent")
            raise IgnoreRequest("page budget reached")
        self.sent += 1
