"""`sites probe` on a site whose second column of stories no profile knows
(tests/support/column_cms.py): each probed, its entry crawled, every story stored."""

from __future__ import annotations

import pytest

from .support.cms_sites import answering
from .support.column_cms import (
    CUT_SHORT,
    TEASER_STORIES,
    empire,
    empire_stories,
    joomla,
    joomla_path,
    joomla_stories,
    teaser_list,
    teaser_path,
)
from .test_probe import probe_and_crawl


def test_a_short_notice_beside_a_sidebar_is_a_story_to_the_probe(tmp_path):
    """EmpireCMS's notices (/tzgg/1250.html: two sentences beside the ten latest stories)
    read as "a list of links" when the probe read them as pages of unknown kind: it wrote
    their shape as the entry's list pages, and the crawl stored the news (dated folders, a
    shape the profile knows) and none of the notices, its run `finished`. Read as the crawl
    reads a page it fetched as an article, a notice dated by its headline is a story; a
    column page, dated by its first row, keeps no sentence and stays a list page."""
    with answering(empire()) as base:
        out, entry, stored = probe_and_crawl(base, "/", "empire", tmp_path)
    assert "'/tzgg/\\d+\\.html$'" in entry.split("articles = ")[1].splitlines()[0], out + entry
    assert stored == {base + path for path in empire_stories()}, out + entry


def test_a_second_categorys_shape_is_kept_though_its_feed_names_its_newest(tmp_path):
    """A Joomla school's two categories have a feed each. The feeds' items made the probe
    take every link of the Sport category's shape for one a crawl follows, so that shape was
    never tried: the entry had School News's alone, and the crawl stored Sport's feed items
    and none of the older stories its category pages link."""
    with answering(joomla()) as base:
        out, entry, stored = probe_and_crawl(base, "/", "joomla", tmp_path)
    assert "news/sport/" in entry.split("articles = ")[1].splitlines()[0], out + entry
    assert stored == {base + joomla_path(n) for n in joomla_stories()}, out + entry


@pytest.mark.parametrize("more", CUT_SHORT, ids=("ellipsis", "read-more"))
def test_a_news_list_of_teasers_is_walked_not_taken_for_a_story(more, tmp_path):
    """A college's /news/ lists each story's headline link, date and a teaser cut short.
    Read of unknown kind it is "a list of links"; read again as an article it kept its dates
    and teasers under the site's name, passed for a dated story, and its shape never went into
    the entry: the crawl stored the five stories of the stories' sidebar and not the two
    only /news/?page=2 lists, its run `finished`. A story says one sentence of its own."""
    with answering(teaser_list(more)) as base:
        out, entry, stored = probe_and_crawl(base, "/", "college", tmp_path)
    assert "listings = ['^/news/" in entry, out + entry
    assert stored == {base + teaser_path(n) for n in TEASER_STORIES}, out + entry
