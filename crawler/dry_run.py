"""`schoolnews crawl --dry-run SLUG`: what a crawl of the site would follow, storing nothing.

Fetches the start pages (and the feeds the registry names or the pages advertise) and sorts
every link into article / listing / not followed, as the spider would.
"""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.markup import escape
from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor
from w3lib.url import canonicalize_url

from crawler.feeds import NotAFeed, entries, feed_links
from crawler.fetch import FetchError, fetch
from crawler.outcome import EXIT_OK, EXIT_SITE_PROBLEM
from crawler.page_links import page_links
from crawler.registry import Site
from crawler.spiders.site import DENY_EXTENSIONS

SHOWN = 15  # links printed per kind and page; the rest are counted


def classify_links(site: Site, response) -> dict[str, list[str]]:
    """{'article': [...], 'listing': [...], 'not followed': [...]} for a page's links."""
    kinds: dict[str, list[str]] = defaultdict(list)
    if not isinstance(response, HtmlResponse):
        return kinds
    extractor = LinkExtractor(unique=True, deny_extensions=DENY_EXTENSIONS)
    for link in page_links(extractor, response):
        url = site.canonical(canonicalize_url(link.url))
        kinds[site.classify(url) or "not followed"].append(url)
    return kinds


def feed_articles(site: Site, feed_url: str) -> tuple[list[str], str | None]:
    """The article URLs a feed or sitemap names, or the one-line reason it gave none."""
    try:
        fetched = fetch(feed_url)
        if fetched.status != 200:
            return [], f"HTTP {fetched.status}"
        urls = [site.canonical(canonicalize_url(e.url)) for e in entries(fetched.body, fetched.url)]
    except (FetchError, NotAFeed) as reason:
        return [], str(reason)
    return [u for u in urls if site.classify(u) == "article"], None


def dry_run(site: Site, console: Console) -> int:
    articles: set[str] = set()
    feeds = list(site.feeds)
    for url in site.start_urls:
        try:
            fetched = fetch(url)
        except FetchError as reason:
            console.print(f"[red]start page unreachable: {escape(str(reason))}[/red]")
            continue
        if fetched.status >= 400:
            console.print(f"[red]start page {fetched.status}: {escape(url)}[/red]")
            continue
        response = fetched.response()
        kinds = classify_links(site, response)
        console.print(f"[bold]{escape(fetched.url)}[/bold] ({fetched.status})")
        for kind in ("article", "listing", "not followed"):
            urls = kinds.get(kind, [])
            console.print(f"  {kind}: {len(urls)}")
            for link in urls[:SHOWN]:
                console.print(f"    {escape(link)}", soft_wrap=True)
            if len(urls) > SHOWN:
                console.print(f"    … and {len(urls) - SHOWN} more")
        articles.update(kinds.get("article", []))
        feeds += [f for f in feed_links(response) if f not in feeds]
    for feed in feeds:
        found, problem = feed_articles(site, feed)
        console.print(
            f"[bold]feed {escape(feed)}[/bold]: "
            + (f"[red]{escape(problem)}[/red]" if problem else f"{len(found)} article links")
        )
        articles.update(found)
    if not articles:
        console.print(f"[red]{site.slug}: no article link found: a crawl would end empty[/red]")
        return EXIT_SITE_PROBLEM
    console.print(
        f"{site.slug}: {len(articles)} article links would be followed from the "
        "start pages and feeds (list pages add more); nothing was stored"
    )
    return EXIT_OK
