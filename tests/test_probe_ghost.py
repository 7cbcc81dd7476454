"""`sites probe` of a Ghost blog, and the crawl of the entry it writes (crawler/profiles/ghost.py,
crawler/probe.py: a profile that names its generator)."""

from __future__ import annotations

from .conftest import run_cli
from .support.cms_sites import answering
from .support.ghost_site import PAGES, answer, post_paths
from .test_probe import NOW, probe_and_crawl


def test_a_ghost_blog_is_probed_with_its_profile_and_crawled_whole(tmp_path):
    """Posts and static pages stand at root-level slugs: no profile knew them, and the probe
    wrote the shape its links share, a slug of two words or more. The crawl lost every post
    of one word (/enrolment5/, as Ghost makes /open-day/ or /enrolment/ from a short title)."""
    with answering(answer) as base:
        said, entry, stored = probe_and_crawl(base, "/", "northfield", tmp_path)
    assert 'profile = "ghost"' in said and "articles = " not in entry, said
    # Every post, and the static pages (/about/): kept, as a Ghost page may be an article.
    assert stored == {base + path for path in post_paths() | {f"/{slug}/" for slug in PAGES}}


def test_a_site_whose_page_does_not_say_ghost_gets_no_ghost_profile():
    """A root-level slug is any CMS's static page (/about-us/): Ghost's profile, which takes
    every such slug for a post, is chosen only for a page whose generator names Ghost."""

    def hugo(path: str, query: dict[str, str]) -> str | None:
        page = answer(path, query)
        return page and page.replace('content="Ghost 5.96"', 'content="Hugo 0.121"')

    with answering(hugo) as base:
        probe = run_cli("sites", "probe", base + "/", "--slug", "northfield", *NOW)
    assert "profile ghost" not in probe.stdout + probe.stderr, probe.stdout


def test_the_generator_meta_is_read_whatever_the_case_of_its_name(tmp_path):
    """An attribute's value is read as browsers read it: Drupal's core writes
    <meta name="Generator">, and the probe, which looked for name="generator" alone, took
    such a page for one that names no CMS."""

    def capital(path: str, query: dict[str, str]) -> str | None:
        page = answer(path, query)
        return page and page.replace('name="generator"', 'name="Generator"')

    with answering(capital) as base:
        said, entry, stored = probe_and_crawl(base, "/", "northfield", tmp_path)
    assert 'profile = "ghost"' in said, said
