"""Offline forward proxy that answers for the fixture sites in ``crawler/demo_sites``.

The real spiders crawl real host names (``https://spa.jsedu.sh.cn``, ``http://777306.cn``).
Rather than patching them for tests, the crawl runs with ``http_proxy``/``https_proxy``
pointing here: plain-HTTP requests arrive in absolute form, HTTPS arrives as ``CONNECT``
which we terminate ourselves with a throwaway self-signed certificate (Scrapy does not
verify certificates by default).  Every answer comes from files on disk, so nothing ever
reaches the network.  The on-disk layout is described in ``tests/fixtures/README.md``.

    python -m crawler.fixture_server crawler/demo_sites [--port N]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import mimetypes
import os
import signal
import socket
import ssl
import sys
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from crawler.fixture_tls import tls_context

# README: these suffixes get the site's own content_type.  Extension-less paths and the other
# dynamic-page suffixes are HTML on real sites too, so serve them the same way.
HTML_SUFFIXES = {".htm", ".html", ".php", ".psp", ".shtml", ".asp", ".aspx", ".jsp", ".do", ""}
TYPES = {
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".pdf": "application/pdf",
    ".css": "text/css",
    ".js": "application/javascript",
    ".png": "image/png",
    ".gif": "image/gif",
}


def _verbose() -> bool:
    return os.environ.get("FIXTURE_SERVER_VERBOSE") == "1"


@dataclass(frozen=True)
class RequestRecord:
    method: str
    url: str  # scheme://host/path?query as the client asked for it
    status: int
    bytes_sent: int  # body bytes sent (0 for HEAD, 304, ...)
    conditional: bool  # request carried If-None-Match or If-Modified-Since
    # time.monotonic() when it was answered: the spacing of requests (politeness checks)
    answered_at: float = field(default_factory=time.monotonic, compare=False)


class _Server(ThreadingHTTPServer):
    # Daemon threads: idle keep-alive connections must not block stop() or interpreter exit.
    daemon_threads = True
    # socketserver listens with a backlog of 5: a crawler opening more connections at once
    # (Scrapy: up to CONCURRENT_REQUESTS) had its extra SYNs dropped and retried a second
    # later (8 listen overflows a bench crawl), stalls a real web server (nginx: 511) never
    # causes.
    request_queue_size = 128
    fixture: FixtureServer

    def handle_error(self, request, client_address):
        # Clients hanging up (mid-response, during the TLS handshake, idle timeout) are normal.
        exc = sys.exc_info()[1]
        if _verbose() or not isinstance(exc, OSError | ssl.SSLError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; every response carries Content-Length
    server_version = "fixture-server"
    timeout = 60  # idle keep-alive connections are dropped after this
    server: _Server
    tunnel: tuple[str, int] | None = None  # (host, port) once a CONNECT tunnel is up

    def setup(self):
        super().setup()
        self.server.fixture._track(self, add=True)

    def finish(self):
        try:
            super().finish()
        finally:
            self.server.fixture._track(self, add=False)
            if self.tunnel:  # socketserver only closes the raw socket, which TLS detached
                self.connection.close()

    def version_string(self):  # no "Python/3.x" in the Server header
        return self.server_version

    def log_message(self, format, *args):  # quiet unless FIXTURE_SERVER_VERBOSE=1
        if _verbose():
            super().log_message(format, *args)

    def do_CONNECT(self):
        host, _, port = self.path.rpartition(":")
        host = host.lower()
        if self.tunnel or host not in self.server.fixture.hosts:
            self.close_connection = True
            self._send(
                502,
                {"Content-Type": "text/plain"},
                f"{host} is not a fixture site\n".encode(),
                f"https://{self.path}",
                conditional=False,
            )
            return
        # Raw reply: Scrapy only accepts a reason phrase of up to 32 characters.
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.rfile.close()  # nothing buffered: the client waits for our 200 first
        try:
            context = tls_context(tuple(sorted(self.server.fixture.hosts)))
            tls = context.wrap_socket(self.connection, server_side=True)
        except (OSError, ssl.SSLError):
            self.close_connection = True
            return
        # From here on handle()'s keep-alive loop reads requests from inside the tunnel.
        self.tunnel = (host, int(port) if port.isdigit() else 443)
        self.connection = tls
        self.rfile = tls.makefile("rb")
        self.wfile = tls.makefile("wb")  # buffered; handle_one_request flushes after each
        self.close_connection = False

    def do_GET(self):
        self._serve(head=False)

    def do_POST(self):  # also PUT, DELETE, ...: fixture sites are read-only
        # The request body is never read, so this connection cannot be reused.
        self.close_connection = True
        self._send(
            405,
            {"Content-Type": "text/plain", "Allow": "GET, HEAD"},
            b"fixture sites only answer GET and HEAD\n",
            self.path,
            conditional=False,
        )

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_POST

    def do_HEAD(self):
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        conditional = bool(
            self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since")
        )
        if self.tunnel:
            scheme, (host, port) = "https", self.tunnel
            target = self.path
        elif self.path.lower().startswith(("http://", "https://")):  # absolute form: proxied
            parts = urlsplit(self.path)
            scheme, host, port = parts.scheme.lower(), parts.hostname or "", parts.port
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        else:  # origin form straight at us: pick the site by Host header
            netloc = urlsplit(f"//{self.headers.get('Host', '')}")
            scheme, host, port = "http", netloc.hostname or "", netloc.port
            target = self.path
        host = host.lower()
        default = {"http": 80, "https": 443}[scheme]
        url = f"{scheme}://{host}{'' if port in (None, default) else f':{port}'}{target}"
        site = self.server.fixture.hosts.get(host)
        if site is None:
            self._send(
                502,
                {"Content-Type": "text/plain"},
                f"{host or '(no host)'} is not a fixture site\n".encode(),
                url,
                conditional,
                head,
            )
            return
        status, headers, body = _answer(site, target, self.headers)
        self._send(status, headers, body, url, conditional, head)

    def _send(self, status, headers, body, url, conditional, head=False):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        # A 304 has no body by definition; a Content-Length there would describe the full
        # representation, and some clients would then wait for bytes that never come.
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        if head or status == 304:
            body = b""
        # Log before the first byte leaves: a client that has its answer must find it logged.
        self.server.fixture._record(
            RequestRecord(self.command, url, status, len(body), conditional)
        )
        self.end_headers()
        if body:
            self.wfile.write(body)


def _answer(site: Path, target: str, req_headers) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body for one request path of one site (always read from disk)."""
    conf = json.loads((site / "site.json").read_text(encoding="utf-8"))
    path, _, query = target.partition("?")
    keys = dict.fromkeys([target, unquote(target)])  # exact form first, then decoded
    headers: dict[str, str] = {}

    def finish(status, extra, body=b""):
        return status, _override_headers(conf, keys, extra), body

    for key in keys:
        if key in conf.get("redirects", {}):
            return finish(301, {"Location": conf["redirects"][key]})
        if key in conf.get("status", {}):
            return finish(int(conf["status"][key]), {})
    file = _find_file(site / "mirror", path, query)
    if file is None:
        return finish(404, {"Content-Type": "text/plain"}, b"not found\n")
    body = file.read_bytes()
    mtime = int(file.stat().st_mtime)
    headers["Content-Type"] = _content_type(path, conf)
    headers["Last-Modified"] = formatdate(mtime, usegmt=True)
    headers["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    if _not_modified(req_headers, headers["ETag"], mtime):
        return finish(304, headers)
    return finish(200, headers, body)


def _override_headers(conf: dict, keys, headers: dict[str, str]) -> dict[str, str]:
    """Per-path overrides from site.json win, matched case-insensitively by name."""
    for key in keys:
        for name, value in conf.get("headers", {}).get(key, {}).items():
            for old in [h for h in headers if h.lower() == name.lower()]:
                del headers[old]
            if name.lower() != "content-length":
                headers[name] = value
    return headers


def _find_file(mirror: Path, path: str, query: str) -> Path | None:
    root = mirror.resolve()
    for candidate in dict.fromkeys([path, unquote(path)]):
        rel = candidate.lstrip("/")
        if not rel or rel.endswith("/"):
            rel += "index.html"
        if query:
            rel += f"@{query}"
        file = (root / rel).resolve()
        if file.is_relative_to(root) and file.is_file():  # no ../ escapes from the mirror
            return file
    return None


def _content_type(path: str, conf: dict) -> str:
    last = path.rsplit("/", 1)[-1]
    suffix = os.path.splitext(last)[1].lower()
    if not last or last == "index.html" or suffix in HTML_SUFFIXES:
        return conf.get("content_type", "text/html; charset=utf-8")
    return TYPES.get(suffix) or mimetypes.guess_type(last)[0] or "application/octet-stream"


def _not_modified(req_headers, etag: str, mtime: int) -> bool:
    if inm := req_headers.get("If-None-Match"):  # takes precedence over If-Modified-Since
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or etag in tags
    if ims := req_headers.get("If-Modified-Since"):
        try:
            return mtime <= parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError):
            return False
    return False


