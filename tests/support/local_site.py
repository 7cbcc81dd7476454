"""A small site served by a request handler class on a local port, and a registry naming it
(generic profile, articles at /news/N.html): for crawl tests whose server misbehaves on
purpose in ways the fixture proxy's files cannot (statuses, redirects, pages that change);
and `serving`, a site of pages answered by path and query (an ASP CMS's ShowClass.asp?ClassID=2)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

NEWS_ARTICLES = "articles = ['/news/\\d+\\.html$']\n"


@contextmanager
def local_site(
    folder: Path,
    handler: type[BaseHTTPRequestHandler],
    slug: str,
    name: str,
    crawl: str = NEWS_ARTICLES,
    start: str = "/",
) -> Iterator[Path]:
    """The registry file (in `folder`) of a site served by `handler`, while it is served:
    its entry starts at `start` and its [crawl] table holds `crawl` (articles at /news/N.html
    unless said)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    registry = folder / "sites.toml"
    registry.write_text(
        f'[sites.{slug}]\nname = "{name}"\nprofile = "generic"\n'
        f'start_urls = ["http://127.0.0.1:{server.server_port}{start}"]\n'
        f"[sites.{slug}.crawl]\n{crawl}",
        encoding="utf-8",
    )
    try:
        yield registry
    finally:
        server.shutdown()


_STORIES = {
    "1": "Engineers from a partner company visited the vocational college to plan a joint "
    "training base for apprentices, the third such visit this year.",
    "2": "The college signed an agreement with a school in the west of the country: teachers "
    "will be exchanged every term and students will share online courses in nursing.",
}
HOME_LINKING_TWO = (
    b'<html><body><a href="/news/1.html">1</a> <a href="/news/2.html">2</a></body></html>'
)


def news_article(n: str) -> bytes:
    """/news/1.html or /news/2.html of such a site: two articles that are no copies of each
    other (the story step would take near copies for one)."""
    body = f"<p>{_STORIES[n]}</p>" * 4
    head = f"<html><head><title>News {n}</title></head>"
    return f"{head}<body><h1>News {n}</h1>{body}</body></html>".encode()


def crawl_site(registry: Path, tmp_path: Path, slug: str, *extra: str):
    """`schoolnews crawl SLUG` of such a site into a new SQLite file (fast settings, `extra`
    options after them): (the command's result, its run's ledger row as `runs` gives it)."""
    from tests.conftest import FAST, run_cli  # the suite's helpers, not support's

    db = f"sqlite:///{tmp_path / 'c.db'}"
    args = ["--sites", str(registry), "--db", db, *FAST, *extra]
    result = run_cli("crawl", slug, *args, env={"no_proxy": "127.0.0.1", "COLUMNS": "300"})
    runs = json.loads(run_cli("runs", "--db", db, "--format", "json").stdout)
    return result, runs[0]


class Pages(BaseHTTPRequestHandler):
    """A site whose pages are answered by path and query (an ASP CMS's ShowClass.asp?ClassID=2),
    which a static file server cannot mirror; anything else is a 404."""

    pages: dict[str, str]
    types: dict[str, str]  # path: Content-Type, for a page that is no GBK HTML (a feed)

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        page = self.pages.get(self.path)
        if page and self.path in self.types:
            return send(self, 200, page.encode("utf-8"), self.types[self.path])
        send_html(self, 200 if page else 404, page or "not found", "gbk")


def send_html(
    handler: BaseHTTPRequestHandler, status: int, body: str = "", charset: str = "utf-8"
) -> None:
    """Answer the handler's request with an HTML page in `charset`, its length said."""
    send(handler, status, body.encode(charset), f"text/html; charset={charset}")


def send(handler: BaseHTTPRequestHandler, status: int, data: bytes, content_type: str) -> None:
    """Answer the handler's request with `data` of this Content-Type, its length said."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


@contextmanager
def serving(pages: dict[str, str], types: dict[str, str] | None = None) -> Iterator[str]:
    """`pages` answered by path and query (Pages) while in the block: its base URL; `types`
    gives the Content-Type of the pages that are not GBK HTML (a feed's), by path."""
    # One site per block, in parallel too.
    with served(type("Pages", (Pages,), {"pages": pages, "types": types or {}})) as base:
        yield base


@contextmanager
def served(handler) -> Iterator[str]:
    """A request handler class served on a free local port while in the block: its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
