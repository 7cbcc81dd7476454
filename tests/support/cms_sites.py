"""School CMSes whose URLs carry more than a path, served on a local port as they answer:
Edlio (US districts), whose stories are linked bare on the home page and with the category
they were listed under on the category pages (/apps/news/article/N?categoryId=C).

`python -m tests.support.cms_sites edlio|edlio-menu` serves one until Ctrl-C (to probe and
crawl it by hand)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from .local_site import send, send_html
from .sitegen import WORDS

BASE = "%BASE%"  # the site's own URL, in a page's <base href> (replaced as it is answered)
Answer = Callable[[str, dict[str, str]], "str | None"]  # (path, query) -> page, None: 404


def story_text(number: int) -> str:
    """Paragraphs no other story shares (each is a document of its own, no copy)."""
    sentences = [
        " ".join(WORDS[(number * 5 + i * 3 + j) % len(WORDS)] for j in range(11)).capitalize()
        + f" (story {number}, paragraph {i})."
        for i in range(6)
    ]
    return "".join(f"<p>{s} {s}</p>" for s in sentences)


def _day(number: int) -> date:
    return date(2024, 5, 28) - timedelta(days=number)


@contextmanager
def answering(answer: Answer) -> Iterator[str]:
    """A site whose pages `answer` gives by path and decoded query (as PHP's $_GET and a Java
    servlet read them, whatever order or escaping a link used): its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            parts = urlsplit(self.path)
            page = answer(parts.path, dict(parse_qsl(parts.query)))
            if page is None:
                return send_html(self, 404, "<h1>Page not found</h1>")
            page = page.replace(BASE, base)
            if page.startswith("<?xml"):
                return send(self, 200, page.encode(), "application/rss+xml; charset=utf-8")
            send_html(self, 200, page)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield base
    finally:
        server.shutdown()


# -- Edlio -----------------------------------------------------------------------------------

EDLIO_CATEGORIES = {5501: "District News", 5502: "Board Highlights", 5503: "Athletics"}
EDLIO_PER_CATEGORY = 15
EDLIO_PAGE = 10  # stories a category page lists
DISTRICT = "Maple Valley Unified School District"


def edlio_stories() -> dict[int, tuple[int, str]]:
    """Story id: (its category, its headline), 45 of them, newest (highest id) first."""
    stories = {}
    for c, category in enumerate(EDLIO_CATEGORIES):
        for n in range(EDLIO_PER_CATEGORY):
            number = n * len(EDLIO_CATEGORIES) + c
            headline = f"{WORDS[number % 22].capitalize()} news from the district, story {number}"
            stories[1734500 - number] = (category, headline)
    return dict(sorted(stories.items(), reverse=True))


def _category(category: int, page: int = 1) -> str:
    return f"/apps/news/?categoryId={category}" + (f"&amp;pageIndex={page}" if page > 1 else "")


def _edlio_page(title: str, main: str, menu_categories: bool) -> str:
    """A page in the district's template; `menu_categories`: its menu's News opens on the
    news categories."""
    categories = "".join(
        f"<li><a href='{_category(c)}'>{name}</a></li>" for c, name in EDLIO_CATEGORIES.items()
    )
    dropdown = f"<ul class='dropdown'>{categories}</ul>" if menu_categories else ""
    menu = (
        "<li><a href='/'>Home</a></li>"
        f"<li><a href='/apps/news/'>News</a>{dropdown}</li>"
        "<li><a href='/apps/events/'>Calendar</a></li>"
        "<li><a href='/apps/staff/'>Staff Directory</a></li>"
        "<li><a href='/apps/pages/index.jsp?uREC_ID=301&amp;type=d'>Departments</a></li>"
    )
    return (
        f"<html><head><meta charset='utf-8'><title>{title} | {DISTRICT}</title></head><body>"
        f"<header><a href='/'>{DISTRICT}</a><nav><ul>{menu}</ul></nav></header>"
        f"<main>{main}</main><footer>&copy; 2024 {DISTRICT}</footer></body></html>"
    )


