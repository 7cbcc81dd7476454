"""Two school CMSes whose URLs carry more than a path, served on a local port as they answer:
Edlio (US districts), whose stories are linked bare on the home page and with the category
they were listed under on the category pages (/apps/news/article/N?categoryId=C), and Drupal 7
with clean URLs off, behind `<base href>`, whose pages are all `?q=` values of one script
(?q=node/12, ?q=news/2024/05/<slug>, pagers at ?q=node&page=1 and ?q=news&page=2).

`python -m tests.support.cms_sites edlio|edlio-menu|drupal` serves one until Ctrl-C (to probe and
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
            if page.startswith("{"):  # an API's answer
                return send(self, 200, page.encode(), "application/json")
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


# -- Drupal 7, clean URLs off ------------------------------------------------------------------

COLLEGE = "Ridgeway Technical College"
ARTICLES = range(2, 12)  # the oldest stories, Drupal's "article" type: no alias, promoted
NEWS = range(12, 42)  # the "news" type since: a Pathauto alias each, the ten newest promoted
FRONT_PAGE = 10  # teasers a page of the front page
VIEWS_PAGE = 5  # rows a page of Views' ?q=news


def _node_title(node: int) -> str:
    return f"{WORDS[node % 22].capitalize()} {WORDS[(node * 3) % 22]} report {node}"


def drupal_link(node: int) -> str:
    """The link Drupal writes for a story: its Pathauto alias, or node/N for the older ones,
    which a theme written for clean URLs off links through index.php half the time."""
    if node in NEWS:
        slug = _node_title(node).lower().replace(" ", "-")
        return f"?q=news/{_day(41 - node):%Y/%m}/{slug}"
    return f"index.php?q=node/{node}" if node % 2 == 0 else f"?q=node/{node}"


def _promoted() -> list[int]:
    return [*NEWS[-10:][::-1], *ARTICLES[::-1]]


def _drupal_page(title: str, main: str, head: str = "") -> str:
    """A page in Bartik's frame: the menu, and a block of the five newest stories."""
    menu = "".join(
        f"<li><a href='{href}'>{text}</a></li>"
        for href, text in (
            ("./", "Home"),
            ("?q=news", "News"),
            ("?q=node/1", "About us"),
            ("?q=contact", "Contact"),
            ("?q=user/login&amp;destination=node", "Log in"),
        )
    )
    recent = "".join(
        f"<li><a href='{drupal_link(n)}'>{_node_title(n)}</a></li>" for n in range(41, 36, -1)
    )
    return (
        f"<html lang='en' dir='ltr'><head><meta charset='utf-8'><base href='{BASE}/'>"
        f"<title>{title} | {COLLEGE}</title>{head}</head><body>"
        f"<div id='header'><a href='./'>{COLLEGE}</a><ul class='menu'>{menu}</ul></div>"
        f"<div id='main'>{main}</div><div class='sidebar'><h2>Recent news</h2>"
        f"<ul>{recent}</ul></div></body></html>"
    )


def _submitted(node: int) -> str:
    """Drupal 7's byline, with the RDFa its RDF module adds."""
    day = _day(41 - node)
    return (
        f"<span property='dc:date dc:created' content='{day:%Y-%m-%d}T09:00:00+00:00' "
        f"datatype='xsd:dateTime'>Submitted by <span class='username'>admin</span> on "
        f"{day:%a, %m/%d/%Y} - 09:00</span>"
    )


def _pager(q: str, page: int, pages: int) -> str:
    """Drupal 7's pager: page numbers from 1, ?page= from 0 (the first page without it)."""
    items = [
        f"<li class='pager-current'>{p + 1}</li>"
        if p == page
        else f"<li><a href='?q={q}{f'&amp;page={p}' if p else ''}'>{p + 1}</a></li>"
        for p in range(pages)
    ]
    if page + 1 < pages:
        items.append(f"<li><a href='?q={q}&amp;page={page + 1}'>next ›</a></li>")
        items.append(f"<li><a href='?q={q}&amp;page={pages - 1}'>last »</a></li>")
    return f"<ul class='pager'>{''.join(items)}</ul>"


