"""Documents a site's list pages link in place of pages (PDF, Word, Excel), said in one line.

Many Chinese and Hong Kong schools publish a column as files: circulars (通告), notices
(通知公告), forms, each a PDF, DOC or XLS a list page links. The crawl stores HTML pages and
does not fetch files (page_links.denied), so such a column was left out before anything
counted its links: the run said `finished`, and nothing told the user that a section of the
site is documents the corpus does not hold. The crawl still does not fetch them; the run's
reason, `crawl --dry-run` and `sites probe` say how many distinct documents the list pages
linked, of what kind, an example and the page that links the most.

A list page whose items are documents links several (ON_ONE_PAGE); a page's attachment, a
footer's application form, or a story's own files (linked from an article page: counted in
the run's stats, `schoolnews/article_attachments`) are normal, and said nothing of.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor
from w3lib.url import canonicalize_url

NOTE = "schoolnews/notes/documents"
ATTACHMENTS = "schoolnews/article_attachments"
KEPT = 5000  # documents remembered (a bound on memory)
ON_ONE_PAGE = 5  # documents one list page links: a column of them, no page's attachment
_KINDS = {
    "pdf": "PDF",
    **dict.fromkeys(("doc", "docx", "docm", "docb", "dotx", "dotm", "odt"), "Word"),
    **dict.fromkeys(("xls", "xlsx", "xlsm", "xltx", "xltm", "ods"), "Excel"),
    **dict.fromkeys(("ppt", "pptx", "pptm", "pps", "potx", "potm", "odp"), "PowerPoint"),
}


def kind(url: str) -> str | None:
    """'PDF', 'Word', 'Excel' or 'PowerPoint' for a link to such a file (by its path's
    extension, as the crawl's denied test reads it), else None."""
    _, dot, extension = urlsplit(url).path.lower().rpartition(".")
    return _KINDS.get(extension) if dot else None


def documents(urls: Iterable[str]) -> list[str]:
    """The links to documents among these, each once (canonical form), in their order."""
    return list(dict.fromkeys(canonicalize_url(u) for u in urls if kind(u)))


def linked(response) -> list[str]:
    """The documents a fetched page links (a dry run's and a probe's reading)."""
    if not isinstance(response, HtmlResponse):
        return []
    extractor = LinkExtractor(unique=True, deny_extensions=())
    return documents(link.url for link in extractor.extract_links(response))


def describe(urls: list[str], page: str, on_page: list[str], where: str = "list pages") -> str:
    """One line: how many documents, of what kinds, an example, the page that links the most,
    and that the crawl stores none of them."""
    counts = Counter(map(kind, urls))
    kinds = ", ".join(f"{counts[k]} {k}" for k in sorted(counts, key=lambda k: (-counts[k], k)))
    fetch = "the crawl does not fetch" if where == "list pages" else "a crawl does not fetch"
    return (
        f"{where} linked {len(urls)} documents ({kinds}; e.g. {on_page[0]}; {len(on_page)} on "
        f"{page}), which {fetch}: a section of the site published as files, not pages; "
        "none of them is stored"
    )


def note(pages: dict[str, list[str]], where: str) -> str | None:
    """The line for these pages' documents ({page: its documents}), when one links
    ON_ONE_PAGE or more."""
    if not pages:
        return None
    page = max(pages, key=lambda p: len(pages[p]))
    if len(pages[page]) < ON_ONE_PAGE:
        return None
    every = list(dict.fromkeys(u for urls in pages.values() for u in urls))
    return describe(every, page, pages[page], where)


class Documents:
    """One run's documents linked by the pages it fetched: its list pages' (its note set in
    the run's stats when the crawl runs dry: spider_idle, before the run's row is written)
    and its article pages' attachments (counted only)."""

    def __init__(self, crawler=None) -> None:
        self.crawler = crawler  # its stats exist once the crawl starts
        self.urls: set[str] = set()  # of the list pages
        self.most: tuple[str, list[str]] | None = None  # the list page linking the most
        self.attachments: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler) -> Documents:
        found = cls(crawler)
        crawler.signals.connect(found.idle, signal=signals.spider_idle)
        return found

    def page(self, url: str, page_kind: str, links: Iterable) -> None:
        """A fetched page (`page_kind`: 'article' or 'listing') and the links to files it has
        (scrapy Links) that the crawl leaves out."""
        found = documents(link.url for link in links)
        if page_kind == "article":
            _add(self.attachments, found)
        else:
            _add(self.urls, found)
            if self.most is None or len(found) > len(self.most[1]):
                self.most = (url, found)

    def idle(self) -> None:
        if self.crawler is None:
            return
        if self.attachments:
            self.crawler.stats.set_value(ATTACHMENTS, len(self.attachments))
        if said := self.note():
            self.crawler.stats.set_value(NOTE, said)

    def note(self) -> str | None:
        if self.most is None or len(self.most[1]) < ON_ONE_PAGE:
            return None
        return describe(sorted(self.urls), *self.most)


def _add(kept: set[str], urls: Iterable[str]) -> None:
    for url in urls:
        if len(kept) >= KEPT:
            return
        kept.add(url)
