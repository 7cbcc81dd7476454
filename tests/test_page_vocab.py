"""page_vocab: the words of a page's chrome, and how the listing decision weighs them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from lxml import html as lxml_html

from pipelines.processing import (
    NotADocument,
    RawPage,
    page_model,
    page_signals,
    page_vocab,
    process,
)
from tests.support import real_pages

REAL = Path(__file__).parent / "fixtures" / "real" / "wcxb_dev"


def _tree(body: str, title: str = "Page") -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(
        f"<html><head><title>{title}</title></head><body>{body}</body></html>"
    )


_SHOP = _tree(
    "<label>Sort by</label><select><option>Price, low to high</option></select>"
    "<p>Showing 1-12 of 48 results</p>"
    + "".join(
        f"<a href='/products/p{i}'>Add to cart</a><a href='/products/p{i}'>Quick view</a>"
        for i in range(12)
    )
    + "<a href='/collections/shoes?page=2'>Next</a><button>Load more</button>",
    title="Shoes | Acme Store",
)
_ARTICLE = _tree(
    "<h1>Students plant a hundred trees by the river</h1>"
    "<p>On Tuesday the school's pupils planted trees along the river bank.</p>"
    "<a href='/share'>Share</a><h2>Related articles</h2><a href='/comments'>Comments</a>",
    title="Students plant a hundred trees by the river - Riverside School",
)


def test_tokens_are_the_chrome_words_by_where_they_stand():
    found = page_vocab.tokens(_SHOP, "https://shop.example/collections/shoes")
    assert {"a|add_to", "a|quick_view", "b|sort_by", "b|load_more", "t|shoes"} <= found
    assert {"u|collections", "u|shoes", "u|short"} <= found
    # A sentence is a story's or a paragraph's, not a control's: only its length counts.
    headline = page_vocab.tokens(_ARTICLE, "https://school.example/news/2024/trees.html")
    assert "h|long" in headline and "h|students" not in headline
    assert "u|0" in headline  # digits are one token: /2024/ and /2025/ alike


def test_a_chinese_headline_is_long_and_a_chinese_control_a_word():
    """Han characters are not split into words: two of them count as one, as page_signals
    counts a headline's, so a headline link says only "long" and 下一页 is a label."""
    tree = _tree(
        "<a href='/xwzx/3.htm'>职业技术学院第3次校企合作签约仪式举行</a>"
        "<a href='/xwzx/list_2.htm'>下一页</a><a href='/'>首页</a>"
    )
    found = page_vocab.tokens(tree, "")
    assert {"a|long", "a|下一页", "a|首页"} <= found
    assert not any("校企合作" in token for token in found)


def test_a_malformed_url_gives_no_path_words():
    assert not any(t.startswith("u|") for t in page_vocab.tokens(_SHOP, "http://x.[y/"))


def test_buckets_are_distinct_and_within_the_bits():
    found = page_vocab.buckets({"a|next", "a|more", "b|sort_by"}, 4)
    assert found == sorted(set(found)) and all(0 <= b < 16 for b in found)


def test_the_fitted_words_tell_a_shop_grid_from_an_article():
    """The model fitted on the dev sets (page_vocab.json): a shop's controls weigh toward a
    listing, an article's share and comment links away from one, by several log-odds (the
    words' scores of the dev pages span about -6.5 to 0.6, page_vocab.json's bias -3.4)."""
    shop = page_vocab.score(_SHOP, "https://shop.example/collections/shoes")
    article = page_vocab.score(_ARTICLE, "https://school.example/news/2024/trees-by-the-river")
    assert shop > page_vocab.model()["bias"] > article
    assert shop - article > 3.0
    assert shop <= page_vocab.reach()


@pytest.fixture
def found() -> page_signals.Signals:
    return page_signals.Signals()


def test_words_are_read_only_near_the_cut(found, monkeypatch):
    """Far under the cut (further than the words can add) a page is kept without reading its
    words; within reach they are added to the trees' score."""
    trees = page_signals.score(found)

    def unread() -> float:
        raise AssertionError("words read far under the cut")

    monkeypatch.setitem(page_model.model(), "threshold", trees + 5.0)
    assert page_signals.listing_reason(found, words=unread, reach=4.0) is None
    assert page_signals.listing_reason(found, words=lambda: 6.0, reach=6.0) is not None
    assert page_signals.listing_reason(found, words=lambda: 4.0, reach=6.0) is None
    # The lower cut at a list-shaped URL brings the words into reach as well.
    listed = replace(found, ld_article=0.0)
    assert page_signals.listing_reason(listed, True, words=lambda: 4.5, reach=4.5) is not None


def test_a_shop_collection_is_told_by_its_words(monkeypatch):
    """wcxb dev_4438, a watch shop's collection (in the quality-gate sample): cards and prices
    alone leave the trees under the cut; its shop words take it over. With an article's words
    instead, the same page is kept."""
    case = real_pages.load_case(REAL / "dev_4438.json")
    page = RawPage(url=case.gold["url"], body=case.body)
    with pytest.raises(NotADocument, match="a listing page"):
        process(page)
    article_words = page_vocab.score(_ARTICLE, "https://school.example/news/2024/trees")
    monkeypatch.setattr(page_vocab, "score", lambda tree, url: article_words)
    assert process(page).text
