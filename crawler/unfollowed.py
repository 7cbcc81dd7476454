"""Links a run's list pages hold that no pattern of the site follows, said by shape when many
share one: a column's stories in a shape the entry does not know (Joomla's news beside its
events, a bureau's second column) were left on the list pages without a word, and the run
said `finished` having stored a fraction of the site.

The run's status stays what it is; its reason gains a note such as "list pages linked 18
pages of one shape no pattern follows (/index.php/news/\\d+-…, e.g. …): if they are
articles, add the shape to the entry's crawl articles, then run `schoolnews crawl SLUG
--full` once". The shape alone is not enough: a routine run's walk stops at the first list
page whose stories are all stored, and the older list pages that alone link such stories are
not read again (0 new); a full run reads every list page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit

from scrapy import signals

from crawler.probe_shapes import article_shapes

NOTE = "schoolnews/notes/unfollowed"
KEPT = 5000  # links remembered (a bound on memory, far above any column's)
MANY = 10  # links of one shape worth a note
PAGES = 3  # list pages read to tell the site's menu by: links every one of them carries


def _target(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Unfollowed:
    """One run's list pages' links no pattern follows; its note set in the run's stats when
    the crawl runs dry (spider_idle: before the run's row is written at its close)."""

    def __init__(self, crawler=None, followed=lambda url: False, slug: str = "SLUG") -> None:
        self.urls: set[str] = set()
        self.slug = slug  # the site's, for the command the note names
        self.crawler = crawler  # its stats exist once the crawl starts
        self.followed = followed  # by another way (a pager's pages no pattern knows)
        self.pages = 0  # list pages whose links were added
        self.on: Counter[str] = Counter()  # link: how many of them carry it

    @classmethod
    def from_crawler(cls, crawler, followed, slug: str) -> Unfollowed:
        unfollowed = cls(crawler, followed, slug)
        crawler.signals.connect(unfollowed.idle, signal=signals.spider_idle)
        return unfollowed

    def idle(self) -> None:
        if self.crawler is not None and (said := self.note()):
            self.crawler.stats.set_value(NOTE, said)

    def add(self, urls: Iterable[str]) -> None:
        """One list page's links no pattern follows."""
        self.pages += 1
        for url in set(urls):
            if len(self.urls) >= KEPT:
                return
            self.urls.add(url)
            self.on[url] += 1

    def _menu(self, urls: list[str]) -> bool:
        """Whether most of these links are on every list page read (PAGES at least): the
        site's menu (a Blackboard district's /Page/1234 content pages, undated, which `sites
        probe` left out), never a column's stories, which differ from one list page to the
        next. Told to add their shape, a user would store the menu as stories."""
        everywhere = sum(self.on[u] == self.pages for u in urls)
        return self.pages >= PAGES and everywhere * 2 > len(urls)

    def note(self) -> str | None:
        """The shape most of these links share, when MANY or more do, in one line."""
        urls = sorted(u for u in self.urls if not self.followed(u))
        for shape in article_shapes(urls):
            same = [u for u in urls if re.search(shape, _target(u))]
            if len(same) >= MANY and not self._menu(same):
                return (
                    f"list pages linked {len(same)} pages of one shape no pattern follows "
                    f"({shape}, e.g. {same[0]}): if they are articles, add the shape to the "
                    f"entry's crawl articles, then run `schoolnews crawl {self.slug} --full` "
                    "once: a routine run stops at list pages whose stories are stored, before "
                    "the older ones (README: Adding a site)"
                )
        return None
