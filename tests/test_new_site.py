"""A new site works or says why: any port, feeds, and run outcomes (failed / empty / finished).

The sites are generated and served by `python -m http.server` on a random port.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import sqlalchemy as sa

from .conftest import FAST, run_cli
from .support.sitegen import feed_site, free_port, http_server, relayout_lists, webplus_site


def registry(tmp_path, slug: str, start_url: str, profile: str = "webplus", extra: str = "") -> str:
    path = tmp_path / "sites.toml"
    path.write_text(
        f'[sites.{slug}]\nname = "Generated"\nprofile = "{profile}"\n'
        f'start_urls = ["{start_url}"]\n{extra}',
        encoding="utf-8",
    )
    return str(path)


def crawl(sites: str, db_url: str, slug: str):
    return run_cli("crawl", slug, "--sites", sites, "--db", db_url, *FAST)


def stored_urls(db_url: str, slug: str) -> set[str]:
    engine = sa.create_engine(db_url)
    with engine.connect() as connection:
        urls = (
            connection.execute(
                sa.text(
                    "select p.url from pages p join documents d on d.page_id = p.id "
                    "where p.site = :site"
                ),
                {"site": slug},
            )
            .scalars()
            .all()
        )
    engine.dispose()
    return set(urls)


def last_run(db_url: str) -> dict:
    result = run_cli("runs", "--db", db_url, "--format", "json", "--limit", "1")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)[0]


def test_webplus_site_on_a_random_port_is_crawled_completely(tmp_path, db_url):
    articles = webplus_site(tmp_path / "site")
    with http_server(tmp_path / "site") as base:
        sites = registry(tmp_path, "genport", base + "/main.htm")
        result = crawl(sites, db_url, "genport")
    assert result.returncode == 0, result.stdout + result.stderr
    assert stored_urls(db_url, "genport") == {base + a for a in articles}
    assert last_run(db_url)["status"] == "finished"


def test_no_robots_txt_nor_sitemap_is_not_an_error(tmp_path, db_url):
    """A site without robots.txt or /sitemap.xml (asked for by the robots.txt middleware, and
    by the spider when the profile reads sitemaps): 404s that are not the run's errors."""
    webplus_site(tmp_path / "site", columns=1)
    with http_server(tmp_path / "site") as base:
        sites = registry(tmp_path, "gennomap", base + "/main.htm", profile="generic")
        result = crawl(sites, db_url, "gennomap")
    assert result.returncode == 0, result.stdout + result.stderr
    run = last_run(db_url)
    assert run["responses_4xx"] == 3  # robots.txt twice, /sitemap.xml
    assert run["errors"] == 0, run
    assert "Deprecation" not in result.stdout + result.stderr  # a user's crawl prints no warning


def test_allowed_domains_with_a_port(tmp_path):
    articles = webplus_site(tmp_path / "site", columns=1)
    db_url = f"sqlite:///{tmp_path / 'c.db'}"
    with http_server(tmp_path / "site") as base:
        port = base.rsplit(":", 1)[1]
        sites = registry(
            tmp_path,
            "genport",
            base + "/main.htm",
            extra=f'allowed_domains = ["127.0.0.1:{port}"]\n',
        )
        result = crawl(sites, db_url, "genport")
    assert result.returncode == 0, result.stdout + result.stderr
    assert stored_urls(db_url, "genport") == {base + a for a in articles}


def test_start_page_404_fails_the_run(tmp_path):
    webplus_site(tmp_path / "site", columns=1)
    db_url = f"sqlite:///{tmp_path / 'c.db'}"
    with http_server(tmp_path / "site") as base:
        sites = registry(tmp_path, "moved", base + "/english/main.htm")
        result = crawl(sites, db_url, "moved")
    assert result.returncode == 3, result.stdout + result.stderr
    run = last_run(db_url)
    assert run["status"] == "failed"
    assert run["status_reason"] == f"start page 404: {base}/english/main.htm"
    assert "start page 404" in result.stdout
    # One line for the failed site, its reason once: "error: moved: failed (start page 404: …)"
    said = [line for line in result.stderr.splitlines() if "moved" in line]
    assert said == [f"error: moved: failed (start page 404: {base}/english/main.htm)"], said


class WwwToApex(BaseHTTPRequestHandler):
    """A forward proxy for a school whose www host sends every visitor to its bare domain
    (http://www.example.edu.cn/ -> http://example.edu.cn/), where its page is."""

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        parts = urlsplit(self.path)  # a proxy is asked for absolute URLs
        if parts.hostname == "www.example.edu.cn":
            self.send_response(301)
            self.send_header("Location", "http://example.edu.cn" + parts.path)
            self.end_headers()
            return
        body = b"<html><body><a href='/news/2024/05/01/a.html'>News</a></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body)


