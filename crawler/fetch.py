"""One polite page fetch for the commands that look at a site before crawling it
(`sites probe`, `crawl --dry-run`, `record`): the crawler's User-Agent, a timeout, the
http_proxy / https_proxy / no_proxy variables, and the result as the bytes, headers and
fetch time extraction takes (and as a Scrapy response, so links are found as a crawl finds
them).
"""

from __future__ import annotations

import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime

from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from crawler import settings

TIMEOUT = 30


class FetchError(Exception):
    """A page that could not be fetched at all (DNS, refused, timeout): one line."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    requested_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime

    def response(self) -> Response:
        """The Scrapy response a crawl would get (HtmlResponse for HTML, XmlResponse…)."""
        headers = Headers(self.headers)
        cls = responsetypes.from_args(headers=headers, url=self.url, body=self.body)
        return cls(url=self.url, status=self.status, headers=headers, body=self.body)


def _opener() -> urllib.request.OpenerDirector:
    # As Scrapy does by default, certificates are not verified: school sites often have
    # expired or self-signed ones, and the pages are public.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return urllib.request.build_opener(urllib.request.HTTPSHandler(context=context))


def fetch(url: str, timeout: float = TIMEOUT) -> Fetched:
    """GET `url` following redirects; an HTTP error status is a result, not an exception."""
    request = urllib.request.Request(url, headers={"User-Agent": settings.USER_AGENT})
    try:
        with _opener().open(request, timeout=timeout) as answer:
            return Fetched(answer.geturl(), url, answer.status, dict(answer.headers.items()),
                           answer.read(), datetime.now(UTC))
    except urllib.error.HTTPError as error:
        return Fetched(error.geturl() or url, url, error.code, dict(error.headers.items()),
                       error.read(), datetime.now(UTC))
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise FetchError(f"cannot fetch {url}: {reason}") from None
