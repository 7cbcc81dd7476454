"""Every article page a crawl asks for is answered, or said to have failed: a server error
after the retries, a redirect off the site, a redirect loop (crawler/spiders/
article_requests.py). Before, these articles were dropped with no line and no count."""

from __future__ import annotations

import json
import sqlite3
from http.server import BaseHTTPRequestHandler

import pytest

from .conftest import FAST, run_cli
from .support.local_site import local_site, send_html

ARTICLE = (
    "<html><head><title>Article {n}</title></head><body><h1>College signs agreement {n}</h1>"
    "<p>Published: 2024-05-0{n}</p>"
    + "<p>The vocational college signed its school-enterprise cooperation agreement number "
    "{n} with a manufacturing company, covering apprenticeships and joint training bases.</p>"
    * 4
    + "</body></html>"
)


class Faulty(BaseHTTPRequestHandler):
    """/news/1 and /news/2 answer; /news/3 fails with 500; /news/4 redirects off the site;
    /news/5 redirects to /news/6, which redirects back to /news/5; /news/7 is a PDF; /news/8
    is a dead link (404). Of its list pages, /newslist_2.html is a dead link and
    /newslist_3.html is forbidden (403)."""

    def log_message(self, *args) -> None:
        pass

    def answer(self, status: int, body: bytes = b"", location: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = self.path
        if path == "/":
            links = "".join(
                f'<li><a href="/news/{n}.html">News {n}</a></li>' for n in (1, 2, 3, 4, 5, 7, 8)
            )
            pages = '<a href="/newslist_2.html">2</a> <a href="/newslist_3.html">3</a>'
            body = f"<html><body><ul>{links}</ul>{pages}</body></html>"
            return self.answer(200, body.encode())
        if path == "/newslist_3.html":
            return self.answer(403, b"<h1>forbidden</h1>")
        redirects = {
            "/news/4.html": "http://elsewhere.invalid/news/4.html",
            "/news/5.html": "/news/6.html",
            "/news/6.html": "/news/5.html",
        }
        if path in redirects:
            return self.answer(301, location=redirects[path])
        if path == "/news/3.html":
            return self.answer(500, b"<h1>error</h1>")
        if path == "/news/7.html":  # a PDF served as text/html: stored raw, with its reason
            return self.answer(200, b"%PDF-1.4\n" + bytes(range(256)) * 8)
        if path in ("/news/1.html", "/news/2.html"):
            return self.answer(200, ARTICLE.format(n=path[6]).encode())
        return self.answer(404, b"<h1>not found</h1>")


@pytest.fixture
def faulty_site(tmp_path):
    with local_site(tmp_path, Faulty, "faulty", "Faulty College") as registry:
        yield registry


def test_every_article_asked_for_is_answered_or_said_to_have_failed(faulty_site, tmp_path):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    args = ["--sites", str(faulty_site), "--db", db, *FAST, "-s", "RETRY_TIMES=0"]
    result = run_cli("crawl", "faulty", *args, env={"no_proxy": "127.0.0.1", "COLUMNS": "300"})
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    base = f"http://127.0.0.1:{port(faulty_site)}/news"
    for reason, n in (
        ("HTTP 500", 3),
        ("redirected off the site to http://elsewhere.invalid/news/4.html", 4),
        ("a redirect loop", 5),
        ("HTTP 404, a dead link", 8),
    ):
        assert f"article not fetched ({reason}): {base}/{n}.html" in said, said
    assert "led to no page" not in said  # every one was answered or said to have failed
    # a list page that failed is named too (it is among the run's errors)
    root = base.removesuffix("/news")
    assert f"list page not fetched (HTTP 404, a dead link): {root}/newslist_2.html" in said
    assert f"list page not fetched (HTTP 403): {root}/newslist_3.html" in said
    # the crawl's summary says what it kept raw, as `runs` does
    said_raw = "run 1: article pages with no document: 1 HTTP 404: a dead link; 1 binary: PDF"
    assert said_raw in said
    runs = json.loads(run_cli("runs", "--db", db, "--format", "json").stdout)
    assert runs[0]["new_documents"] == 2


def port(registry) -> str:
    return registry.read_text(encoding="utf-8").split("127.0.0.1:")[1].split("/")[0]


def test_a_page_reached_through_a_redirect_answers_its_direct_link_too():
    """A site's alias URL (show.php?id=1219) redirects to a page the run also asked for
    directly (shownews.php?id=1219); the direct request, a repeat, is dropped by Scrapy's
    duplicate filter. The demo said "1 article link(s) led to no page" of a stored page."""
    import logging

    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler

    from crawler.spiders.article_requests import ArticleRequests

    alias, page = "https://s.example/show.php?id=1", "https://s.example/shownews.php?id=1"
    articles = ArticleRequests(get_crawler(), logging.getLogger("test"))
    articles.asked(alias)
    articles.asked(page)
    redirected = Request(page, meta={"kind": "article", "redirect_urls": [alias]})
    articles.answered(HtmlResponse(page, body=b"<html></html>", request=redirected))
    assert articles.unanswered() == []


class Logged(Faulty):
    """Faulty, with every path it was asked for logged."""

    asked: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.asked.append(self.path)
        super().do_GET()


def test_a_dead_link_is_kept_and_not_asked_for_again_until_due(tmp_path):
    """A new article link answered 404 is stored as a gone page (status 404, its reason):
    the next routine run leaves it, as it leaves a stored article not due; `--full` asks
    again. Before, every run fetched it and warned about it again."""
    db = f"sqlite:///{tmp_path / 'c.db'}"
    args = ["--sites", None, "--db", db, *FAST, "-s", "RETRY_TIMES=0"]
    env = {"no_proxy": "127.0.0.1", "COLUMNS": "300"}
    Logged.asked.clear()
    with local_site(tmp_path, Logged, "faulty", "Faulty College") as registry:
        args[1] = str(registry)
        first = run_cli("crawl", "faulty", *args, env=env)
        asked_first = Logged.asked.count("/news/8.html")
        second = run_cli("crawl", "faulty", *args, env=env)
        asked_second = Logged.asked.count("/news/8.html") - asked_first
        run_cli("crawl", "faulty", *args, "--full", env=env)
        asked_full = Logged.asked.count("/news/8.html") - asked_first - asked_second
    assert "HTTP 404, a dead link" in first.stdout + first.stderr
    assert (asked_first, asked_second, asked_full) == (1, 0, 1)
    # (the dead list page is fetched and named again: every run walks the site's lists)
    assert "article not fetched (HTTP 404, a dead link)" not in second.stdout + second.stderr
    with sqlite3.connect(tmp_path / "c.db") as con:
        rows = con.execute(
            "select status, gone_at is not null, skip_reason from pages "
            "where url like '%/news/8.html'"
        ).fetchall()
    assert rows == [(404, 1, "HTTP 404: a dead link")], rows


class Guarded(BaseHTTPRequestHandler):
    """A school behind a WAF that lets the crawler in only later: until `open` is set, its
    story answers the challenge page (a cookie script, no text); its PDF notice is a file."""

    open = False
    asked: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.asked.append(self.path)
        if self.path == "/news/2.html":
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.end_headers()
            return self.wfile.write(b"%PDF-1.4 a notice")
        if self.path != "/news/1.html":
            links = '<a href="/news/1.html">Visit</a> <a href="/news/2.html">Notice</a>'
            return send_html(self, 200, f"<html><body>{links}</body></html>")
        if not self.open:
            script = 'document.cookie="yunsuo_session_verify=1";location.reload();'
            return send_html(self, 200, f"<html><script>{script}</script></html>")
        text = "<p>" + "The college signed an agreement with the plant. " * 12 + "</p>"
        send_html(self, 200, f"<html><body><h1>Agreement signed</h1>{text}</body></html>")


def test_an_article_kept_without_a_document_is_asked_for_again(tmp_path):
    """A story that answered a WAF's challenge page is kept raw with its reason, no document;
    the next routine run asks for it again (and stores it once the site lets us in), while a
    file (a PDF) waits until due as any stored page. Before, the challenged story counted as
    a stored article not due for 30 days: the site stayed empty and the runs said finished;
    then, asked again, it counted as an article seen unchanged, and the run said finished."""
    db = f"sqlite:///{tmp_path / 'c.db'}"
    args = ["--sites", None, "--db", db, *FAST]
    Guarded.open, Guarded.asked = False, []
    with local_site(tmp_path, Guarded, "guarded", "Guarded College") as registry:
        args[1] = str(registry)
        first = run_cli("crawl", "guarded", *args)
        second = run_cli("crawl", "guarded", *args)  # still challenged: still empty
        Guarded.open = True
        run_cli("crawl", "guarded", *args)
    assert first.returncode == 3, first.stdout  # empty: no document
    said = " ".join((second.stdout + second.stderr).split())
    assert second.returncode == 3 and "most often: 1 a firewall's challenge page" in said, said
    assert Guarded.asked.count("/news/1.html") == 3
    assert Guarded.asked.count("/news/2.html") == 1
    with sqlite3.connect(tmp_path / "c.db") as con:
        titles = con.execute("select title from documents").fetchall()
    assert titles == [("Agreement signed",)]


def test_a_link_asked_for_after_its_page_came_through_a_redirect_is_answered():
    """A moved site: the old URL (stored, re-checked) redirects to the new one, whose page is
    fetched; a link to the new URL found afterwards is dropped by the duplicate filter as a
    repeat. A full run warned "26 article link(s) led to no page" of 26 stored pages."""
    import logging

    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler

    from crawler.spiders.article_requests import ArticleRequests

    old, new = "https://s.example/news/show.asp?id=1", "https://s.example/2026/c1a1/page.htm"
    articles = ArticleRequests(get_crawler(), logging.getLogger("test"))
    articles.asked(old)
    redirected = Request(new, meta={"kind": "article", "redirect_urls": [old]})
    articles.answered(HtmlResponse(new, body=b"<html></html>", request=redirected))
    articles.asked(new)  # a link on the new page, to itself or a neighbour already fetched
    articles.dropped(Request(new, meta={"kind": "article"}))
    assert articles.unanswered() == []
