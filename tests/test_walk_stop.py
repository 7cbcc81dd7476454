"""A routine run's walk stops at the first list page that brings nothing new:
- also when every list page repeats one new link (a sidebar's latest story, a dead link): that
  link is new on the first page that lists it alone;
- also behind a pager that links every list page (VSB, WebPlus): a routine walk goes on
  through its "next" link alone, so a new story on the first page does not send the run to
  every list page at once.
Before, the operator's 2,000-article site read its 41 list pages on every routine run."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

import pytest

from .conftest import FAST, run_cli
from .support.cms_sites import Answer, answering
from .support.local_site import local_site, send_html

ARTICLE = (
    "<html><head><title>Story {n}</title></head><body><h1>The college signs agreement {n}</h1>"
    "<p>Published: 2024-05-{n:02d}</p>"
    + "<p>The vocational college signed its school-enterprise cooperation agreement number "
    "{n} with a manufacturing company, covering apprenticeships and joint training bases.</p>"
    * 4
    + "</body></html>"
)
PAGES = ["/", "/list2.html", "/list3.html"]
STORIES = {"/": (1, 2), "/list2.html": (3, 4), "/list3.html": (5, 6)}


class Site(BaseHTTPRequestHandler):
    """Three list pages, each linking all three by number and the next one as 下一页. With
    `sidebar` set, every list page also links story 20 (new) and story 21 (a dead link); with
    `fresh` set, the first list page links story 30 (new)."""

    sidebar = False
    fresh = False
    asked: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        Site.asked.append(self.path)
        if self.path in STORIES:
            links = [f'<a href="/news/{n}.html">Story {n}</a>' for n in STORIES[self.path]]
            if Site.sidebar:
                links += ['<a href="/news/20.html">Latest</a>', '<a href="/news/21.html">Gone</a>']
            if Site.fresh and self.path == "/":
                links.append('<a href="/news/30.html">Fresh</a>')
            links += [f'<a href="{page}">{n}</a>' for n, page in enumerate(PAGES, 1)]
            if (at := PAGES.index(self.path)) + 1 < len(PAGES):
                links.append(f'<a href="{PAGES[at + 1]}">下一页</a>')
            body, status = f"<html><body>{' '.join(links)}</body></html>", 200
        elif self.path.startswith("/news/") and self.path != "/news/21.html":
            body, status = ARTICLE.format(n=int(self.path[6:].split(".")[0])), 200
        else:
            body, status = "<h1>not found</h1>", 404
        send_html(self, status, body)


@pytest.fixture
def site(tmp_path):
    Site.sidebar, Site.fresh, Site.asked = False, False, []
    with local_site(tmp_path, Site, "walk", "Walk College") as registry:
        yield registry


def crawled_once(site, tmp_path) -> list[str]:
    """The crawl's arguments, after a first crawl that read every list page."""
    args = ["--sites", str(site), "--db", f"sqlite:///{tmp_path / 'c.db'}", *FAST]
    first = run_cli("crawl", "walk", *args, env={"no_proxy": "127.0.0.1"})
    assert first.returncode == 0, first.stdout + first.stderr
    assert {"/list2.html", "/list3.html"} <= set(Site.asked)
    Site.asked = []
    return args


