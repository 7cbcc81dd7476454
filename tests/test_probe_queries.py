"""`sites probe` on CMSes whose URLs carry more than a path (tests/support/cms_sites.py):
Edlio's stories linked with the category they were listed under, Drupal 7's ?q= pages. Each
probed, its entry crawled, every story stored once."""

from __future__ import annotations

import pytest
from w3lib.url import canonicalize_url

from .support.cms_sites import answering, drupal, drupal_link, edlio, edlio_stories
from .support.local_site import serving
from .support.sitegen import _page
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


def test_with_a_feeds_items_alone_no_cms_is_guessed(tmp_path):
    """A feed's items are stories to every profile. When no CMS's patterns know any link
    and the items share no shape, every profile tied and the first, webplus, was written
    (with its .psp rewrites); nothing says which CMS it is: generic."""
    from crawler.probe import choose_profile, gather

    slugs = ["open-day-for-applicants", "careers-fair-in-march", "alumni-dinner-at-ten"]
    head = "<link rel='alternate' type='application/rss+xml' href='/rss.xml'>"
    pages = {"/": _page([(f"/?q={s}", s) for s in slugs], "College", head)}
    with serving(pages, types={"/rss.xml": "application/rss+xml"}) as base:
        items = "".join(f"<item><link>{base}/?q={s}</link></item>" for s in slugs)
        pages["/rss.xml"] = f"<rss version='2.0'><channel>{items}</channel></rss>"
        choice = choose_profile(gather(base + "/"))
    assert len(choice.articles) == 3 and not choice.extra_articles, choice
    assert choice.profile.name == "generic", choice.why
