"""A school's news column that lists WeChat articles (mp.weixin.qq.com/s/<id>) beside its own:
the crawl does not follow another host unless the entry allows it, and says so by host and
count in the run's reason, in `crawl --dry-run` and in `sites probe` (crawler/other_hosts.py);
allowed, the host's robots.txt (WeChat's `Disallow: /`) forbids them, and the run's reason
counts those pages (crawler/spiders/article_requests.py). Before, both runs said `finished`
and no more, having stored half the column."""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from crawler.other_hosts import elsewhere
from crawler.registry import load_registry

from .conftest import FAST, run_cli
from .support.sitegen import _page, article_html

SCHOOL, WECHAT = "http://www.school.edu.cn", "http://mp.weixin.qq.com"
WECHAT_IDS = ["7LXU36cliDbeafoOxVmgag", "RyKQqbtAhhl-N-QyyGMtgw", "H0cHLg8aotufrJ67NZQ1pQ"]
WECHAT_IDS += ["Dahv5AbP6ePwRTseUYvekQ", "SfWsr-wxd6WKDUBh06Y1Qw", "obNVjNLAPAWaR2EjkUQrgQ"]
WECHAT_LINKS = [f"{WECHAT}/s/{i}" for i in WECHAT_IDS] + [
    f"{WECHAT}/s?__biz=MzA3NjQ5NTc2Mg%3D%3D&idx=1&mid=26505{n}&sn=f77c31f972c7{n}"
    for n in (17306, 20524)
]
OWN = [f"/info/1011/{n}.htm" for n in range(2401, 2405)]


def _pages() -> dict[str, str]:
    """The school's home page (its column and three newest stories, two on WeChat), its news
    column (four stories of its own, eight on WeChat, a share button), its stories; WeChat's
    articles and robots.txt."""
    column = [(SCHOOL + p, f"新闻 {n}") for n, p in enumerate(OWN)]
    column += [(u, f"微信 {n}") for n, u in enumerate(WECHAT_LINKS)]
    share = "http://service.weibo.com/share/share.php?url=http%3A%2F%2Fwww.school.edu.cn%2F"
    pages = {
        f"{SCHOOL}/": _page([("/xwzx/xyxw.htm", "学院新闻"), *column[: len(OWN) + 2]], "学院"),
        f"{SCHOOL}/xwzx/xyxw.htm": _page([*column, (share, "分享")], "学院新闻-学院"),
        f"{WECHAT}/robots.txt": "User-Agent: *\nAllow: /$\nDisallow: /\n",
    }
    for n, path in enumerate(OWN):
        pages[SCHOOL + path] = article_html(f"News {n}", "2024-05-01", n)
    for n, url in enumerate(WECHAT_LINKS, len(OWN)):
        pages[url] = article_html(f"WeChat {n}", "2024-05-01", n)
    return pages


