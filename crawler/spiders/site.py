"""The spider every registry entry becomes: navigation only, no parsing of article content.

It walks home pages, column lists and their pagination, and sitemaps, follows only the links
its site's profile calls articles or listings, and yields every HTML page it fetched as a
PageItem (articles to be extracted, listings kept raw so nothing needs refetching).

Runs are incremental (crawler.incremental): stored articles are skipped until due, then
re-requested conditionally; a 304, 404 or 410 for an article is yielded too, so storage can
mark it seen or gone; a pagination walk stops at a list page that brings no new article.
"""

from __future__ import annotations

import re
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

from crawler.incremental import CrawlState, load_state
from crawler.items import PageItem

if TYPE_CHECKING:
    from crawler.registry import Site

# Answers a known article may give that storage must hear about (seen, gone).
ARTICLE_STATUSES = (304, 404, 410)
# Links to the next pages of a list, in the shapes CMSes give them.
PAGINATION = re.compile(
    r"[?&](?:page|p|pn|pageno|pageindex)=\d+|/list\d+\.\w+$|/index_\d+\.\w+$|/page/\d+/?$"
    r"|_\d+\.s?html?$",
    re.I,
)


# Scrapy skips .psp as an image format; on WebPlus sites it is the dynamic article page.
DENY_EXTENSIONS = [ext for ext in IGNORED_EXTENSIONS if ext != "psp"]


def response_headers(response: Response) -> dict[str, str]:
    return {
        key.decode("latin-1"): b", ".join(values).decode("latin-1")
        for key, values in response.headers.items()
    }


class SiteSpider(scrapy.Spider):
    site: ClassVar[Site]
    handle_httpstatus_list = list(ARTICLE_STATUSES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.links = LinkExtractor(allow_domains=self.site.allowed_domains, unique=True,
                                   deny_extensions=DENY_EXTENSIONS)
        self.pages_seen = 0
        self.state = CrawlState(full=True)  # until start() reads what is stored
        self.article_links_seen: set[str] = set()

    def load_state(self) -> CrawlState:
        settings = self.crawler.settings
        full = settings.getbool("SCHOOLNEWS_FULL")
        if not (settings.getbool("SCHOOLNEWS_INCREMENTAL") and
                settings.getbool("SCHOOLNEWS_STORAGE_ENABLED")):
            return CrawlState(full=True)
        recheck = self.site.recheck_days
        if recheck is None:
            recheck = settings.getfloat("SCHOOLNEWS_RECHECK_DAYS")
        state = load_state(settings.get("SCHOOLNEWS_DB"), self.site.slug, full, recheck)
        if not self.site.stop_at_known:
            state.previous_walk_complete = False
        return state

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.state = self.load_state()
        self.crawler.stats.set_value("schoolnews/full", self.state.full)
        for url in self.site.start_urls:
            yield scrapy.Request(url, callback=self.parse, meta={"start": True})
        if self.site.sitemaps:
            for origin in dict.fromkeys(_origin(u) for u in self.site.start_urls):
                yield scrapy.Request(origin + "/robots.txt", callback=self.parse_robots)

    def page_item(self, response: Response, kind: str) -> PageItem:
        redirects = response.meta.get("redirect_urls") or [response.url]
        return PageItem(
            site=self.site.slug,
            url=response.url,
            requested_url=redirects[0],
            kind=kind,
            status=response.status,
            headers=response_headers(response),
            body=response.body,
            fetched_at=datetime.now(UTC),
        )

    def parse(self, response: Response) -> Iterator[PageItem | scrapy.Request]:
        kind = "article" if self.site.classify(response.url) == "article" else "listing"
        if response.status in ARTICLE_STATUSES:
            if kind == "article" and response.url in self.state.known:
                yield self.page_item(response, kind)  # seen unchanged, or gone
            return
        if not isinstance(response, HtmlResponse):
            return  # attachments and images: not documents, nothing to follow
        self.pages_seen += 1
        yield self.page_item(response, kind)
        if self.site.max_pages and self.pages_seen >= self.site.max_pages:
            return
        requests = [r for link in self.links.extract_links(response)
                    if (r := self.follow(link.url)) is not None]
        articles = [r for r in requests if r.meta["kind"] == "article"]
        new = [r for r in articles if r.url not in self.state.known]
        # A list page that brings nothing new ends its walk: the pages after it are older.
        # A start page still opens its sections, but not its own next pages.
        stop = kind == "listing" and not new and self.state.stop_at_known
        start = response.meta.get("start", False)
        if stop:
            self.crawler.stats.inc_value("schoolnews/walks_stopped")
        for request in requests:
            if request.meta["kind"] == "listing" and stop and (
                    not start or PAGINATION.search(request.url)):
                continue
            if request.meta["kind"] == "listing" or self.wanted(request.url):
                yield request

    def wanted(self, article_url: str) -> bool:
        """An article link seen for the first time in this run, and not skipped as not due."""
        if article_url in self.article_links_seen:
            return False
        self.article_links_seen.add(article_url)
        if self.state.skip(article_url):
            self.crawler.stats.inc_value("schoolnews/not_due")
            return False
        return True

    def follow(self, url: str) -> scrapy.Request | None:
        url = self.site.canonical(canonicalize_url(url))
        kind = self.site.classify(url)
        if kind is None:
            return None
        headers = self.state.conditional_headers(url) if kind == "article" else {}
        return scrapy.Request(url, callback=self.parse, headers=headers, meta={"kind": kind})

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
            elif ((request := self.follow(entry["loc"])) and request.meta["kind"] == "article"
                  and self.wanted(request.url)):
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
