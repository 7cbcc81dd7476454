"""`schoolnews crawl --dry-run SLUG`: what a crawl of the site would follow, storing nothing.

Fetches the start pages (and the feeds the registry names or the pages advertise) and sorts
every link into article / listing / not followed, as the spider would.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from rich.console import Console
from rich.markup import escape
from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor

from crawler.documents import linked, note
from crawler.feeds import Entry, NotAFeed, entries, feed_links
from crawler.fetch import FetchError, canonical_link, fetch, fetch_each
from crawler.load_more import describe as loads_more
from crawler.load_more import scripted_list
from crawler.other_hosts import describe, elsewhere
from crawler.outcome import EXIT_OK, EXIT_SITE_PROBLEM
from crawler.page_links import app_shell, firewall_page, frame_links, page_links
from crawler.probe_lists import widget_stories
from crawler.registry import Site
from crawler.sitemaps import named_sitemaps, read_sitemap
from crawler.spiders.pager import script_pages
from crawler.spiders.postback import has_form, postback_pager

SHOWN = 15  # links printed per kind and page; the rest are counted
RANK = ("article", "listing", "not followed")


def classify_links(site: Site, response) -> dict[str, list[str]]:
    """{'article': [...], 'listing': [...], 'not followed': [...]} for a page's links: their
    canonical URLs (as a crawl asks for them), each once, classified as the site wrote them."""
    kinds: dict[str, list[str]] = defaultdict(list)
    if not isinstance(response, HtmlResponse):
        return kinds
    extractor = LinkExtractor(unique=True, deny_extensions=())  # page_links.denied
    # One URL, one line: a menu's href="#" is the page itself, WordPress's "Continue reading"
    # (#more-12) its headline's post. Of two links to one URL, the one a pattern knows counts.
    found: dict[str, str] = {}
    for link in page_links(extractor, response):
        url = canonical_link(site, link.url)
        kind = site.classify(link.url) or "not followed"
        if url not in found or RANK.index(kind) < RANK.index(found[url]):
            found[url] = kind
    for url, kind in found.items():
        kinds[kind].append(url)
    return kinds


def entry_articles(site: Site, found: list[Entry]) -> list[str]:
    """The canonical URLs of the articles a feed's or sitemap's entries name, each once."""
    # A feed's item is a story whatever its URL's shape, as the crawl takes it; a sitemap's
    # entry (every page of a site) only where the patterns say so.
    urls = [
        canonical_link(site, e.url)
        for e in found
        if not e.index and site.classify(e.url, "article" if e.story else None) == "article"
    ]
    return list(dict.fromkeys(urls))


def feed_articles(site: Site, feed_url: str) -> tuple[list[str], str | None]:
    """The article URLs a feed or sitemap names, or the one-line reason it gave none."""
    try:
        fetched = fetch(feed_url)
        if fetched.status != 200:
            return [], f"HTTP {fetched.status}"
        found = list(entries(fetched.body, fetched.url, fetched.content_type))
    except (FetchError, NotAFeed) as reason:
        return [], str(reason)
    return entry_articles(site, found), None


def sitemap_articles(site: Site, console: Console) -> list[str]:
    """The article URLs of the sitemaps a crawl of the site reads (when its entry or profile
    turns `sitemaps` on): robots.txt's, else /sitemap.xml, and those their indexes name."""
    if not site.sitemaps:
        return []
    articles: list[str] = []
    origins = dict.fromkeys("{0.scheme}://{0.netloc}".format(urlsplit(u)) for u in site.start_urls)
    for origin in origins:
        urls, named = named_sitemaps(origin)
        for url in urls:
            found = read_sitemap(url)
            if found is None:
                why = "robots.txt names it" if named else "robots.txt names no sitemap"
                console.print(
                    f"[bold]sitemap {escape(url)}[/bold]: not there or no sitemap ({why})"
                )
                continue
            listed = entry_articles(site, found)
            nested = len({e.url for e in found if e.index})
            index = f" (an index: {nested} sitemaps read)" if nested else ""
            console.print(f"[bold]sitemap {escape(url)}[/bold]{index}: {len(listed)} article links")
            articles += listed
    return list(dict.fromkeys(articles))


