"""A college CMS of column folders (JEECMS, and many Chinese and district CMSes like it),
served on a local port: its home page shows the five newest stories as headlines, each with a
"Read more »" link to the story, and two columns' newest beside their column page's link
(no menu links the columns); every story is numbered inside its column's folder
(/news/campus/12.jhtml), as its column page is named there (/news/campus/index.jhtml, paging
on to index_2.jhtml). Only the column pages link the older stories.

`python -m tests.support.cms_columns` serves it until Ctrl-C."""

from __future__ import annotations

import threading

from .cms_sites import Answer, _day, answering, story_text

COLUMNS = {"campus": "Campus Life", "notices": "Announcements"}
PER_COLUMN = 15
COLUMN_PAGE = 6  # stories a column page lists


def column_stories() -> dict[int, str]:
    """Story number: its column, 30 of them, the newest the highest."""
    return {100 + n: list(COLUMNS)[n % 2] for n in range(PER_COLUMN * len(COLUMNS))}


def story_path(number: int) -> str:
    return f"/news/{column_stories()[number]}/{number}.jhtml"


def _title(number: int) -> str:
    return f"Students and staff mark occasion number {number} on campus"


def _page(title: str, main: str) -> str:
    menu = "<li><a href='/about.jhtml'>About</a></li>"
    return (
        f"<html><head><title>{title} - Lakeside College</title></head><body>"
        f"<ul class='nav'><li><a href='/'>Home</a></li>{menu}</ul><div class='main'>{main}</div>"
        "<div class='footer'>Lakeside College, 1 College Road</div></body></html>"
    )


def _home() -> str:
    newest = sorted(column_stories(), reverse=True)
    headlines = "".join(
        f"<li><h3><a href='{story_path(n)}'>{_title(n)}</a></h3><p>The first words of the "
        f"story.</p><a class='more' href='{story_path(n)}'>Read More »</a></li>"
        for n in newest[:5]
    )
    blocks = "".join(
        f"<div class='block'><h2>{name}</h2><a href='/news/{column}/index.jhtml'>more</a><ul>"
        + "".join(
            f"<li><a href='{story_path(n)}'>{_title(n)}</a></li>"
            for n in [s for s in newest if column_stories()[s] == column][:3]
        )
        + "</ul></div>"
        for column, name in COLUMNS.items()
    )
    return _page("Home", f"<ul class='headlines'>{headlines}</ul>{blocks}")


def _buttons(page: int, pages: int, total: int) -> str:
    """JEECMS's own channel pager (style_page/channel_1.html): no anchor, buttons whose onclick
    opens the page, beside its counts ("共 15 条 每页 6 条 … 当前 1/3 页 转到第页")."""

    def button(label: str, to: int) -> str:
        name = "index" if to == 1 else f"index_{to}"
        return f"<input type='button' value='{label}' onclick=\"location.href='{name}.jhtml'\"/>"

    buttons = button("首 页", 1) + button("上一页", max(page - 1, 1))
    buttons += button("下一页", min(page + 1, pages)) + button("尾 页", pages)
    return (
        f"<div class='pagination'>共 {total} 条&nbsp;每页 {COLUMN_PAGE} 条&nbsp;{buttons}&nbsp;"
        f"当前 {page}/{pages} 页&nbsp;转到第<input type='text' id='_goPs' size='2'/>页"
        "<input type='button' value='转' onclick=\"_gotoPage($('#_goPs').val());\"/></div>"
    )


def _column(column: str, page: int, buttons: bool = False) -> str | None:
    stories = sorted((n for n, c in column_stories().items() if c == column), reverse=True)
    shown = stories[(page - 1) * COLUMN_PAGE : page * COLUMN_PAGE]
    if not shown:
        return None
    rows = "".join(
        f"<li><a href='{story_path(n)}'>{_title(n)}</a><span>{_day(n - 100)}</span></li>"
        for n in shown
    )
    pages = -(-len(stories) // COLUMN_PAGE)
    if buttons:
        rows = "".join(  # the date a row's as JEECMS's templates print it, in brackets
            f"<li><a href='{story_path(n)}'>{_title(n)}</a><span>[{_day(n - 100)}]</span></li>"
            for n in shown
        )
        latest = "".join(  # JEECMS's sidebar of the newest, beside the column
            f"<li><a href='{story_path(n)}'>{_title(n)}</a><span>{_day(n - 100):%m-%d}</span></li>"
            for n in sorted(column_stories(), reverse=True)[:8]
        )
        return _page(
            COLUMNS[column],
            f"<div class='left'><h3>Latest news</h3><ul>{latest}</ul></div><div class='right'>"
            f"<h2>{COLUMNS[column]}</h2><ul>{rows}</ul>{_buttons(page, pages, len(stories))}</div>",
        )
    pager = "".join(
        f"<a href='{'index' if p == 1 else f'index_{p}'}.jhtml'>{p}</a>"
        for p in range(1, pages + 1)
    )
    return _page(COLUMNS[column], f"<h1>{COLUMNS[column]}</h1><ul>{rows}</ul>{pager}")


def _story(number: int) -> str:
    return _page(
        _title(number),
        f"<h1>{_title(number)}</h1><div class='info'>Published {_day(number - 100)}</div>"
        f"{story_text(number)}",
    )


def columns(buttons: bool = False) -> Answer:
    """The site; with `buttons`, its column pages paged by JEECMS's own button pager."""

    def answer(path: str, query: dict[str, str]) -> str | None:
        parts = path.strip("/").split("/")
        if path in ("/", "/index.jhtml"):
            return _home()
        if len(parts) != 3 or parts[0] != "news" or parts[1] not in COLUMNS:
            return None
        stem = parts[2].removesuffix(".jhtml")
        if stem == "index" or stem.startswith("index_") and stem[6:].isdigit():
            return _column(parts[1], int(stem[6:] or 1), buttons)
        if stem.isdigit() and column_stories().get(int(stem)) == parts[1]:
            return _story(int(stem))
        return None

    return answer


if __name__ == "__main__":
    with answering(columns()) as url:
        print(url, flush=True)
        threading.Event().wait()
