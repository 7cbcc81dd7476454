"""Two school CMSes whose second column the probe used to leave out, served on a local port.

- `empire()`: an EmpireCMS 中职 site. Its news are in dated folders (/xxxw/2024-05-20/1234.html,
  which the generic profile knows); its notices are numbered in their column's folder
  (/tzgg/1250.html, which no profile knows), each a short notice beside the sidebars of the
  latest and the most read stories every page shows, which reads as "a list of links" when
  the page's kind is not known.
- `joomla()`: a Joomla school with two news categories, each with its feed (the five
  newest) and its category pages (/index.php/news/sport?start=5) linking the older ones.
- `teaser_list()`: a hand-written college site. Its news list (/news/, /news/?page=2) gives
  each story's headline link, its date and a teaser cut short ("...", or "Read more"), and
  no sidebar; the
  stories are at /news/article.php?id=N, each with a sidebar of the five newest.

`python -m tests.support.column_cms empire|joomla|teaser_list` serves one until Ctrl-C."""

from __future__ import annotations

import sys
import threading
from datetime import date, timedelta

from .cms_sites import Answer, answering, story_text

SCHOOL = "青川县职业技术学校"
NOTICES = range(1250, 1262)  # 12 notices in /tzgg/
NEWS = range(1300, 1316)  # 16 news stories in dated folders


def _day(number: int) -> date:
    return date(2024, 5, 28) - timedelta(days=(1320 - number) * 3)


def news_path(number: int) -> str:
    return f"/xxxw/{_day(number)}/{number}.html"


def notice_path(number: int) -> str:
    return f"/tzgg/{number}.html"


def empire_stories() -> list[str]:
    return [news_path(n) for n in NEWS] + [notice_path(n) for n in NOTICES]


def _headline(number: int) -> str:
    if number in NOTICES:
        return f"关于做好第{number - 1249}期技能培训报名工作的通知"
    return f"我校与第{number - 1299}家合作企业举行校企合作签约仪式"


def _sidebar_entry(number: int) -> str:
    """A sidebar's link, its headline cut to fit (the whole one in its title)."""
    path = notice_path(number) if number in NOTICES else news_path(number)
    headline = _headline(number)
    return (
        f"<li><a href='{path}' title='{headline}'>{headline[:16]}</a>"
        f"<span>{_day(number):%m-%d}</span></li>"
    )


def _empire_page(title: str, main: str) -> str:
    stories = sorted([*NEWS, *NOTICES], key=_day, reverse=True)
    boxes = (("热门文章", stories[3::2][:10]), ("最新文章", stories[:10]))
    sidebar = "".join(
        f"<div class='box'><div class='boxtitle'>{name}</div><ul>"
        + "".join(map(_sidebar_entry, numbers))
        + "</ul></div>"
        for name, numbers in boxes
    )
    menu = "".join(
        f"<li><a href='/{c}/'>{name}</a></li>"
        for c, name in (("xxxw", "学校新闻"), ("tzgg", "通知公告"), ("xxgk", "学校概况"))
    )
    return (
        f"<html><head><meta charset='utf-8'><title>{title} - {SCHOOL}</title></head><body>"
        f"<ul class='nav'><li><a href='/'>网站首页</a></li>{menu}</ul>"
        f"<table><tr><td class='left'>{main}</td><td class='right'>{sidebar}</td></tr></table>"
        f"<div class='copyright'>版权所有：{SCHOOL} 蜀ICP备12034567号-1 Powered by EmpireCMS</div>"
        "</body></html>"
    )


def _empire_story(number: int) -> str:
    if number in NOTICES:  # two sentences: a notice, short beside the sidebar's ten
        body = (
            "<p>各专业部、各科室：</p><p>为做好技能培训报名相关工作，经学校行政会研究，"
            f"现将第{number - 1249}期培训的报名事项通知如下，请各部门按时报送名单。</p>"
            "<p>特此通知。</p>"
        )
    else:
        body = story_text(number)
    return _empire_page(
        _headline(number),
        f"<h1>{_headline(number)}</h1><div class='info'>发布时间：{_day(number)} 09:30:12"
        f"　作者：办公室</div><div class='infocont'>{body}</div>",
    )


