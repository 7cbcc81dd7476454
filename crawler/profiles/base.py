"""A CMS-family profile: which URLs of a site are articles, which are lists to walk.

Crawling decides *what* to fetch and nothing else; a profile is the shared knowledge of one
CMS family, written once and used by every site on that CMS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler.list_api import ListApi


def compile_all(patterns: tuple[str, ...] | list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


@dataclass(frozen=True)
class Profile:
    name: str
    # Regular expressions searched in a URL's path and query ("/news/shownews.php?id=3").
    articles: tuple[str, ...]
    listings: tuple[str, ...]
    # (pattern, replacement) applied to links before they are requested: aliases of one page.
    rewrites: tuple[tuple[str, str], ...] = ()
    # Read the sitemaps that robots.txt declares.
    sitemaps: bool = False
    # The server reads paths without regard to case (IIS: SharePoint): a link's path is
    # compared and asked for in lower case, so that /News/Pages/A.aspx and /news/pages/a.aspx
    # are one page. The patterns see the lower-case path too.
    fold_case: bool = False
    # A regular expression searched in the page's <meta name="generator"> content: a CMS whose
    # URL shapes are any site's (Ghost's /<slug>/) is chosen by `sites probe` only for a page
    # that names it (candidates).
    generator: str = ""
    # Paths the CMS answers at beside a page's own URL (Drupal's /node/N beside its alias): a
    # page fetched at one whose <link rel="canonical"> names an article URL of the site is
    # that URL's page, stored under it as if redirected (crawler/spiders/system_paths.py).
    system_paths: tuple[str, ...] = ()
    # The CMS's news widget fills its list from a JSON endpoint (crawler.list_api): the crawl
    # asks for the list's pages as the widget does (ischool's site_news widget).
    list_api: ListApi | None = None

    def at_system_path(self, url: str) -> bool:
        path = urlsplit(url).path or "/"
        return any(re.search(pattern, path) for pattern in self.system_paths)


def candidates(profiles, generator: str) -> list[Profile]:
    """The profiles a probe may choose for a page whose generator meta says `generator`:
    those that name no generator, and those whose generator it matches."""
    return [p for p in profiles if not p.generator or re.search(p.generator, generator)]