def _edlio_item(story: int, headline: str, query: str = "") -> str:
    day = _day(1734500 - story).strftime("%B %-d, %Y")
    return (
        f"<li class='news-item'><a href='/apps/news/article/{story}{query}'>{headline}</a>"
        f"<span class='date'>{day}</span></li>"
    )


def _edlio_category(category: int, page: int) -> str | None:
    """A category's list (?categoryId=C&pageIndex=P): its stories linked with the category
    they were listed under, as Edlio links them there."""
    stories = [(s, h) for s, (c, h) in edlio_stories().items() if c == category]
    shown = stories[(page - 1) * EDLIO_PAGE : page * EDLIO_PAGE]
    if not shown:
        return None
    items = "".join(_edlio_item(s, h, f"?categoryId={category}") for s, h in shown)
    pages = -(-len(stories) // EDLIO_PAGE)
    pager = " ".join(
        f"<a href='{_category(category, p)}'>{p}</a>" for p in range(1, pages + 1) if p != page
    )
    if page < pages:
        pager += f" <a href='{_category(category, page + 1)}'>Next</a>"
    return f"<h1>{EDLIO_CATEGORIES[category]}</h1><ul>{items}</ul><div class='pager'>{pager}</div>"


def _edlio_index() -> str:
    """/apps/news/: each category's three newest, linked bare, and a link to the category."""
    blocks = ""
    for category, name in EDLIO_CATEGORIES.items():
        newest = [(s, h) for s, (c, h) in edlio_stories().items() if c == category][:3]
        items = "".join(_edlio_item(s, h) for s, h in newest)
        more = f"<a href='{_category(category)}'>More {name}</a>"
        blocks += f"<section><h2>{name}</h2><ul>{items}</ul>{more}</section>"
    return f"<h1>News</h1>{blocks}"


def _edlio_story(story: int) -> tuple[str, str] | None:
    if story not in (stories := edlio_stories()):
        return None
    category, headline = stories[story]
    day = _day(1734500 - story).strftime("%B %-d, %Y")
    back = f"<a href='{_category(category)}'>Back to {EDLIO_CATEGORIES[category]}</a>"
    text = story_text(1734500 - story)
    return (
        headline,
        f"<article><h1>{headline}</h1><div class='date'>{day}</div>{text}</article>{back}",
    )


def _edlio_main(path: str, query: dict[str, str]) -> tuple[str, str] | None:
    """(title, main) of an Edlio page; a story answers whatever its query."""
    if path.startswith("/apps/news/article/") and path.rpartition("/")[2].isdigit():
        return _edlio_story(int(path.rpartition("/")[2]))
    if path == "/apps/news/" and query.get("categoryId", "").isdigit():
        category, page = int(query["categoryId"]), int(query.get("pageIndex", "1"))
        main = _edlio_category(category, page) if category in EDLIO_CATEGORIES else None
        return (EDLIO_CATEGORIES[category], main) if main else None
    if path == "/apps/news/":
        return "News", _edlio_index()
    if path == "/":
        latest = "".join(_edlio_item(s, h) for s, (_, h) in list(edlio_stories().items())[:6])
        return "Home", f"<h2>Latest News</h2><ul>{latest}</ul><a href='/apps/news/'>More News</a>"
    if path in ("/apps/events/", "/apps/staff/", "/apps/pages/index.jsp"):
        return "Page", "<h1>Page</h1><p>Office hours: 8 am to 4 pm.</p>"
    return None


def edlio(menu_categories: bool = False) -> Answer:
    """An Edlio district: the home page's six newest stories and /apps/news/'s three newest of
    each category linked bare (/apps/news/article/N); each category's 15 at
    /apps/news/?categoryId=C (&pageIndex=2), which /apps/news/ links (`menu_categories`: and
    the menu), linked with ?categoryId=C."""

    def answer(path: str, query: dict[str, str]) -> str | None:
        found = _edlio_main(path, query)
        return _edlio_page(*found, menu_categories) if found else None

    return answer


SITES = {"edlio": edlio(), "edlio-menu": edlio(menu_categories=True)}

if __name__ == "__main__":
    with answering(SITES[sys.argv[1]]) as url:
        print(url, flush=True)
        threading.Event().wait()
