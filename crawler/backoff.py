"""A server that asks for a pause gets it: Retry-After on 429 and 503 (RFC 9110 10.2.3).

Scrapy's RetryMiddleware retries a 429 or 503 at once, whatever the server said, and the
host's other requests go on meanwhile. `RetryAfter` sits just above it, so it reads the
answer first: it pauses every request to that host until the time the server named, the
retry included (a request waits in `process_request`, off the reactor's back: other hosts go
on). A pause longer than SCHOOLNEWS_RETRY_AFTER_MAX_SECONDS is not waited out in this run:
the host's remaining requests are dropped, each with its reason (an article's is reported
as not fetched, so a later run asks again), and the run's status line says why.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Self

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.task import deferLater

logger = logging.getLogger(__name__)

PAUSE_STATUSES = (429, 503)


def retry_after_seconds(value: str | bytes | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After value (delay-seconds or an HTTP-date), or None
    when it says nothing usable."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # an HTTP-date is GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


async def pause(seconds: float) -> None:
    """Wait on whatever reactor Scrapy installed. Imported here: at module level, with this
    module imported before Scrapy installs its reactor, Twisted would install its default."""
    from twisted.internet import reactor

    await maybe_deferred_to_future(deferLater(reactor, seconds))


class RetryAfter:
    """Downloader middleware: honour Retry-After per host."""

    def __init__(self, crawler: Crawler, longest: float) -> None:
        self.crawler = crawler
        self.longest = longest
        self.resume_at: dict[str, float] = {}  # host -> monotonic time it may be asked again
        self.closed: dict[str, str] = {}  # host -> why it is not asked again this run

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        longest = crawler.settings.getfloat("SCHOOLNEWS_RETRY_AFTER_MAX_SECONDS")
        if longest <= 0:
            raise NotConfigured
        return cls(crawler, longest)

    async def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).netloc
        if host in self.closed:
            raise IgnoreRequest(self.closed[host])
        while (wait := self.resume_at.get(host, 0.0) - time.monotonic()) > 0:
            await pause(wait)  # a later answer may have moved the time on meanwhile

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in PAUSE_STATUSES:
            return response
        wait = retry_after_seconds(response.headers.get("Retry-After"), datetime.now(UTC))
        if not wait:
            return response
        host = urlparse_cached(request).netloc
        stats = self.crawler.stats
        if wait > self.longest:
            why = (
                f"{host} answered {response.status} asking for a pause of {wait:.0f} s "
                f"(Retry-After), longer than SCHOOLNEWS_RETRY_AFTER_MAX_SECONDS "
                f"({self.longest:.0f} s): not asked again this run"
            )
            if host not in self.closed:
                logger.warning(why)
                self.closed[host] = why
                stats.set_value(f"schoolnews/notes/retry_after/{host}", why)
            return response
        self.resume_at[host] = max(self.resume_at.get(host, 0.0), time.monotonic() + wait)
        stats.inc_value("schoolnews/retry_after_pauses")
        logger.info("%s asked for a pause of %.0f s (Retry-After): waiting", host, wait)
        return response
