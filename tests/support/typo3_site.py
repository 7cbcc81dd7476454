"""A TYPO3 college with tx_news and no route enhancers, served on a local port as TYPO3
answers: every page index.php?id=N, a story's page the detail page (id=13) with the story's
uid in the query, each link with a query signed by its cHash (a page asked for without a
valid one answers 404, as TYPO3's pageNotFoundOnCHashError does), the news list (id=12)
paged by tx_news's stock pager (?tx_news_pi1[currentPage]=2&cHash=…, "next"), its
category lists (?tx_news_pi1[overwriteDemand][categories]=3), tx_news's stock Detail markup
(the story's teaser above its body), the generator meta 'TYPO3 CMS', the <title>
"Site: Page".

`python -m tests.support.typo3_site` serves one until Ctrl-C (to probe and crawl it by hand)."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from urllib.parse import quote

from .cms_sites import BASE, story_text
from .sitegen import WORDS

COLLEGE = "Northfield Technical College"
STORIES = range(401, 415)  # tx_news uids, the highest the newest
PER_PAGE = 5
CATEGORIES = {3: "Industry Partnerships", 4: "Competitions"}


def chash(params: dict[str, str]) -> str:
    """A stand-in for TYPO3's cHash: a hash of the sorted arguments."""
    return hashlib.md5("&".join(f"{k}={v}" for k, v in sorted(params.items())).encode()).hexdigest()


def link(params: dict[str, str]) -> str:
    """index.php with the arguments in the order TYPO3 writes them, cHash last, &amp; in HTML."""
    query = "&amp;".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in params.items())
    signed = f"&amp;cHash={chash(params)}" if len(params) > 1 else ""
    return f"/index.php?{query}{signed}"


def story_link(uid: int) -> str:
    arguments = {"id": "13", "tx_news_pi1[news]": str(uid)}
    return link(arguments | {"tx_news_pi1[controller]": "News", "tx_news_pi1[action]": "detail"})


def headline(uid: int) -> str:
    return " ".join(WORDS[(uid * 7 + k * 5) % len(WORDS)] for k in range(4)).capitalize()


def teaser(uid: int) -> str:
    return f"The college and a partner employer agreed a new placement scheme (story {uid})."


def category(uid: int) -> int:
    return 3 if uid % 2 else 4


def _day(uid: int) -> date:
    return date(2026, 11, 30) - timedelta(days=(STORIES[-1] - uid) * 9)


def _chrome(title: str, main: str) -> str:
    menu = f'<a href="/">Home</a><a href="{link({"id": "12"})}">News</a>'
    menu += f'<a href="{link({"id": "31"})}">Courses</a>'
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f'<base href="{BASE}/"><title>{COLLEGE}: {title}</title>'
        '<meta name="generator" content="TYPO3 CMS" /></head><body>'
        f'<header><nav class="navbar">{menu}</nav></header><main>{main}</main>'
        "<footer><p>Riverside Campus, Mill Lane, Northfield</p></footer></body></html>"
    )


def _date_line(uid: int) -> str:
    day = _day(uid)
    return (
        f'<span class="news-list-date"><time itemprop="datePublished" datetime="{day}">'
        f"{day:%d/%m/%Y}</time></span>"
    )


def _list_item(uid: int) -> str:
    href = story_link(uid)
    return (
        '<div class="article articletype-0" itemscope="itemscope" '
        'itemtype="http://schema.org/Article"><div class="header"><h3>'
        f'<a title="{headline(uid)}" href="{href}"><span itemprop="headline">{headline(uid)}'
        '</span></a></h3></div><div class="teaser-text"><div itemprop="description">'
        f'<p>{teaser(uid)}</p></div><a class="more" href="{href}">Read more</a></div>'
        f'<div class="footer"><p>{_date_line(uid)}</p></div></div>'
    )


