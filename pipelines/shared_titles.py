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
        # By language: a bilingual site's wrong titles are one per language (學校消息 on
        # its Chinese stories, the school's English name on its English ones).
        self.titles: dict[str, Counter[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = cls(crawler.stats)
        crawler.signals.connect(pipeline.idle, signal=signals.spider_idle)
        return pipeline

    def process_item(self, item):
        document = ItemAdapter(item).get("document")
        if document is not None and document.title:
            language = (document.language or "").split("-")[0]
            self.titles.setdefault(language, Counter())[document.title] += 1
        return item

    def idle(self) -> None:
        if self.stats is not None and (said := self.note()):
            self.stats.set_value(NOTE, said)

    def note(self) -> str | None:
        found = [
            (*titles.most_common(1)[0], titles.total()) for titles in self.titles.values() if titles
        ]
        shared_ones = [(t, n, of) for t, n, of in found if n >= MANY and n >= SHARE * of]
        if not shared_ones:
            return None
        title, shared, stories = max(shared_ones, key=lambda found: found[1])
        return (
            f"{shared} of the {stories} stories stored share the title {title!r}: the headline "
            "may stand elsewhere on the page: name its element in the entry's extraction "
            "headline (a CSS selector; README: Adding a site)"
        )
