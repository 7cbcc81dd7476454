"""`sites probe` on CMSes whose URLs carry more than a path (tests/support/cms_sites.py):
Edlio's stories linked with the category they were listed under, Drupal 7's ?q= pages. Each
probed, its entry crawled, every story stored once."""

from __future__ import annotations

import pytest

from .support.cms_sites import answering, edlio, edlio_stories
from .test_probe import probe_and_crawl


@pytest.mark.parametrize("menu", [False, True], ids=["news-page", "menu"])
def test_an_edlio_storys_category_query_is_the_story(tmp_path, menu):
    """Edlio links a story bare from the home page (/apps/news/article/N) and with its
    category from a category's list (…?categoryId=5501). The probe's shape ends at the number
    and the crawl took the second form for no article: 9 of 45 stored, the home page's and
    /apps/news/'s. With the categories in the menu the probe read both forms and wrote two
    shapes: 45 stories in 54 documents, nine fetched twice. Now one shape takes both, the
    story is asked for by its path, and the 45 are stored once each."""
    with answering(edlio(menu_categories=menu)) as base:
        out, entry, stored = probe_and_crawl(base, "/", "edlio", tmp_path)
    assert "articles = ['/apps/news/article/\\d+$']" in entry, out + entry
    assert stored == {f"{base}/apps/news/article/{n}" for n in edlio_stories()}, out
