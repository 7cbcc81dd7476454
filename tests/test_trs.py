"""TRS WCM (拓尔思) columns as its later templates write them (tests/support/trs_site.py): items
written by script, the pager that names its <div> and counts pages from 1; and what `sites
probe` writes into the entry for such a site."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor

from crawler.page_links import page_links
from crawler.spiders.pager import script_pages

from .support.local_site import serving
from .support.trs_site import story_path, story_paths, trs_site

pytestmark = pytest.mark.xdist_group("trs")
BASE = "http://www.xx.edu.cn"


def _response(path: str) -> HtmlResponse:
    return HtmlResponse(BASE + path, body=trs_site()[path].encode("gbk"), encoding="gbk")


def test_the_pager_that_names_its_div_is_read_from_page_one():
    """`createPageHTML('page_div', 2, 1, 'index', 'html', 6)` on the first page: the next page
    is index_2.html (before: no page at all, and the column stopped at its first page)."""
    column = "/xwzx/xbdt/"
    assert script_pages(_response(column)) == (
        [f"{BASE}{column}index_2.html"],
        [f"{BASE}{column}index.html", f"{BASE}{column}index_2.html"],
    )
    assert script_pages(_response(column + "index_2.html"))[0] == []  # the last page


def test_the_items_a_column_writes_by_script_are_its_links():
    """Each item of 通知公告 is `var _url = "./202405/t….html"` and document.write: the page's
    links hold its three stories (before: none)."""
    links = page_links(LinkExtractor(unique=True), _response("/xwzx/tzgg/index_1.html"))
    assert {link.url for link in links} >= {BASE + story_path("tzgg", n) for n in range(8)}


def test_a_probed_trs_site_is_crawled_to_every_story_of_its_columns(tmp_path):
    """The probe takes the trs profile and writes no list shape the profile knows (before:
    `listings = ['^/xwzx/tzgg/index_\\d+…']`, said as pages "the crawl would not reach"); the
    crawl stores all 32 stories (before: 12, 通知公告's four the home page links and 系部动态's
    first page)."""
    from .test_probe import probe_and_crawl

    with serving(site := trs_site()) as base:
        out, entry, stored = probe_and_crawl(base, "/", "xxzy", tmp_path)
    assert 'profile = "trs"' in entry, out
    assert "listings" not in entry and "does not know" not in out, out
    assert stored == {base + path for path in story_paths()}, out
    assert len(stored) == 32 == len(site) - 7  # every page but the home and the 6 list pages
