"""The PageItem a fetched page is stored as, and under which URL.

A page's URL is where it was answered after its redirects. A CMS that answers one page at a
system path beside its alias (Drupal's /node/12 beside /news/college-signs-partnership, the
profile's `system_paths`) without redirecting names the alias in its `<link rel="canonical">`:
such a page, fetched at the system path, is stored under the alias it names, as the Redirect
module's 301 would have had it, so that a story linked both ways is one page and one document,
not two. Only an alias the site takes for an article: a canonical link to the home page (a
theme's mistake) or to a page of a shape no pattern knows leaves the page where it was
answered, an article kept as before.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from scrapy.http import HtmlResponse, Response

from crawler.items import PageItem, response_headers

if TYPE_CHECKING:
    from crawler.registry import Site

Target = Callable[[str], "tuple[str, str | None]"]  # a link's canonical URL and class
_CANONICAL = "//head/link[translate(@rel, 'CANOIL', 'canoil')='canonical']/@href"


def page_item(site: Site, response: Response, kind: str, target: Target) -> PageItem:
    """The item of a fetched page: its final URL (after redirects, or the alias a system
    path's canonical link names) and the URL first asked for."""
    redirects = response.meta.get("redirect_urls") or [response.url]
    declared = declared_url(site, response, target) if kind == "article" else None
    return PageItem(
        site=site.slug,
        url=declared or response.url,
        requested_url=redirects[0],
        kind=kind,
        status=response.status,
        headers=response_headers(response),
        body=response.body,
        fetched_at=datetime.now(UTC),
    )


def declared_url(site: Site, response: Response, target: Target) -> str | None:
    """The article URL of the site a page answered at a system path names as its own, or None."""
    if not isinstance(response, HtmlResponse) or response.status != 200:
        return None
    if not site.profile.at_system_path(response.url):
        return None
    href = (response.xpath(_CANONICAL).get() or "").strip()
    if not href:
        return None
    url, kind = target(urljoin(response.url, href))
    if kind != "article" or url == response.url or not site.allows_host(url):
        return None
    return url