class Proxy(BaseHTTPRequestHandler):
    """A forward proxy answering for the school's host and WeChat's from `pages` (by absolute
    URL), recording what it was asked for."""

    pages: dict[str, str]
    asked: list[str]

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.asked.append(self.path)
        page = self.pages.get(self.path)
        body = (page or "not found").encode("utf-8")
        self.send_response(200 if page else 404)
        kind = "text/plain" if self.path.endswith("robots.txt") else "text/html"
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def proxied():
    """(the environment pointing at the proxy, the URLs it was asked for) while it serves."""
    handler = type("Served", (Proxy,), {"pages": _pages(), "asked": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield {"http_proxy": f"http://127.0.0.1:{server.server_port}", "COLUMNS": "300"}, handler
    finally:
        server.shutdown()


def _registry(tmp_path, wechat: bool) -> str:
    entry = f'[sites.gj]\nname = "学院"\nprofile = "vsb"\nstart_urls = ["{SCHOOL}/"]\n'
    if wechat:  # as the note says to
        entry += 'allowed_domains = ["www.school.edu.cn", "mp.weixin.qq.com"]\n'
        entry += "[sites.gj.crawl]\narticles = ['^/s/[\\w-]+$', '^/s\\?(?:[^#]*&)?mid=\\d+']\n"
    (tmp_path / "sites.toml").write_text(entry, encoding="utf-8")
    return str(tmp_path / "sites.toml")


def _crawl(tmp_path, wechat: bool):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    # One request at a time: Scrapy 2.19's RobotsTxtMiddleware lets through the requests that
    # wait for a host's robots.txt beside the first; this test is about the count, not that.
    one = ["-s", "CONCURRENT_REQUESTS=1"] if wechat else []
    args = ["--sites", _registry(tmp_path, wechat), "--db", db, *FAST, *one]
    with proxied() as (env, served):
        result = run_cli("crawl", "gj", *args, env=env)
    (run,) = json.loads(run_cli("runs", "--db", db, "--format", "json").stdout)
    return result, run, served.asked


def test_a_run_names_the_other_host_its_list_pages_link_stories_on(tmp_path):
    result, run, asked = _crawl(tmp_path, wechat=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (run["status"], run["new_documents"]) == ("finished", len(OWN)), run
    reason = run["status_reason"] or ""
    assert "list pages linked 8 story pages on mp.weixin.qq.com" in reason, reason
    assert 'allowed_domains = ["www.school.edu.cn", "mp.weixin.qq.com"]' in reason
    assert "'^/s/[\\w-]+$'" in reason and "service.weibo.com" not in reason
    assert "story pages on mp.weixin.qq.com" in result.stderr  # the summary's warning line
    assert not [u for u in asked if urlsplit(u).hostname != "www.school.edu.cn"], asked


def test_allowed_but_forbidden_by_robots_txt_the_run_counts_them(tmp_path):
    result, run, asked = _crawl(tmp_path, wechat=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (run["status"], run["new_documents"]) == ("finished", len(OWN)), run
    reason = run["status_reason"] or ""
    assert "8 article page(s) forbidden by robots.txt (mp.weixin.qq.com)" in reason, reason
    assert "story pages on" not in reason  # the host is allowed: no advice to allow it
    assert f"{WECHAT}/robots.txt" in asked
    # `runs` and `stats` say it under their tables (a finished run's cell shows no reason).
    db = f"sqlite:///{tmp_path / 'c.db'}"
    shown = run_cli("runs", "--db", db, env={"COLUMNS": "300"}).stdout
    assert "run 1: warning: 8 article page(s) forbidden by robots.txt" in shown, shown
    shown = run_cli("stats", "--db", db, env={"COLUMNS": "300"}).stdout
    assert "gj: last run #1: warning: 8 article page(s) forbidden by robots.txt" in shown, shown


def test_the_dry_run_names_the_other_host_its_start_pages_link_stories_on(tmp_path):
    with proxied() as (env, _):
        sites = _registry(tmp_path, wechat=False)
        dry = run_cli("crawl", "--dry-run", "gj", "--sites", sites, env=env)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    out = " ".join(dry.stdout.split())
    assert "the start pages linked 2 story pages on mp.weixin.qq.com" in out, out


def test_the_probe_names_the_other_host_and_what_the_entry_needs_for_it(tmp_path):
    with proxied() as (env, _):
        probe = run_cli("sites", "probe", f"{SCHOOL}/", "--slug", "gj", "--delay", "0", env=env)
    assert probe.returncode == 0, probe.stdout + probe.stderr
    out = " ".join(probe.stdout.split())
    assert "the pages read linked 8 story pages on mp.weixin.qq.com" in out, out
    assert "'^/s/[\\w-]+$', '^/s\\?(?:[^#]*&)?mid=\\d+' to its crawl articles" in out
    assert "allowed_domains" not in probe.stdout.split("# ready to paste")[1]  # not by default


def test_story_pages_elsewhere_are_told_from_footers_and_share_buttons(tmp_path):
    site = load_registry(_registry(tmp_path, wechat=False))["gj"]
    footer = [f"http://www.{h}.gov.cn/" for h in "abcdef"] + ["https://beian.miit.gov.cn/"]
    share = [
        f"http://service.weibo.com/share/share.php?url=http%3A%2F%2Fwww.school.edu.cn%2F{n}"
        for n in range(6)
    ]
    menu = [f"http://jwc.school.edu.cn/{name}.htm" for name in ("jxgl", "ksap", "xwdt", "zcwj")]
    assert elsewhere(site, footer + share + menu) == []
    (found,) = elsewhere(site, WECHAT_LINKS + footer)
    assert (found.host, len(found.urls)) == ("mp.weixin.qq.com", 8)
    # Story pages on another host of the school's, whose shape the profile knows already.
    (xww,) = elsewhere(site, [f"http://xww.school.edu.cn/info/1012/{n}.htm" for n in (1, 2)])
    assert (xww.host, xww.shapes) == ("xww.school.edu.cn", [])
