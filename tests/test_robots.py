"""robots.txt answered with a server error or 429 forbids everything (RFC 9309 2.3.1.4):
crawler/robots.py in the crawl, crawler/fetch.py in `sites probe`, `record` and
`crawl --dry-run`. Before, Scrapy parsed the error page as robots.txt, which meant "crawl
everything". A robots.txt that is not there (404) still forbids nothing (2.3.1.3)."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler

import pytest

from crawler.fetch import FetchError, Politeness, fetch

from .conftest import FAST, run_cli
from .support.local_site import HOME_LINKING_TWO, local_site, news_article


def _site(robots_status: int):
    class Site(BaseHTTPRequestHandler):
        """robots.txt answers `robots_status`; the home page links two articles."""

        asked: list[str] = []

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.asked.append(self.path)
            if self.path == "/robots.txt":
                return self.answer(robots_status, b"<h1>Server Error</h1>")
            if self.path == "/":
                return self.answer(200, HOME_LINKING_TWO)
            if self.path in ("/news/1.html", "/news/2.html"):
                return self.answer(200, news_article(self.path[6]))
            return self.answer(404, b"not found")

        def answer(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Site


def _crawl(registry, tmp_path):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    args = ["--sites", str(registry), "--db", db, *FAST, "-s", "RETRY_TIMES=1"]
    result = run_cli("crawl", "robots", *args, env={"no_proxy": "127.0.0.1", "COLUMNS": "300"})
    runs = json.loads(run_cli("runs", "--db", db, "--format", "json").stdout)
    return result, runs[0]


@pytest.mark.parametrize("status", [500, 503, 429])
def test_robots_txt_answering_a_server_error_forbids_every_page(tmp_path, status):
    site = _site(status)
    with local_site(tmp_path, site, "robots", "Robots College") as registry:
        result, run = _crawl(registry, tmp_path)
    said = result.stdout + result.stderr
    assert result.returncode == 3, said  # a site problem, said in one line
    assert set(site.asked) == {"/robots.txt"}, site.asked  # not one page fetched
    assert run["status"] == "failed" and run["new_documents"] == 0, run
    assert f"answered HTTP {status}: unreachable" in run["status_reason"], run
    assert "RFC 9309" in said


def test_robots_txt_not_there_forbids_nothing(tmp_path):
    site = _site(404)
    with local_site(tmp_path, site, "robots", "Robots College") as registry:
        result, run = _crawl(registry, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert {"/news/1.html", "/news/2.html"} <= set(site.asked)
    assert run["status"] == "finished" and run["new_documents"] == 2, run


@pytest.mark.parametrize(("status", "allowed"), [(503, False), (404, True)])
def test_the_one_page_fetch_applies_the_same_rule(tmp_path, monkeypatch, status, allowed):
    monkeypatch.setattr(Politeness, "delay", 0)
    monkeypatch.setattr(Politeness, "_robots", {})
    monkeypatch.setattr(Politeness, "_unreachable", {})
    site = _site(status)
    with local_site(tmp_path, site, "robots", "Robots College") as registry:
        home = registry.read_text(encoding="utf-8").split('start_urls = ["')[1].split('"')[0]
        if allowed:
            assert fetch(home + "news/1.html").status == 200
        else:
            with pytest.raises(FetchError, match=f"answered HTTP {status}: unreachable"):
                fetch(home + "news/1.html")
    assert ("/news/1.html" in site.asked) is allowed
