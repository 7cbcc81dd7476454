"""robots.txt answered with a server error or 429 forbids everything (RFC 9309 2.3.1.4):
crawler/robots.py in the crawl, crawler/fetch.py in `sites probe`, `record` and
`crawl --dry-run`. Before, Scrapy parsed the error page as robots.txt, which meant "crawl
everything". A robots.txt that is not there (404) still forbids nothing (2.3.1.3)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from crawler.fetch import FetchError, Politeness, canonical_link, fetch
from crawler.probe import gather, trial_site
from crawler.profiles import PROFILES

from .conftest import FAST, run_cli
from .support.local_site import HOME_LINKING_TWO, NEWS_ARTICLES, local_site, news_article, send
from .support.sitegen import _page


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


DISCUZ_ROBOTS = "User-agent: *\nDisallow: /api/\nDisallow: /home.php?mod=spacecp*\n"


def discuz_site(asked: list[str]):
    """Discuz's stock robots.txt (its rules end in *); the home page's menu links the member
    space's actions (the query as Discuz writes it) beside its news column and two stories."""
    home = _page(
        [
            ("/home.php?mod=spacecp&ac=favorite&type=forum&id=2", "收藏本版 通知公告"),
            ("/news/list.html", "学校新闻"),
            ("/news/1.html", "News 1"),
            ("/news/2.html", "News 2"),
        ]
    )
    pages = {"/": home, "/news/list.html": home, "/robots.txt": DISCUZ_ROBOTS}
    pages |= {f"/news/{n}.html": news_article(n).decode() for n in "12"}

    class Discuz(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            asked.append(self.path)
            page = pages.get(self.path)
            send(self, 200 if page else 404, (page or "not found").encode(), "text/html")

    return Discuz


@pytest.fixture
def discuz(monkeypatch):
    """(base URL, the paths asked for) of a Discuz site served while the test runs."""
    for name, value in (("delay", 0), ("_robots", {}), ("_unreachable", {}), ("_written", {})):
        monkeypatch.setattr(Politeness, name, value)
    asked: list[str] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), discuz_site(asked))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", asked
    server.shutdown()


def test_the_one_page_fetch_reads_robots_txt_wildcards(discuz):
    """Before (urllib.robotparser, which reads no *): nothing of Discuz's was forbidden."""
    base, asked = discuz
    assert Politeness.refusal(base + "/home.php?mod=spacecp&ac=favorite") is not None
    assert Politeness.refusal(base + "/api/mobile/index.php") is not None
    assert Politeness.refusal(base + "/forum.php?mod=viewthread&tid=1") is None
    assert asked == ["/robots.txt"]


def test_a_link_is_checked_as_the_site_wrote_it(discuz):
    """Its canonical URL sorts the query (?ac=favorite&…&mod=spacecp), which the rule
    (/home.php?mod=spacecp*) does not match: the link as written does."""
    base, _ = discuz
    site = trial_site(PROFILES["generic"], base + "/")
    canonical = canonical_link(site, base + "/home.php?mod=spacecp&ac=favorite&type=forum&id=2")
    assert canonical == base + "/home.php?ac=favorite&id=2&mod=spacecp&type=forum"
    assert "robots.txt forbids" in (Politeness.refusal(canonical) or "")


def test_sites_probe_fetches_no_page_robots_txt_forbids(discuz):
    base, asked = discuz
    found = gather(base + "/")
    assert "/news/list.html" in asked  # the news column was read
    assert not [path for path in asked if path.startswith("/home.php")], asked
    assert found.pages_read >= 2


