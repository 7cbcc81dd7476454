"""A news list that loads its older stories by script ("Load more"), said where a crawl reads it.

Sites built on Nuxt or Next (server-rendered Vue or React: Apptegy/Thrillshare districts) render
a list's newest stories as cards and load the older ones only when a "Load more" button (or a
link going nowhere, `#`, `javascript:`) calls the site's JSON API; there is no pager link to a
next page. A crawl reads the cards the page shows and no more: a district's 40 stories ended
with 12 stored, the run `finished` and no word. The crawl still cannot press the button; the
run's reason, `sites probe` and `crawl --dry-run` say that the list loads the rest by script
and what can reach them (a sitemap or feed: the entry's sitemaps = true or feeds = [...], or
the site's API), unless a sitemap or feed read named more articles than the list pages linked.

A control is told by its text ("Load more", "Show more", "More news", "View more"; 加载更多,
查看更多, 點擊/点击加载更多, 載入更多, 顯示更多) on an element that goes nowhere: a button, or a
link to `#` or `javascript:` that opens no page. A "Read more" link to a story, or a "More
news" link to a list page, goes somewhere: no control.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from scrapy import signals
from scrapy.http import HtmlResponse

from crawler.page_links import opens_page
from crawler.spiders.pager import Target, has_next_page

NOTE = "schoolnews/notes/load_more"
KEPT = 5000  # article links remembered by source (a bound on memory)
# The control's words, as the element's whole text (a trailing arrow or ellipsis allowed).
_WORDS = (
    r"(?:(?:load|show|view)\s+more(?:\s+(?:news|stories|articles|posts|items))?"
    r"|more\s+(?:news|stories|articles|posts)"
    r"|(?:点击|點擊)?(?:加载|加載|载入|載入|查看|显示|顯示)更多(?:新闻|新聞|内容|內容)?)"
)
CONTROL = re.compile(rf"^\W*{_WORDS}\W*$", re.I)
_SCRIPT_LINK = re.compile(r"\s*(?:#|javascript:)", re.I)
_ROLES = ("div", "span", "li")  # a theme's button drawn as one (role="button")


def _going_nowhere(root) -> Iterator:
    """The page's elements that go nowhere by themselves: buttons, and links to `#` or to a
    script. One walk of the tree the page's links were read from (lxml's own iteration: an
    XPath of the same took twice as long)."""
    for element in root.iter("button", "input", "a", *_ROLES):
        tag = element.tag
        if tag == "a":
            nowhere = (href := element.get("href")) is None or _SCRIPT_LINK.match(href)
        elif tag == "input":
            nowhere = element.get("type") in ("button", "submit")
        else:
            nowhere = tag == "button" or element.get("role") == "button"
        if nowhere:
            yield element


def control(response) -> str | None:
    """The text of the page's "load more" control, if it shows one: an element going nowhere
    (not a toggle: aria-expanded) whose whole text is the control's words."""
    if not isinstance(response, HtmlResponse):
        return None
    for element in _going_nowhere(response.selector.root):
        if element.get("aria-expanded") is not None:
            continue  # a toggle showing more of the same text, no list's loader
        if opens_page(element.get("href", "") + element.get("onclick", "")):
            continue  # javascript:window.open('list2.htm'): a link to a page after all
        said = element.get("value", "") if element.tag == "input" else element.text_content()
        text = " ".join(said.split())  # a <button value="2">'s value is no text
        if len(text) < 40 and CONTROL.match(text):
            return text
    return None


def scripted_list(response, target: Target) -> str | None:
    """The control's text, when the page loads more by script and has no pager link to a
    next page (a page that has one is walked: spiders.pager)."""
    if (said := control(response)) and not has_next_page(response, target):
        return said
    return None


def describe(page: str, said: str, shown: int, crawl: bool = True) -> str:
    """One line: the list, its control, what a crawl reaches, and what would reach the rest
    (as an app shell's note: "drawn by JavaScript … a feed or a sitemap may list the
    articles")."""
    reached = "the crawl reached" if crawl else "a crawl reaches"
    return (
        f'the news list {page} loads older stories by script ("{said}"): {reached} only the '
        f"{shown} it shows; a sitemap or a feed may list the others (the entry's "
        "sitemaps = true, or feeds = [...]), else only the site's API has them"
    )


class LoadMore:
    """One run's list pages that load more by script, and the article links its list pages
    and its feeds and sitemaps gave; its note set in the run's stats when the crawl runs dry
    (spider_idle: before the run's row is written at its close)."""

    def __init__(self, crawler=None) -> None:
        self.crawler = crawler  # its stats exist once the crawl starts
        # The first list page found to load more by script: (its URL, its control, articles
        # shown); the note names that one, so no later page is searched for a control.
        self.found: tuple[str, str, int] | None = None
        self.linked: set[str] = set()  # article links of the pages read
        self.listed: set[str] = set()  # article links of the feeds and sitemaps read

    @classmethod
    def from_crawler(cls, crawler) -> LoadMore:
        load_more = cls(crawler)
        crawler.signals.connect(load_more.idle, signal=signals.spider_idle)
        return load_more

    def page(self, response, target: Target, articles: list[str]) -> None:
        """A list page read and its article links: a control is looked for on pages that
        link articles (a comment thread's "Show more" is no news list)."""
        _add(self.linked, articles)
        if articles and self.found is None and (said := scripted_list(response, target)):
            self.found = (response.url, said, len(set(articles)))

    def entry_points(self, urls: Iterable[str]) -> None:
        _add(self.listed, urls)

    def idle(self) -> None:
        if self.crawler is not None and (said := self.note()):
            self.crawler.stats.set_value(NOTE, said)

    def note(self) -> str | None:
        if self.found is None or len(self.listed) > len(self.linked):
            return None  # a sitemap or feed named more: the older stories are reached
        return describe(*self.found)


def _add(kept: set[str], urls: Iterable[str]) -> None:
    for url in urls:
        if len(kept) >= KEPT:
            return
        kept.add(url)
