"""The site as a probe's trial crawl sees it: a crawl's entry, taking the links to every
host of the start URL's domain."""

from __future__ import annotations

from urllib.parse import urlsplit

from courlan import extract_domain

from crawler.profiles import Profile
from crawler.registry import Site


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
