"""ASP.NET WebForms pagers (crawler.spiders.postback): a column's later pages are asked for by
posting the page's form back, as a browser does, and their articles stored.

The server here answers like WebForms: a list page's GET is page 1; a POST of its form with
`__EVENTTARGET` / `__EVENTARGUMENT` set is the page they name, and only with the view state
the page it came from carried (a POST without it, or with another form's fields, is page 1
again, as a real server's view state check would make it fail)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs

import pytest
from scrapy.http import HtmlResponse

from crawler.spiders.postback import PostbackWalk, postback_pager

from .conftest import FAST, run_cli
from .support.local_site import local_site, send_html

pytestmark = pytest.mark.xdist_group("postback")

PAGES = 3  # of each column
PER_PAGE = 4
_PROSE = (
    "学院与合作企业签订校企合作协议，共建实训基地，双方将在专业建设、课程开发、顶岗实习和"
    "教师培训等方面开展深度合作，企业工程师每学期到校授课，学生到企业参加岗位实践。"
)


def _article_ids(column: int, page: int) -> list[int]:
    first = column * 100 + (page - 1) * PER_PAGE
    return list(range(first + 1, first + PER_PAGE + 1))


def _article(n: int) -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>校企合作新闻{n}-示范职业学院</title></head>"
        f"<body><h1>校企合作新闻{n}：学院与第{n}家企业签约</h1>"
        f"<p>发布时间：2024-05-{n % 28 + 1:02d}</p>"
        f"<p>{_PROSE * 3}（第{n}篇）</p></body></html>"
    )


def _pager(column: int, page: int) -> str:
    """Column 1: an AspNetPager (its argument is the page asked for); column 2: LinkButtons,
    whose "下一页" names no page (the view state says which page the form came from)."""
    if column == 1:
        links = [
            f"<a href=\"javascript:__doPostBack('AspNetPager1','{n}')\">{n}</a>"
            for n in range(1, PAGES + 1)
            if n != page
        ]
        if page < PAGES:
            links.append(
                f"<a href=\"javascript:__doPostBack('AspNetPager1','{page + 1}')\">下一页</a>"
            )
        return " ".join(links)
    # The last page keeps its "下一页": posting it back answers the last page again.
    return "<a href=\"javascript:__doPostBack('ctl00$main$btnNext','')\">下一页</a>"


def _list_page(column: int, page: int) -> str:
    items = "".join(
        f"<li><a href='/News/NewsShow.aspx?ID={n}'>校企合作新闻{n}</a></li>"
        for n in _article_ids(column, page)
    )
    return (
        "<html><head><meta charset='utf-8'><title>学校新闻</title></head><body>"
        "<form method='post' action='./Search.aspx' id='search'>"
        "<input type='text' name='q' value=''><input type='submit' name='go' value='搜索'></form>"
        f"<form name='form1' method='post' action='./NewsList.aspx?TypeID={column}' id='form1'>"
        "<input type='hidden' name='__EVENTTARGET' id='__EVENTTARGET' value=''>"
        "<input type='hidden' name='__EVENTARGUMENT' id='__EVENTARGUMENT' value=''>"
        f"<input type='hidden' name='__VIEWSTATE' value='vs-{column}-{page}'>"
        "<input type='submit' name='btnSearch' value='搜索'>"
        f"<ul>{items}</ul><div class='pager'>{_pager(column, page)}</div></form></body></html>"
    )


def _posted_page(column: int, form: dict[str, list[str]]) -> int:
    """The page a postback asks for, as WebForms would answer it."""
    state = form.get("__VIEWSTATE", [""])[0]
    came_from = re.fullmatch(rf"vs-{column}-(\d+)", state)
    if not came_from or "btnSearch" in form:
        return 1  # no view state of this column's form, or a click on the search button
    target, argument = form["__EVENTTARGET"][0], form.get("__EVENTARGUMENT", [""])[0]
    if target == "AspNetPager1" and argument.isdigit():
        return min(int(argument), PAGES)
    if target == "ctl00$main$btnNext":
        return min(int(came_from.group(1)) + 1, PAGES)
    return 1


class WebForms(BaseHTTPRequestHandler):
    posts: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, body: str = "") -> None:
        send_html(self, status, body)

    def do_GET(self) -> None:
        if self.path == "/":
            menu = "".join(f"<a href='/News/NewsList.aspx?TypeID={c}'>栏目{c}</a>" for c in (1, 2))
            return self._send(200, f"<html><body><div class='menu'>{menu}</div></body></html>")
        if found := re.fullmatch(r"/News/NewsList\.aspx\?TypeID=([12])", self.path):
            return self._send(200, _list_page(int(found.group(1)), 1))
        if found := re.fullmatch(r"/News/NewsShow\.aspx\?ID=(\d+)", self.path):
            return self._send(200, _article(int(found.group(1))))
        self._send(404)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
        found = re.fullmatch(r"/News/NewsList\.aspx\?TypeID=([12])", self.path)
        if not found:
            return self._send(404)
        WebForms.posts.append(self.path)
        column = int(found.group(1))
        self._send(200, _list_page(column, _posted_page(column, form)))


@contextmanager
def webforms_site(tmp_path, start: str = "/") -> Iterator[str]:
    WebForms.posts = []
    crawl = (
        "articles = ['NewsShow\\.aspx\\?ID=\\d+$']\nlistings = ['NewsList\\.aspx\\?TypeID=\\d+$']\n"
    )
    with local_site(tmp_path, WebForms, "aspx", "示范职业学院", crawl, start) as registry:
        yield str(registry)


def _crawl(registry: str, db: str):
    env = {"no_proxy": "127.0.0.1", "COLUMNS": "300"}
    result = run_cli("crawl", "aspx", "--sites", registry, "--db", db, *FAST, env=env)
    runs = json.loads(run_cli("runs", "--db", db, "--format", "json").stdout)
    return result, runs[0]


def test_a_webforms_column_is_walked_to_its_last_page(tmp_path):
    """Both columns' three pages: 24 articles (their first pages alone gave 8). Each page is
    posted for once, and two more: the AspNetPager's last page has no "下一页" and so gives its
    numbers, of which page 1 was read by GET; the LinkButton's last page answers itself."""
    db = f"sqlite:///{tmp_path / 'c.db'}"
    with webforms_site(tmp_path) as registry:
        result, run = _crawl(registry, db)
        assert result.returncode == 0, result.stdout + result.stderr
        assert run["new_documents"] == 2 * PAGES * PER_PAGE, run
        assert len(WebForms.posts) == 2 * (PAGES - 1) + 2, WebForms.posts
        # A routine run: the first page brings nothing new, so no page is posted for.
        WebForms.posts = []
        result, run = _crawl(registry, db)
        assert result.returncode == 0, result.stdout + result.stderr
        assert run["new_documents"] == 0 and WebForms.posts == [], (run, WebForms.posts)