def _pages_site(pages: dict[str, bytes], asked: list[str]):
    """A site answering `pages` by path (anything else a 404), noting each path asked for."""

    class Site(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            asked.append(self.path)
            page = pages.get(self.path)
            send(self, 200 if page else 404, page or b"not found", "text/html; charset=utf-8")

    return Site


STORIES = [f"/news/{n}.html" for n in range(1, 7)]


def test_a_burst_of_links_to_a_host_not_seen_before_waits_for_its_robots_txt(tmp_path):
    """The school's home page links six stories on another host (as a college links its
    WeChat posts), whose robots.txt forbids them. The six requests reach RobotsTxtMiddleware
    together, before that robots.txt is read: in Scrapy 2.19 the first to wait got the parser
    and the others None, "allowed", so all but two were fetched (crawler/robots.py)."""
    hosted: list[str] = []
    pages = {"/robots.txt": b"User-agent: *\nDisallow: /news/\n"}
    pages |= {path: news_article("12"[n % 2]) for n, path in enumerate(STORIES)}
    other = ThreadingHTTPServer(("127.0.0.1", 0), _pages_site(pages, hosted))
    threading.Thread(target=other.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{other.server_port}"
    links = "".join(f'<a href="{base}{path}">{path}</a> ' for path in STORIES)
    home = {"/": f"<html><body>{links}</body></html>".encode()}
    try:
        with local_site(tmp_path, _pages_site(home, []), "robots", "Robots College") as registry:
            result, run = _crawl(registry, tmp_path)
    finally:
        other.shutdown()
    assert hosted == ["/robots.txt"], hosted  # not one story robots.txt forbids
    said = result.stdout + result.stderr
    assert said.count("article not fetched (Forbidden by robots.txt)") == len(STORIES), said
    assert run["new_documents"] == 0, run
    # A page robots.txt forbids is no error of the run; its status line says how many.
    assert run["errors"] == 0, run
    assert f"{len(STORIES)} article page(s) forbidden by robots.txt" in run["status_reason"], run


def test_list_pages_robots_txt_forbids_are_counted_in_the_reason_not_warned_of(tmp_path):
    """A Squarespace site's robots.txt forbids its ?tag= and ?author= lists: a trial's run
    printed 26 warning lines for a site working as it should, and its reason said nothing.
    They are no error, counted in the run's reason (with an example), named at debug only."""
    lists = [f"/news?tag=t{n}" for n in range(1, 5)]
    links = "".join(f'<a href="{path}">{path}</a> ' for path in [*lists, *STORIES[:2]])
    pages = {"/robots.txt": b"User-agent: *\nDisallow: /news?tag=\n"}
    pages |= {"/": f"<html><body>{links}</body></html>".encode()}
    pages |= {path: news_article("12"[n % 2]) for n, path in enumerate(STORIES[:2])}
    asked: list[str] = []
    crawl = NEWS_ARTICLES + "listings = ['^/news\\?tag=']\n"
    with local_site(tmp_path, _pages_site(pages, asked), "robots", "Robots", crawl) as registry:
        result, run = _crawl(registry, tmp_path)
    said = result.stdout + result.stderr
    assert not [path for path in asked if "tag=" in path], asked
    assert "list page not fetched" not in said, said
    assert run["errors"] == 0, run
    reason = run["status_reason"] or ""
    assert "4 list page(s) forbidden by robots.txt" in reason, run
    assert "such as http://127.0.0.1:" in reason and "/news?tag=t" in reason, run


def test_a_link_the_crawl_asks_for_in_canonical_form_is_checked_as_written(tmp_path):
    """TYPO3's robots.txt forbids `/*?id=*` (its unspeaking page URLs); a story links an old
    one, index.php?id=13&…&cHash=…, which the crawl asks for with its query sorted
    (?cHash=…&id=13…), a form the rule does not match: the crawl fetched the pages robots.txt
    forbids. The link as the page wrote it is read too (crawler/robots.py)."""
    forbidden = ["/show.php?id=5&cat=2", "/show.php?id=6&cat=2"]
    links = "".join(f'<a href="{path}">{path}</a> ' for path in [*forbidden, STORIES[0]])
    pages = {"/robots.txt": b"User-agent: *\nDisallow: /*?id=*\n"}
    pages |= {"/": f"<html><body>{links}</body></html>".encode()}
    pages |= {STORIES[0]: news_article("1")}
    pages |= {path: news_article("2") for path in ("/show.php?cat=2&id=5", "/show.php?id=5&cat=2")}
    asked: list[str] = []
    with local_site(tmp_path, _pages_site(pages, asked), "robots", "Robots College") as registry:
        result, run = _crawl(registry, tmp_path)
    said = result.stdout + result.stderr
    assert not [path for path in asked if path.startswith("/show.php")], asked
    assert STORIES[0] in asked, asked
    assert said.count("article not fetched (Forbidden by robots.txt)") == 2, said
    assert "2 article page(s) forbidden by robots.txt" in run["status_reason"], run
