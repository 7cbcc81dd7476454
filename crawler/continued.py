"""Stories split over several pages, which the crawl does not join, said in the run's note.

Chinese CMSes split a long story with their own pager under its text (Discuz!'s
article-130-2.html, PHPCMS's …&id=256&page=2, DedeCMS's 123_2.html): each page holds a part.
A document is made of one page, so such a story is stored as its first page's text (its later
pages, where a pattern takes them, as documents of their own), and nothing said so. The run's
status stays what it is; its reason gains a note with the count and an example.
"""

from __future__ import annotations

from scrapy import signals

NOTE = "schoolnews/notes/continued"
KEPT = 5000  # pages remembered (a bound on memory)


class Continued:
    """One run's article pages whose own pager leads to other pages of the same story."""

    def __init__(self, crawler=None) -> None:
        self.crawler = crawler
        self.pages: dict[str, str] = {}  # article page: one of its story's other pages

    @classmethod
    def from_crawler(cls, crawler) -> Continued:
        continued = cls(crawler)
        crawler.signals.connect(continued.idle, signal=signals.spider_idle)
        return continued

    def add(self, url: str, others: list[str]) -> None:
        if others and len(self.pages) < KEPT:
            self.pages[url] = others[0]

    def idle(self) -> None:
        if self.crawler is not None and (said := self.note()):
            self.crawler.stats.set_value(NOTE, said)

    def note(self) -> str | None:
        if not self.pages:
            return None
        url, other = next(iter(self.pages.items()))
        return (
            f"{len(self.pages)} article page(s) belong to stories split over several pages "
            f"(e.g. {url} and {other}), which the crawl does not join: a document holds one "
            "page's part of its story"
        )
