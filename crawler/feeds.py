"""Entry points besides list pages: RSS / Atom feeds and sitemaps.

Parsing is left to well-kept libraries (feedparser for RSS 0.9x-2.0 and Atom, Scrapy's own
Sitemap for sitemaps, sitemap indexes and news sitemaps); this module only says which URLs
a body names, and which feeds a page advertises.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from scrapy.http import Response, TextResponse
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

FEED_TYPES = ("application/rss+xml", "application/atom+xml")


class NotAFeed(ValueError):
    """A body that is neither an RSS / Atom feed nor a sitemap."""


@dataclass(frozen=True)
class Entry:
    url: str
    index: bool = False  # a sitemap index entry: another sitemap to read, not a page
    story: bool = False  # an RSS / Atom item: a post, whatever its URL's shape (a sitemap
    # names every page of a site, its list pages too; a feed its stories alone)


def feed_links(response: Response) -> list[str]:
    """Feeds a page advertises: <link rel="alternate" type="application/rss+xml|atom+xml">."""
    if not isinstance(response, TextResponse):
        return []
    hrefs = response.xpath(
        "//link[contains(concat(' ', normalize-space(@rel), ' '), ' alternate ')]"
        "[@type = 'application/rss+xml' or @type = 'application/atom+xml']/@href"
    ).getall()
    return list(dict.fromkeys(response.urljoin(h.strip()) for h in hrefs if h.strip()))


def looks_like_xml_listing(body: bytes) -> bool:
    """A feed or a sitemap (by its first element), as a start URL may well be one."""
    head = body[:2048].lstrip().lower()
    if head[:2] == b"\x1f\x8b":
        return True
    return head.startswith(b"<?xml") or any(
        tag in head for tag in (b"<rss", b"<feed", b"<urlset", b"<sitemapindex", b"<rdf:rdf")
    )


def entries(body: bytes, base_url: str, content_type: str = "") -> Iterator[Entry]:
    """The page URLs (and nested sitemaps) a feed or sitemap body names, in document order
    (`content_type`: the response's Content-Type header, its charset read)."""
    if body[:2] == b"\x1f\x8b":
        body = gunzip(body)
    head = body[:4096].lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        yield from _sitemap_entries(body)
        return
    yield from _feed_entries(body, base_url, content_type)


def _sitemap_entries(body: bytes) -> Iterator[Entry]:
    try:
        sitemap = Sitemap(body)
    except Exception as exc:  # lxml raises several types on broken XML
        raise NotAFeed(f"not a sitemap: {exc}") from exc
    index = sitemap.type == "sitemapindex"
    for entry in sitemap:
        if entry.get("loc"):
            yield Entry(entry["loc"].strip(), index=index)


def _feed_entries(body: bytes, base_url: str, content_type: str) -> Iterator[Entry]:
    import feedparser

    headers = {"content-location": base_url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers)
    problem = parsed.get("bozo_exception")
    if parsed.version and isinstance(problem, feedparser.NonXMLContentType):
        # RSS or Atom served as text/html, or with no Content-Type, is a feed all the same;
        # one with no items (WordPress's ?feed=comments-rss2 on a new site) has no entries.
        problem = None
    if not parsed.entries and (problem or not parsed.version):
        raise NotAFeed(f"not a feed: {problem or 'no RSS or Atom entries'}")
    for item in parsed.entries:
        url = item.get("link") or next(
            (link.get("href") for link in item.get("links", []) if link.get("href")), None
        )
        if url:
            yield Entry(url.strip(), story=True)
