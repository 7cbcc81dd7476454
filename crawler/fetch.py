"""One polite page fetch for the commands that look at a site before crawling it
(`sites probe`, `crawl --dry-run`, `record`): the crawler's User-Agent, a timeout, the
http_proxy / https_proxy / no_proxy variables, and the result as the bytes, headers and
fetch time extraction takes (and as a Scrapy response, so links are found as a crawl finds
them).
"""

from __future__ import annotations

import http.client
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import ClassVar
from urllib.parse import urldefrag, urljoin, urlsplit

from protego import Protego
from scrapy.http import Headers, HtmlResponse, Response
from scrapy.responsetypes import responsetypes
from scrapy.utils.response import get_meta_refresh
from w3lib.url import canonicalize_url

from crawler import robots as robots_rule
from crawler import settings
from crawler.registry import NOT_HTTP, Site, address_problem

TIMEOUT = 30
# As the crawl's MetaRefreshMiddleware (Scrapy's defaults): a <meta http-equiv="refresh"> of
# up to 100 s is a redirect; a school's home page is often nothing but one ("index.html"
# sending the browser on to "main.htm"), and a probe that stopped there found no link.
METAREFRESH_MAXDELAY = 100
MAX_REFRESHES = 5


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

    @property
    def content_type(self) -> str:
        """The Content-Type header ("" when the server sent none), whatever its case."""
        return next((v for k, v in self.headers.items() if k.lower() == "content-type"), "")

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


class Politeness:
    """One request at a time, `delay` seconds apart per host (or its robots.txt's Crawl-delay,
    when longer), and robots.txt obeyed (as the crawl's ROBOTSTXT_OBEY, DOWNLOAD_DELAY and
    CrawlDelay do)."""

    delay: float = settings.DOWNLOAD_DELAY
    _last: ClassVar[dict[str, float]] = {}
    _crawl_delay: ClassVar[dict[str, float]] = {}  # host -> its robots.txt's Crawl-delay
    # Protego, as the crawl's RobotsTxtMiddleware: urllib.robotparser reads no * or $ (Discuz's
    # stock "Disallow: /home.php?mod=spacecp*" forbade nothing).
    _robots: ClassVar[dict[str, Protego]] = {}
    _unreachable: ClassVar[dict[str, str]] = {}  # origin -> why its robots.txt forbids all
    # Canonical URL -> the links pages wrote for it (canonical_link): robots.txt's rules follow
    # the site's own query order (?mod=spacecp&ac=…), which the canonical URL has sorted away.
    _written: ClassVar[dict[str, set[str]]] = {}

    @classmethod
    def wait(cls, url: str) -> None:
        host = urlsplit(url).netloc
        delay = max(cls.delay, cls._crawl_delay.get(host, 0.0))
        pause = cls._last.get(host, -delay) + delay - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        cls._last[host] = time.monotonic()

    @classmethod
    def crawl_delay(cls, url: str) -> float:
        """The Crawl-delay the robots.txt of `url`'s host asks for (read now if not yet), or 0."""
        cls.refusal(url)
        return cls._crawl_delay.get(urlsplit(url).netloc, 0.0)

    @classmethod
    def refusal(cls, url: str) -> str | None:
        """Why robots.txt forbids `url` (or a link a page wrote for it), or None. A robots.txt
        that is not there (or not reachable over the network: the page will not be either)
        forbids nothing; one answered with a server error or 429 forbids everything
        (crawler.robots)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in cls._robots:
            cls._robots[origin] = cls._read_robots(origin, parts.netloc)
        for form in (url, *sorted(cls._written.get(url, ()))):
            if not cls._robots[origin].can_fetch(form, settings.USER_AGENT):
                return cls._unreachable.get(origin, f"robots.txt forbids {form}")
        return None

    @classmethod
    def _read_robots(cls, origin: str, host: str) -> Protego:
        """The origin's robots.txt, parsed; its Crawl-delay noted."""
        try:
            robots = fetch(origin + "/robots.txt", check_robots=False)
        except FetchError:
            robots = None  # as Scrapy: no robots.txt, no restriction
        if robots and robots_rule.unreachable(robots.status):
            cls._unreachable[origin] = robots_rule.why_disallowed(host, robots.status)
            return Protego.parse(robots_rule.DISALLOW_ALL.decode())
        body = robots.body if (robots and robots.status == 200) else b""
        asked = robots_rule.crawl_delay(body, settings.USER_AGENT) or 0.0
        cls._crawl_delay[host] = min(asked, settings.SCHOOLNEWS_CRAWL_DELAY_MAX_SECONDS)
        return Protego.parse(body.decode("utf-8", "replace"))

    @classmethod
    def sitemaps(cls, origin: str) -> list[str]:
        """The sitemaps the robots.txt of `origin` (scheme://host) names, absolute: the file
        read once, for its rules and for these (the dry run read it twice)."""
        cls.refusal(origin + "/")
        return [urljoin(origin + "/", url) for url in cls._robots[origin].sitemaps]

    @classmethod
    def remember(cls, written: str, canonical: str) -> None:
        cls._written.setdefault(canonical, set()).add(urldefrag(written).url)


