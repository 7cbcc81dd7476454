"""A 429 or 503 with Retry-After pauses the whole host that long, the retry included
(crawler/backoff.py); a pause longer than SCHOOLNEWS_RETRY_AFTER_MAX_SECONDS leaves the
host's remaining pages for a later run, said in the run's status line. Before, Scrapy retried
at once and the host's other requests went on."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler

import pytest

from crawler.backoff import retry_after_seconds

from .support.local_site import HOME_LINKING_TWO, crawl_site, local_site, news_article


def _site(status: int, retry_after: str):
    class Site(BaseHTTPRequestHandler):
        """/news/1.html answers `status` with Retry-After the first time, then the article;
        every request is logged with its time."""

        asked: list[tuple[float, str]] = []

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.asked.append((time.monotonic(), self.path))
            if self.path == "/":
                return self.answer(200, HOME_LINKING_TWO)
            n = self.path[6:7]
            if self.path == "/news/1.html" and [p for _, p in self.asked].count(self.path) == 1:
                return self.answer(status, b"<h1>busy</h1>", {"Retry-After": retry_after})
            if self.path in ("/news/1.html", "/news/2.html"):
                return self.answer(200, news_article(n))
            return self.answer(404, b"not found")

        def answer(self, code: int, body: bytes, headers: dict | None = None) -> None:
            self.send_response(code)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    return Site


@pytest.mark.parametrize("status", [429, 503])
def test_a_retry_after_pauses_the_host_then_the_page_is_fetched(tmp_path, status):
    site = _site(status, "2")
    with local_site(tmp_path, site, "busy", "Busy College") as registry:
        result, run = crawl_site(registry, tmp_path, "busy")
    assert result.returncode == 0, result.stdout + result.stderr
    assert run["new_documents"] == 2, run
    first = next(t for t, p in site.asked if p == "/news/1.html")
    retried = [t for t, p in site.asked if p == "/news/1.html"][1]
    assert retried - first >= 1.8  # asked again after the pause, not at once
    # nothing else of the host was asked for during the pause either (bar requests already
    # on their way when the 503 was answered)
    assert not [p for t, p in site.asked if first + 0.3 < t < first + 1.8], site.asked


def test_a_pause_longer_than_the_cap_leaves_the_host_for_a_later_run(tmp_path):
    site = _site(503, "3600")
    with local_site(tmp_path, site, "busy", "Busy College") as registry:
        result, run = crawl_site(
            registry,
            tmp_path,
            "busy",
            "-s",
            "SCHOOLNEWS_RETRY_AFTER_MAX_SECONDS=5",
            "-s",
            "RETRY_TIMES=2",
        )
    said = result.stdout + result.stderr
    assert [p for _, p in site.asked].count("/news/1.html") == 1, site.asked  # never again
    assert "pause of 3600 s (Retry-After)" in run["status_reason"], run
    assert "article not fetched" in said and "/news/1.html" in said, said


def test_retry_after_values():
    now = datetime(2026, 12, 6, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("120", now) == 120
    assert retry_after_seconds(b" 5 ", now) == 5
    assert retry_after_seconds("Sun, 06 Dec 2026 12:01:30 GMT", now) == 90
    assert retry_after_seconds("Sun, 06 Dec 2026 11:00:00 GMT", now) == 0  # in the past
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None
