"""What a page's own markup says it is: og:type, JSON-LD @type, article meta tags.

Publishers mark articles for search engines and social cards; that markup is evidence the
page-kind decision weighs with the text's shape, never alone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from lxml import html as lxml_html

from . import list_forms

_ARTICLE_TYPES = re.compile(
    r"^(?:\w*Article|BlogPosting|Report|LiveBlogPosting|PressRelease|Review|Recipe|"
    r"SocialMediaPosting|HowTo)$"
)
_LIST_TYPES = re.compile(
    r"^(?:CollectionPage|ItemList|SearchResultsPage|OfferCatalog|"
    r"ProductCollection|Blog|CategoryPage)$"
)
_TYPE = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')


@dataclass(frozen=True)
class Markup:
    article: bool = False  # og:type article, an Article-like JSON-LD type, article meta tags
    listing: bool = False  # JSON-LD CollectionPage / ItemList / SearchResultsPage
    og_type: str = ""  # og:type as given ("article", "website", …), lower case
    record: bool = False  # one list item's form (SharePoint's DispForm: list_forms): no listing


def _jsonld_types(tree: lxml_html.HtmlElement) -> set[str]:
    found: set[str] = set()
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        for match in _TYPE.finditer(script.text or ""):
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


def read_markup(tree: lxml_html.HtmlElement) -> Markup:
    types = _jsonld_types(tree)
    # Only the page's main entity counts: the first JSON-LD type of a kind, and the meta tags.
    article = (
        _meta(tree, "og:type") == "article"
        or bool(_meta(tree, "article:published_time"))
        or any(_ARTICLE_TYPES.match(t) for t in types)
    )
    listing = any(_LIST_TYPES.match(t) for t in types)
    og_type = _meta(tree, "og:type")
    return Markup(article, listing, og_type, list_forms.is_record(tree))
