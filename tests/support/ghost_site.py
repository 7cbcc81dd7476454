"""A Ghost 5 blog (Casper's markup), served on a local port as Ghost answers: posts and static
pages both at root-level slugs (/<slug>/, one word too: /enrolment/), the home page's post
cards and its pager /page/N/, the feed /rss/ of the newest, the menu linking the static pages
(/about/, /term-dates/, /how-to-apply/). ghost_head marks a post og:type article, with its
time in UTC (article:published_time …Z); Casper prints the day in the site's time zone.

`python -m tests.support.ghost_site` serves one until Ctrl-C (to probe and crawl it by hand)."""

from __future__ import annotations

from datetime import date, timedelta

from .cms_sites import BASE, story_text

PER_PAGE = 6  # post cards a list page shows: 14 posts are the home page and two older pages
COLLEGE = "Northfield College News"
TOPICS = ("open day", "welding final", "solar boat", "careers fair", "apprentice awards")
PAGES = {"about": "About the college", "term-dates": "Term dates", "how-to-apply": "How to apply"}
PAGE_TEXT = (
    "Northfield Technical College serves the county with more than nine thousand students a "
    "year across three campuses, in full-time courses, apprenticeships and adult learning. "
)


def post_slug(number: int) -> str:
    """Post `number`'s slug (the highest number the newest post); every fifth is one word."""
    if number % 5 == 0:
        return f"enrolment{number}"
    return f"{TOPICS[number % len(TOPICS)].replace(' ', '-')}-{number}"


def post_paths(posts: int = 14) -> set[str]:
    return {f"/{post_slug(n)}/" for n in range(1, posts + 1)}


def _day(number: int) -> date:
    return date(2026, 11, 30) - timedelta(days=4 * (100 - number))


def head(title: str, og_type: str, published: str = "") -> str:
    """ghost_head's tags: og:type, a post's UTC time, the generator and the feed."""
    time = (
        f'<meta property="article:published_time" content="{published}">'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
        f'"Article", "headline": "{title}", "datePublished": "{published}"}}</script>'
        if published
        else ""
    )
    return (
        f'<head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:site_name" content="{COLLEGE}">'
        f'<meta property="og:type" content="{og_type}">{time}'
        '<meta name="generator" content="Ghost 5.96">'
        f'<link rel="alternate" type="application/rss+xml" title="{COLLEGE}" href="{BASE}/rss/">'
        "</head>"
    )


def _chrome(main: str) -> str:
    menu = "".join(
        f'<li class="nav-{slug}"><a href="{BASE}/{slug}/">{name}</a></li>'
        for slug, name in (("", "Home"), *PAGES.items())
    )
    return (
        f'<body><header id="gh-head"><a class="gh-head-logo" href="{BASE}">{COLLEGE}</a>'
        f'<nav class="gh-head-menu"><ul class="nav">{menu}</ul></nav>'
        '<a href="#/portal/signup" data-portal="signup">Subscribe</a></header>'
        f'<main id="site-main" class="site-main">{main}</main>'
        f'<section class="footer-cta"><h2>Subscribe to {COLLEGE}</h2></section>'
        '<footer class="site-footer"><a href="https://ghost.org/">Powered by Ghost</a></footer>'
        "</body></html>"
    )


def _headline(number: int) -> str:
    return f"{TOPICS[number % len(TOPICS)].capitalize()} at Northfield, story {number}"


def post(number: int) -> str:
    day = _day(number)
    # Post 7 was written at half past midnight in a time zone ahead of UTC (Europe/Berlin's,
    # Asia/Shanghai's): the day before, in UTC.
    late = number == 7
    published = f"{day - timedelta(days=1)}T23:30:00.000Z" if late else f"{day}T09:00:00.000Z"
    main = (
        f'<article class="article post tag-news"><header class="article-header gh-canvas">'
        f'<h1 class="article-title">{_headline(number)}</h1><div class="byline-meta-content">'
        f'<time class="byline-meta-date" datetime="{day}">{day:%b %-d, %Y}</time></div></header>'
        f'<section class="gh-content gh-canvas">{story_text(number)}</section></article>'
    )
    return "<!DOCTYPE html><html>" + head(_headline(number), "article", published) + _chrome(main)


def static_page(slug: str) -> str:
    main = (
        f'<article class="article post page"><header class="article-header gh-canvas">'
        f'<h1 class="article-title">{PAGES[slug]}</h1></header>'
        f'<section class="gh-content gh-canvas"><p>{PAGE_TEXT * 4}</p><p>{PAGE_TEXT}</p>'
        "</section></article>"
    )
    return "<!DOCTYPE html><html>" + head(PAGES[slug], "website") + _chrome(main)


def _card(number: int) -> str:
    return (
        f'<article class="post-card post"><a class="post-card-content-link" '
        f'href="/{post_slug(number)}/"><h2 class="post-card-title">{_headline(number)}</h2>'
        f'<div class="post-card-excerpt">{story_text(number)[3:120]}</div></a>'
        f'<time class="post-card-meta-date" datetime="{_day(number)}">{_day(number)}</time>'
        "</article>"
    )


def list_page(posts: list[int], page: int, root: str = "/") -> str | None:
    shown = posts[(page - 1) * PER_PAGE : page * PER_PAGE]
    if not shown:
        return None
    older = posts[page * PER_PAGE :]
    pager = f'<a class="older-posts" href="{root}page/{page + 1}/">Older Posts →</a>'
    main = (
        f'<div class="post-feed">{"".join(map(_card, shown))}</div>'
        f'<nav class="pagination">{pager if older else ""}</nav>'
    )
    return "<!DOCTYPE html><html>" + head(COLLEGE, "website") + _chrome(main)


def rss(numbers: list[int]) -> str:
    """/rss/: the newest posts (Ghost's names 15; this one 5)."""
    items = "".join(
        f"<item><title>{_headline(n)}</title><link>{BASE}/{post_slug(n)}/</link></item>"
        for n in numbers[:5]
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>{items}</channel></rss>'
    )


def answer(path: str, query: dict[str, str], posts: int = 14) -> str | None:
    numbers = list(range(posts, 0, -1))
    by_slug = {post_slug(n): n for n in numbers}
    parts = [p for p in path.split("/") if p]
    if not parts:
        return list_page(numbers, 1)
    if parts == ["rss"]:
        return rss(numbers)
    if parts[0] == "page" and len(parts) == 2 and parts[1].isdigit():
        return list_page(numbers, int(parts[1]))
    if len(parts) == 1 and parts[0] in PAGES:
        return static_page(parts[0])
    if len(parts) == 1 and parts[0] in by_slug:
        return post(by_slug[parts[0]])
    return None


if __name__ == "__main__":
    import time

    from .cms_sites import answering

    with answering(answer) as base:
        print(base, flush=True)
        while True:
            time.sleep(3600)
