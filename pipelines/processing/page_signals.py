"""Is a page that passed `page_kind` still a listing? A small score over its own features.

`page_kind` rejects pages whose text is mostly link lines with no prose; real listing and
collection pages often slip through it (card grids with teaser sentences, section roots with an
intro paragraph). What gives them away together: the markup (JSON-LD CollectionPage, no
Article), the URL (a section root, `/category/`, `?page=2` rather than a slug or dated leaf),
the layout (many sibling cards, each with a heading-sized link; several heading links and no
single `<h1>` story) and the text (a large share of it is link text, no long prose run).

The model is boosted trees over these features (page_model) plus a linear score of the page's
chrome words (page_vocab), fitted by `bench/signals_vocab.py --write` on the shared dev sets
as a whole, never page by page; a page is rejected only when the sum is far above zero,
because an article lost is worse than a listing kept.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from lxml import html as lxml_html

from . import page_model
from .cards import card_groups
from .han import han_count
from .markup import Markup
from .page_kind import resolve

_WS = re.compile(r"\s+")
_LISTING_PATH = re.compile(
    r"/(?:category|categories|tag|tags|topics?|archives?|section|sections|author|authors|"
    r"search|list|lists|issues|collections?|all|latest|news|blog|blogs|events|programs?|"
    r"courses?|resources)/?$|/page/\d+/?$",
    re.I,
)
_PAGINATION = re.compile(r"(?:[?&](?:page|p|pg|start|offset)=\d+)|/page/\d+", re.I)
# Page 2 onwards: an article's URL often carries page=1 (the list it was reached from).
_LATER_PAGE = re.compile(r"[?&](?:page|p|pg)=(?:[2-9]|[1-9]\d+)\b|/page/\d+", re.I)
_PAGED_INDEX = re.compile(r"/index_\d+\.s?html?$|/(?:search|tag|tags)\.(?:php|aspx?|jsp)$", re.I)
_DATED_PATH = re.compile(r"/(?:19|20)\d\d/\d{1,2}(?:/\d{1,2})?/|/(?:19|20)\d\d-\d\d-\d\d")
_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+){3,}", re.I)  # four or more words
_NUMERIC_ID = re.compile(r"\d{4,}")
# A shop's or a CMS's taxonomy: /collections/headphones, /category/desk-converters, /c/shoes,
# /browse/featured/clogs, /departments/tools/power-tools, /tag/school-news. Not /topics/ or
# /learn/, which guides and documentation use for pages of their own.
_TAXONOMY = re.compile(
    r"(?:category|categories|collections|c|browse|departments?|tags?|sections?|market)", re.I
)


@dataclass(frozen=True)
class Signals:
    """Features of a page, each a number (the model's inputs, by name)."""

    ld_article: float = 0.0  # og:type article / Article-like JSON-LD / article:published_time
    ld_listing: float = 0.0  # JSON-LD CollectionPage / ItemList / SearchResultsPage
    url_listing: float = 0.0  # /category/, /tag/, /news/, /page/2 … as the path's last part
    url_pagination: float = 0.0
    url_root: float = 0.0  # a short path ending in "/" (a section root), or no path at all
    url_leaf: float = 0.0  # a slug of four words or more, a numeric ID or a dated path
    url_taxonomy: float = 0.0  # /collections/X, /category/X/Y: a taxonomy term, not a story
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
    article_tags: float = 0.0  # log2(1 + <article> elements): a blog index wraps each post
    pagination: float = 0.0  # rel=next, a pager block, or "Next" / "Older posts" / "下一页" links
    read_more: float = 0.0  # log2(1 + "Read more" / "Continue reading" / "阅读全文" links)
    title_words: float = 0.0  # log2(1 + words of the <title> before its first separator)
    title_listing: float = 0.0  # the <title> names a section: "News", "Blog", "Archives", "Page 2"
    og_website: float = 0.0  # og:type says "website", not "article"
    prices: float = 0.0  # log2(1 + prices in the body text): a shop's collection
    long_paragraphs: float = 0.0  # log2(1 + <p> of 40 words or more)
    text_dates: float = 0.0  # log2(1 + dates in the kept text): a list dates every item
    text_size: float = 0.0  # log2 of the kept text's characters / 1000, clipped to ±4
    short_lines: float = 0.0  # share of the kept lines under eight words (titles, labels)
    shop_words: float = 0.0  # log2(1 + "Add to cart", "Quick view", "Sold out", "4.5 out of 5")
    headline_links: float = 0.0  # log2(1 + headline-sized links to other pages of the site)
    line_words: float = 0.0  # log2(1 + mean words (or Han characters / 2) of a kept line)
    image_links: float = 0.0  # log2(1 + links around an image: product and story cards)
    shop_marks: float = 0.0  # log2(1 + elements classed product, price, offer, cart, sku …)
    teasers: float = 0.0  # log2(1 + kept lines cut short with "..." or "…": teasers of a list
    child_links: float = 0.0  # log2(1 + distinct pages of the site linked below this URL's path)
    story_cards: float = 0.0  # log2(1 + most sibling teasers, each a headline link + words)
    story_card_text: float = 0.0  # share of the body's text in that group


# Features that say "listing" by themselves: a page is rejected only when one of them is there,
# never for being short or link-poor alone (a three-line notice is an article).
_EVIDENCE = (
    "ld_listing",
    "url_listing",
    "url_pagination",
    "pagination",
    "cards",
    "card_text",
    "link_text_share",
    "read_more",
    "title_listing",
    "article_tags",
    "prices",
    "shop_words",
    "teasers",
    "story_cards",
)


def listing_url(url: str) -> bool:
    """The URL has a shape CMSes give list pages only: a site's root, a section or tag path,
    a page number, a numbered index (DedeCMS index_2.html), a search or tag script."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if not parts.netloc:  # a file: the URL says nothing
        return False
    path = parts.path or "/"
    return bool(
        path == "/"
        or _LISTING_PATH.search(path)
        or _PAGED_INDEX.search(path)
        or _LATER_PAGE.search(path + "?" + parts.query)
    )


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
    leaf = bool(
        _SLUG.fullmatch(re.sub(r"\.\w{2,5}$", "", last))
        or _NUMERIC_ID.search(last)
        or _DATED_PATH.search(path)
    )
    return {
        "url_taxonomy": float(_taxonomy_path(segments)),
        "url_listing": float(bool(_LISTING_PATH.search(path))),
        "url_pagination": float(bool(_PAGINATION.search(path + "?" + parts.query))),
        "url_root": float(not segments or (path.endswith("/") and len(segments) <= 2 and not leaf)),
        "url_leaf": float(leaf),
    }


def _taxonomy_path(segments: list[str]) -> bool:
    """A taxonomy segment (_TAXONOMY) followed by at most two more, none a story's slug: the
    page of a category or tag, not a story filed under it (/tag/x/2026-visit-to-the-plant)."""
    for at, segment in enumerate(segments):
        if _TAXONOMY.fullmatch(segment):
            after = segments[at + 1 :]
            return len(after) <= 2 and not any(
                _SLUG.fullmatch(re.sub(r"\.\w{2,5}$", "", part)) for part in after
            )
    return False


def _child_links(tree: lxml_html.HtmlElement, url: str) -> float:
    """log2(1 + distinct pages of the same host whose path goes on below this page's path):
    /news links to /news/2024/a-story, a section to its stories; an article's own URL is a
    leaf, and pages below it are rare (5 % of dev articles have any, 29 % of the listings and
    collections the model let through). A site's root has no path to extend: 0."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return 0.0
    base = parts.path.rstrip("/")
    if not parts.netloc or not base:
        return 0.0
    below = set()
    # Menus repeat their links: each distinct href is resolved once.
    for href in {(anchor.get("href") or "").strip() for anchor in tree.iter("a")}:
        if (resolved := resolve(url, href)) is None:
            continue  # a malformed link says nothing
        target = resolved[1]
        path = target.path.rstrip("/")
        # Three characters or more past the slash: not /news/1 or a stray /news/#.
        if (
            target.hostname == parts.hostname
            and path.startswith(base + "/")
            and len(path) > len(base) + 3
        ):
            below.add(path)
    return math.log2(1 + len(below))


_PAGER_CLASS = re.compile(r"pagination|pager|page-numbers|nav-links|paging|pagenav", re.I)
_PAGER_TEXT = re.compile(
    r"^(?:next|next page|older|older posts|older entries|newer posts|load more|show more|"
    r"view more|more posts|›|»|>|next ›|next »|下一页|下页|后页|下一頁|尾页)$",
    re.I,
)
# Public: a teaser's link to its own story, as its whole text says it (sites probe reads a
# teaser cut short by one).
READ_MORE_WORDS = (
    r"read more|continue reading|learn more|more|view details|read the story|read full|"
    r"阅读全文|閱讀全文|查看详情|查看更多|详细|更多|详情"
)
_READ_MORE = re.compile(rf"^(?:{READ_MORE_WORDS})\W{{0,4}}$", re.I)
# Public: the benches that try candidate features (bench/signals_*) split titles the same way.
TITLE_SEPARATORS = re.compile(r"\s+[-|–—:·]\s+|\s*[|｜_]\s*")
_SECTION_TITLE = re.compile(
    r"^(?:the\s+)?(?:latest\s+|all\s+|recent\s+)?(?:news|blog|blogs|articles|posts|stories|"
    r"archives?|category|categories|tags?|topics?|search|search results|results|events|"
    r"resources|insights|press|press releases|updates|shop|products|collections?|catalog|"
    r"新闻|新聞|新闻中心|通知公告|列表|搜索结果|搜索結果|标签|標籤|栏目|欄目)\b|"
    r"\bpage \d+\b|\barchives?\b|^category:|^tag:",
    re.I,
)
# The digits' run is bounded: unbounded, a long run of digits and commas (a script's number
# array) made the search quadratic (40,000 characters: 25 s; a page of 1.2 MB: hours).
_PRICE = re.compile(
    r"(?:[$€£¥]\s?\d[\d,]{0,15}(?:\.\d\d)?)|(?:\d[\d,]{0,15}(?:\.\d\d)?\s?(?:USD|EUR|元))"
)
# Matched in the lowercased text: re.I made the scan of a whole page three times slower.
_SHOP = re.compile(
    r"add to (?:cart|bag|basket|wishlist)|quick (?:view|shop)|sold out|out of stock|in stock|"
    r"shop now|buy now|free shipping|\d(?:\.\d)? out of 5 stars|compare|加入购物车|立即购买"
)
_TEXT_DATE = re.compile(
    r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d\d|"
    r"\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(?:19|20)\d\d",
    re.I,
)
_SHOP_CLASS = re.compile(r"product|price|offer|cart|sku|swatch")  # in lowercased names


def _anchor_text(anchor: lxml_html.HtmlElement) -> str:
    return _WS.sub(" ", anchor.text_content()).strip()


def _has_pager(tree: lxml_html.HtmlElement) -> bool:
    if any((e.get("rel") or "").lower() == "next" for tag in ("link", "a") for e in tree.iter(tag)):
        return True
    if any(
        _PAGER_CLASS.search((e.get("class") or "") + " " + (e.get("id") or ""))
        for e in tree.iter("nav", "div", "ul", "ol")
    ):
        return True
    return any(_PAGER_TEXT.match(_anchor_text(a)) for a in tree.iter("a"))


def _title_signals(tree: lxml_html.HtmlElement) -> dict[str, float]:
    title = _WS.sub(" ", tree.findtext(".//title") or "").strip()
    first = TITLE_SEPARATORS.split(title, maxsplit=1)[0] if title else ""
    words = max(len(first.split()), han_count(first) // 2)
    return {
        "title_words": math.log2(1 + min(words, 40)),
        "title_listing": float(bool(_SECTION_TITLE.search(first))),
    }


def _long_paragraph(text: str) -> bool:
    return len(text.split()) >= 40 or han_count(text) >= 80


def page_layout(tree: lxml_html.HtmlElement, markup: Markup, text: str) -> dict[str, float]:
    """The newer layout features: posts, pagers, teasers, prices, paragraphs, the <title>
    (`text`: the body's text)."""
    paragraphs = sum(1 for p in tree.iter("p") if _long_paragraph(p.text_content()))
    return {
        "article_tags": math.log2(1 + sum(1 for _ in tree.iter("article"))),
        "pagination": float(_has_pager(tree)),
        "read_more": math.log2(
            1 + sum(1 for a in tree.iter("a") if _READ_MORE.match(_anchor_text(a)))
        ),
        **_title_signals(tree),
        "og_website": float(markup.og_type == "website"),
        "prices": math.log2(1 + len(_PRICE.findall(text))),
        "shop_words": math.log2(1 + len(_SHOP.findall(text.lower()))),
        "long_paragraphs": math.log2(1 + paragraphs),
        "image_links": math.log2(
            1 + sum(1 for a in tree.iter("a") if a.find(".//img") is not None)
        ),
        "shop_marks": math.log2(
            1
            + sum(
                1
                for e in tree.xpath("//*[@class or @id]")
                if _SHOP_CLASS.search(((e.get("class") or "") + " " + (e.get("id") or "")).lower())
            )
        ),
    }


def layout_signals(tree: lxml_html.HtmlElement, url: str, markup: Markup) -> dict[str, float]:
    """What the markup, URL and layout say, read before trafilatura prunes the tree."""
    heading_links = sum(
        1 for tag in ("h2", "h3", "h4") for h in tree.iter(tag) if h.find(".//a") is not None
    )
    h1s = list(tree.iter("h1"))
    cards, card_chars, stories, story_chars = card_groups(tree)
    body = tree.find(".//body")
    text = (body if body is not None else tree).text_content()
    body_chars = len(_WS.sub(" ", text))
    h1 = h1s[0].text_content() if h1s else ""
    h1_words = max(len(h1.split()), han_count(h1) // 2)  # two Han characters a word
    return {
        "h1_words": math.log2(1 + min(h1_words, 40)),
        "time_tags": math.log2(1 + sum(1 for _ in tree.iter("time"))),
        "ld_article": float(markup.article),
        "ld_listing": float(markup.listing),
        **_url_signals(url),
        "cards": math.log2(1 + cards),
        "card_text": min(1.0, card_chars / max(body_chars, 1)),
        "story_cards": math.log2(1 + stories),
        "story_card_text": min(1.0, story_chars / max(body_chars, 1)),
        "heading_links": math.log2(1 + heading_links),
        "one_h1": float(len(h1s) == 1),
        "child_links": _child_links(tree, url),
        **page_layout(tree, markup, text),
    }


def signals(
    layout: dict[str, float],
    lines: list[str],
    anchors: set[str],
    item_share: float,
    longest_run: int,
) -> Signals:
    text = "\n".join(lines)
    linked = sum(len(a) * text.count(a) for a in anchors if a in text)
    long_chars = sum(len(line) for line in lines if len(line) >= 300)
    short = sum(1 for line in lines if len(line.split()) < 8 and han_count(line) < 16)
    return Signals(
        **layout,
        item_share=item_share,
        long_lines=long_chars / max(len(text), 1),
        link_text_share=min(1.0, linked / max(len(text), 1)),
        long_prose=max(-3.0, min(3.0, math.log2(max(longest_run, 1) / 1000))),
        text_dates=math.log2(1 + len(_TEXT_DATE.findall(text))),
        text_size=max(-4.0, min(4.0, math.log2(max(len(text), 1) / 1000))),
        short_lines=short / max(len(lines), 1),
        headline_links=math.log2(1 + len(anchors)),
        teasers=math.log2(1 + sum(1 for line in lines if line.rstrip().endswith(("...", "…")))),
        line_words=math.log2(
            1
            + sum(max(len(line.split()), han_count(line) // 2) for line in lines)
            / max(len(lines), 1)
        ),
    )


def score(found: Signals) -> float:
    return page_model.score(asdict(found))


# Where the URL has a list page's shape (listing_url) and the markup no article, both say
# listing before the text is read: the cut is this much lower. Held out by site (8 folds,
# bench/signals_fit), 1.0 kept 55 of wcxb's 216 listings instead of 59, and the same articles
# and pages of other kinds; 2.0 lost 13 pages of other kinds.
LIST_URL_MARGIN = 1.0


def cut(threshold: float, lenient: bool) -> float:
    """The score above which a page is a listing; `lenient`: its URL has a list page's shape
    and its markup names no article."""
    return threshold - LIST_URL_MARGIN if lenient else threshold


def listing_reason(
    found: Signals, list_url: bool = False, *, words: Callable[[], float], reach: float
) -> str | None:
    """Why this page is a listing, when the model is sure enough of it; None keeps it.
    `list_url`: the URL has a list page's shape and the crawl did not say what it is.
    `words`: the page's chrome words' score (page_vocab), added to the trees'; asked for only
    when the trees' score is within `reach` (the most it can add) of the cut."""
    value = score(found)
    lenient = list_url and not found.ld_article
    limit = cut(page_model.threshold(), lenient)
    if value + reach >= limit:
        value += words()
    if value < limit:
        return None
    values = asdict(found)
    evidence = [name for name in _EVIDENCE if values[name] > 0]
    where = " at a list page's URL" if value < page_model.threshold() else ""
    return f"a listing page (score {value:.1f}{where}: " + ", ".join(evidence[:4]) + ")"
