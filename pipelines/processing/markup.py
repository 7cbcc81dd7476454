"""What a page's own markup says it is: og:type, JSON-LD @type, article meta tags, and
when it says it was published.

Publishers mark articles for search engines and social cards; that markup is evidence the
page-kind decision weighs with the text's shape, never alone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from lxml import html as lxml_html

_ARTICLE_TYPES = re.compile(
    r"^(?:\w*Article|BlogPosting|Report|LiveBlogPosting|PressRelease|Review|Recipe|"
    r"SocialMediaPosting|HowTo)$"
)
_LIST_TYPES = re.compile(
    r"^(?:CollectionPage|ItemList|SearchResultsPage|OfferCatalog|"
    r"ProductCollection|Blog|CategoryPage)$"
)
_TYPE = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')
_DATE_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]*)"')


@dataclass(frozen=True)
class Markup:
    article: bool = False  # og:type article, an Article-like JSON-LD type, article meta tags
    listing: bool = False  # JSON-LD CollectionPage / ItemList / SearchResultsPage
    og_type: str = ""  # og:type as given ("article", "website", …), lower case
    # When the page says it was published, as written (ISO 8601): article:published_time,
    # microdata's or JSON-LD's datePublished; never a modified or updated time.
    published: str = ""


def _jsonld(tree: lxml_html.HtmlElement) -> list[str]:
    return [
        script.text or ""
        for script in tree.iter("script")
        if (script.get("type") or "").strip().lower() == "application/ld+json"
    ]


def _jsonld_types(scripts: list[str]) -> set[str]:
    found: set[str] = set()
    for script in scripts:
        for match in _TYPE.finditer(script):
            try:
                value = json.loads(match.group(1))
            except ValueError:
                continue
            found.update(
                v for v in ([value] if isinstance(value, str) else value) if isinstance(v, str)
            )
    return found


def _meta(tree: lxml_html.HtmlElement, key: str) -> str:
    for meta in tree.iter("meta"):
        if key in ((meta.get("property") or "").lower(), (meta.get("name") or "").lower()):
            return (meta.get("content") or "").strip().lower()
    return ""


def _published(tree: lxml_html.HtmlElement, scripts: list[str]) -> str:
    """The first publication time the page declares: its article:published_time, else an
    element's itemprop datePublished, else the first JSON-LD datePublished."""
    if declared := _meta(tree, "article:published_time"):
        return declared
    for element in tree.xpath("//*[@itemprop='datePublished']"):
        if declared := (element.get("content") or element.get("datetime") or "").strip():
            return declared
    return next((m.group(1) for s in scripts if (m := _DATE_PUBLISHED.search(s))), "")


def read_markup(tree: lxml_html.HtmlElement) -> Markup:
    scripts = _jsonld(tree)
    types = _jsonld_types(scripts)
    # Only the page's main entity counts: the first JSON-LD type of a kind, and the meta tags.
    article = (
        _meta(tree, "og:type") == "article"
        or bool(_meta(tree, "article:published_time"))
        or any(_ARTICLE_TYPES.match(t) for t in types)
    )
    listing = any(_LIST_TYPES.match(t) for t in types)
    return Markup(
        article=article,
        listing=listing,
        og_type=_meta(tree, "og:type"),
        published=_published(tree, scripts),
    )
