"""A run whose stories mostly share one title: the headline was read from the wrong place.

A school CMS whose story pages carry the site's name in a footer heading and the section's
in the <title> and <h1> ("Hillside Academy - Latest News") gave 35 stories the one title
"Hillside Academy", and the run said `finished`. Nothing in one page tells that title from a
headline; many stories of one run sharing it does. The run's status stays what it is; its
reason gains a note naming the title and how to look at one page.
"""

from __future__ import annotations

from collections import Counter
from typing import Self

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler

NOTE = "schoolnews/notes/shared_titles"
MANY = 5  # stories sharing one title worth a note …
SHARE = 0.5  # … when they are this share of the run's stories or more


class SharedTitles:
    """Counts the titles of the documents a run extracts; sets its note when the crawl runs
    dry (spider_idle: before the run's row is written at its close)."""

    def __init__(self, stats=None) -> None:
        self.stats = stats
        self.titles: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = cls(crawler.stats)
        crawler.signals.connect(pipeline.idle, signal=signals.spider_idle)
        return pipeline

    def process_item(self, item):
        document = ItemAdapter(item).get("document")
        if document is not None and document.title:
            self.titles[document.title] += 1
        return item

    def idle(self) -> None:
        if self.stats is not None and (said := self.note()):
            self.stats.set_value(NOTE, said)

    def note(self) -> str | None:
        if not self.titles:
            return None
        title, shared = self.titles.most_common(1)[0]
        stories = self.titles.total()
        if shared < MANY or shared < SHARE * stories:
            return None
        return (
            f"{shared} of the {stories} stories stored share the title {title!r}: the headline "
            "may stand elsewhere on the page: name its element in the entry's extraction "
            "headline (a CSS selector; README: Adding a site)"
        )
