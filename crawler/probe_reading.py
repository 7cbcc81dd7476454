"""What the crawl's extraction makes of a page `sites probe` fetched: a sample article's
fields, and whether a page the probe read for its links is a story itself."""

from __future__ import annotations

from crawler.fetch import Fetched, FetchError
from pipelines.processing import NotADocument, RawPage, process


def read(url: str, page: Fetched | FetchError, rules) -> dict:
    """What the crawl would store of one page: the document's fields, or the problem."""
    if isinstance(page, FetchError):
        return {"problem": str(page)}
    if page.status >= 400:  # a crawl stores no document for it: nothing to extract
        return {"problem": f"HTTP {page.status}"}
    raw = RawPage(
        url=page.url,
        body=page.body,
        headers=page.headers,
        fetched_at=page.fetched_at,
        status=page.status,
        requested_url=url,
    )
    try:
        document = process(raw, rules)
    except NotADocument as reason:
        return {"problem": str(reason)}
    return {
        "title": document.title,
        "published": document.published,
        "language": document.language,
        "chars": len(document.text),
    }


def reads_as_story(url: str, page: Fetched, rules) -> bool:
    """Whether the page's own extraction gives a document with a dated headline: a story,
    though it links others (a Discuz portal's portal.php?mod=view&aid=N, its sidebar listing
    the newest), and no list page, whose extraction gives none."""
    document = read(url, page, rules)
    return "problem" not in document and bool(document["title"] and document["published"])
