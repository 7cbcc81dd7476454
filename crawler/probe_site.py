"""The site as a probe's trial crawl sees it: a crawl's entry, taking the links to every
host of the start URL's domain; and the next page of a list it reads, as a crawl walks it."""

from __future__ import annotations

from urllib.parse import urlsplit

from courlan import extract_domain

from crawler.fetch import canonical_link
from crawler.profiles import Profile
from crawler.registry import Site
from crawler.spiders.pager import pager_walk, sibling_pages


def site_domain(url: str) -> str:
    """The domain a school's hosts share (www.x.edu.cn and its news at xww.x.edu.cn: x.edu.cn,
    by the public suffix list), else the URL's host (an IP, localhost)."""
    return extract_domain(url) or urlsplit(url).hostname or ""


def trial_site(
    profile: Profile,
    url: str,
    slug: str = "probe",
    name: str = "",
    articles: tuple = (),
    listings: tuple = (),
) -> Site:
    """The site as a crawl would see it, but taking the links to every host of its domain: a
    school's home page often links its news on a host of its own (xww.x.edu.cn)."""
    return Site(
        slug=slug,
        name=name or slug,
        profile=profile,
        start_urls=(url,),
        allowed_domains=(site_domain(url),),
        articles=(*profile.articles, *articles),
        listings=(*profile.listings, *listings),
        sitemaps=profile.sitemaps,
    )


def next_page(site: Site, response) -> list[str]:
    """The next page of the page's own pager, as a crawl walks it (spiders.pager), if any; or,
    by its text, the page its pager leads on to (pager_walk) when that has another shape: the
    "<< Previous" of Weebly's /news.html is /news/previous/2, its older posts."""

    def target(url: str) -> tuple[str, str | None]:
        return canonical_link(site, url), site.classify(url)

    nexts, every = sibling_pages(response, target)
    if nexts or every:
        return (nexts or every)[:1]

    def unknown(url: str) -> tuple[str, str | None]:  # a page no pattern knows: a list's
        canonical, kind = target(url)
        return canonical, "listing" if kind is None and site.allows_host(canonical) else kind

    return sorted(pager_walk(response, unknown)[0])[:1]
