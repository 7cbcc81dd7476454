"""A Ghost static page is read like any page: Ghost marks a post og:type article and a page
website, but sites publish guides and articles as pages too (a Ghost 2 page of the shared dev
set, a guide its gold counts as an article, is marked website). Dropping pages by that mark
lost it: an article lost is worse than an About page kept."""

from __future__ import annotations

from pipelines.processing import RawPage, process

from .support.ghost_site import post, post_slug, static_page


def _raw(path: str, html: str) -> RawPage:
    return RawPage(url=f"http://news.example.ac.uk{path}", body=html.encode(), kind="article")


def test_a_ghost_page_with_prose_is_a_document():
    doc = process(_raw("/about/", static_page("about")))
    assert doc.title == "About the college" and doc.text


def test_a_ghost_post_is_a_story():
    doc = process(_raw(f"/{post_slug(3)}/", post(3)))
    assert doc.title.startswith("Careers fair at Northfield") and len(doc.text) > 300