def _frames(site: Site, response) -> list:
    """(page, response) of the pages a start page shows in its frames, which a crawl follows
    as part of it (a frameset home page has no link of its own)."""
    frames = [u for u in frame_links(response) if site.allows_host(u)]
    return [(page, page.response()) for _, page in fetch_each(frames) if page.status < 400]


def _show_links(site: Site, console: Console, page, response) -> dict[str, list[str]]:
    """Print the page's links by class; its links by class."""
    kinds = classify_links(site, response)
    console.print(f"[bold]{escape(page.url)}[/bold] ({page.status})")
    for kind in RANK:
        urls = kinds.get(kind, [])
        console.print(f"  {kind}: {len(urls)}")
        for link in urls[:SHOWN]:
            console.print(f"    {escape(link)}", soft_wrap=True)
        if len(urls) > SHOWN:
            console.print(f"    … and {len(urls) - SHOWN} more")
    if postback_pager(response) and has_form(response):
        console.print("  next pages: by posting its form back (ASP.NET pager), as a crawl does")
    if written := script_pages(response)[1]:
        console.print(f"  next pages: {len(written)} its pager's script writes, as a crawl reads")
    return kinds


def _loads_more(site: Site, page, response, articles: list[str]) -> list[str]:
    """The line a start page that loads its older stories by script ("Load more", no pager)
    gets, if it does and links articles (crawler.load_more), said unless the feeds and
    sitemaps read list more articles than the start pages link."""
    said = scripted_list(response, lambda u: (canonical_link(site, u), site.classify(u)))
    if not said or not articles:
        return []
    return [loads_more(page.url, said, len(articles), crawl=False)]


def _start_page(site: Site, console: Console, url: str):
    """The start page fetched, or None with the reason printed."""
    try:
        fetched = fetch(url)
    except FetchError as reason:
        console.print(f"[red]start page unreachable: {escape(str(reason))}[/red]")
        return None
    if fetched.status >= 400:
        console.print(f"[red]start page {fetched.status}: {escape(url)}[/red]")
        return None
    if not site.allows_host(fetched.url):  # as the crawl says: its offsite filter drops it
        console.print(
            f"[red]start page {escape(url)} redirects to {escape(fetched.url)}, outside "
            f"allowed_domains {escape(str(list(site.allowed_domains)))}: start there, or "
            "add its host to allowed_domains[/red]"
        )
        return None
    return fetched


@dataclass
class StartPages:
    """What the start pages (and their frames) link and advertise."""

    articles: list[str] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    shells: list[tuple[str, str]] = field(default_factory=list)  # drawn by JavaScript: URL, why
    scripted: list[str] = field(default_factory=list)  # a list loads more by script: the note
    pages: list[str] = field(default_factory=list)  # the pages read: a news widget's, maybe


def _read_start_pages(site: Site, console: Console) -> StartPages:
    read = StartPages(feeds=list(site.feeds))
    unfollowed: list[str] = []  # for story pages on other hosts
    documents: dict[str, list[str]] = {}  # page: the documents it links (crawler.documents)
    for url in site.start_urls:
        if (fetched := _start_page(site, console, url)) is None:
            continue
        response = fetched.response()
        if wall := firewall_page(response):
            read.shells.append((fetched.url, f"{wall}: ask the site to let the crawler through"))
        elif shell := app_shell(response):
            read.shells.append((fetched.url, f"{shell}: its links are not in its HTML"))
        pages = [(fetched, response), *_frames(site, response)]
        for page, page_response in pages:
            kinds = _show_links(site, console, page, page_response)
            read.scripted += _loads_more(site, page, page_response, kinds.get("article", []))
            read.articles += kinds.get("article", [])
            read.listings += kinds.get("listing", [])
            read.pages.append(page.url)
            unfollowed += kinds.get("not followed", [])
            documents[page.url] = linked(page_response)
            read.feeds += [f for f in feed_links(page_response) if f not in read.feeds]
    for other in elsewhere(site, unfollowed):  # any two: a start page shows a column's newest
        console.print(f"[yellow]{escape(describe(site, other, 'the start pages'))}[/yellow]")
    if said := note(documents, "the start pages"):
        console.print(f"[yellow]{escape(said)}[/yellow]")
    return read


