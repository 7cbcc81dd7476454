"""A Weebly school's blog (tests/support/weebly_site.py): /news.html lists the newest posts and
links its older ones by "<< Previous" (/news/previous/2, 3, 4), whose pages link "<< Previous"
on and "Next >>" back. Before, `sites probe` wrote no list shape for /news/previous/N and the
crawl stored the feed's and the home page's posts alone (a trial: 23 of 46, no word)."""

from __future__ import annotations

import re

from .conftest import FAST, run_cli
from .support.cms_sites import answering
from .support.weebly_site import post_path, weebly
from .test_probe import probe_and_crawl, stored_article_urls


def recording(posts: list[int], asked: list[str]):
    """The site of `posts` (which may grow), each path it is asked for added to `asked`."""

    def answer(path: str, query: dict[str, str]) -> str | None:
        asked.append(path)
        return weebly(posts)(path, query)

    return answer


def routine(tmp_path, slug: str = "weebly") -> set[str]:
    """A routine crawl of the probed entry: the article paths stored after it."""
    db_url = f"sqlite:///{tmp_path / 'c.db'}"
    args = ["--sites", str(tmp_path / "probed.toml"), "--db", db_url, *FAST]
    result = run_cli("crawl", slug, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return {re.sub(r"^http://[^/]+", "", url) for url in stored_article_urls(db_url)}


def list_pages(asked: list[str]) -> list[str]:
    return [p for p in asked if p in ("/", "/news.html") or p.startswith("/news/previous/")]


def test_probe_and_crawl_a_weebly_blog_store_every_post(tmp_path):
    posts, asked = list(range(25, 0, -1)), []
    with answering(recording(posts, asked)) as base:
        out, entry, stored = probe_and_crawl(base, "/", "weebly", tmp_path)
    assert "^/news/previous/\\d+" in entry, out
    assert {u.removeprefix(base) for u in stored} == {post_path(n) for n in posts}, entry


def test_a_routine_run_after_one_new_post_reads_what_it_must(tmp_path):
    """One new post: the blog page brings it, its older page (/news/previous/2, by "<<
    Previous") brings nothing new and ends the walk; no stored post is asked again."""
    posts, asked = list(range(25, 0, -1)), []
    with answering(recording(posts, asked)) as base:
        probe_and_crawl(base, "/", "weebly", tmp_path)
        asked.clear()
        posts.insert(0, 26)
        stored = routine(tmp_path)
    assert post_path(26) in stored and len(stored) == 26
    assert sorted(list_pages(asked)) == ["/", "/news.html", "/news/previous/2"], asked
    assert [p for p in asked if re.fullmatch(r"/news/[a-z]+-[a-z]+-recap-\d+", p)] == [
        post_path(26)
    ], asked


def test_a_routine_walk_goes_on_by_previous_not_back_by_next(tmp_path):
    """15 new posts: the blog page and its two older pages bring new ones. Weebly's older pages
    link "Next >>" back to the newer page and "<< Previous" on: a walk that came by "Previous"
    goes on by it (page 3 holds the 15th new post), each list page read once, and stops at the
    page that brings nothing new (page 4; page 5 is not read)."""
    posts, asked = list(range(25, 0, -1)), []
    with answering(recording(posts, asked)) as base:
        probe_and_crawl(base, "/", "weebly", tmp_path)
        asked.clear()
        posts[:0] = range(40, 25, -1)
        stored = routine(tmp_path)
    assert {post_path(n) for n in posts} == stored, sorted(set(map(post_path, posts)) - stored)
    pages = list_pages(asked)
    older = [f"/news/previous/{n}" for n in (2, 3, 4)]
    assert sorted(pages) == ["/", "/news.html", *older], asked
