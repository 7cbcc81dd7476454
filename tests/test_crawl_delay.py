"""A robots.txt's Crawl-delay spaces the host's requests that far apart, in the crawl
(crawler/robots.py CrawlDelay) as in the probe's and dry run's fetches (crawler.fetch); a
delay over SCHOOLNEWS_CRAWL_DELAY_MAX_SECONDS is held to it, said in the run's status line.
Before, Scrapy read robots.txt for Disallow alone."""

from __future__ import annotations

import time
import tomllib
from http.server import BaseHTTPRequestHandler

from crawler.robots import crawl_delay

from .conftest import run_cli
from .support.local_site import HOME_LINKING_TWO, crawl_site, local_site, news_article

AGENT = "schoolnews/0.1 (research crawler)"


def test_the_delay_for_our_agent_or_everyone():
    assert crawl_delay(b"User-agent: *\nCrawl-delay: 5\nDisallow: /x/\n", AGENT) == 5.0
    ours = b"User-agent: schoolnews\nCrawl-delay: 2\n\nUser-agent: *\nCrawl-delay: 10\n"
    assert crawl_delay(ours, AGENT) == 2.0
    assert crawl_delay(b"User-agent: otherbot\nCrawl-delay: 9\n", AGENT) is None
    assert crawl_delay(b"User-agent: *\nDisallow:\n", AGENT) is None


def _site(robots: bytes):
    class Site(BaseHTTPRequestHandler):
        """A home page and two articles, behind `robots`; every request logged with its time."""

        asked: list[tuple[float, str]] = []

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.asked.append((time.monotonic(), self.path))
            pages = {"/": HOME_LINKING_TWO, "/robots.txt": robots}
            pages |= {f"/news/{n}.html": news_article(n) for n in "12"}
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/plain" if "robots" in self.path else "text/html")
            self.end_headers()
            self.wfile.write(body or b"not found")

    return Site


def test_the_crawl_waits_the_crawl_delay_between_requests(tmp_path):
    site = _site(b"User-agent: *\nCrawl-delay: 1.5\n")
    with local_site(tmp_path, site, "slow", "Slow College") as registry:
        result, run = crawl_site(registry, tmp_path, "slow")
    assert result.returncode == 0, result.stdout + result.stderr
    assert run["new_documents"] == 2, run
    times = [t for t, _ in site.asked[1:]]  # after robots.txt, read before any page
    assert len(times) >= 3, site.asked
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 1.4, gaps  # without it, DOWNLOAD_DELAY=0: the articles at once
    assert "Crawl-delay of 1.5 s" in run["status_reason"], run


def test_a_longer_delay_is_held_to_the_cap_and_said(tmp_path):
    site = _site(b"User-agent: *\nCrawl-delay: 3600\n")
    cap = ["-s", "SCHOOLNEWS_CRAWL_DELAY_MAX_SECONDS=1"]
    with local_site(tmp_path, site, "slow", "Slow College") as registry:
        result, run = crawl_site(registry, tmp_path, "slow", *cap)
    assert result.returncode == 0, result.stdout + result.stderr
    assert run["new_documents"] == 2, run
    assert "held to SCHOOLNEWS_CRAWL_DELAY_MAX_SECONDS (1 s)" in run["status_reason"], run


def test_the_dry_run_waits_the_crawl_delay_too(tmp_path):
    site = _site(b"User-agent: *\nCrawl-delay: 2.5\n")  # the dry run's own delay: 1 s
    with local_site(tmp_path, site, "slow", "Slow College") as registry:
        result = run_cli("crawl", "--dry-run", "slow", "--sites", str(registry))
    assert result.returncode == 0, result.stdout + result.stderr
    robots, home = (t for t, path in site.asked if path in ("/robots.txt", "/"))
    assert home - robots >= 2.3, site.asked


def test_the_probe_says_it_waits_the_crawl_delay(tmp_path):
    """A probe asks for some twenty pages: at the site's Crawl-delay that is a quiet while,
    which it says first rather than seem to hang."""
    site = _site(b"User-agent: *\nCrawl-delay: 0.5\n")
    with local_site(tmp_path, site, "slow", "Slow College") as registry:
        base = tomllib.loads(registry.read_text(encoding="utf-8"))["sites"]["slow"]["start_urls"][0]
        probe = run_cli("sites", "probe", base, "--slug", "slow", "--delay", "0")
    assert "robots.txt asks for a Crawl-delay of 0.5 s" in probe.stdout, probe.stdout