def canonical_link(site: Site, url: str) -> str:
    """The canonical URL a crawl asks for the link `url` by; the link as the page wrote it is
    kept for robots.txt (Politeness.refusal)."""
    canonical = site.canonical(canonicalize_url(url))
    if canonical != url:
        Politeness.remember(url, canonical)
    return canonical


def check_address(url: str) -> None:
    """FetchError unless `url` is an http(s) address with a well-formed host."""
    if (problem := address_problem(url)) == NOT_HTTP:
        raise FetchError(f"not a web address: {url!r} (give it as http://… or https://…)")
    if problem:
        raise FetchError(f"not a web address: {url!r} ({problem})")


def fetch(
    url: str, timeout: float = TIMEOUT, check_robots: bool = True, form: bytes | None = None
) -> Fetched:
    """GET `url` following redirects, meta refreshes too (as a crawl does); an HTTP error
    status is a result, not an exception. With `form` (urlencoded), POST it: a news widget's
    list asked for as its script asks (crawler.list_api)."""
    page = _fetch_once(url, timeout, check_robots, form)
    for _ in range(MAX_REFRESHES):
        target = _refresh_target(page)
        if target is None:
            break
        page = replace(_fetch_once(target, timeout, check_robots), requested_url=url)
    return page


def fetch_each(urls: list[str]) -> list[tuple[str, Fetched]]:
    """(URL, page) of each of these pages that answered at all (any status), in order; one
    that could not be fetched is skipped (the commands read a few pages, none essential)."""
    pages = []
    for url in urls:
        try:
            pages.append((url, fetch(url)))
        except FetchError:
            continue
    return pages


def _refresh_target(page: Fetched) -> str | None:
    """Where the page's meta refresh sends a browser, if it is a redirect to another page."""
    if page.status != 200:
        return None
    response = page.response()
    if not isinstance(response, HtmlResponse):
        return None
    interval, target = get_meta_refresh(response)
    if target is None or interval > METAREFRESH_MAXDELAY or target == page.url:
        return None
    return target


def _fetch_once(url: str, timeout: float, check_robots: bool, form: bytes | None = None) -> Fetched:
    check_address(url)
    if check_robots and (refusal := Politeness.refusal(url)):
        raise FetchError(refusal)
    Politeness.wait(url)
    request = urllib.request.Request(url, data=form, headers={"User-Agent": settings.USER_AGENT})
    try:
        with _opener().open(request, timeout=timeout) as answer:
            return Fetched(
                answer.geturl(),
                url,
                answer.status,
                dict(answer.headers.items()),
                answer.read(),
                datetime.now(UTC),
            )
    except urllib.error.HTTPError as error:
        return Fetched(
            error.geturl() or url,
            url,
            error.code,
            dict(error.headers.items()),
            error.read(),
            datetime.now(UTC),
        )
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as error:
        reason = getattr(error, "reason", error)
        raise FetchError(f"cannot fetch {url}: {reason}") from None
