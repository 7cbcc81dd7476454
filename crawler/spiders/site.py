"""The spider every registry entry becomes: navigation only, no parsing of article content.

It walks home pages, column lists and their pagination, and sitemaps, follows only the links
its site's profile calls articles or listings, and yields every HTML page it fetched as a
PageItem (articles to be extracted, listings kept raw so nothing needs refetching).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.http import HtmlResponse, Response
from scrapy.linkextractors import IGNORED_EXTENSIONS, LinkExtractor
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from w3lib.url import canonicalize_url

from crawler.items import PageItem

if TYPE_CHECKING:
    from crawler.registry import Site


# Scrapy skips .psp as an image format; on WebPlus sites it is the dynamic article page.
DENY_EXTENSIONS = [ext for ext in IGNORED_EXTENSIONS if ext != "psp"]


def response_headers(response: Response) -> dict[str, str]:
    return {
        key.decode("latin-1"): b", ".join(values).decode("latin-1")
        for key, values in response.headers.items()
    }


class SiteSpider(scrapy.Spider):
    site: ClassVar[Site]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.links = LinkExtractor(allow_domains=self.site.allowed_domains, unique=True,
                                   deny_extensions=DENY_EXTENSIONS)
        self.pages_seen = 0

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.site.start_urls:
            yield scrapy.Request(url, callback=self.parse)
        if self.site.sitemaps:
            for origin in dict.fromkeys(_origin(u) for u in self.site.start_urls):
                yield scrapy.Request(origin + "/robots.txt", callback=self.parse_robots)

    def parse(self, response: Response) -> Iterator[PageItem | scrapy.Request]:
        if not isinstance(response, HtmlResponse):
            return  # attachments and images: not documents, nothing to follow
        self.pages_seen += 1
        kind = "article" if self.site.classify(response.url) == "article" else "listing"
        redirects = response.meta.get("redirect_urls") or [response.url]
        yield PageItem(
            site=self.site.slug,
            url=response.url,
            requested_url=redirects[0],
            kind=kind,
            status=response.status,
            headers=response_headers(response),
            body=response.body,
            fetched_at=datetime.now(UTC),
        )
        if self.site.max_pages and self.pages_seen >= self.site.max_pages:
            return
        for link in self.links.extract_links(response):
            if request := self.follow(link.url):
                yield request

    def follow(self, url: str) -> scrapy.Request | None:
        url = self.site.canonical(canonicalize_url(url))
        if self.site.classify(url) is None:
            return None
        return scrapy.Request(url, callback=self.parse)

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield scrapy.Request(url, callback=self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gunzip(body)
        try:
            sitemap = Sitemap(body)
        except Exception:  # lxml raises several types on non-XML bodies
            self.logger.warning("not a sitemap: %s", response.url)
            return
        for entry in sitemap:
            if sitemap.type == "sitemapindex":
                yield scrapy.Request(entry["loc"], callback=self.parse_sitemap)
            elif request := self.follow(entry["loc"]):
                yield request


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def spider_class(site: Site) -> type[SiteSpider]:
    """A spider class named after the site, carrying its entry and crawl options."""
    settings: dict[str, Any] = {}
    if site.download_delay is not None:
        settings["DOWNLOAD_DELAY"] = float(site.download_delay)
    if site.concurrency is not None:
        settings["CONCURRENT_REQUESTS_PER_DOMAIN"] = int(site.concurrency)
    class_name = "".join(part.capitalize() for part in site.slug.split("_")) + "Spider"
    return type(class_name, (SiteSpider,), {
        "name": site.slug,
        "site": site,
        "allowed_domains": list(site.allowed_domains),
        "custom_settings": settings,
        "__module__": __name__,
    })
