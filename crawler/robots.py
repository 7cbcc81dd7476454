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
"""

from __future__ import annotations

import logging
from typing import Self

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached

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
