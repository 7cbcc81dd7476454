"""A US district's site built on Nuxt (server-rendered Vue, as Apptegy/Thrillshare district
sites are), served on a local port: its news list /news server-renders the 12 newest of its 40
stories as cards (/article/1856329) and loads the older ones only through a "Load more"
button that calls a JSON API (/api/v1/articles?page=2); no pager link; the hydration data
(window.__NUXT__) says total:40, perPage:12. `sitemap`: /sitemap.xml lists every story.

`python -m tests.support.nuxt_site [sitemap]` serves one until Ctrl-C (to probe and crawl it
by hand)."""

from __future__ import annotations

import json
import sys
import threading

from .cms_sites import Answer, _day, answering, story_text
from .sitegen import WORDS

DISTRICT = "Cedar Ridge Public Schools"
FIRST = 1856329  # the newest story's id
TOTAL, PER_PAGE = 40, 12
STORIES = list(range(FIRST, FIRST - TOTAL, -1))  # newest first
# The control that loads the older stories: a button, as Nuxt themes draw it.
LOAD_MORE = "<button type='button' class='btn load-more'><span>Load more</span></button>"


def headline(story: int) -> str:
    number = FIRST - story
    return f"{WORDS[number % 22].capitalize()} {WORDS[(number * 7) % 22]} at the district {number}"


def _page(title: str, main: str, state: dict) -> str:
    """A page as Nuxt renders it on the server: the app's markup, its hydration data, its
    bundles."""
    menu = "".join(
        f"<li><a href='{href}' class='nuxt-link'>{text}</a></li>"
        for href, text in (("/", "Home"), ("/news", "News"), ("/page/about", "About us"))
    )
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title} | {DISTRICT}</title><link rel='preload' href='/_nuxt/app.js' as='script'>"
        f"</head><body><div id='__nuxt'><div id='__layout'><header><a href='/'>{DISTRICT}</a>"
        f"<nav><ul>{menu}</ul></nav></header><main>{main}</main>"
        f"<footer>&copy; 2026 {DISTRICT}</footer></div></div>"
        f"<script>window.__NUXT__={json.dumps(state)}</script>"
        "<script src='/_nuxt/app.js' defer></script></body></html>"
    )


def _card(story: int) -> str:
    day = _day(FIRST - story).strftime("%B %-d, %Y")
    return (
        f"<div class='card'><a href='/article/{story}'><h3>{headline(story)}</h3></a>"
        f"<p class='date'>{day}</p><a href='/article/{story}' class='more'>Read more</a></div>"
    )


def _news(control: str) -> str:
    cards = "".join(_card(s) for s in STORIES[:PER_PAGE])
    state = {"data": [{"articles": STORIES[:PER_PAGE], "meta": {"total": TOTAL}}]}
    state["data"][0]["meta"]["perPage"] = PER_PAGE
    main = f"<h1>News</h1><div class='cards'>{cards}</div><div class='more'>{control}</div>"
    return _page("News", main, state)


def _home() -> str:
    """The newest three, and a "More news" link to the list (a link, no control)."""
    cards = "".join(_card(s) for s in STORIES[:3])
    main = f"<h2>Latest news</h2>{cards}<a href='/news' class='button'>More news</a>"
    return _page("Home", main, {"data": [{}]})


def _story(story: int) -> str:
    day = _day(FIRST - story)
    main = (
        f"<article><h1>{headline(story)}</h1><time datetime='{day:%Y-%m-%d}'>"
        f"{day:%B %-d, %Y}</time>{story_text(FIRST - story)}</article>"
    )
    return _page(headline(story), main, {"data": [{"id": story}]})


def _api(page: int) -> str:
    """The JSON API the button calls: a page of stories."""
    shown = STORIES[(page - 1) * PER_PAGE : page * PER_PAGE]
    items = [{"id": s, "title": headline(s), "url": f"/article/{s}"} for s in shown]
    return json.dumps({"articles": items, "meta": {"total": TOTAL, "perPage": PER_PAGE}})


def _sitemap() -> str:
    urls = "".join(f"<url><loc>%BASE%/article/{s}</loc></url>" for s in STORIES)
    return (
        "<?xml version='1.0' encoding='UTF-8'?>"
        f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>"
    )


def nuxt(sitemap: bool = False, control: str = LOAD_MORE) -> Answer:
    """The district's site; `control`: what /news shows under its cards."""

    def answer(path: str, query: dict[str, str]) -> str | None:
        if path == "/":
            return _home()
        if path == "/news":
            return _news(control)
        if path == "/page/about":
            return _page("About us", "<h1>About us</h1><p>Our district has six schools.</p>", {})
        story = path.removeprefix("/article/")
        if story.isdigit() and int(story) in STORIES:
            return _story(int(story))
        if path == "/api/v1/articles":
            return _api(int(query.get("page", "1")))
        return _sitemap() if path == "/sitemap.xml" and sitemap else None

    return answer


if __name__ == "__main__":
    with answering(nuxt(sitemap="sitemap" in sys.argv[1:])) as url:
        print(url, flush=True)
        threading.Event().wait()
