"""A hostile school site on a real local HTTP server: an infinite event calendar, pagination
that never ends, session ids in links, and six real articles among them.

Its URLs fit the generic profile (no profile of its own), as the trap that ran 2,924 requests
did. It answers as an HTTP proxy for its host HOST (the crawl gets `http_proxy=site.url`, as
with the fixture server). Used by tests/test_faults_crawl.py and bench/faults_crawl.py.
"""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HOST = "riverside.school.test"
ARTICLES = [f"/2026/11/0{n}/news-{n}.html" for n in range(1, 7)]
_TEXT = (
    "The pupils of grade {n} visited the city museum this week, where they studied the "
    "history of the river port and wrote reports on the old trade routes. Teachers said "
    "the visit was the best of the term, and the reports will be shown at the open day. "
)


def _page(title: str, links: list[str], body: str = "") -> bytes:
    anchors = "".join(f'<li><a href="{href}">{href}</a></li>' for href in links)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><h1>{title}</h1>{body}<ul>{anchors}</ul></body></html>"
    ).encode()


def _month(value: str, step: int) -> str:
    year, month = (int(x) for x in value.split("-"))
    index = year * 12 + month - 1 + step
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format, *args):  # quiet
        pass

    def do_GET(self):
        url = urlsplit(self.path)  # an absolute URL: we are the crawl's proxy
        self.server.requests.append(url.path + ("?" + url.query if url.query else ""))
        status, body = self.answer(url)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def answer(self, url) -> tuple[int, bytes]:
        path, query = re.sub(r";jsessionid=.*$", "", url.path), parse_qs(url.query)
        this_month = datetime.now(UTC).strftime("%Y-%m")
        if path == "/":
            return 200, _page(
                "Riverside School",
                [
                    ARTICLES[0] + ";jsessionid=F00D" + str(len(self.server.requests)),
                    ARTICLES[1] + "?PHPSESSID=abc" + str(len(self.server.requests)),
                    "/newslist.php?page=1",
                    f"/eventlist.php?month={this_month}",
                ],
            )
        if path == "/newslist.php":  # past the last page it repeats the last one, forever
            page = int(query.get("page", ["1"])[0])
            shown = ARTICLES[:3] if page == 1 else ARTICLES[3:]
            return 200, _page(f"News, page {page}", [*shown, f"/newslist.php?page={page + 1}"])
        if path == "/eventlist.php":  # a month view with next and previous months, forever
            month = query.get("month", [this_month])[0]
            year, mm = month.split("-")
            days = [f"/events/{year}/{mm}/{d:02d}/day.html" for d in range(1, 29)]
            return 200, _page(
                f"Events {month}",
                [
                    f"/eventlist.php?month={_month(month, -1)}",
                    f"/eventlist.php?month={_month(month, 1)}",
                    *days,
                ],
            )
        if path.startswith("/events/"):
            return 200, _page("Events of the day", [], "<p>No events.</p>")
        if path in ARTICLES:
            n = ARTICLES.index(path) + 1
            return 200, _page(
                f"Museum visit of grade {n}",
                [],
                "".join(f"<p>{_TEXT.format(n=n)}</p>" for _ in range(4)),
            )
        return 404, _page("Not found", [])


class TrapSite:
    """`with TrapSite() as site:` serves at site.url; site.requests lists the paths asked."""

    def __init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.requests = []
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def requests(self) -> list[str]:
        return list(self.server.requests)

    def env(self) -> dict[str, str]:
        """The environment a crawl of this site runs with (this server as its proxy)."""
        import os

        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        return {**env, "http_proxy": self.url, "https_proxy": self.url}

    def registry(self, slug: str = "riverside", **crawl) -> str:
        """A sites.toml with this site as a generic-profile entry (crawl options as given)."""
        lines = [
            f"[sites.{slug}]",
            'name = "Riverside School"',
            f'start_urls = ["http://{HOST}/"]',
            f"[sites.{slug}.crawl]",
            *(f"{k} = {v!r}" for k, v in crawl.items()),
        ]
        return "\n".join(lines) + "\n"

    def __enter__(self) -> TrapSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
