"""A page whose CMS marks its posts, not marked as one: Ghost's static pages
(pipelines/processing/markup.py, page_kind.classify_lines)."""

from __future__ import annotations

import pytest

from pipelines.db.skips import may_change
from pipelines.processing import NotADocument, RawPage, process

from .support.ghost_site import PAGES, post, post_slug, static_page


def _raw(path: str, html: str) -> RawPage:
    return RawPage(url=f"http://news.example.ac.uk{path}", body=html.encode(), kind="article")


@pytest.mark.parametrize("slug", sorted(PAGES))
def test_a_ghost_static_page_is_no_story(slug):
    """Ghost puts /about/ and /term-dates/ at root-level slugs as it puts its posts, so an
    entry whose article shape is a root slug fetches them: they were stored as stories (five
    sentences of prose, a headline), one per static page of the site."""
    with pytest.raises(NotADocument, match="^not a post"):
        process(_raw(f"/{slug}/", static_page(slug)))


def test_a_ghost_post_is_a_story():
    doc = process(_raw(f"/{post_slug(3)}/", post(3)))
    assert doc.title.startswith("Careers fair at Northfield") and len(doc.text) > 300


def test_a_page_of_another_cms_marked_website_is_still_read():
    """og:type website alone says nothing: many schools' templates mark every page so."""
    html = static_page("about").replace("Ghost 5.96", "WordPress 6.5")
    assert process(_raw("/about/", html)).title == "About the college"


def test_a_static_page_is_not_fetched_again_on_every_run():
    """As a dead link waits (re-checked when due), not as a challenge page (every run)."""
    with pytest.raises(NotADocument) as caught:
        process(_raw("/about/", static_page("about")))
    assert not may_change(str(caught.value).removeprefix("not a document: "))
