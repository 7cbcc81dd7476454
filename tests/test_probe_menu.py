"""`sites probe` of a district whose mega menu links more undated pages than its news has
stories (crawler/profiles/blackboard.py; crawler/probe_shapes.py: menu_last, GUIDs in shapes,
for a site no profile knows), and the crawl of its entry."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from .support.cms_sites import answering
from .support.menu_site import answer, story_urls, undated
from .test_probe import probe_and_crawl


def _stories(urls: set[str]) -> set[tuple[str, str]]:
    """(ModuleInstanceID, FlexDataID) of each story URL: a crawl sorts the query."""
    pairs = (dict(parse_qsl(urlsplit(u).query)) for u in urls)
    return {(q["ModuleInstanceID"], q["FlexDataID"]) for q in pairs if "FlexDataID" in q}


def test_a_districts_menu_pages_are_not_stored_as_its_stories(tmp_path):
    """The menu's /Page/N shape has the most links: tried first, it was kept (undated pages
    read as articles, and a shape tried first may be undated) and the crawl stored the 44
    menu pages as stories. The second news app's stories (another ViewID) matched no shape."""
    with answering(answer) as base:
        said, entry, stored = probe_and_crawl(base, "/", "riverbend", tmp_path)
    assert not [u for u in stored if "/Page/" in u or "/domain/" in u], entry
    assert _stories(stored) == _stories(story_urls()), said


def test_a_blackboard_district_is_probed_with_its_profile(tmp_path):
    """Blackboard's news list is its stories' URL with FlexDataID=0: the shape the probe
    wrote took both, and the crawl stored each app's list page as a story (its teasers)."""
    with answering(answer) as base:
        said, entry, stored = probe_and_crawl(base, "/", "riverbend", tmp_path)
    assert 'profile = "blackboard"' in entry and "articles = " not in entry, said
    assert _stories(stored) == _stories(story_urls()), said


def test_a_districts_undated_stories_are_kept_beside_its_menu(tmp_path):
    """Stories with no date by their headline: the menu's undated pages are left out, the
    stories (their shape tried first, as the menu's comes last) are kept."""
    with answering(undated) as base:
        said, entry, stored = probe_and_crawl(base, "/", "riverbend", tmp_path)
    assert not [u for u in stored if "/Page/" in u or "/domain/" in u], entry
    assert _stories(stored) == _stories(story_urls()), said
