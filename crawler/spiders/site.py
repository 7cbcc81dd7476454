"""The spider every registry entry becomes: navigation only, no parsing of article content.

It walks home pages, column lists and their pagination, sitemaps and RSS / Atom feeds,
follows the links its site's profile calls articles or listings, and yields every HTML page
it fetched as a PageItem (articles to be extracted, listings kept raw).

Runs are incremental (crawler.incremental): stored articles are skipped until due, then
re-requested conditionally; a 304, 404 or 410 for an article is yielded too, so storage can
mark it seen or gone; a pagination walk stops at a list page that brings no new article.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urljoin

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import HtmlResponse, Response
from scrapy.linkextractors import LinkExtractor
from twisted.python.failure import Failure
from w3lib.url import canonicalize_url

from crawler.continued import Continued
from crawler.documents import Documents
from crawler.feeds import feed_links, looks_like_xml_listing
from crawler.incremental import CrawlState, load_state
from crawler.items import PageItem
from crawler.load_more import LoadMore
from crawler.other_hosts import OtherHosts
from crawler.page_links import app_shell, firewall_page, frame_links, page_links
from crawler.spiders.article_requests import ROBOTS, ArticleRequests, why
from crawler.spiders.entry_points import EntryPoints
from crawler.spiders.list_api import ListApiWalk
from crawler.spiders.pager import PAGINATION, pager_walk, sibling_pages, story_pages
from crawler.spiders.postback import PostbackWalk
from crawler.spiders.system_paths import page_item
from crawler.unfollowed import Unfollowed

if TYPE_CHECKING:
    from crawler.registry import Site

# Answers a known article may give that storage must hear about (seen, gone).
ARTICLE_STATUSES = (304, 404, 410)
ARTICLE_FIRST = 1  # request priority of article pages (list pages and feeds: 0)


class SiteSpider(EntryPoints, ListApiWalk, scrapy.Spider):
    site: ClassVar[Site]
    handle_httpstatus_list = list(ARTICLE_STATUSES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No allow_domains: Scrapy compares it with host:port and so drops every link of a site
        # on a non-default port. Site.classify checks hosts (and ports) instead.
        self.links = LinkExtractor(unique=True, deny_extensions=())  # see page_links.denied
        self.pages_seen = 0
        self._followed: dict[str, tuple[str, str | None]] = {}  # link: (canonical URL, kind)
        self._written: dict[str, str] = {}  # canonical URL: the link as a page first wrote it
        self.state = CrawlState(full=True)  # until start() reads what is stored
        self.article_links_seen: set[str] = set()
        self._unlinked_rechecked = False  # crawl --full: stored articles no link led to
        self._listed: dict[str, set[str]] = {}  # a walk's (its first page's URL) article links
        # URL -> id of the request that put it in the scheduler this run (requested()).
        self._scheduled: dict[str, int] = {}
        # ASP.NET pagers' later pages, asked for by posting the list page's form back.
        self.postbacks = PostbackWalk(self.parse, self.listing_failed)

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.articles = ArticleRequests(crawler, spider.logger)
        spider.unfollowed = Unfollowed.from_crawler(crawler, spider.requested, spider.site.slug)
        spider.continued = Continued.from_crawler(crawler)
        spider.other_hosts = OtherHosts.from_crawler(crawler, spider.site)
        spider.load_more = LoadMore.from_crawler(crawler)
        spider.documents = Documents.from_crawler(crawler)
        crawler.signals.connect(spider._request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(spider._request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider._recheck_unlinked, signal=signals.spider_idle)
        return spider

    def _recheck_unlinked(self) -> None:
        """`crawl --full` re-checks every stored article: those no page linked this run too,
        once the walk is done (an article deleted and taken off its list answers 404 only
        when asked: it stayed a live document, never marked gone)."""
        if not self.state.full or self._unlinked_rechecked or not self.state.known:
            return
        if self.crawler.settings.getbool("SCHOOLNEWS_DISTRIBUTED"):
            return  # the shared queue's walk is every worker's: the seeder's own run says
        self._unlinked_rechecked = True
        # One URL a page: known also holds the link that redirected to a page, under the
        # page's own entry (pages.known_articles puts the page's URL first).
        pages = {id(page): url for url, page in reversed(self.state.known.items())}
        unlinked = [url for url in pages.values() if url not in self.article_links_seen]
        if not unlinked:
            return
        self.crawler.stats.set_value("schoolnews/unlinked_rechecked", len(unlinked))
        for url in unlinked:
            if self.wanted(url):
                self.crawler.engine.crawl(self.request(url, "article"))
        raise DontCloseSpider

    def _request_scheduled(self, request: scrapy.Request) -> None:
        if request.meta.get("redirect_urls") and not self.site.allows_host(
            request.url, any_port=True
        ):
            self.articles.off_site(request)  # Scrapy's offsite filter drops it without a word
            if request.meta.get("start"):  # www.x.edu.cn sending every visitor to x.edu.cn
                self.start_page_failed(
                    f"start page {request.meta['redirect_urls'][0]} redirects to {request.url}, "
                    f"outside allowed_domains {list(self.site.allowed_domains)}: start there, "
                    "or add its host to allowed_domains"
                )
        # Only requests the dupefilter fingerprints by URL alone (GET, no body, filtered).
        if not request.dont_filter and request.method == "GET" and not request.body:
            self._scheduled.setdefault(request.url, id(request))

    def _request_dropped(self, request: scrapy.Request) -> None:
        # The scheduler refused it: a duplicate (the URL stays known), or a request the
        # distributed queue lost (Redis away): not seen, so a later link may ask again.
        if self._scheduled.get(request.url) == id(request):
            del self._scheduled[request.url]
        self.articles.dropped(request)

    def requested(self, url: str) -> bool:
        """This run already put a request for this URL in the scheduler (which the dupefilter
        would drop): most links of a pager that links every list page, skipped early."""
        return url in self._scheduled

    def load_state(self) -> CrawlState:
        settings = self.crawler.settings
        full = settings.getbool("SCHOOLNEWS_FULL")
        if not (
            settings.getbool("SCHOOLNEWS_INCREMENTAL")
            and settings.getbool("SCHOOLNEWS_STORAGE_ENABLED")
        ):
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
        self.crawler.stats.set_value("schoolnews/known_articles", len(self.state.known))
        self.crawler.stats.set_value("schoolnews/start_pages", len(self.site.start_urls))
        for url in self.site.start_urls:
            yield scrapy.Request(
                url, callback=self.parse, errback=self.start_failed, meta={"start": True}
            )
        for url in self.site.feeds:
            yield scrapy.Request(url, callback=self.parse_feed)
        if self.site.sitemaps:
            for robots in dict.fromkeys(urljoin(u, "/robots.txt") for u in self.site.start_urls):
                yield scrapy.Request(robots, callback=self.parse_robots)

    def start_failed(self, failure: Failure) -> None:
        """A start page that could not be fetched (5xx, DNS, refused, timeout)."""
        request = failure.request
        response = getattr(failure.value, "response", None)
        if response is not None:
            self.start_page_failed(f"start page {response.status}: {request.url}")
        else:
            error, url = failure.value, request.url
            why = f"{type(error).__name__}: {str(error).strip()[:120]}"
            self.start_page_failed(f"start page unreachable ({why}): {url}")

    def start_page_failed(self, reason: str) -> None:
        stats = self.crawler.stats
        stats.inc_value("schoolnews/start_pages_failed")
        if not stats.get_value("schoolnews/start_failure"):
            stats.set_value("schoolnews/start_failure", reason)
        self.logger.warning(reason)

    def page_item(self, response: Response, kind: str) -> PageItem:
        return page_item(self.site, response, kind, self.target)

    def parse(self, response: Response) -> Iterator[PageItem | scrapy.Request]:
        asked = response.meta.get("kind") if response.request is not None else None
        if asked == "article":
            self.articles.answered(response, known=response.url in self.state.known)
        kind = self.page_kind(response, asked)
        start = response.request is not None and response.request.meta.get("start", False)
        if response.status in ARTICLE_STATUSES:
            yield from self.status_page(response, kind, start)
            return
        if not isinstance(response, HtmlResponse):
            if start and looks_like_xml_listing(response.body):
                yield from self.parse_feed(response)  # a feed or sitemap as the start URL
            return  # attachments and images: not documents, nothing to follow
        self.pages_seen += 1
        self.crawler.stats.set_value("schoolnews/pages_seen", self.pages_seen)
        if kind == "article":
            self.crawler.stats.inc_value("schoolnews/article_pages")
        if response.request is None or response.request.method != "POST":
            yield self.page_item(response, kind)  # a postback's page has no URL of its own
        if self.site.max_pages and self.pages_seen >= self.site.max_pages:
            return
        yield from self.follow_links(response, kind, start)

    def page_kind(self, response: Response, asked: str | None) -> str:
        """'article' or 'listing': what the page is stored as."""
        if asked == "article" and not response.meta.get("redirect_urls"):
            # Answered at the URL asked for: an article, as its link said. The link may match
            # a pattern only as the site wrote it (Show.asp?m=1&d=567), which the canonical
            # URL asked for no longer shows; a redirect's target is classified afresh.
            return "article"
        unmatched = "article" if asked == "article" and response.meta.get("story") else None
        return "article" if self.site.classify(response.url, unmatched) == "article" else "listing"

    def status_page(self, response: Response, kind: str, start: bool) -> Iterator[PageItem]:
        """A 304, 404 or 410: a start page failed; an article seen unchanged or gone; a dead
        list page named."""
        if start:
            self.start_page_failed(f"start page {response.status}: {response.url}")
        elif kind == "article" and (response.url in self.state.known or response.status != 304):
            # Seen unchanged, or gone; a new link that is dead is kept too, so that the
            # next routine runs know it and leave it until it is due for a re-check.
            yield self.page_item(response, kind)
        elif kind == "listing":  # counted among the run's errors: named, as an article is
            status, url = response.status, response.url
            self.logger.warning("list page not fetched (HTTP %d, a dead link): %s", status, url)

    def follow_links(
        self, response: HtmlResponse, kind: str, start: bool
    ) -> Iterator[scrapy.Request]:
        """What a stored HTML page leads to: its list pages and the article links wanted; a
        list page's are walked (list_walk)."""
        targets = self.link_targets(response, kind, start)
        requests = [
            self.request(url, kind)
            for url, kind in targets
            if kind == "article" or not self.requested(url)  # articles: wanted() below
        ]
        if kind == "listing":  # and the list its script draws, when its profile reads it
            yield from self.scripted_list(response)
            yield from self.list_walk(response, requests, start)
            return
        self.continued.add(response.url, story_pages(response, self.target))
        for request in requests:
            if request.meta["kind"] == "listing" or self.wanted(request.url):
                yield request

    def list_walk(
        self, response: HtmlResponse, requests: list[scrapy.Request], start: bool
    ) -> Iterator[scrapy.Request]:
        """A list page's feeds, its next pages (by link or form post) and the article links
        wanted; a list page that brings nothing new ends its walk."""
        for feed in feed_links(response):  # Scrapy's dupefilter reads each one once
            if not self.requested(feed):
                yield scrapy.Request(feed, callback=self.parse_feed, meta={"optional": True})
        articles = [r for r in requests if r.meta["kind"] == "article"]
        self.load_more.page(response, self.target, [r.url for r in articles])
        # New: neither stored nor linked by a page read before in this walk (a sidebar's latest
        # story on every list page kept each routine walk going to the last page). A walk is a
        # list page and the pages its pager leads to; a column a menu opens starts its own (its
        # newest are the home page's, or a mirror's of it: they are no reason to stop it).
        walk_id = response.meta.get("walk") or response.url
        listed = self._listed.setdefault(walk_id, set())
        new = [r for r in articles if r.url not in self.state.known and r.url not in listed]
        listed.update(r.url for r in articles)
        # A list page that brings nothing new ends its walk: the pages after it are older.
        # A start page still opens its sections, but not its own next pages.
        stop = not new and self.state.stop_at_known
        paged: set[str] = set()  # the pages a pager no pattern knows leads to
        if stop:
            self.crawler.stats.inc_value("schoolnews/walks_stopped")
        elif articles:  # its pager's pages no pattern knows; a routine walk: the next alone
            yield from self.postbacks.requests(response, (r.url for r in articles))
            nexts, siblings = sibling_pages(response, self.target)
            walk = nexts if self.state.stop_at_known and nexts else siblings
            requests += [self.request(url, "listing") for url in walk if not self.requested(url)]
            paged = set(siblings)
        # A routine walk goes on through the pager's "next" link alone, where it has one: a
        # pager that links every list page (VSB, WebPlus) had each new article send the run
        # to all of them at once, before any could say it brought nothing new.
        following, pager, backwards = self.pager(response)
        for request in requests:
            listing = request.meta["kind"] == "listing"
            paging = listing and (
                PAGINATION.search(request.url) or request.url in pager or request.url in paged
            )
            if listing and stop and (not start or paging):
                continue
            if paging:  # its pager's page: this walk goes on there (Weebly's: by "Previous")
                request.meta["walk"] = walk_id
                request.meta["backwards"] = backwards and request.url in following
            if following and request.url in pager and request.url not in following:
                continue
            if listing or self.wanted(request.url):
                yield request

    def pager(self, response: HtmlResponse) -> tuple[set[str], set[str], bool]:
        """A routine walk's way on from this list page (pager_walk): its pager's "next" links,
        or its "previous" links where it has no "next" or the walk came by "previous"; first
        runs and `--full` take every link."""
        if not self.state.stop_at_known:
            return set(), set(), False
        return pager_walk(response, self.target, response.meta.get("backwards", False))

    def link_targets(self, response: HtmlResponse, kind: str, start: bool) -> list[tuple[str, str]]:
        """(canonical URL, class) of the page's links the profile follows; of a start page,
        its frames' pages too (their content and links are the page's)."""
        files: list = []  # links to files it does not fetch: a column of PDFs is said
        links = page_links(self.links, response, files)
        self.documents.page(response.url, kind, files)
        targets = [target for link in links if (target := self.target(link.url))[1] is not None]
        self.crawler.stats.inc_value("schoolnews/links_not_followed", len(links) - len(targets))
        if kind != "article":  # a list page's: of the site, and story pages on other hosts
            left = [url for url, kind in (self.target(link.url) for link in links) if not kind]
            self.unfollowed.add(u for u in left if self.site.allows_host(u))
            self.other_hosts.add(u for u in left if not self.site.allows_host(u))
        if start:
            targets += [(url, "listing") for url in self.start_frames(frame_links(response))]
            if shell := firewall_page(response) or app_shell(response):  # said if it ends empty
                self.crawler.stats.set_value("schoolnews/start_page_shell", shell)
        return targets

    def wanted(self, article_url: str) -> bool:
        """An article link seen for the first time in this run, and not skipped as not due."""
        if article_url in self.article_links_seen:
            return False
        self.article_links_seen.add(article_url)
        self.crawler.stats.set_value("schoolnews/article_links", len(self.article_links_seen))
        if self.state.skip(article_url):
            self.crawler.stats.inc_value("schoolnews/not_due")
            if self.state.known[article_url].documented:  # the site's articles, as before
                self.crawler.stats.inc_value("schoolnews/not_due_documents")
            return False
        self.articles.asked(article_url)
        return True

    def article_failed(self, failure: Failure) -> None:
        """An article page that could not be fetched (after the retries), or whose redirect
        was dropped: one warning line, counted (a method: requests are serialised)."""
        self.articles.failed(failure)

    def listing_failed(self, failure: Failure) -> None:
        """A list page that could not be fetched (403, 5xx after the retries, a timeout): the
        run counts it among its errors, and one warning names it. One robots.txt forbids is
        no error: counted in the run's reason, named at debug level only."""
        reason, url = why(failure), failure.request.url
        if reason == ROBOTS:
            self.articles.listing_forbidden(url)
            self.logger.debug("list page not fetched (%s): %s", reason, url)
            return
        self.logger.warning("list page not fetched (%s): %s", reason, url)

    def closed(self, reason: str) -> None:
        if not self.crawler.settings.getbool("SCHOOLNEWS_DISTRIBUTED"):  # a worker's share
            self.articles.close(reason)

    def follow(self, url: str) -> scrapy.Request | None:
        url, kind = self.target(url)
        return None if kind is None else self.request(url, kind)

    def target(self, url: str) -> tuple[str, str | None]:
        """A link's canonical URL and its class (None: not followed)."""
        # Menus and pagers repeat a link on every page: canonical form and class are worked
        # out once per run (both are functions of the URL and the site's entry alone).
        if (known := self._followed.get(url)) is None:
            canonical = self.site.canonical(canonicalize_url(url))
            # Classified as the site wrote it too: an entry's pattern may follow its query order.
            known = self._followed[url] = (canonical, self.site.classify(url))
            self._written.setdefault(canonical, url)  # robots.txt reads it too (RobotsTxt)
        return known

    def request(self, url: str, kind: str) -> scrapy.Request:
        meta = {"kind": kind, "written": self._written.get(url)}
        if kind != "article":
            return scrapy.Request(url, callback=self.parse, errback=self.listing_failed, meta=meta)
        # Articles before more list pages: a pager that links to all of a site's list pages
        # would otherwise fill the scheduler with every article of the site before the first
        # is fetched (a 10,000-article site held 1,000 pending requests, and the crawl's
        # memory grew with the site).
        headers = self.state.conditional_headers(url)
        return scrapy.Request(
            url,
            callback=self.parse,
            errback=self.article_failed,
            headers=headers,
            meta=meta,
            priority=ARTICLE_FIRST,
        )