def routine(args: list[str], slug: str = "walk") -> None:
    result = run_cli("crawl", slug, *args, env={"no_proxy": "127.0.0.1"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_link_every_list_page_repeats_is_new_on_the_first_alone(site, tmp_path):
    args = crawled_once(site, tmp_path)
    Site.sidebar = True
    routine(args)
    assert "/news/20.html" in Site.asked and "/news/21.html" in Site.asked
    # The first list page brings the new story; the second brings nothing the run had not
    # seen listed: the walk stops there, before the third.
    assert "/list2.html" in Site.asked and "/list3.html" not in Site.asked, Site.asked


def test_a_routine_walk_follows_the_pagers_next_link_alone(site, tmp_path):
    args = crawled_once(site, tmp_path)
    Site.fresh = True
    routine(args)
    assert "/news/30.html" in Site.asked
    # The pager links the third page too; the walk goes on to the second ("下一页") alone,
    # which brings nothing new.
    assert "/list2.html" in Site.asked and "/list3.html" not in Site.asked, Site.asked


# -- Joomla's pager: Start, Prev, 1 2 3 …, Next, End --------------------------------------------

JOOMLA_PER_PAGE = 5
JOOMLA_NEWS = "/index.php/news"


def joomla_story_path(n: int) -> str:
    return f"{JOOMLA_NEWS}/{n}-college-signs-agreement-{n}"


def joomla_pager(start: int, total: int) -> str:
    """Joomla 3's <ul class="pagination">: Start and Prev, the page numbers, Next and End,
    each a link unless it is the page itself (?start=0 is the first page's own URL)."""
    last = (total - 1) // JOOMLA_PER_PAGE * JOOMLA_PER_PAGE
    numbered = [(str(s // JOOMLA_PER_PAGE + 1), s) for s in range(0, total, JOOMLA_PER_PAGE)]
    labels = [("Start", 0), ("Prev", max(start - JOOMLA_PER_PAGE, 0)), *numbered]
    labels += [("Next", start + JOOMLA_PER_PAGE), ("End", last)]
    items = "".join(
        f"<li><span class='pagenav'>{text}</span></li>"
        if at == start or at > last
        else f"<li><a title='{text}' href='{JOOMLA_NEWS}?start={at}'>{text}</a></li>"
        for text, at in labels
    )
    return f"<div class='pagination'><ul>{items}</ul></div>"


def joomla_site(stories: int) -> Answer:
    """A Joomla school's news category of `stories` stories (the highest number the newest),
    five a page, paged by ?start=N under Joomla's pager."""
    numbers = list(range(stories, 0, -1))

    def answer(path: str, query: dict[str, str]) -> str | None:
        if path == JOOMLA_NEWS:
            start = int(query.get("start", 0))
            rows = "".join(
                f"<h2><a href='{joomla_story_path(n)}'>College signs agreement {n}</a></h2>"
                for n in numbers[start : start + JOOMLA_PER_PAGE]
            )
            return f"<html><body><h1>News</h1>{rows}{joomla_pager(start, stories)}</body></html>"
        n = path.removeprefix(JOOMLA_NEWS + "/").split("-")[0]
        if n.isdigit() and path == joomla_story_path(int(n)) and int(n) <= stories:
            return ARTICLE.format(n=int(n))
        return None

    return answer


def test_a_routine_walk_of_a_joomla_category_follows_next_not_end(tmp_path):
    """Joomla's pager: "Start", "Prev", 1 2 3 …, "Next", "End". Before, "Start" and "End" were
    no pager labels: a routine run that found one new story on the category's first page
    followed "End" as a list page of its own beside "Next" (3 list pages read, not 2)."""
    asked: list[str] = []
    stories = [40]

    def answer(path: str, query: dict[str, str]) -> str | None:
        if path == JOOMLA_NEWS:
            asked.append(query.get("start", "first"))
        return joomla_site(stories[0])(path, query)

    crawl = (
        "articles = ['^/index\\.php/news/\\d+-[a-z0-9-]+$']\n"
        "listings = ['^/index\\.php/news(?:\\?[^#]*)?$']\n"
    )
    with answering(answer) as base:
        registry = tmp_path / "sites.toml"
        registry.write_text(
            f'[sites.joomla]\nname = "Joomla School"\nstart_urls = ["{base}{JOOMLA_NEWS}"]\n'
            f"[sites.joomla.crawl]\n{crawl}",
            encoding="utf-8",
        )
        args = ["--sites", str(registry), "--db", f"sqlite:///{tmp_path / 'c.db'}", *FAST]
        routine(args, "joomla")
        assert {"5", "35"} <= set(asked), asked  # the first run reads every list page
        asked.clear()
        stories[0] = 41  # one new story: the last page is now ?start=40
        routine(args, "joomla")
    # The first page brings the new story; its "Next" (?start=5) brings nothing new.
    assert sorted(asked) == ["5", "first"], asked
