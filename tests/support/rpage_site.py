"""A small site of Rpage, the CMS of most Taiwanese schools (crawler/profiles/rpage.py), as it
shapes its pages: a home page whose news boxes a script fills (no story link in its HTML),
a site menu of columns (/p/403-1000-12.php?Lang=zh-tw, paged on by /p/403-1000-12-2.php) and
of the site's own undated pages (/p/412-1000-101.php), stories at /p/406-1000-N,r12.php
(linked bare by the sidebar of the latest) whose headline is an <h3 class="hdline"> under the
column's <h2> and the sidebar's 最新消息, over its info row, text, attachments, share
buttons and links to the stories beside it."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

from .local_site import send_html

SCHOOL = "國立南港高級商工職業學校"
COLUMNS = {12: "學校消息", 13: "榮譽榜", 15: "招生專區", 16: "徵才公告"}
PER_PAGE = 10
_PROSE = (
    "本校{n}號專題由實習處與合作企業共同規劃，學生分組到工廠實習並撰寫週誌。",
    "企業導師每週到校指導，學期末並舉辦成果發表會，邀請家長及業界代表參加。",
    "校長感謝企業長期支持技職教育，期勉同學把握實習機會，累積職場經驗。",
)


_OFFICES = ("校長的話", "學校沿革", "教務處", "學務處", "總務處", "輔導室", "實習處", "圖書館")
_OFFICES += ("人事室", "會計室", "機械科", "電機科", "資訊科", "汽車科", "餐飲管理科", "商業經營科")


def stories(column: int, count: int, first: int) -> list[dict]:
    """`count` stories of a column, newest first, numbered from `first`."""
    return [
        {"id": first + n, "column": column, "date": f"2024-05-{28 - n % 27:02d}"}
        for n in range(count)
    ]


def headline(story: dict) -> str:
    return f"本校與合作企業簽署產學合作備忘錄第{story['id']}號"


def first_sentence(story: dict) -> str:
    return _PROSE[0].format(n=story["id"])


def url(story: dict) -> str:
    return f"/p/406-1000-{story['id']},r{story['column']}.php?Lang=zh-tw"


def _layout(main: str, latest: list[dict]) -> str:
    menu = "".join(
        f'<li><a href="/p/403-1000-{n}.php?Lang=zh-tw" title="{name}">{name}</a></li>'
        for n, name in COLUMNS.items()
    ) + "".join(
        f'<li><a href="/p/412-1000-{n}.php?Lang=zh-tw" title="{name}">{name}</a></li>'
        for n, name in enumerate(_OFFICES, 101)
    )
    side = "".join(
        f'<li><div class="d-txt"><div class="mtitle"><a href="{url(s).split("?")[0]}" '
        f'title="{headline(s)}">{headline(s)}</a></div></div><i class="mdate">{s["date"]}</i>'
        "</li>"
        for s in latest[:6]
    )
    return (
        f'<html lang="zh-Hant-TW"><head><meta charset="utf-8"><title>{SCHOOL}</title></head>'
        '<body><div class="header"><ul class="nav"><li><a href="#" title="最新消息">最新消息</a>'
        f'<ul>{menu}</ul></li></ul></div><div class="main"><div class="mpgside">'
        '<div class="module module-cglist"><header class="mt"><h2 class="mt-title">最新消息'
        f'</h2></header><section class="mb"><ul class="list-unstyled">{side}</ul></section>'
        '</div></div><div class="mpgmain"><a accesskey="C" '
        f'href="#C" id="C" title="中央內容區塊">:::</a>{main}</div></div>'
        f'<div class="footer"><p>{SCHOOL} 地址：115 臺北市南港區研究院路100號</p>'
        "<p>最後更新日期：2024-06-21</p></div></body></html>"
    )


def home(all_stories: list[dict]) -> str:
    boxes = "".join(
        f'<section id="pageptlist_{n}"></section><script>$.hajaxOpenUrl("/app/index.php?'
        f'Action=mobileloadmod&Type=mobile_rcg_mstr&Nbr={n}","#pageptlist_{n}");</script>'
        for n in COLUMNS
    )
    return _layout(boxes, all_stories)


def column(all_stories: list[dict], number: int, page: int) -> str | None:
    """A column's list page, its table of 日期/標題/單位/點閱次數 and Rpage's pager."""
    mine = [s for s in all_stories if s["column"] == number]
    pages = max(1, -(-len(mine) // PER_PAGE))
    if page > pages:
        return None
    rows = "".join(
        f'<tr><td data-th="日期"><div class="d-txt">{s["date"]}</div></td><td data-th="標題">'
        f'<div class="d-txt"><a href="{url(s)}" title="{headline(s)}">{headline(s)}</a></div>'
        '</td><td data-th="單位"><div class="d-txt">實習處</div></td><td data-th="點閱次數">'
        '<div class="d-txt">127</div></td></tr>'
        for s in mine[(page - 1) * PER_PAGE : page * PER_PAGE]
    )
    numbers = "".join(
        f'<li><a href="/p/403-1000-{number}-{n}.php?Lang=zh-tw">{n}</a></li>'
        for n in range(1, pages + 1)
    )
    table = (
        '<table class="listTB"><thead><tr><th>日期</th><th>標題</th><th>單位</th><th>點閱次數'
        f"</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    pager = f'<div class="mpgbar"><ul class="pagination">{numbers}</ul></div>'
    return _layout(f'<h2 class="mt-title">{COLUMNS[number]}</h2>{table}{pager}', all_stories)


def story(all_stories: list[dict], story: dict) -> str:
    """A story's page as Rpage writes it."""
    text = "".join(
        f'<p><span style="font-size:16px;"><span style="font-family:標楷體;">{p}</span></span></p>'
        for p in (first_sentence(story), *_PROSE[1:])
    )
    main = (
        f'<div class="module module-cgdetail"><header class="mt"><h2 class="mt-title">'
        f'{COLUMNS[story["column"]]}</h2></header><section class="mb"><div class="mpgtitle">'
        f'<h3 class="hdline">{headline(story)}</h3></div><div class="mpgdetail">'
        f'<ul class="mpginfo"><li class="date"><span>發布日期：</span>{story["date"]}</li>'
        '<li class="unit"><span>發布單位：</span>實習處</li><li class="hit"><span>點閱次數：'
        f'</span>185</li></ul><div class="mcont"><div class="ptcont">{text}</div></div>'
        '<div class="mptattach"><ul><li>附件：</li><li><a href="/var/file/12/1012/attach/1/'
        'pta_1.pdf">實習辦法.pdf</a> <span>(下載次數：5)</span></li></ul></div>'
        '<div class="mpgshare"><span>分享：</span><a href="https://www.facebook.com/sharer">'
        'Facebook</a> <a href="https://social-plugins.line.me/">Line</a></div>'
        '<div class="mpgbtn"><a href="javascript:history.back();">回上一頁</a></div></div>'
        "</section></div>"
    )
    return _layout(main, all_stories)


def site_handler(all_stories: list[dict]) -> type[BaseHTTPRequestHandler]:
    """A handler class serving such a site of these stories."""

    class Rpage(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            page = _answer(all_stories, self.path.partition("?")[0])
            send_html(self, 200 if page else 404, page or "not found")

    return Rpage


def _answer(all_stories: list[dict], path: str) -> str | None:
    import re

    if path in ("/", "/index.php"):
        return home(all_stories)
    if m := re.fullmatch(r"/p/403-1000-(\d+)(?:-(\d+))?\.php", path):
        return column(all_stories, int(m[1]), int(m[2] or 1))
    if m := re.fullmatch(r"/p/406-1000-(\d+),r\d+\.php", path):
        found = [s for s in all_stories if s["id"] == int(m[1])]
        return story(all_stories, found[0]) if found else None
    if re.fullmatch(r"/p/412-1000-\d+\.php", path):
        return _layout("<h2>校長的話</h2><p>歡迎蒞臨本校網站。</p>", [])  # no sidebar
    return None