def detail(uid: int) -> str:
    """tx_news's stock Detail.html: headline, date line, teaser, body, back link."""
    main = (
        '<div class="news news-single"><div class="article" itemscope="itemscope" '
        'itemtype="http://schema.org/Article"><div class="header">'
        f'<h3 itemprop="headline">{headline(uid)}</h3></div>'
        f'<div class="footer"><p>{_date_line(uid)}</p></div>'
        f'<div class="teaser-text" itemprop="description"><p>{teaser(uid)}</p></div>'
        f'<div class="news-text-wrap" itemprop="articleBody">{story_text(uid)}</div>'
        f'<div class="news-backlink-wrap"><a href="{link({"id": "12"})}">Back</a></div>'
        "</div></div>"
    )
    return _chrome(headline(uid), main)


def _pager(page: int, last: int, arguments: dict[str, str]) -> str:
    def at(n: int) -> str:
        paged = {"tx_news_pi1[action]": "list", "tx_news_pi1[controller]": "News"}
        return link(arguments | paged | {"tx_news_pi1[currentPage]": str(n)})

    items = [
        f'<li class="current">{n}</li>' if n == page else f'<li><a href="{at(n)}">{n}</a></li>'
        for n in range(1, last + 1)
    ]
    if page < last:
        items.append(f'<li class="next"><a href="{at(page + 1)}" title="next">next</a></li>')
    return (
        f'<div class="page-navigation"><ul class="f3-widget-paginator">{"".join(items)}</ul></div>'
    )


def news_list(uids: list[int], page: int, arguments: dict[str, str]) -> str | None:
    last = (len(uids) - 1) // PER_PAGE + 1
    if not 1 <= page <= last:
        return None
    rows = "".join(_list_item(u) for u in uids[(page - 1) * PER_PAGE : page * PER_PAGE])
    menu = "".join(
        f'<li><a href="{link({"id": "12", "tx_news_pi1[overwriteDemand][categories]": str(c)})}">'
        f"{name}</a></li>"
        for c, name in CATEGORIES.items()
    )
    main = (
        f'<h1>News</h1><div class="news"><div class="news-list-view">{rows}'
        f"{_pager(page, last, arguments)}</div></div><aside><ul>{menu}</ul></aside>"
    )
    return _chrome("News", main)


def _home() -> str:
    latest = "".join(_list_item(u) for u in list(STORIES)[::-1][:2])
    return _chrome("Home", f'<h1>Welcome</h1><div class="news-list-view">{latest}</div>')


def answer(path: str, query: dict[str, str]) -> str | None:
    """The site's page at this path and query (decoded), or None: 404."""
    arguments = {k: v for k, v in query.items() if k != "cHash"}
    if path == "/" and not query:
        return _home()
    if path != "/index.php" or (len(arguments) > 1 and query.get("cHash") != chash(arguments)):
        return None
    page = arguments.get("id")
    if page == "13" and arguments.get("tx_news_pi1[news]", "").isdigit():
        uid = int(arguments["tx_news_pi1[news]"])
        return detail(uid) if uid in STORIES else None
    if page == "12":
        shown = list(STORIES)[::-1]
        chosen = arguments.get("tx_news_pi1[overwriteDemand][categories]")
        if chosen:
            shown = [u for u in shown if str(category(u)) == chosen]
        kept = {"id": "12"} | (
            {"tx_news_pi1[overwriteDemand][categories]": chosen} if chosen else {}
        )
        return news_list(shown, int(arguments.get("tx_news_pi1[currentPage]", "1")), kept)
    if page == "31":
        return _chrome("Courses", "<h1>Courses</h1><p>Full-time courses and apprenticeships.</p>")
    return None


def stories(base: str) -> set[str]:
    """The stories' URLs as a crawl stores them: the query sorted, as written otherwise."""
    return {f"{base}{canonical(story_link(uid))}" for uid in STORIES}


def canonical(href: str) -> str:
    path, _, query = href.replace("&amp;", "&").partition("?")
    return f"{path}?{'&'.join(sorted(query.split('&')))}"


if __name__ == "__main__":
    import time

    from .cms_sites import answering

    with answering(answer) as served:
        print(f"serving a TYPO3 college (tx_news) at {served}/ (Ctrl-C stops)")
        while True:
            time.sleep(3600)