def _teaser(node: int) -> str:
    link = drupal_link(node)
    return (
        f"<div class='node node-teaser'><h2><a href='{link}'>{_node_title(node)}</a></h2>"
        f"<div class='submitted'>{_submitted(node)}</div>{story_text(node)[:400]}…</p>"
        f"<ul class='links'><li><a href='{link}'>Read more</a></li></ul></div>"
    )


def _front(page: int, feed: bool) -> str | None:
    """The front page (?q=node): the promoted stories' teasers, newest first."""
    shown = _promoted()[page * FRONT_PAGE : (page + 1) * FRONT_PAGE]
    if not shown:
        return None
    link = f"<link rel='alternate' type='application/rss+xml' href='{BASE}/?q=rss.xml'>"
    pager = _pager("node", page, -(-len(_promoted()) // FRONT_PAGE))
    return _drupal_page("Welcome", "".join(map(_teaser, shown)) + pager, link if feed else "")


def _news(page: int) -> str | None:
    """Views' page at ?q=news: the news, newest first, as rows of a title, a date and the
    body trimmed to some 600 characters."""
    nodes = NEWS[::-1][page * VIEWS_PAGE : (page + 1) * VIEWS_PAGE]
    if not nodes:
        return None
    rows = "".join(
        f"<div class='views-row'><div class='views-field-title'><a href='{drupal_link(n)}'>"
        f"{_node_title(n)}</a></div><span class='date-display-single' property='dc:date' "
        f"content='{_day(41 - n):%Y-%m-%d}T09:00:00+00:00'>{_day(41 - n):%A, %B %-d, %Y}"
        f"</span><div class='views-field-body'>{story_text(n)[:800]}…</p></div></div>"
        for n in nodes
    )
    pager = _pager("news", page, -(-len(NEWS) // VIEWS_PAGE))
    main = f"<h1 id='page-title'>News</h1><div class='view-content'>{rows}</div>{pager}"
    return _drupal_page("News", main)


def _node(node: int) -> str | None:
    if node == 1:
        about = "<p>The college trains technicians for the region's industry.</p>" * 6
        return _drupal_page("About us", f"<h1 id='page-title'>About us</h1>{about}")
    if node not in ARTICLES and node not in NEWS:
        return None
    return _drupal_page(
        _node_title(node),
        f"<h1 class='title' id='page-title'>{_node_title(node)}</h1><div class='node'>"
        f"<div class='meta submitted'>{_submitted(node)}</div>{story_text(node)}</div>",
    )


def _rss() -> str:
    """rss.xml: the ten newest promoted stories."""
    items = "".join(
        f"<item><title>{_node_title(n)}</title><link>{BASE}/{drupal_link(n)}</link></item>"
        for n in _promoted()[:10]
    )
    return f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel></rss>"


def drupal(feed: bool = True) -> Answer:
    """A Drupal 7 college with clean URLs off: every page is index.php (or /) with a ?q= path.
    40 stories: ten old articles linked by node/N (?q=node/3, index.php?q=node/4), promoted to
    the front page (?q=node&page=1 its second page), and thirty news by their alias
    (?q=news/2024/05/<slug>), the ten newest promoted, all on Views' ?q=news (&page=1 … 5).
    `feed`: the front page advertises rss.xml (the ten newest promoted)."""

    def answer(path: str, query: dict[str, str]) -> str | None:
        if path not in ("/", "/index.php"):
            return None
        q, page = query.get("q", "node"), int(query.get("page", "0"))
        aliases = {drupal_link(n).partition("=")[2]: n for n in NEWS}
        if q == "node":
            return _front(page, feed)
        if q == "news":
            return _news(page)
        if q == "rss.xml" and feed:
            return _rss()
        if q.startswith("node/") and q[5:].isdigit():
            return _node(int(q[5:]))
        return _node(aliases[q]) if q in aliases else None

    return answer


SITES = {
    "edlio": edlio(),
    "edlio-menu": edlio(menu_categories=True),
    "drupal": drupal(),
    "drupal-nofeed": drupal(feed=False),
}

if __name__ == "__main__":
    with answering(SITES[sys.argv[1]]) as url:
        print(url, flush=True)
        threading.Event().wait()
