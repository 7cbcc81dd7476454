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
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
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
    h1_words: float = 0.0  # log2(1 + words of the first <h1>): a headline, not "News"
    time_tags: float = 0.0  # log2(1 + <time> elements): a list dates every item
    card_text: float = 0.0  # share of the body's text inside that largest group of cards
    long_lines: float = 0.0  # share of the kept text in lines of 300+ characters (paragraphs)
    item_share: float = 0.0  # share of the kept lines that are item links
    link_text_share: float = 0.0  # share of the kept text's characters inside link texts
    long_prose: float = 0.0  # log2 of the longest prose run (characters) / 1000, clipped to ±3


# Fitted by `bench/page_kind_fit.py --signals` on the dev sets (1,223 article, listing and
# collection pages): logistic regression on standardised features, L2 0.03, mapped back to raw
# features. THRESHOLD is the highest article score of the dev sets plus 0.1: no dev article lost.
WEIGHTS = {
    "ld_article": -1.36, "ld_listing": 1.20, "url_listing": 3.28, "url_pagination": 0.43,
    "url_root": 0.46, "url_leaf": -1.44, "cards": 0.44, "heading_links": 0.01, "one_h1": 0.22,
    "h1_words": -0.52, "time_tags": -0.07, "card_text": 0.80, "long_lines": -0.31,
    "item_share": -0.18, "link_text_share": 4.49, "long_prose": -0.53,
}
BIAS = -0.21
THRESHOLD = 1.32  # odds of about 4 to 1 that this is a listing, above every dev article
# Shortness is no evidence on its own (a three-line notice is an article): the markup, URL,
# layout or links must say "listing" with at least this much of the score.
MIN_EVIDENCE = 1.0


def _url_signals(url: str) -> dict[str, float]:
    try:
        parts = urlsplit(url)
    except ValueError:
        return {}
    if not parts.netloc:  # no URL known (a file): the URL says nothing
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


def _largest_card_group(tree: lxml_html.HtmlElement) -> tuple[int, int]:
    """(the most sibling blocks of one tag and class that each hold a headline-sized link,
    the characters of text in them)."""
    best, best_text = 0, 0
    for parent in tree.iter():
        children = [c for c in parent if isinstance(c.tag, str)]
        if len(children) < 3:
            continue
        shapes = Counter((c.tag, (c.get("class") or "").strip()) for c in children
                         if c.tag not in ("a", "br", "option", "script", "style"))
        for shape, count in shapes.most_common(1):
            if count < 3 or count <= best:
                continue
            cards = [c for c in children if (c.tag, (c.get("class") or "").strip()) == shape
                     and _headline_link(c)]
            if len(cards) > best:
                best = len(cards)
                best_text = sum(len(_WS.sub(" ", c.text_content())) for c in cards)
    return best, best_text


def layout_signals(tree: lxml_html.HtmlElement, url: str, markup: Markup) -> dict[str, float]:
    """What the markup, URL and layout say, read before trafilatura prunes the tree."""
    heading_links = sum(1 for tag in ("h2", "h3", "h4") for h in tree.iter(tag)
                        if h.find(".//a") is not None)
    h1s = list(tree.iter("h1"))
    cards, card_chars = _largest_card_group(tree)
    body = tree.find(".//body")
    body_chars = len(_WS.sub(" ", (body if body is not None else tree).text_content()))
    h1 = h1s[0].text_content() if h1s else ""
    h1_words = max(len(h1.split()), len(_HAN.findall(h1)) // 2)  # two Han characters a word
    return {
        "h1_words": math.log2(1 + min(h1_words, 40)),
        "time_tags": math.log2(1 + sum(1 for _ in tree.iter("time"))),
        "ld_article": float(markup.article), "ld_listing": float(markup.listing),
        **_url_signals(url),
        "cards": math.log2(1 + cards),
        "card_text": min(1.0, card_chars / max(body_chars, 1)),
        "heading_links": math.log2(1 + heading_links),
        "one_h1": float(len(h1s) == 1),
    }


def signals(layout: dict[str, float], lines: list[str], anchors: set[str],
            item_share: float, longest_run: int) -> Signals:
    text = "\n".join(lines)
    linked = sum(len(a) * text.count(a) for a in anchors if a in text)
    long_chars = sum(len(line) for line in lines if len(line) >= 300)
    return Signals(**layout, item_share=item_share,
                   long_lines=long_chars / max(len(text), 1),
                   link_text_share=min(1.0, linked / max(len(text), 1)),
                   long_prose=max(-3.0, min(3.0, math.log2(max(longest_run, 1) / 1000))))


def score(found: Signals) -> float:
    return BIAS + sum(WEIGHTS[name] * value for name, value in asdict(found).items())


def listing_reason(found: Signals) -> str | None:
    """Why this page is a listing, when the evidence is strong; None keeps it."""
    value = score(found)
    parts = sorted(((WEIGHTS[k] * v, k) for k, v in asdict(found).items()
                    if WEIGHTS[k] * v > 0), reverse=True)
    evidence = sum(part for part, name in parts if name != "long_prose")
    if value < THRESHOLD or evidence < MIN_EVIDENCE:
        return None
    return f"a listing page (score {value:.1f}: " + ", ".join(k for _, k in parts[:3]) + ")"
