"""A Drupal 10 college (Olivero's markup), served on a local port as Drupal answers: stories at
Pathauto aliases in two columns (/news/<slug>, /about/press-releases/<slug>), every node also
answered 200 at /node/N with a canonical link to its alias (no Redirect module), a "Related
news" block and a Views RSS feed that link /node/N, Views lists with Drupal's zero-based pager
(?page=1, "Next ›", "Last »", "« First" back to ?page=0), core's <meta name="Generator">.

`python -m tests.support.drupal_site` serves one until Ctrl-C (to probe and crawl it by hand)."""

from __future__ import annotations

from datetime import date, timedelta

from .cms_sites import BASE, story_text
from .sitegen import WORDS

COLLEGE = "Prairie Valley Community College"
PER_PAGE = 5
NEWS = range(101, 113)  # node ids of the news stories (the highest the newest)
PRESS = range(201, 207)
HIDDEN = 301  # a story of a column no list shows: linked only as /node/301 from the home page
SPELLED = "zero one two three four five six seven eight nine ten eleven twelve".split()
PAGES = {11: ("/about", "About the college"), 12: ("/admissions", "Admissions")}


# The story's term, an inline-labelled field after its body.
CATEGORY = (
    '<div class="field field--name-field-category field--label-inline"><div class="field__label">'
    'Category</div><div class="field__item"><a href="/news/category/campus-life">Campus Life'
    "</a></div></div>"
)


def _words(node: int) -> list[str]:
    """Three words of its own for each story (Pathauto's aliases carry no number)."""
    return [WORDS[(node * 7 + k * 5) % len(WORDS)] for k in range(2)] + [SPELLED[node % 100]]


def alias(node: int) -> str:
    slug = "-".join(_words(node))
    if node in PRESS:
        return f"/about/press-releases/{slug}-announced"
    if node == HIDDEN:
        return "/spotlight/graduate-spotlight-welding-alumni"
    return PAGES[node][0] if node in PAGES else f"/news/{slug}-news"


def headline(node: int) -> str:
    if node in PAGES:
        return PAGES[node][1]
    return " ".join(_words(node)).capitalize() + f" (story {node})"


