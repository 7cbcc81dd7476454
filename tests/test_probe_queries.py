"""`sites probe` on CMSes whose URLs carry more than a path (tests/support/cms_sites.py):
Edlio's stories linked with the category they were listed under, Drupal 7's ?q= pages. Each
probed, its entry crawled, every story stored once."""

from __future__ import annotations

import pytest
from w3lib.url import canonicalize_url

from .support.cms_sites import ARTICLES, NEWS, answering, drupal, drupal_link, edlio, edlio_stories
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


def drupal_stories(base: str) -> set[str]:
    """The 40 stories' URLs as a crawl asks for them (?q=news%2F2024%2F05%2F…)."""
    return {canonicalize_url(f"{base}/{drupal_link(n)}") for n in (*ARTICLES, *NEWS)}


@pytest.mark.parametrize("feed", [True, False], ids=["feed", "no-feed"])
def test_a_drupal_7_site_with_clean_urls_off_is_probed_whole(tmp_path, feed):
    """Drupal 7, clean URLs off, <base href>: every page a ?q= value. The probe wrote no
    shape for ?q=node/N nor for an alias inside the query; with the feed's ten aliased items
    alone every profile tied and the first, webplus, was picked; the front page's pager
    (/ to ?q=node&page=1, the older stories') was not read; and Views' ?q=news, whose rows'
    long teasers extraction reads as one dated story, was no list page: 10 of 40 stored
    (without the feed, the Views pager's shape was written as the articles': none). Now the
    entry has the three shapes and both lists, and the crawl stores all 40."""
    with answering(drupal(feed=feed)) as base:
        out, entry, stored = probe_and_crawl(base, "/", "drupal", tmp_path)
    assert 'profile = "generic"' in entry, out + entry
    assert "q=news%2F\\d+%2F\\d+%2F[A-Za-z0-9]+" in entry and "q=node%2F\\d+$" in entry, entry
    assert stored == drupal_stories(base), out + entry


def test_a_page_of_teasers_is_no_story_to_the_probe(tmp_path, monkeypatch):
    """Views' ?q=news: five rows of a headline link, a date and the body's first 600
    characters, which extraction may read as one story dated by its first row. To the probe it
    is a list page; a story with a sidebar of headlines is a story. The listing model rejects
    it (bagged since EXTRACTOR_VERSION 86); where it would not, the probe's own rule does (its
    text is its cards' teasers)."""
    from crawler.fetch import fetch
    from crawler.probe import PROFILES, trial_site
    from crawler.probe_reading import read, reads_as_story
    from pipelines.processing import page_model

    with answering(drupal()) as base:
        rules = trial_site(PROFILES["generic"], base).extraction_rules()
        views, story = f"{base}/?q=news", canonicalize_url(f"{base}/{drupal_link(41)}")
        assert read(views, fetch(views), rules)["problem"].startswith("a list")
        assert not reads_as_story(views, fetch(views), rules)
        assert reads_as_story(story, fetch(story), rules)
        monkeypatch.setitem(page_model.model(), "threshold", 1e9)  # the model's cut out of reach
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


def test_the_probe_reads_the_column_pages_not_the_headlines_stories(tmp_path):
    """A home page of headlines, each with a "Read More »" link to its story, the stories
    numbered inside their column's folder (/news/campus/112.jhtml, news by its URL too): the
    probe read its first four news links, all stories, never a column page
    (/news/campus/index.jhtml), and wrote no list shape: the crawl stored the home page's
    eleven. Now the links of the stories' shape come after the others and a story's siblings
    are not read: both columns are list shapes and the crawl stores all 30."""
    from .support.cms_columns import column_stories, columns, story_path

    with answering(columns()) as base:
        out, entry, stored = probe_and_crawl(base, "/", "columns", tmp_path)
    assert "^/news/campus/index(?:_\\d+)?\\.jhtml" in entry, out + entry
    assert stored == {base + story_path(n) for n in column_stories()}, out + entry


def test_a_column_paged_by_jeecms_buttons_is_a_list_to_the_probe(tmp_path):
    """JEECMS's own channel pager has no anchor: buttons, and its counts in text ("共 15 条
    每页 6 条 当前 1/3 页 转到第页", ten words: a sentence's size). Its column page beside a
    sidebar of the newest read as a list of links with that line for prose; read again as an
    article it kept a headline (the column's name), the first row's date and the line: a story
    to the probe, so no list shape was written, and the crawl stored the stories the home page
    and the sidebars link alone (a vocational college trial: 37 of 46, 9 of its 16 notices lost
    without a word). The pager's counts are no text: the column is a list page, no prose."""
    from crawler.fetch import fetch
    from crawler.probe import PROFILES, trial_site
    from crawler.probe_reading import reads_as_story

    from .support.cms_columns import column_stories, columns, story_path

    with answering(columns(buttons=True)) as base:
        rules = trial_site(PROFILES["generic"], base).extraction_rules()
        column, story = f"{base}/news/notices/index.jhtml", base + story_path(101)
        assert not reads_as_story(column, fetch(column), rules)
        assert reads_as_story(story, fetch(story), rules)
        out, entry, stored = probe_and_crawl(base, "/", "buttons", tmp_path)
    assert "^/news/notices/index(?:_\\d+)?\\.jhtml" in entry, out + entry
    assert stored == {base + story_path(n) for n in column_stories()}, out + entry


def test_a_storys_read_more_link_is_no_news_link():
    """A "Read More »" after a headline leads to the story; "Read more news" and "more" to the
    news."""
    from scrapy.http import HtmlResponse

    from crawler.probe import PROFILES, trial_site
    from crawler.probe_shapes import news_links

    links = (
        "<a href='/story?id=7'>Read More »</a><a href='/s/8'>Continue reading</a>"
        "<a href='/news/'>Read more news</a><a href='/list?page=1'>more</a>"
    )
    page = HtmlResponse("http://x.org/", body=f"<html><body>{links}</body></html>".encode())
    site = trial_site(PROFILES["generic"], "http://x.org/")
    assert news_links(site, page) == ["http://x.org/news/", "http://x.org/list?page=1"]
