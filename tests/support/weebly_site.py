"""A Weebly school's blog, served on a local port as Weebly answers: its blog page /news.html
lists the newest posts and, for older ones, links "<< Previous" to /news/previous/2, whose page
links "<< Previous" on (/news/previous/3) and "Next >>" back to the newer page (/news.html from
page 2, /news/next/N from the others). Posts are /news/<slug>; the feed /news/feed names the
newest 10; the home page links the newest three.

`python -m tests.support.weebly_site` serves one until Ctrl-C (to probe and crawl it by hand)."""

from __future__ import annotations

from datetime import date, timedelta

from .cms_sites import BASE, Answer, story_text

PER_PAGE = 7  # posts a blog page lists: 25 posts are the blog page and 3 older pages
SCHOOL = "Maple Grove Elementary School"
TOPICS = ("spring concert", "science fair", "book week", "sports day", "art show")


def post_path(number: int) -> str:
    """Post `number`'s URL path (the highest number the newest post)."""
    return f"/news/{TOPICS[number % len(TOPICS)].replace(' ', '-')}-recap-{number}"


def _headline(number: int) -> str:
    return f"{TOPICS[number % len(TOPICS)].title()} Recap {number}"


def _day(number: int) -> date:
    return date(2026, 12, 6) - timedelta(days=3 * (100 - number))


def _page(title: str, main: str) -> str:
    menu = "".join(
        f'<a href="{path}" class="wsite-menu-item">{name}</a>'
        for path, name in (("/", "Home"), ("/about-us.html", "About Us"), ("/news.html", "News"))
    )
    feed = '<link rel="alternate" type="application/rss+xml" href="/news/feed" />'
    return (
        f"<html><head><title>{title} - {SCHOOL}</title>{feed}</head><body>"
        f"<div class='wsite-menu'>{menu}</div><div id='main'>{main}</div>"
        "<div class='sidebar'><h2>Archives</h2><a href='/news/archives/12-2026'>December 2026"
        "</a><a href='/news/feed' class='wsite-blog-feed'>RSS Feed</a></div></body></html>"
    )


def _teaser(number: int) -> str:
    return (
        f"<div class='blog-post'><h2><a class='blog-title-link blog-link' "
        f"href='{post_path(number)}'>{_headline(number)}</a></h2>"
        f"<p class='blog-date'>{_day(number):%m/%d/%Y}</p>"
        f"<a class='blog-link' href='{post_path(number)}'>Read More</a></div>"
    )


def _blog_page(posts: list[int], page: int) -> str | None:
    """Blog page `page` (1: /news.html): its posts and Weebly's pager."""
    shown = posts[(page - 1) * PER_PAGE : page * PER_PAGE]
    if not shown:
        return None
    pager = ""
    if page * PER_PAGE < len(posts):
        pager += f"<a href='/news/previous/{page + 1}' class='blog-link'>&lt;&lt; Previous</a>"
    if page > 1:
        newer = "/news.html" if page == 2 else f"/news/next/{page - 1}"
        pager += f" <a href='{newer}' class='blog-link'>Next &gt;&gt;</a>"
    return _page("News", "".join(map(_teaser, shown)) + f"<div class='blog-page-nav'>{pager}</div>")


def _post(number: int) -> str:
    head = f"<h2 class='blog-title'>{_headline(number)}</h2><p class='date-text'>"
    return _page(_headline(number), f"{head}{_day(number):%m/%d/%Y}</p>{story_text(number)}")


def _feed(posts: list[int], base: str) -> str:
    items = "".join(
        f"<item><title>{_headline(n)}</title><link>{base}{post_path(n)}</link>"
        f"<pubDate>{_day(n):%a, %d %b %Y} 09:00:00 +0000</pubDate></item>"
        for n in posts[:10]
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{SCHOOL}</title><link>{base}/news.html</link>{items}</channel></rss>"
    )


def weebly(posts: list[int]) -> Answer:
    """The site of these posts (numbers, newest first; the list may grow while served)."""

    def answer(path: str, query: dict[str, str]) -> str | None:
        if path == "/":
            return _page("Home", "<h1>Welcome</h1>" + "".join(map(_teaser, posts[:3])))
        if path == "/news.html":
            return _blog_page(posts, 1)
        kind, _, page = path.removeprefix("/news/").partition("/")
        if kind in ("previous", "next") and page.isdigit():
            return _blog_page(posts, int(page))
        if path == "/news/feed":
            return _feed(posts, BASE)
        return next((_post(n) for n in posts if post_path(n) == path), None)

    return answer


if __name__ == "__main__":
    import threading

    from .cms_sites import answering

    with answering(weebly(list(range(25, 0, -1)))) as url:
        print(url, flush=True)
        threading.Event().wait()
