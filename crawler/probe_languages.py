"""The start page in the site's other languages: a bilingual school (WordPress with Polylang,
Chinese at /, English under /en/) links its other half from the header alone, and the crawl of
an entry that starts at / reached it only through a sitemap. The probe reads those pages with
the start page; they become start URLs of the entry, their feeds its feeds."""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin

from scrapy.http import HtmlResponse

from crawler.fetch import Fetched
from crawler.probe_names import generic, title_parts

# The language a page is in, and the hreflang of "any other language", which is no page of
# its own (Polylang's x-default is the start page again).
_DEFAULT = "x-default"


def other_languages(site, response) -> list[str]:
    """The page's versions in other languages on the site's hosts: its hreflang alternates
    (<link rel="alternate" hreflang>); only if it has none, its language switcher's links that
    say their language (<a hreflang>). Links whose text alone says "English" are left out:
    on school sites they lead as often to another site or a single About page."""
    own = (response.xpath("/html/@lang").get() or "").strip().lower()
    here = urldefrag(response.url)[0]
    found = []
    for xpath in ("//link[@rel='alternate'][@hreflang]", "//a[@hreflang][@href]"):
        for node in response.xpath(xpath):
            language = (node.attrib.get("hreflang") or "").strip().lower()
            url = urldefrag(urljoin(response.url, node.attrib.get("href") or ""))[0]
            if language in ("", _DEFAULT, own) or url in (here, *found):
                continue
            if url.startswith(("http://", "https://")) and site.allows_host(url):
                found.append(url)
        if found:
            break
    return found


def said(urls: list[str]) -> str:
    """The probe's line about them."""
    return (
        f"the start page in other languages (hreflang): {', '.join(urls)}, read with it; the "
        "entry starts there too and reads their feeds"
    )


def names_elsewhere(name: str, home: Fetched, pages: list[Fetched]) -> list[str]:
    """The site's names on these pages (the start page in other languages), but `name`: each
    page's og:site_name, else the part of its <title> standing where `name` stands in the start
    page's (one template for every language: "渝东职业技术学院 – 厚德 强技 笃行 创新" and
    "Yudong Vocational and Technical College – Virtue, Skill, Practice, Innovation")."""
    parts = [part.strip() for part in title_parts(home)[0]]
    at = parts.index(name) if name in parts else None
    names: list[str] = []
    for page in pages:
        response = page.response()
        if not isinstance(response, HtmlResponse):
            continue
        own = (response.xpath("//meta[@property='og:site_name']/@content").get() or "").strip()
        theirs = [part.strip() for part in title_parts(page)[0]]
        if (not own or generic(own)) and at is not None and len(theirs) == len(parts):
            own = theirs[at]
        if own and not generic(own) and own != name and own not in names:
            names.append(own)
    return names