def test_a_start_page_redirected_off_the_allowed_hosts_fails_the_run_saying_where(tmp_path):
    """www.example.edu.cn answers 301 to example.edu.cn, outside the entry's allowed hosts
    (its start URL's): Scrapy's offsite filter drops the redirect without a word, and the run
    said 'empty: 0 page(s) read'. Now it fails naming where the start page went and what to
    do, and the dry run says the same."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), WwwToApex)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {"http_proxy": f"http://127.0.0.1:{server.server_port}"}
    db_url = f"sqlite:///{tmp_path / 'c.db'}"
    sites = registry(tmp_path, "www", "http://www.example.edu.cn/", "generic")
    try:
        result = run_cli("crawl", "www", "--sites", sites, "--db", db_url, *FAST, env=env)
        dry = run_cli("crawl", "--dry-run", "www", "--sites", sites, env=env)
    finally:
        server.shutdown()
    assert result.returncode == 3, result.stdout + result.stderr
    run = last_run(db_url)
    assert run["status"] == "failed", run
    assert run["status_reason"] == (
        "start page http://www.example.edu.cn/ redirects to http://example.edu.cn/, outside "
        "allowed_domains ['www.example.edu.cn']: start there, or add its host to allowed_domains"
    )
    assert "redirects to http://example.edu.cn/" in dry.stdout, dry.stdout


def test_unreachable_start_page_fails_the_run(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'c.db'}"
    sites = registry(tmp_path, "down", f"http://127.0.0.1:{free_port()}/main.htm")
    result = run_cli(
        "crawl", "down", "--sites", sites, "--db", db_url, *FAST, "-s", "RETRY_ENABLED=False"
    )
    assert result.returncode != 0
    run = last_run(db_url)
    assert run["status"] == "failed"
    assert run["status_reason"].startswith("start page unreachable (")


def test_links_all_outside_the_profile_make_an_empty_run(tmp_path):
    webplus_site(tmp_path / "site", columns=1)
    db_url = f"sqlite:///{tmp_path / 'c.db'}"
    with http_server(tmp_path / "site") as base:
        # php_news knows /main.htm as no list and page.htm as no article: nothing to follow.
        sites = registry(tmp_path, "wrongprofile", base + "/main.htm", profile="php_news")
        result = crawl(sites, db_url, "wrongprofile")
    assert result.returncode == 3, result.stdout + result.stderr
    run = last_run(db_url)
    assert run["status"] == "empty"
    assert run["status_reason"].startswith("no article links followed (1 page(s) read, 1 link")


def test_layout_change_makes_an_empty_run_and_routine_runs_stay_finished(tmp_path):
    webplus_site(tmp_path / "site")
    db_url = f"sqlite:///{tmp_path / 'c.db'}"
    with http_server(tmp_path / "site") as base:
        sites = registry(tmp_path, "relayout", base + "/main.htm")
        assert crawl(sites, db_url, "relayout").returncode == 0
        routine = crawl(sites, db_url, "relayout")  # nothing new on an unchanged site
        assert routine.returncode == 0, routine.stdout + routine.stderr
        run = last_run(db_url)
        assert (run["status"], run["new_documents"]) == ("finished", 0)
        relayout_lists(tmp_path / "site")
        changed = crawl(sites, db_url, "relayout")
    assert changed.returncode == 3, changed.stdout + changed.stderr
    run = last_run(db_url)
    assert run["status"] == "empty"
    assert run["status_reason"].endswith("earlier runs stored 16 articles: layout change?")


def test_feed_only_site_is_crawled_completely_and_incrementally(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    articles = feed_site(tmp_path / "site", base)
    db_url = f"sqlite:///{tmp_path / 'c.db'}"
    with http_server(tmp_path / "site", port):
        sites = registry(
            tmp_path,
            "feedonly",
            base + "/",
            profile="generic",
            extra=f'feeds = ["{base}/feed.xml"]\n',
        )
        first = crawl(sites, db_url, "feedonly")
        assert first.returncode == 0, first.stdout + first.stderr
        assert stored_urls(db_url, "feedonly") == {base + a for a in articles}
        second = crawl(sites, db_url, "feedonly")
    assert second.returncode == 0, second.stdout + second.stderr
    run = last_run(db_url)
    # The second run read both feeds again and requested no stored article.
    assert (run["status"], run["not_due"], run["new_documents"]) == ("finished", 6, 0)
    assert run["responses_2xx"] == 3  # the home page, the RSS feed, the Atom feed it names
