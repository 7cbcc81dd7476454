"""robots.txt that cannot be read is a "no", as RFC 9309 says (section 2.3.1.4).

A robots.txt answered with a server error (5xx, after the retries) or 429 Too Many Requests
is *unreachable*: the crawler must assume complete disallow. Scrapy's RobotsTxtMiddleware
parses whatever body came back, so a school's error page meant "crawl everything", the
opposite of what the site could not say. A robots.txt that is not there (4xx) still means no
restriction (section 2.3.1.3), and a network error is left to Scrapy: the site's pages then
fail as its robots.txt did, and the run says so.

`UnreachableRobots` sits just below RetryMiddleware, so it sees robots.txt's last answer; it
gives RobotsTxtMiddleware a body that disallows everything (the status stays as served, for
Scrapy's counts) and notes the reason for the run's status line. `schoolnews sites probe`,
`record` and `crawl --dry-run` apply the same rule (crawler.fetch).

`RobotsTxt` replaces Scrapy's RobotsTxtMiddleware so that every request waiting for a host's
robots.txt is checked against it (Scrapy 2.19 lets all but the first waiter through).
"""

from __future__ import annotations

import logging
import time
from typing import Self

from protego import Protego
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from crawler.backoff import pause

logger = logging.getLogger(__name__)

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


def unreachable(status: int) -> bool:
    """Whether a robots.txt answer with this status means complete disallow."""
    return status >= 500 or status == 429


def why_disallowed(host: str, status: int) -> str:
    return (
        f"robots.txt of {host} answered HTTP {status}: unreachable, so every page of "
        "the host is treated as disallowed (RFC 9309 2.3.1.4) until it answers"
    )


