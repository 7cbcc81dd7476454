"""`sites probe` on CMSes whose URLs carry more than a path (tests/support/cms_sites.py):
Edlio's stories linked with the category they were listed under, Drupal 7's ?q= pages. Each
probed, its entry crawled, every story stored once."""

from __future__ import annotations

import pytest
from w3lib.url import canonicalize_url

from .support.cms_sites import answering, drupal, drupal_link, edlio, edlio_stories
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


def test_a_page_of_teasers_is_no_story_to_the_probe(tmp_path):
    """Views' ?q=news: five rows of a headline link, a date and the body's first 600
    characters, which extraction reads as one story dated by its first row. To the probe it
    is a list page (its text is its cards' teasers); a story with a sidebar of headlines is
    a story."""
    from crawler.fetch import fetch
    from crawler.probe import PROFILES, trial_site
    from crawler.probe_reading import read, reads_as_story

    with answering(drupal()) as base:
        rules = trial_site(PROFILES["generic"], base).extraction_rules()
        views, story = f"{base}/?q=news", canonicalize_url(f"{base}/{drupal_link(41)}")
        assert read(views, fetch(views), rules)["problem"].startswith("a list page: its text")
        assert not reads_as_story(views, fetch(views), rules)
        assert reads_as_story(story, fetch(story), rules)