def test_the_dry_run_says_a_start_page_pages_by_posting_its_form(tmp_path):
    with webforms_site(tmp_path, "/News/NewsList.aspx?TypeID=2") as registry:
        env = {"no_proxy": "127.0.0.1", "COLUMNS": "300"}
        result = run_cli("crawl", "--dry-run", "aspx", "--sites", registry, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "article: 4" in result.stdout
    assert "next pages: by posting its form back (ASP.NET pager)" in result.stdout


def _response(column: int, page: int) -> HtmlResponse:
    url = f"http://school.example/News/NewsList.aspx?TypeID={column}"
    return HtmlResponse(url, body=_list_page(column, page).encode(), encoding="utf-8")


def test_the_pager_is_followed_by_its_next_link_or_else_its_numbers():
    assert postback_pager(_response(1, 1)) == [("AspNetPager1", "2")]
    assert postback_pager(_response(1, PAGES)) == [("AspNetPager1", str(n)) for n in (1, 2)]
    assert postback_pager(_response(2, 1)) == [("ctl00$main$btnNext", "")]


def test_the_form_is_posted_with_its_view_state_and_no_button():
    walk = PostbackWalk(callback=None, errback=None)
    (request,) = walk.requests(_response(2, 1), ["/News/NewsShow.aspx?ID=201"])
    form = parse_qs(request.body.decode(), keep_blank_values=True)
    assert request.method == "POST" and request.url.endswith("/News/NewsList.aspx?TypeID=2")
    assert form["__VIEWSTATE"] == ["vs-2-1"] and form["__EVENTTARGET"] == ["ctl00$main$btnNext"]
    assert "btnSearch" not in form and "q" not in form
    # The same page again (a last page answering itself): its "下一页" is not asked again.
    assert walk.requests(_response(2, 1), ["/News/NewsShow.aspx?ID=201"]) == []


def test_a_form_form2request_cannot_post_is_skipped_not_fatal():
    """A WebForms master page's multipart form (file uploads): no postback is asked for, and
    the page's other links are read as ever (before: NotImplementedError, the page lost)."""
    body = _list_page(1, 1).replace("id='form1'", "id='form1' enctype='multipart/form-data'")
    url = "http://school.example/News/NewsList.aspx?TypeID=1"
    response = HtmlResponse(url, body=body.encode(), encoding="utf-8")
    assert PostbackWalk(callback=None, errback=None).requests(response, []) == []