def _day(node: int) -> date:
    return date(2026, 11, 30) - timedelta(days=(120 - node % 100) * 2 + node // 100)


def _chrome(title: str, main: str, head: str = "") -> str:
    menu = "".join(
        f'<li class="menu__item"><a href="{href}">{name}</a></li>'
        for href, name in (("/about", "About"), ("/admissions", "Admissions"), ("/news", "News"))
        + (("/about/press-releases", "Press releases"),)
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="Generator" content="Drupal 10 (https://www.drupal.org)">{head}'
        f"<title>{title} | {COLLEGE}</title></head><body>"
        '<a href="#main-content" class="skip-link">Skip to main content</a>'
        f'<header><a href="/" rel="home">{COLLEGE}</a><nav><ul class="menu">{menu}</ul></nav>'
        f'</header><main id="main-content">{main}</main><footer><p>2200 College Drive, '
        "Springfield, IL 62702</p></footer></body></html>"
    )


def _sentence(node: int, number: int) -> str:
    words = " ".join(WORDS[(node * 3 + number * 7 + k) % len(WORDS)] for k in range(12))
    return f"{words.capitalize()}, as item {number} of story {node} tells."


def _body(node: int, briefs: bool) -> str:
    """A story's text: its first sentence (its teaser's summary) and the rest; a news brief
    is three short sentences."""
    if briefs and node in NEWS:
        ask = f"Questions go to extension {node}. Updates follow on the calendar."
        return f"<p>{_sentence(node, 0)} {ask}</p>"
    return f"<p>{_sentence(node, 0)}</p>{story_text(node)}"


def _teaser(node: int, href: str) -> str:
    """A Views row in Olivero's teaser view mode: headline, date, summary, "Read more",
    one a line as Twig writes them."""
    day = _day(node)
    return (
        f'<div class="views-row"><article class="node node--view-mode-teaser">'
        f'<h3 class="node__title"><a href="{href}" rel="bookmark">{headline(node)}</a></h3>\n'
        f'<div class="node__meta"><time datetime="{day}T15:00:00Z">'
        f"{day:%B} {day.day}, {day.year}</time></div>\n"
        f'<div class="node__content"><div class="field--name-body"><p>{_sentence(node, 0)}</p>'
        f'</div><ul class="links inline"><li><a href="{href}">Read more<span class='
        f'"visually-hidden"> about {headline(node)}</span></a></li></ul></div></article></div>'
    )


def node_page(node: int, briefs: bool = False) -> str:
    """A node's page, at its alias and at /node/N alike; `briefs`: the news are briefs."""
    day = _day(node)
    related = "".join(_teaser(n, f"/node/{n}") for n in [n for n in NEWS[-4:] if n != node][:3])
    head = (
        f'<link rel="canonical" href="{BASE}{alias(node)}">'
        f'<link rel="shortlink" href="{BASE}/node/{node}">'
    )
    main = (
        f'<h1 class="page-title"><span class="field--name-title">{headline(node)}</span></h1>'
        f'<article class="node node--view-mode-full"><div class="field--name-field-date">'
        f'<time datetime="{day}T15:00:00Z">{day:%B} {day.day}, {day.year}</time></div>'
        f'<div class="field--name-body">{_body(node, briefs)}</div>{CATEGORY}</article>'
        f'<div class="block-related-news"><h2>Related news</h2>{related}</div>'
    )
    return _chrome(headline(node), main, head)


def _pager(page: int, last: int) -> str:
    links = ['<li><a href="?page=0">« First</a></li>'] if page else []
    links += [f'<li><a href="?page={n}">{n + 1}</a></li>' for n in range(last + 1) if n != page]
    if page < last:
        links += [f'<li><a href="?page={page + 1}" rel="next">Next ›</a></li>']
        links += [f'<li><a href="?page={last}">Last »</a></li>']
    return f'<nav class="pager"><ul class="pager__items">{"".join(links)}</ul></nav>'


def view(title: str, nodes: list[int], page: int) -> str | None:
    last = (len(nodes) - 1) // PER_PAGE
    if not 0 <= page <= last:
        return None
    shown = nodes[page * PER_PAGE : (page + 1) * PER_PAGE]
    rows = "".join(_teaser(n, alias(n)) for n in shown)
    main = f'<h1>{title}</h1><div class="view-content">{rows}</div>{_pager(page, last)}'
    return _chrome(title, main)


def _home() -> str:
    news = "".join(_teaser(n, alias(n)) for n in list(NEWS)[::-1][:3])
    spotlight = f'<p>Spotlight: <a href="/node/{HIDDEN}">{headline(HIDDEN)}</a></p>'
    feed = f'<link rel="alternate" type="application/rss+xml" href="{BASE}/news/feed">'
    press = "".join(_teaser(n, alias(n)) for n in list(PRESS)[::-1][:2])
    more = '<a href="/about/press-releases">All press releases</a>'
    main = f'<h2>College news</h2>{news}<a href="/news">More news</a>{press}{more}{spotlight}'
    return _chrome("Home", main, feed)


def rss() -> str:
    """A Views feed whose rows link the system path, as a feed of fields set to node/N does."""
    items = "".join(
        f"<item><title>{headline(n)}</title><link>{BASE}/node/{n}</link></item>"
        for n in list(NEWS)[::-1][:5]
    )
    channel = f"<channel><title>News</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


def answer(path: str, query: dict[str, str], briefs: bool = False) -> str | None:
    """The site's page at this path and query; `briefs`: its news are briefs of three
    sentences."""
    nodes = {alias(n): n for n in (*NEWS, *PRESS, HIDDEN, *PAGES)}
    page = int(query.get("page", "0")) if query.get("page", "0").isdigit() else 0
    if path == "/":
        return _home()
    if path == "/news":
        return view("News", list(NEWS)[::-1], page)
    if path == "/about/press-releases":
        return view("Press releases", list(PRESS)[::-1], page)
    if path == "/news/feed":
        return rss()
    if path in nodes:
        return node_page(nodes[path], briefs)
    if path.startswith("/node/") and path[6:].isdigit() and int(path[6:]) in nodes.values():
        return node_page(int(path[6:]), briefs)
    return None


def stories(base: str) -> set[str]:
    """The stories' URLs as a crawl should store them: each once, at its alias (the hidden
    column's at /node/N: no pattern knows its alias)."""
    return {base + alias(n) for n in (*NEWS, *PRESS)} | {f"{base}/node/{HIDDEN}"}


if __name__ == "__main__":
    import time

    from .cms_sites import answering

    with answering(answer) as served:
        print(f"serving a Drupal 10 college at {served}/ (Ctrl-C stops)")
        while True:
            time.sleep(3600)