class RobotsTxt(RobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware, with each request that waits for a host's robots.txt given
    its parser.

    Scrapy 2.19's robot_parser() has every request that arrives while the host's robots.txt
    is being fetched await one shared Deferred, each through maybe_deferred_to_future(); but
    Deferred.asFuture() consumes the result: its callback returns None, so the first waiter
    gets the parser and every later one None, which process_request_2() takes for "allowed".
    A burst of links to a host not seen before (a college's home page linking its WeChat
    posts) was fetched though its robots.txt forbids it. Each waiter had a Deferred of its
    own before the middleware's async rewrite (scrapy/scrapy#6802) shared one.
    Here the first request for a host fetches robots.txt through Scrapy's own robot_parser()
    (its request, stats, robots_parsed signal, and None after a download error, as before),
    and hands the result to a Deferred of each request that waited.

    A page robots.txt forbids is no error of the run (Scrapy counts the IgnoreRequest among
    the downloader's exceptions; storage.run_counts takes them out): the run's status line
    says how many article pages there were, by host (spiders.article_requests).
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.parsers: dict[str, RobotParser | None] = {}  # host: its robots.txt, read
        self.waiting: dict[str, list[Deferred]] = {}  # host: requests waiting for it

    async def robot_parser(self, request: Request) -> RobotParser | None:
        netloc = urlparse_cached(request).netloc
        if netloc in self.parsers:
            return self.parsers[netloc]
        if netloc in self.waiting:  # another request is fetching it
            waiter: Deferred = Deferred()
            self.waiting[netloc].append(waiter)
            return await maybe_deferred_to_future(waiter)
        self.waiting[netloc] = []
        try:
            parser = await super().robot_parser(request)
        except BaseException as exc:  # cancelled: the waiters are not left hanging
            for waiter in self.waiting.pop(netloc):
                waiter.errback(exc)
            raise
        self.parsers[netloc] = parser
        for waiter in self.waiting.pop(netloc):
            waiter.callback(parser)
        return parser

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        super().process_request_2(rp, request)
        # A link is asked for by its canonical URL, its query sorted; a rule written for the
        # link as the site writes it did not match that: TYPO3's `Disallow: /*?id=*` over
        # index.php?id=13&tx_news_pi1[news]=345&cHash=…, asked for as ?cHash=…&id=13&…, and
        # the crawl fetched pages robots.txt forbids. The link as a page wrote it is read too,
        # as `sites probe` reads it (fetch.Politeness).
        if (written := request.meta.get("written")) and written != request.url:
            super().process_request_2(rp, request.replace(url=written))


class UnreachableRobots:
    """Downloader middleware: robots.txt answered 5xx or 429 disallows everything."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY") or not crawler.settings.getbool(
            "SCHOOLNEWS_ROBOTS_UNREACHABLE_DISALLOW"
        ):
            raise NotConfigured
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        # RobotsTxtMiddleware marks its own request so that robots.txt is not checked for it.
        if not request.meta.get("dont_obey_robotstxt") or not unreachable(response.status):
            return response
        url = urlparse_cached(request)
        if url.path != "/robots.txt":
            return response
        why = why_disallowed(url.netloc, response.status)
        logger.warning(why)
        self.crawler.stats.set_value(f"schoolnews/notes/robots_unreachable/{url.netloc}", why)
        return response.replace(body=DISALLOW_ALL)


class CrawlDelay:
    """Downloader middleware: a robots.txt's Crawl-delay for our user agent spaces the host's
    requests that far apart (Scrapy reads robots.txt for Allow and Disallow only).

    Not in RFC 9309, but the most common politeness line a site writes after Disallow, and a
    research crawler's promise is to be no burden. A delay over
    SCHOOLNEWS_CRAWL_DELAY_MAX_SECONDS is held to that (a warning says so): a site asking for
    one page an hour would otherwise never be crawled.
    """

    def __init__(self, crawler: Crawler, longest: float) -> None:
        self.crawler = crawler
        self.longest = longest
        self.agent = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get(
            "USER_AGENT"
        )
        self.delays: dict[str, float] = {}  # host -> seconds between its requests
        self.next_at: dict[str, float] = {}  # host -> monotonic time of its next request

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        longest = crawler.settings.getfloat("SCHOOLNEWS_CRAWL_DELAY_MAX_SECONDS")
        if not crawler.settings.getbool("ROBOTSTXT_OBEY") or longest <= 0:
            raise NotConfigured
        return cls(crawler, longest)

    async def process_request(self, request: Request) -> None:
        if not self.delays:
            return  # most sites ask for none: no URL parsed for their requests
        host = urlparse_cached(request).netloc
        if (delay := self.delays.get(host)) is None or request.meta.get("dont_obey_robotstxt"):
            return
        now = time.monotonic()
        # The slot is taken before the wait: requests waiting together leave one by one.
        start = max(now, self.next_at.get(host, now))
        self.next_at[host] = start + delay
        if start > now:
            await pause(start - now)

    def process_response(self, request: Request, response: Response) -> Response:
        url = urlparse_cached(request)
        robots = request.meta.get("dont_obey_robotstxt") and url.path == "/robots.txt"
        if not robots or response.status != 200 or url.netloc in self.delays:
            return response
        asked = crawl_delay(response.body, self.agent)
        if asked is None or asked <= self.crawler.settings.getfloat("DOWNLOAD_DELAY"):
            return response
        self.delays[url.netloc] = min(asked, self.longest)
        note = f"robots.txt of {url.netloc} asks for a Crawl-delay of {asked:g} s"
        if asked > self.longest:
            note += f": held to SCHOOLNEWS_CRAWL_DELAY_MAX_SECONDS ({self.longest:g} s)"
            logger.warning(note)
        else:
            logger.info("%s: one request every %g s", note, asked)
        self.crawler.stats.set_value(f"schoolnews/notes/crawl_delay/{url.netloc}", note)
        return response


def crawl_delay(body: bytes, agent: str) -> float | None:
    """The Crawl-delay a robots.txt gives `agent` (its own group's, else the * group's)."""
    delay = Protego.parse(body.decode("utf-8", "replace")).crawl_delay(agent)
    return float(delay) if delay is not None and delay > 0 else None