def _empire_column(column: str, page: int) -> str | None:
    numbers = sorted(NOTICES if column == "tzgg" else NEWS, reverse=True)
    shown = numbers[(page - 1) * 5 : page * 5]
    if not shown:
        return None
    rows = "".join(
        f"<li><span>{_day(n)}</span><a href='{notice_path(n) if n in NOTICES else news_path(n)}'>"
        f"{_headline(n)}</a></li>"
        for n in shown
    )
    pages = "".join(
        f"<a href='/{column}/{'index' if p == 1 else f'index_{p}'}.html'>{p}</a>"
        for p in range(1, -(-len(numbers) // 5) + 1)
    )
    name = "通知公告" if column == "tzgg" else "学校新闻"
    return _empire_page(name, f"<div class='boxtitle'>{name}</div><ul>{rows}</ul>{pages}")


def _empire_home() -> str:
    news = "".join(f"<li><a href='{news_path(n)}'>{_headline(n)}</a></li>" for n in NEWS[-6:])
    notices = "".join(
        f"<li><a href='{notice_path(n)}'>{_headline(n)}</a></li>" for n in NOTICES[-4:]
    )
    return _empire_page(
        "首页",
        f"<div class='box'>学校新闻 <a href='/xxxw/'>更多&gt;&gt;</a><ul>{news}</ul></div>"
        f"<div class='box'>通知公告 <a href='/tzgg/'>更多&gt;&gt;</a><ul>{notices}</ul></div>",
    )


def empire() -> Answer:
    def answer(path: str, query: dict[str, str]) -> str | None:
        if path == "/":
            return _empire_home()
        parts = path.strip("/").split("/")
        if parts[0] not in ("xxxw", "tzgg"):
            return None
        stem = parts[-1].removesuffix(".html") if len(parts) > 1 else "index"
        if stem == "index" or stem.startswith("index_") and stem[6:].isdigit():
            return _empire_column(parts[0], int(stem[6:] or 1))
        if stem.isdigit() and path in empire_stories():
            return _empire_story(int(stem))
        return None

    return answer


# -- Joomla ----------------------------------------------------------------------------------

CATEGORIES = {"school-news": "School News", "sport": "Sport"}
PER_CATEGORY = 12
PER_PAGE = 5
FEED_ITEMS = 5
JOOMLA_SCHOOL = "Thornbury Park School"
_SLUGS = ("visit-local-engineering-firm", "team-reach-county-final", "parents-evening-booking")


def joomla_stories() -> dict[int, str]:
    """Article id: its category, newest (highest) first, the categories interleaved."""
    ids = range(200 + PER_CATEGORY * len(CATEGORIES) - 1, 199, -1)
    return {n: list(CATEGORIES)[n % 2] for n in ids}


def joomla_path(number: int) -> str:
    slug = f"{_SLUGS[number % 3]}-{number}"
    return f"/index.php/news/{joomla_stories()[number]}/{number}-{slug}"


def _joomla_title(number: int) -> str:
    return f"Year {7 + number % 5} students {_SLUGS[number % 3].replace('-', ' ')} {number}"


def _joomla_day(number: int) -> date:
    return date(2024, 5, 28) - timedelta(days=(230 - number) * 2)


def _joomla_page(title: str, main: str, feed: str = "") -> str:
    menu = "".join(
        f"<li><a href='/index.php/news/{c}'>{name}</a></li>" for c, name in CATEGORIES.items()
    )
    link = f"<link rel='alternate' type='application/rss+xml' href='{feed}'>" if feed else ""
    return (
        f"<html><head><title>{title} - {JOOMLA_SCHOOL}</title>{link}"
        "<meta name='generator' content='Joomla! - Open Source Content Management'></head>"
        f"<body><ul class='menu'><li><a href='/index.php'>Home</a></li>{menu}"
        "<li><a href='/index.php/about-us'>About Us</a></li></ul>"
        f"<main>{main}</main><footer>{JOOMLA_SCHOOL}, Park Road, Thornbury</footer></body></html>"
    )


def _joomla_feed(category: str) -> str:
    newest = [n for n, c in joomla_stories().items() if c == category][:FEED_ITEMS]
    items = "".join(
        f"<item><title>{_joomla_title(n)}</title><link>%BASE%{joomla_path(n)}</link>"
        f"<pubDate>{_joomla_day(n):%a, %d %b %Y} 09:00:00 +0000</pubDate></item>"
        for n in newest
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>{CATEGORIES[category]}</title><link>%BASE%/</link>{items}</channel></rss>"
    )


def _feed_url(category: str) -> str:
    return f"/index.php/news/{category}?format=feed&amp;type=rss"


def _joomla_category(category: str, start: int) -> str | None:
    numbers = [n for n, c in joomla_stories().items() if c == category]
    shown = numbers[start : start + PER_PAGE]
    if not shown:
        return None
    rows = "".join(
        f"<div class='item'><h2><a href='{joomla_path(n)}'>{_joomla_title(n)}</a></h2>"
        f"<p>Published: {_joomla_day(n):%d %B %Y}</p>"
        f"<a class='readmore' href='{joomla_path(n)}'>Read more: {_joomla_title(n)}</a></div>"
        for n in shown
    )
    pager = "".join(
        f"<li><a href='/index.php/news/{category}"
        + (f"?start={s}'>" if s else "'>")
        + f"{s // PER_PAGE + 1}</a></li>"
        for s in range(0, len(numbers), PER_PAGE)
    )
    return _joomla_page(
        CATEGORIES[category],
        f"<h1>{CATEGORIES[category]}</h1>{rows}<ul class='pagination'>{pager}</ul>",
        _feed_url(category),
    )


def _joomla_story(number: int) -> str:
    return _joomla_page(
        _joomla_title(number),
        f"<h2 itemprop='headline'>{_joomla_title(number)}</h2><dl class='article-info'>"
        f"<dd>Published: {_joomla_day(number):%d %B %Y}</dd><dd>Hits: {number}</dd></dl>"
        f"{story_text(number)}",
    )


def _joomla_home() -> str:
    newest = list(joomla_stories())[:4]
    links = "".join(f"<li><a href='{joomla_path(n)}'>{_joomla_title(n)}</a></li>" for n in newest)
    return _joomla_page("Home", f"<h1>Welcome</h1><ul class='latestnews'>{links}</ul>")


def joomla() -> Answer:
    def answer(path: str, query: dict[str, str]) -> str | None:
        if path in ("/", "/index.php"):
            return _joomla_home()
        parts = path.removeprefix("/index.php/").split("/")
        if parts[0] == "about-us":
            return _joomla_page("About Us", "<h1>About Us</h1><p>Our school is a happy one.</p>")
        if parts[0] != "news" or len(parts) < 2 or parts[1] not in CATEGORIES:
            return None
        if len(parts) == 2 and query.get("format") == "feed":
            return _joomla_feed(parts[1])
        if len(parts) == 2:
            return _joomla_category(parts[1], int(query.get("start", 0)))
        number = int(parts[2].split("-")[0]) if parts[2].split("-")[0].isdigit() else 0
        ok = len(parts) == 3 and number in joomla_stories() and joomla_path(number) == path
        return _joomla_story(number) if ok else None

    return answer


# -- a news list of teasers ------------------------------------------------------------------

COLLEGE = "Riverside College"
TEASER_STORIES = range(107, 100, -1)  # newest first
TEASERS_PER_PAGE = 4


def teaser_path(number: int) -> str:
    return f"/news/article.php?id={number}"


_HEADLINES = (
    "Riverside College signs apprenticeship agreement with Northfield Rail",
    "Welding students visit partner shipyard in Harlow",
    "East-west exchange: staff from Gansu vocational school tour our workshops",
    "New automotive lab opens with support from local dealers",
    "Catering students win regional culinary competition",
    "College and county council launch green skills bootcamp",
    "Open day draws record attendance for engineering courses",
)


def _teaser_title(number: int) -> str:
    return _HEADLINES[TEASER_STORIES.index(number)]


def _college_page(title: str, main: str, sidebar: bool = True) -> str:
    latest = "".join(
        f"<li><a href='{teaser_path(n)}'>{_teaser_title(n)}</a></li>" for n in TEASER_STORIES[:5]
    )
    aside = f"<aside><h3>Latest news</h3><ul>{latest}</ul></aside>" if sidebar else ""
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title} | "
        f"{COLLEGE}</title></head><body><header><a href='/'>{COLLEGE}</a><nav><a href='/'>"
        "Home</a> <a href='/courses/'>Courses</a> <a href='/news/'>News</a></nav></header>"
        f"<main>{main}</main>{aside}<footer>"
        f"<p>{COLLEGE}, 1 Quay Street. &copy; 2024 {COLLEGE}</p></footer></body></html>"
    )


