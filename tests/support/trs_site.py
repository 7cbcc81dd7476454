"""A small TRS WCM (拓尔思) college site as its later templates write it, for crawl and probe
tests: two columns of two pages, three stories a page at ./202405/t20240520_N.html, served at
the column's folder and its index.html alike.

- 通知公告 (/xwzx/tzgg/) writes each item by script (`var _url = "./202405/t…html"` and
  document.write), as templates that list link-out documents do: no <a> in its markup; its
  pager is the stock `createPageHTML(countPage, currentPage, "index", "html")`, index_1.html.
- 系部动态 (/xwzx/xbdt/) links its items in markup; its pager is the later templates'
  `createPageHTML('page_div', 2, 1, 'index', 'html', 6)`, pages counted from 1: index_2.html.

Article pages carry the standard government metas, the 来源/发布时间/浏览次数 line, the
【字体：大 中 小】 and 打印本页/关闭窗口 controls, and no links to their neighbours (the
standard template's): a story is reached from its column or nowhere. The home page links each
column and its four newest stories."""

from __future__ import annotations

COLUMNS = {"tzgg": "通知公告", "xbdt": "系部动态"}
PER_PAGE, PAGES = 8, 2
HOME_NEWEST = 4  # of each column
NAME = "潇湘职业技术学院"
_TOPICS = ["与三一重工签订校企合作协议", "赴黔东南开展东西部协作交流", "召开产教融合工作推进会"]


def story_path(column: str, number: int) -> str:
    day = 10 + number
    return f"/xwzx/{column}/202405/t202405{day}_{4000 + number * 7 + (column == 'xbdt') * 100}.html"


def _story_title(column: str, number: int) -> str:
    return f"{COLUMNS[column]}：学院{_TOPICS[number % 3]}（第{number + 1}期）"


def _article(column: str, number: int) -> str:
    title, day = _story_title(column, number), f"2024-05-{10 + number:02d}"
    paragraphs = "".join(
        f"<p>{day[5:]}，{NAME}{COLUMNS[column]}报道：{_TOPICS[number % 3]}，"
        f"第{number + 1}期第{i + 1}项工作顺利完成，"
        f"各二级学院和合作企业共{12 + i + number}人参加。</p>"
        for i in range(5)
    )
    return (
        f"<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
        f"<meta name='ArticleTitle' content='{title}'><meta name='PubDate' content='{day} 09:30'>"
        f"<meta name='ContentSource' content='党委宣传部'><meta name='ColumnName' "
        f"content='{COLUMNS[column]}'><title>{title}-{COLUMNS[column]}-{NAME}</title></head><body>"
        f"<div class='weizhi'>当前位置：<a href='../../../'>首页</a> &gt; <a href='../'>"
        f"{COLUMNS[column]}</a></div><div class='xl_tit'>{title}</div><div class='xl_info'>"
        f"来源：党委宣传部 发布时间：{day} 09:30 浏览次数：<script src='/trs_vc/count.jsp'>"
        f"</script> 【字体：<a href='javascript:doZoom(16)'>大</a> <a href='javascript:doZoom(14)'>"
        f"中</a> <a href='javascript:doZoom(12)'>小</a>】</div><div class='TRS_Editor'>"
        f"{paragraphs}</div><a href='javascript:window.print()'>【打印本页】</a>"
        f"<a href='javascript:window.close()'>【关闭窗口】</a></body></html>"
    )


def _item(column: str, number: int) -> str:
    href, title = (
        "." + story_path(column, number)[len(f"/xwzx/{column}") :],
        _story_title(column, number),
    )
    if column == "xbdt":
        link = f"<a href='{href}' title='{title}'>{title}</a>"
        return f"<li>{link}<span>2024-05-{10 + number:02d}</span></li>"
    return (
        f'<li><script>\nvar _url = "{href}";\nvar _title = "{title}";\n'
        f'document.write("<a href=\'" + _url + "\' title=\'" + _title + "\'>" + _title + '
        f'"</a>");\n</script><span>2024-05-{10 + number:02d}</span></li>'
    )


def _pager(column: str, page: int) -> str:
    if column == "xbdt":
        return f"createPageHTML('page_div',{PAGES}, {page + 1},'index','html',{PAGES * PER_PAGE});"
    return (
        f"var currentPage = {page};//所在页从0开始\nvar countPage = {PAGES}//共多少页\n"
        'createPageHTML(countPage, currentPage, "index", "html");'
    )


def _list_page(column: str, page: int) -> str:
    numbers = range(
        PAGES * PER_PAGE - 1 - page * PER_PAGE, PAGES * PER_PAGE - 1 - (page + 1) * PER_PAGE, -1
    )
    items = "".join(_item(column, n) for n in numbers)
    return (
        f"<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
        f"<title>{COLUMNS[column]}-{NAME}</title></head><body><div class='list_tit'>"
        f"{COLUMNS[column]}</div><ul>{items}</ul><div id='page_div'></div>"
        f"<script language='JavaScript'>\n{_pager(column, page)}\n</script></body></html>"
    )


def trs_site() -> dict[str, str]:
    """The site's pages by path."""
    pages, home = {}, []
    for column in COLUMNS:
        for page in range(PAGES):
            later = f"index_{page + (column == 'xbdt')}.html"
            listing = _list_page(column, page)
            for path in (
                [f"/xwzx/{column}/", f"/xwzx/{column}/index.html"]
                if not page
                else [f"/xwzx/{column}/{later}"]
            ):
                pages[path] = listing
        for number in range(PAGES * PER_PAGE):
            pages[story_path(column, number)] = _article(column, number)
        newest = range(PAGES * PER_PAGE - 1, PAGES * PER_PAGE - 1 - HOME_NEWEST, -1)
        home += [f"<span>{COLUMNS[column]}</span>"]
        home += [
            f"<a href='.{story_path(column, n)}'>{_story_title(column, n)}</a>" for n in newest
        ]
        home += [f"<a href='./xwzx/{column}/' class='more'>更多&gt;&gt;</a>"]
    pages["/"] = (
        f"<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
        f"<title>{NAME}</title></head><body>{' '.join(home)}</body></html>"
    )
    return pages


def story_paths() -> set[str]:
    return {story_path(c, n) for c in COLUMNS for n in range(PAGES * PER_PAGE)}