def _feeds_articles(site: Site, console: Console, feeds: list[str]) -> list[str]:
    articles: list[str] = []
    for feed in feeds:
        found, problem = feed_articles(site, feed)
        console.print(
            f"[bold]feed {escape(feed)}[/bold]: "
            + (f"[red]{escape(problem)}[/red]" if problem else f"{len(found)} article links")
        )
        articles += found
    return articles


LIST_PAGES = 3  # list pages read when the start pages, feeds and sitemaps name no article


def _list_pages_articles(site: Site, listings: list[str]) -> list[str]:
    """The article links of the first list pages the start pages link, when nothing else
    names an article: a home page that links only its news page (Google Sites' /news) is no
    site a crawl would end empty on, as the dry run said."""
    articles: list[str] = []
    for _, page in fetch_each(list(dict.fromkeys(listings))[:LIST_PAGES]):
        if page.status < 400:
            articles += classify_links(site, page.response()).get("article", [])
    return list(dict.fromkeys(articles))


def _widget_articles(site: Site, pages: list[str]) -> list[str]:
    """The article links the first page of these pages' news widgets' lists names."""
    stories = widget_stories(pages, [site.profile])[0]
    return [canonical_link(site, u) for u in stories if site.classify(u) == "article"]


def dry_run(site: Site, console: Console) -> int:
    read = _read_start_pages(site, console)
    sources = {
        "the start pages": set(read.articles),
        "the feeds": set(_feeds_articles(site, console, read.feeds)),
        "the sitemaps": set(sitemap_articles(site, console)),
        # ischool's frames: their lists' first pages, asked for as the crawl asks (list_api)
        "the news widgets' lists": set(_widget_articles(site, read.pages)),
    }
    if not any(sources.values()) and read.listings:
        sources["the list pages"] = set(_list_pages_articles(site, read.listings))
    articles = set().union(*sources.values())
    listed = sources["the feeds"] | sources["the sitemaps"]
    for line in read.scripted[:1] if len(listed) <= len(set(read.articles)) else []:
        console.print(f"[yellow]{escape(line)}[/yellow]")  # as the crawl's note
    if not articles:
        why = "; ".join(f"{url} {shell}" for url, shell in read.shells)
        why = f" ({why})" if why else ""
        console.print(
            f"[red]{site.slug}: no article link found{escape(why)}: a crawl would end empty[/red]"
        )
        return EXIT_SITE_PROBLEM
    # Where they come from: a sitemap names the start pages' newest stories too (each counted
    # once in the total), and lists the older ones no start page links.
    where = ", ".join(f"{len(urls)} from {name}" for name, urls in sources.items() if urls)
    lists = len(set(read.listings))
    more = f" (the {lists} list page{'s add' if lists > 1 else ' adds'} more)" if lists else ""
    console.print(
        f"{site.slug}: {len(articles)} article links would be followed ({where}; each "
        f"URL once{_system_paths(site, articles)}){more}; nothing was stored"
    )
    return EXIT_OK


def _system_paths(site: Site, articles: set[str]) -> str:
    """What the count says of links at a CMS's system paths (Drupal's /node/N, a feed's
    items): each is a story the links at its alias name too, stored once, under the alias."""
    if not (at := sum(site.profile.at_system_path(url) for url in articles)):
        return ""
    return f"; {at} of them at system paths, stored under their aliases: a story may count twice"
