"""The article pages a run asks for, followed until each is answered or said to have failed,
so none is lost without a word: a server error or a timeout after the retries, a redirect off
the site (Scrapy's offsite filter drops it without an errback), a redirect loop (its duplicate
filter drops it). Each is one warning line with the URL and why, counted in the run's stats
(`schoolnews/articles_not_fetched`, by kind under `schoolnews/articles_not_fetched/…`). A
link the site answers 404 or 410 to is answered (`schoolnews/article_links_gone`); one that
redirects to a page the run asked for anyway is not lost. Whatever is left unanswered at the
end of a finished run is named in one more warning. Pages robots.txt forbids are counted by
host in the run's reason too (`schoolnews/notes/robots_forbidden`): a run that obeyed a
host's `Disallow: /` for every story it linked there (WeChat's) said `finished` and no more.
List pages robots.txt forbids are counted there as well (`listing_forbidden`), with an
example, and not named one warning each: a Squarespace site's robots.txt forbids its
`?tag=` and `?author=` lists, 26 warning lines in a trial's run for a site working as it
should, and a reason that said nothing of them.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

SHOWN = 5  # unanswered URLs named at the end of a run
ROBOTS = "Forbidden by robots.txt"  # RobotsTxtMiddleware's reason
ROBOTS_NOTE = "schoolnews/notes/robots_forbidden"


def first_url(request_or_response: Any) -> str:
    """The URL the run asked for, before any redirect."""
    redirects = request_or_response.meta.get("redirect_urls")
    return redirects[0] if redirects else request_or_response.url


def why(failure: Failure) -> str:
    """A short reason: the HTTP status, the ignored request's reason, or the error's type."""
    error = failure.value
    if isinstance(error, HttpError):
        return f"HTTP {error.response.status}"
    if isinstance(error, IgnoreRequest):
        return str(error).strip() or "ignored (off-site redirect)"
    return type(error).__name__


class ArticleRequests:
    """One run's article requests still awaiting an answer (by the URL first asked for)."""

    def __init__(self, crawler, logger: logging.Logger | logging.LoggerAdapter) -> None:
        self.crawler = crawler  # its stats exist once the crawl starts
        self.logger = logger
        self.awaiting: set[str] = set()
        # Every URL answered this run, on a redirect's way too: a link asked for after its page
        # came through a redirect is a repeat the duplicate filter drops, yet answered.
        self.answered_urls: set[str] = set()
        self.forbidden: Counter[str] = Counter()  # host: its pages robots.txt forbids
        self.forbidden_kinds: Counter[str] = Counter()  # "article" / "list": how many
        self.forbidden_example: str | None = None  # the first list page forbidden

    def asked(self, url: str) -> None:
        self.awaiting.add(url)

    def answered(self, response, known: bool = True) -> None:
        """`known`: a stored article (a 404 marks it gone); a new link answered 404 or 410
        is a dead link, stored nowhere: one warning names it."""
        if response.status in (404, 410) and not known:
            self._lost(response, f"HTTP {response.status}, a dead link", "dead link")
        # Every URL on the way answers: a link that redirects to a page the run also asked
        # for directly (a site's alias URL) leaves the direct request dropped as a repeat.
        on_the_way = [*response.meta.get("redirect_urls", ()), response.url]
        self.awaiting.difference_update(on_the_way)
        self.answered_urls.update(on_the_way)
        if response.status in (404, 410):
            self.crawler.stats.inc_value("schoolnews/article_links_gone")

    def failed(self, failure: Failure) -> None:
        reason = why(failure)
        self._lost(failure.request, reason, reason.split(":")[0])

    def off_site(self, request) -> None:
        """An article request redirected off the site: Scrapy's offsite filter drops it when
        it is scheduled, with no errback and no request_dropped signal."""
        self._lost(request, f"redirected off the site to {request.url}", "off-site redirect")

    def dropped(self, request) -> None:
        """The scheduler refused a redirect of an article request: its duplicate filter, for
        a page this run already asked for (a second URL of one page: not lost) or a loop."""
        chain = request.meta.get("redirect_urls")
        if request.meta.get("kind") != "article":
            return
        if not chain:
            # A link's own repeat: another request for that URL goes on, or its page came
            # already, through a redirect (an old URL of a moved page asked for first).
            if request.url in self.answered_urls:
                self.awaiting.discard(request.url)
            return
        if request.url in chain:
            self._lost(request, "a redirect loop", "redirect loop")
        elif first_url(request) in self.awaiting:
            self.awaiting.discard(first_url(request))
            self.crawler.stats.inc_value("schoolnews/article_redirects_to_known_pages")

    def _lost(self, request, reason: str, kind: str) -> None:
        url = first_url(request)
        if url not in self.awaiting:
            return
        self.awaiting.discard(url)
        self.crawler.stats.inc_value("schoolnews/articles_not_fetched")
        self.crawler.stats.inc_value(f"schoolnews/articles_not_fetched/{kind}")
        self.logger.warning("article not fetched (%s): %s", reason, url)
        if kind == ROBOTS:
            self._forbidden(url, "article")

    def listing_forbidden(self, url: str) -> None:
        """A list page robots.txt forbids: no error, and no warning line (the site's own
        rule, obeyed); counted in the run's reason, which names the first as an example."""
        self.forbidden_example = self.forbidden_example or url
        self._forbidden(url, "list")

    def _forbidden(self, url: str, kind: str) -> None:
        """Count a page robots.txt forbids, by host, in the run's note: set as it grows, as
        the storage pipeline writes the run's row before the spider hears it is closed."""
        self.forbidden[urlsplit(url).hostname or url] += 1
        self.forbidden_kinds[kind] += 1
        hosts = ", ".join(
            host + (f" {n}" if len(self.forbidden) > 1 else "")
            for host, n in self.forbidden.most_common()
        )
        counts = " and ".join(
            f"{self.forbidden_kinds[k]} {k} page(s)"
            for k in ("article", "list")
            if k in self.forbidden_kinds
        )
        said = f"{counts} forbidden by robots.txt ({hosts}), not fetched"
        if self.forbidden_example:
            said += f" (list pages such as {self.forbidden_example})"
        self.crawler.stats.set_value(ROBOTS_NOTE, said)

    def unanswered(self) -> list[str]:
        """Asked for, never answered nor said to have failed: none, unless the run stopped
        early or Scrapy dropped a request in a way this module does not know of."""
        return sorted(self.awaiting)

    def close(self, reason: str) -> None:
        left = self.unanswered()
        if not left:
            return
        self.crawler.stats.set_value("schoolnews/articles_unanswered", len(left))
        if reason == "finished":  # an interrupted run leaves pages unasked on purpose
            self.logger.warning(
                "%d article link(s) led to no page: %s",
                len(left),
                ", ".join(left[:SHOWN]) + (" …" if len(left) > SHOWN else ""),
            )
