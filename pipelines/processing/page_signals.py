"""Is a page that passed `page_kind` still a listing? A small score over its own features.

`page_kind` rejects pages whose text is mostly link lines with no prose; real listing and
collection pages often slip through it (card grids with teaser sentences, section roots with an
intro paragraph). What gives them away together: the markup (JSON-LD CollectionPage, no
Article), the URL (a section root, `/category/`, `?page=2` rather than a slug or dated leaf),
the layout (many sibling cards, each with a heading-sized link; several heading links and no
single `<h1>` story) and the text (a large share of it is link text, no long prose run).

The weights come from `bench/page_kind_fit.py` (logistic fit on the shared dev sets as a whole,
never page by page); a page is rejected only when the score is far above zero, because an
article lost is worse than a listing kept.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from lxml import html as lxml_html

from .markup import Markup

_WS = re.compile(r"\s+")
_LISTING_PATH = re.compile(
    r"/(?:category|categories|tag|tags|topics?|archives?|section|sections|author|authors|"
    r"search|list|lists|issues|collections?|all|latest|news|blog|blogs|events|programs?|"
    r"courses?|resources)/?$|/page/\d+/?$",
    re.I,
)
_PAGINATION = re.compile(r"(?:[?&](?:page|p|pg|start|offset)=\d+)|/page/\d+", re.I)
_DATED_PATH = re.compile(r"/(?:19|20)\d\d/\d{1,2}(?:/\d{1,2})?/|/(?:19|20)\d\d-\d\d-\d\d")
_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+){3,}", re.I)  # four or more words
_NUMERIC_ID = re.compile(r"\d{4,}")


@dataclass(frozen=True)
class Signals:
    """Features of a page, each a number; names are the keys of WEIGHTS."""

    ld_article: float = 0.0  # og:type article / Article-like JSON-LD / article:published_time
    ld_listing: float = 0.0  # JSON-LD CollectionPage / ItemList / SearchResultsPage
    url_listing: float = 0.0  # /category/, /tag/, /news/, /page/2 … as the path's last part
    url_pagination: float = 0.0
    url_root: float = 0.0  # a short path ending in "/" (a section root), or no path at all
    url_leaf: float = 0.0  # a slug of four words or more, a numeric ID or a dated path
    cards: float = 0.0  # log2 of the largest group of sibling blocks holding a headline link
    heading_links: float = 0.0  # log2(1 + h2/h3/h4 that hold a link)
    one_h1: float = 0.0  # exactly one <h1>
    item_share: float = 0.0  # share of the kept lines that are item links
    link_text_share: float = 0.0  # share of the kept text's characters inside link texts
    long_prose: float = 0.0  # log2 of the longest prose run (characters) / 1000, clipped to ±3


# Fitted by bench/page_kind_fit.py (see its output for the table that chose them).
WEIGHTS = {
    "ld_article": -2.0, "ld_listing": 2.0, "url_listing": 1.5, "url_pagination": 1.5,
    "url_root": 1.0, "url_leaf": -1.5, "cards": 0.4, "heading_links": 0.3, "one_h1": -0.5,
    "item_share": 2.0, "link_text_share": 2.0, "long_prose": -1.5,
}
BIAS = -2.0
THRESHOLD = 3.0  # reject only when the score is this far above zero (odds about 20 to 1)


def _url_signals(url: str) -> dict[str, float]:
    try:
        parts = urlsplit(url)
    except ValueError:
        return {}
    path = parts.path or "/"
    segments = [s for s in path.split("/") if s]
    last = segments[-1] if segments else ""
    leaf = bool(_SLUG.fullmatch(re.sub(r"\.\w{2,5}$", "", last)) or _NUMERIC_ID.search(last)
                or _DATED_PATH.search(path))
    return {
        "url_listing": float(bool(_LISTING_PATH.search(path))),
        "url_pagination": float(bool(_PAGINATION.search(path + "?" + parts.query))),
        "url_root": float(not segments or (path.endswith("/") and len(segments) <= 2 and not leaf)),
        "url_leaf": float(leaf),
    }


def _headline_link(element: lxml_html.HtmlElement) -> bool:
    for anchor in element.iter("a"):
        words = len(_WS.sub(" ", anchor.text_content()).split())
        if 3 <= words <= 25 and anchor.get("href"):
            return True
    return False


def _largest_card_group(tree: lxml_html.HtmlElement) -> int:
    """The most sibling blocks of one tag and class that each hold a headline-sized link."""
    best = 0
    for parent in tree.iter():
        children = [c for c in parent if isinstance(c.tag, str)]
        if len(children) < 3:
            continue
        shapes = Counter((c.tag, (c.get("class") or "").strip()) for c in children
                         if c.tag not in ("a", "br", "option", "script", "style"))
        for shape, count in shapes.most_common(1):
            if count < 3 or count <= best:
                continue
            holding = sum(1 for c in children if (c.tag, (c.get("class") or "").strip()) == shape
                          and _headline_link(c))
            best = max(best, holding)
    return best


def layout_signals(tree: lxml_html.HtmlElement, url: str, markup: Markup) -> dict[str, float]:
    """What the markup, URL and layout say, read before trafilatura prunes the tree."""
    heading_links = sum(1 for tag in ("h2", "h3", "h4") for h in tree.iter(tag)
                        if h.find(".//a") is not None)
    return {
        "ld_article": float(markup.article), "ld_listing": float(markup.listing),
        **_url_signals(url),
        "cards": math.log2(1 + _largest_card_group(tree)),
        "heading_links": math.log2(1 + heading_links),
        "one_h1": float(sum(1 for _ in tree.iter("h1")) == 1),
    }


def signals(layout: dict[str, float], lines: list[str], anchors: set[str],
            item_share: float, longest_run: int) -> Signals:
    text = "\n".join(lines)
    linked = sum(len(a) * text.count(a) for a in anchors if a in text)
    return Signals(**layout, item_share=item_share,
                   link_text_share=min(1.0, linked / max(len(text), 1)),
                   long_prose=max(-3.0, min(3.0, math.log2(max(longest_run, 1) / 1000))))


def score(found: Signals) -> float:
    return BIAS + sum(WEIGHTS[name] * value for name, value in asdict(found).items())


def listing_reason(found: Signals) -> str | None:
    """Why this page is a listing, when the evidence is strong; None keeps it."""
    value = score(found)
    if value < THRESHOLD:
        return None
    top = sorted(((WEIGHTS[k] * v, k) for k, v in asdict(found).items() if WEIGHTS[k] * v > 0),
                 reverse=True)[:3]
    return f"a listing page (score {value:.1f}: " + ", ".join(k for _, k in top) + ")"
