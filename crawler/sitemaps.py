"""A site's sitemaps read outside a crawl (`sites probe`, `crawl --dry-run`): the ones its
robots.txt names, else the conventional /sitemap.xml, and the sitemaps an index names, as
the spider's entry points read them (spiders/entry_points.py), one fetch at a time."""

from __future__ import annotations

from crawler.feeds import Entry, NotAFeed, entries
from crawler.fetch import Fetched, FetchError, Politeness, fetch


def fetch_ok(url: str) -> Fetched | None:
    """The page, or None when it could not be fetched or did not answer 200."""
    try:
        page = fetch(url)
    except FetchError:
        return None
    return page if page.status == 200 else None


def listed(url: str) -> list[Entry] | None:
    """The entries a feed or sitemap names, or None when it is not there or is neither."""
    page = fetch_ok(url)
    if page is None:
        return None
    try:
        return list(entries(page.body, page.url, page.content_type))
    except NotAFeed:
        return None


def named_sitemaps(origin: str) -> tuple[list[str], bool]:
    """The sitemaps robots.txt names at `origin` (scheme://host), or [origin/sitemap.xml]
    when it names none, as a crawl asks for them; and whether robots.txt named them."""
    named = Politeness.sitemaps(origin)
    return (named, True) if named else ([origin + "/sitemap.xml"], False)


def read_sitemap(url: str, nested: int | None = None) -> list[Entry] | None:
    """The entries of a sitemap and of the sitemaps its index names, their own indexes too
    (`nested`: at most that many of those read, None: all of them, as a crawl reads them);
    None when `url` is not there or is no sitemap. Each nested sitemap is read once: two
    indexes that name each other end."""
    found = listed(url)
    if found is None:
        return None
    seen = {url}
    queue = [e.url for e in found if e.index]
    while queue and (nested is None or len(seen) <= nested):
        if (next_url := queue.pop(0)) in seen:
            continue
        seen.add(next_url)
        more = listed(next_url) or []
        found += more
        queue += [e.url for e in more if e.index]
    return found