class FixtureServer:
    """Forward proxy (HTTP + CONNECT) serving the fixture sites under ``sites_dir``."""

    def __init__(self, sites_dir: str | Path, host: str = "127.0.0.1", port: int = 0):
        self.sites_dir = Path(sites_dir)
        self.hosts: dict[str, Path] = {}
        for conf_file in sorted(self.sites_dir.glob("*/site.json")):
            site_host = json.loads(conf_file.read_text(encoding="utf-8"))["host"].lower()
            if site_host in self.hosts:
                raise ValueError(
                    f"host {site_host} in both {self.hosts[site_host]} and {conf_file.parent}"
                )
            self.hosts[site_host] = conf_file.parent
        self._bind = (host, port)
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._log: list[RequestRecord] = []
        self._handlers: set[_Handler] = set()
        self.url = ""

    @property
    def requests(self) -> list[RequestRecord]:
        """A snapshot of the request log, oldest first."""
        with self._lock:
            return list(self._log)

    def clear_log(self) -> None:
        with self._lock:
            self._log.clear()

    def _record(self, record: RequestRecord) -> None:
        with self._lock:
            self._log.append(record)

    def _track(self, handler: _Handler, add: bool) -> None:
        with self._lock:
            (self._handlers.add if add else self._handlers.discard)(handler)

    def start(self) -> FixtureServer:
        tls_context(tuple(sorted(self.hosts)))  # now, not inside the first CONNECT
        self._httpd = _Server(self._bind, _Handler)
        self._httpd.fixture = self
        host, port = self._httpd.server_address[:2]
        self.url = f"http://{host}:{port}"
        # A short poll interval keeps stop() (which waits for the loop to notice) fast.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.05,), name="fixture-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        # Also end open keep-alive connections, so nothing is answered after stop().
        with self._lock:
            handlers = list(self._handlers)
        for handler in handlers:
            with contextlib.suppress(OSError):
                handler.connection.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self) -> FixtureServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class _Stop(Exception):
    pass


def _raise_stop(signum, frame):
    raise _Stop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m crawler.fixture_server",
        description="Offline forward proxy for the fixture sites.",
    )
    parser.add_argument("sites_dir", help="folder holding <slug>/site.json + mirror/")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args(argv)
    # Raising from the handler (not setting an Event) cannot deadlock the waiting main thread.
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGINT, _raise_stop)
    with FixtureServer(args.sites_dir, args.host, args.port) as server:
        print(server.url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except _Stop:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
