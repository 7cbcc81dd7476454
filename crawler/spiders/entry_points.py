"""The spider's entry points besides its start pages: robots.txt's sitemaps (or the
conventional /sitemap.xml), and the feeds and sitemaps themselves, whose article URLs are
followed as a list page's are (crawler.feeds reads them)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response
from scrapy.utils.sitemap import sitemap_urls_from_robots

from crawler.feeds import NotAFeed, entries


class EntryPoints:
    """SiteSpider's feed and sitemap callbacks (it supplies crawler, logger, site, target,
    wanted, request and load_more)."""

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        self._count_absent(response)
        named = list(
            sitemap_urls_from_robots(response.body, base_url=response.url)
            if response.status == 200
            else ()
        )
        # No sitemap named (or no robots.txt): the conventional place.
        if named:
            for url in named:
                yield scrapy.Request(url, callback=self.parse_feed)
        else:
            yield scrapy.Request(
                urljoin(response.url, "/sitemap.xml"),
                callback=self.parse_feed,
                meta={"optional": True},
            )

    def _count_absent(self, response: Response) -> None:
        """A robots.txt, a guessed /sitemap.xml or a feed a page advertises (XOOPS: on every
        page, there or not) that is not there: counted apart from the run's errors."""
        if response.status in (404, 410):
            self.crawler.stats.inc_value("schoolnews/optional_absent")
            self.logger.info("not there (HTTP %d), not needed: %s", response.status, response.url)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """A feed or sitemap: its article URLs, as a list page's are (stop at known: stored
        articles not due are not requested); a sitemap index: its sitemaps."""
        if response.status != 200:
            if response.meta.get("optional"):
                self._count_absent(response)
            return
        try:
            content_type = response.headers.get("Content-Type", b"").decode("latin-1")
            found = list(entries(response.body, response.url, content_type))
        except NotAFeed as reason:
            self.logger.warning("%s: %s", response.url, reason)
            return
        self.crawler.stats.inc_value("schoolnews/feeds_read")
        for entry in found:
            if entry.index:
                yield scrapy.Request(entry.url, callback=self.parse_feed)
                continue
            url, kind = self.target(response.urljoin(entry.url))
            if entry.story and kind is None:  # a feed's item is a story, whatever its shape
                kind = self.site.classify(url, unmatched="article")
            if kind == "article":  # what a list that loads more by script hides, maybe
                self.load_more.entry_points([url])
            if kind == "article" and self.wanted(url):
                request = self.request(url, kind)
                request.meta["story"] = entry.story  # an article whatever its URL's shape
                yield request
