"""ischool sites (crawler.profiles.ischool, crawler.list_api): a home page whose news columns
are iframes of a widget drawing its list from a JSON endpoint by POST, paged only by the
POST's pageNum. Probed, crawled and crawled again against a real local server."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from crawler.profiles import PROFILES

from .conftest import FAST, LOCAL_ENV, probe_cli, run_cli
from .support.local_site import send, send_html, served

pytestmark = pytest.mark.xdist_group("ischool")

NEWS = "WID_0_2_3f9a1c0d5e7b2a4c6e8f0a1b2c3d4e5f60718293"
HONOURS = "WID_0_2_8c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d"
ENDPOINT = "/ischool/widget/site_news/news_query_json.php"
_PROSE = (
    "本校於活動中心辦理說明活動，邀請全校師生共同參與，活動內容包括專題講座、分組討論及成果展示，"
    "各處室同仁協助場地布置與報到作業，使活動流程順利進行。"
)


def _stories(widget: str, count: int, first: int) -> list[dict]:
    return [
        {"nid": first + n, "widget": widget, "date": f"2026-11-{28 - n % 27:02d}"}
        for n in range(count)
    ]


class Ischool(BaseHTTPRequestHandler):
    stories: list[dict] = []
    posts: list[tuple[str, int]] = []

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        if parts.path == "/":
            self.send_response(302)
            self.send_header("Location", "/ischool/publish_page/0/")
            self.send_header("Content-Length", "0")
            return self.end_headers()
        if parts.path == "/ischool/publish_page/0/":
            frames = "".join(
                f"<iframe src='/ischool/widget/site_news/main2.php?uid={w}&maximize=1&allbtn=0'>"
                "</iframe>"
                for w in (NEWS, HONOURS)
            )
            return send_html(
                self,
                200,
                f"<html><head><title>南嶺高工</title></head><body>"
                f"<a href='/ischool/publish_page/1/'>學校簡介</a>{frames}</body></html>",
            )
        if parts.path == "/ischool/widget/site_news/main2.php":
            return send_html(self, 200, _widget(query["uid"][0]))
        if parts.path == "/ischool/public/news_view/show.php":
            return send_html(self, 200, _story(int(query["nid"][0])))
        if parts.path == ENDPOINT:
            return send_html(self, 200, "Fail to query!")
        send_html(self, 404, "not found")

    def do_POST(self) -> None:  # noqa: N802
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        if urlsplit(self.path).path != ENDPOINT:
            return send_html(self, 404, "not found")
        widget, page, rows = form["uid"][0], int(form["pageNum"][0]), int(form["maxRows"][0])
        Ischool.posts.append((widget, page))
        mine = [s for s in self.stories if s["widget"] == widget]
        answer = [{"pageNum": page, "maxRows": rows, "totalPages": -(-len(mine) // rows)}]
        answer += [
            {
                "newsId": str(s["nid"]),
                "top": 0,
                "time": s["date"].replace("-", "/"),
                "title": f"校園新聞第{s['nid']}號",
                "unit_name": "教務處",
            }
            for s in mine[page * rows : (page + 1) * rows]
        ]
        send(self, 200, json.dumps(answer, ensure_ascii=False).encode(), "text/html; charset=utf-8")


def _widget(uid: str) -> str:
    return (
        "<html><head><script src='/ischool/static/js/jquery.min.js'></script>"
        f"<script>var g_unique_id = '{uid}'; $.ajax({{url: '{ENDPOINT}', type: 'POST'}});"
        "</script></head><body><table id='ntb'><tr><th>時間</th><th>標題</th></tr></table>"
        "<button id='btn_next'>下一頁</button></body></html>"
    )


def _story(nid: int) -> str:
    story = next(s for s in Ischool.stories if s["nid"] == nid)
    return (
        f"<html><head><meta charset='utf-8'><title>校園新聞第{nid}號</title></head><body>"
        f"<span id='news_title'>校園新聞第{nid}號</span><p>發佈日期：{story['date']}</p>"
        f"<div id='news_content'><p>{_PROSE}（第{nid}則）</p><p>{_PROSE}</p></div></body></html>"
    )


@contextmanager
def ischool_site(stories: list[dict]) -> Iterator[str]:
    Ischool.stories, Ischool.posts = stories, []
    with served(Ischool) as base:
        yield base


ENV = LOCAL_ENV


def _crawl(registry: Path, db: str, *extra: str) -> dict:
    result = run_cli("crawl", "nl", "--sites", str(registry), "--db", db, *FAST, *extra, env=ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(run_cli("runs", "--db", db, "--format", "json").stdout)[0]


def test_an_ischool_site_is_probed_and_every_story_of_its_widgets_stored(tmp_path):
    """25 stories in one widget (two pages of 20), 5 in another, none linked by any page's
    HTML: the probe chooses ischool, and the crawl stores all 30; a routine run after two new
    stories stores the two, its walk of each list ending at the first page that brings
    nothing new (the news list's second, the honours' first)."""
    registry, db = tmp_path / "sites.toml", f"sqlite:///{tmp_path / 'c.db'}"
    stories = _stories(NEWS, 25, 5000) + _stories(HONOURS, 5, 6000)
    with ischool_site(stories) as base:
        probe = probe_cli(f"{base}/", "nl", registry)
        assert probe.returncode == 0, probe.stdout + probe.stderr
        assert 'profile = "ischool"' in registry.read_text(encoding="utf-8")
        assert sorted(Ischool.posts) == [(NEWS, 0), (HONOURS, 0)]  # their lists' first pages
        Ischool.posts = []
        dry = run_cli("crawl", "--dry-run", "nl", "--sites", str(registry), env=ENV)
        assert "25 from the news widgets' lists" in dry.stdout, dry.stdout + dry.stderr
        Ischool.posts = []
        run = _crawl(registry, db)
        assert run["new_documents"] == 30, run
        assert sorted(Ischool.posts) == [(NEWS, 0), (NEWS, 1), (HONOURS, 0)]
        Ischool.posts = []
        Ischool.stories = _stories(NEWS, 2, 7000) + stories
        run = _crawl(registry, db)
        assert run["new_documents"] == 2 and not run["status_reason"], run
        assert sorted(Ischool.posts) == [(NEWS, 0), (NEWS, 1), (HONOURS, 0)]


def test_a_framed_list_drawn_by_script_that_no_profile_reads_is_said(tmp_path):
    """The same site with the generic profile: the run cannot read the widgets' lists, and
    its reason names the frame drawn by script (it said `finished` and nothing)."""
    registry, db = tmp_path / "sites.toml", f"sqlite:///{tmp_path / 'c.db'}"
    with ischool_site(_stories(NEWS, 5, 5000)) as base:
        registry.write_text(
            f'[sites.nl]\nname = "南嶺高工"\nprofile = "generic"\nstart_urls = ["{base}/"]\n'
            "[sites.nl.crawl]\narticles = ['show\\.php\\?nid=\\d+$']\n",
            encoding="utf-8",
        )
        result = run_cli("crawl", "nl", "--sites", str(registry), "--db", db, *FAST, env=ENV)
    run = json.loads(run_cli("runs", "--db", db, "--format", "json").stdout)[0]
    reason = run["status_reason"] or ""
    assert re.search(r"frame \S+main2\.php\S+ is drawn by JavaScript", reason), result.stdout
    assert "loaded by script" in reason


def test_the_widget_and_its_answer_are_read_as_the_widget_reads_them():
    api = PROFILES["ischool"].list_api
    page = "http://s.tw/ischool/widget/site_news/main2.php?allbtn=0&maximize=1&uid=WID_0_2_ab"
    assert api.widget(page) == "WID_0_2_ab"
    assert api.widget("http://s.tw/ischool/publish_page/0/") is None
    url, form = api.request(page, "WID_0_2_ab", 3)
    assert url == "http://s.tw" + ENDPOINT and form["uid"] == "WID_0_2_ab"
    assert form["pageNum"] == "3" and form["field"] == "time"
    body = json.dumps([{"pageNum": 0, "maxRows": 1, "totalPages": 4}, {"newsId": "20625"}])
    assert api.stories(body.encode(), url) == (
        ["http://s.tw/ischool/public/news_view/show.php?nid=20625"],
        4,
    )
    assert api.stories(b"Fail to query!", url) is None
