"""A small site served by a request handler class on a local port, and a registry naming it
(generic profile, articles at /news/N.html): for crawl tests whose server misbehaves on
purpose in ways the fixture proxy's files cannot (statuses, redirects, pages that change)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@contextmanager
def local_site(
    folder: Path, handler: type[BaseHTTPRequestHandler], slug: str, name: str
) -> Iterator[Path]:
    """The registry file (in `folder`) of a site served by `handler`, while it is served."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    registry = folder / "sites.toml"
    registry.write_text(
        f'[sites.{slug}]\nname = "{name}"\nprofile = "generic"\n'
        f'start_urls = ["http://127.0.0.1:{server.server_port}/"]\n'
        f"[sites.{slug}.crawl]\narticles = ['/news/\\d+\\.html$']\n",
        encoding="utf-8",
    )
    try:
        yield registry
    finally:
        server.shutdown()