def _teaser_list(page: int, more: str) -> str | None:
    first = (page - 1) * TEASERS_PER_PAGE
    numbers = list(TEASER_STORIES)[first : first + TEASERS_PER_PAGE]
    if not numbers:
        return None
    items = "".join(
        f"<div class='item'><h2><a href='{teaser_path(n)}'>{_teaser_title(n)}</a></h2>"
        f"<span class='date'>{_day(n):%d %B %Y}</span><p>{_teaser_title(n)[:60]}"
        f"{more.format(path=teaser_path(n))}</p></div>"
        for n in numbers
    )
    later = len(TEASER_STORIES) > first + TEASERS_PER_PAGE
    pager = f"<a href='/news/?page={page + 1}'>Next page</a>" if later else ""
    main = f"<h1>News</h1>{items}<div class='pager'>{pager}</div>"
    return _college_page("News", main, sidebar=False)


CUT_SHORT = ("...", " <a href='{path}'>Read more</a>")  # how a teaser ends


def teaser_list(more: str = CUT_SHORT[0]) -> Answer:
    def answer(path: str, query: dict[str, str]) -> str | None:
        if path == "/":
            return _college_page("Home", "<h1>Welcome</h1><p><a href='/news/'>All news</a></p>")
        if path == "/news/":
            page = query.get("page", "1")
            return _teaser_list(int(page), more) if page.isdigit() else None
        number = int(query.get("id", "0")) if query.get("id", "").isdigit() else 0
        if path != "/news/article.php" or number not in TEASER_STORIES:
            return None
        return _college_page(
            _teaser_title(number),
            f"<article><h1>{_teaser_title(number)}</h1><p class='meta'>Posted on "
            f"{_day(number):%d %B %Y} by the Communications Office</p>{story_text(number)}"
            "</article>",
        )

    return answer


if __name__ == "__main__":
    sites = {"empire": empire, "joomla": joomla, "teaser_list": teaser_list}
    with answering(sites[sys.argv[1]]()) as url:
        print(url, flush=True)
        threading.Event().wait()
