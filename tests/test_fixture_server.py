"""The offline forward proxy in crawler/fixture_server.py, over real sockets on 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import os
import selectors
import signal
import socket
import ssl
import struct
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from email.utils import formatdate
from pathlib import Path

import pytest
from w3lib.encoding import resolve_encoding

from crawler.fixture_server import FixtureServer, RequestRecord

REPO = Path(__file__).resolve().parents[1]
HTTP_HOST = "news.school-a.test"  # plain-HTTP fixture site, GBK like many real ones
HTTPS_HOST = "www.school-b.test"  # HTTPS-only fixture site
GBK_TITLE = "教育新闻"
GBK_PAGE = f"<html><head><title>{GBK_TITLE}</title></head><body>正文</body></html>"


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("gbk") if isinstance(data, str) else data)


@pytest.fixture
def sites(tmp_path: Path) -> Path:
    root = tmp_path / "sites"
    a = root / "school_a"
    _write(
        a / "site.json",
        json.dumps(
            {
                "slug": "school_a",
                "host": HTTP_HOST,
                "scheme": "http",
                "content_type": "text/html; charset=gb2312",
                "headers": {
                    "/plain.html": {"Content-Type": "text/html", "X-Fixture": "yes"},
                    "/news/shownews.php?id=12": {"X-Query": "kept"},
                },
                "redirects": {"/old.html": "/news/1.html"},
                "status": {"/gone.html": 404, "/secret.html": 403},
            }
        ),
    )
    m = a / "mirror"
    _write(m / "index.html", "<html><title>首页</title></html>")
    _write(m / "news" / "index.html", "<html><title>新闻列表</title></html>")
    _write(m / "news" / "1.html", GBK_PAGE)
    _write(m / "news" / "shownews.php@id=12", "<html><title>文章12</title></html>")
    _write(m / "plain.html", "<html>plain</html>")
    _write(m / "robots.txt", b"User-agent: *\nDisallow: /private/\n")
    _write(m / "sitemap.xml", b"<?xml version='1.0'?><urlset/>")
    _write(m / "files" / "report.pdf", b"%PDF-1.4 fake")

    b = root / "school_b"
    _write(
        b / "site.json",
        json.dumps(
            {
                "slug": "school_b",
                "host": HTTPS_HOST,
                "scheme": "https",
                "content_type": "text/html; charset=utf-8",
            }
        ),
    )
    _write(b / "mirror" / "index.html", b"<html><title>Home B</title></html>")
    _write(
        b / "mirror" / "article" / "2.htm",
        b"<html><head><title>Article Two</title></head><body>text</body></html>",
    )
    _write(b / "mirror" / "robots.txt", b"User-agent: *\nAllow: /\n")
    _write(tmp_path / "outside.html", b"must not be served")
    return root


@pytest.fixture
def server(sites: Path):
    with FixtureServer(sites) as srv:
        yield srv


def _proxy_addr(srv: FixtureServer) -> tuple[str, int]:
    host, port = srv.url.removeprefix("http://").split(":")
    return host, int(port)


def _no_verify() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def _opener(srv: FixtureServer) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({"http": srv.url, "https": srv.url}),
        urllib.request.HTTPSHandler(context=_no_verify()),
    )


def _http(srv: FixtureServer, url: str, method: str = "GET", headers=None):
    """One raw request through the proxy (no redirect following): (status, headers, body)."""
    host, port = _proxy_addr(srv)
    if url.startswith("https://"):
        conn = http.client.HTTPSConnection(host, port, context=_no_verify(), timeout=10)
        target_host = url.split("/")[2]
        conn.set_tunnel(target_host, 443)
        target = "/" + url.split("/", 3)[3]
    else:
        conn = http.client.HTTPConnection(host, port, timeout=10)
        target = url  # absolute form, as a proxy client sends it
    conn.request(method, target, headers=headers or {})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, resp.headers, body


def test_hosts_come_from_every_site_json(server: FixtureServer, sites: Path):
    assert server.hosts == {HTTP_HOST: sites / "school_a", HTTPS_HOST: sites / "school_b"}
    assert server.url.startswith("http://127.0.0.1:")


def test_duplicate_host_is_rejected(sites: Path):
    dup = sites / "dup"
    _write(dup / "site.json", json.dumps({"slug": "dup", "host": HTTP_HOST}))
    with pytest.raises(ValueError, match=HTTP_HOST):
        FixtureServer(sites)


def test_http_through_proxy_serves_gbk_bytes(server: FixtureServer):
    with _opener(server).open(f"http://{HTTP_HOST}/news/1.html", timeout=10) as resp:
        body = resp.read()
        assert resp.status == 200
        assert resp.headers["Content-Type"] == "text/html; charset=gb2312"
        assert resp.headers["Content-Length"] == str(len(body))
    assert body == GBK_PAGE.encode("gbk")
    assert body.decode("gbk") == GBK_PAGE


def test_https_through_connect_tunnel(server: FixtureServer):
    with _opener(server).open(f"https://{HTTPS_HOST}/article/2.htm", timeout=10) as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
        assert b"<title>Article Two</title>" in resp.read()
    assert server.requests[-1].url == f"https://{HTTPS_HOST}/article/2.htm"


def test_tunnel_serves_many_requests_until_client_closes(server: FixtureServer):
    host, port = _proxy_addr(server)
    conn = http.client.HTTPSConnection(host, port, context=_no_verify(), timeout=10)
    conn.set_tunnel(HTTPS_HOST, 443)
    for path in ["/", "/article/2.htm", "/robots.txt", "/missing.html", "/"]:
        conn.request("GET", path)
        resp = conn.getresponse()
        resp.read()
        assert resp.status == (404 if "missing" in path else 200)
    sock = conn.sock
    conn.close()
    assert sock.fileno() == -1
    assert [r.url for r in server.requests] == [
        f"https://{HTTPS_HOST}{p}"
        for p in ["/", "/article/2.htm", "/robots.txt", "/missing.html", "/"]
    ]


def test_plain_http_keep_alive(server: FixtureServer):
    host, port = _proxy_addr(server)
    conn = http.client.HTTPConnection(host, port, timeout=10)
    for _ in range(3):
        conn.request("GET", f"http://{HTTP_HOST}/robots.txt")
        resp = conn.getresponse()
        assert resp.read().startswith(b"User-agent")
        assert not resp.will_close
    conn.close()


def test_host_header_direct_mode(server: FixtureServer):
    host, port = _proxy_addr(server)
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request("GET", "/news/1.html", headers={"Host": f"{HTTP_HOST}:80"})
    resp = conn.getresponse()
    assert resp.status == 200
    assert resp.read() == GBK_PAGE.encode("gbk")
    conn.request("GET", "/", headers={"Host": "elsewhere.test"})
    resp = conn.getresponse()
    assert (resp.status, resp.read()) == (502, b"elsewhere.test is not a fixture site\n")
    conn.close()
    assert [r.url for r in server.requests] == [
        f"http://{HTTP_HOST}/news/1.html",
        "http://elsewhere.test/",
    ]


@pytest.mark.parametrize(
    "url", ["http://example.com/", "https://example.com/", "http://school-a.test/"]
)
def test_unknown_host_is_502(server: FixtureServer, url: str):
    with pytest.raises((urllib.error.HTTPError, urllib.error.URLError, OSError)) as info:
        _opener(server).open(url, timeout=10)
    if url.startswith("http://"):
        assert info.value.code == 502
        assert b"not a fixture site" in info.value.read()
    else:  # the CONNECT itself is refused
        assert "502" in str(info.value)
    assert server.requests[-1].status == 502


def test_redirect_is_301_with_location(server: FixtureServer):
    status, headers, body = _http(server, f"http://{HTTP_HOST}/old.html")
    assert (status, headers["Location"], body) == (301, "/news/1.html", b"")
    with _opener(server).open(f"http://{HTTP_HOST}/old.html", timeout=10) as resp:
        assert resp.url == f"http://{HTTP_HOST}/news/1.html"
        assert resp.read() == GBK_PAGE.encode("gbk")


@pytest.mark.parametrize(("path", "code"), [("/gone.html", 404), ("/secret.html", 403)])
def test_status_entries_have_empty_body(server: FixtureServer, path: str, code: int):
    status, headers, body = _http(server, f"http://{HTTP_HOST}{path}")
    assert (status, headers["Content-Length"], body) == (code, "0", b"")


@pytest.mark.parametrize(
    "path", ["/nope.html", "/news/2.html", "/private/", "/../outside.html", "/%2e%2e/outside.html"]
)
def test_missing_file_is_404(server: FixtureServer, path: str):
    host, port = _proxy_addr(server)
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(
            f"GET http://{HTTP_HOST}{path} HTTP/1.1\r\nHost: x\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        reply = b"".join(iter(lambda: sock.recv(65536), b""))
    assert reply.startswith(b"HTTP/1.1 404")
    assert b"must not be served" not in reply


@pytest.mark.parametrize(
    ("url", "ctype"),
    [
        (f"http://{HTTP_HOST}/", "text/html; charset=gb2312"),
        (f"http://{HTTP_HOST}/news/", "text/html; charset=gb2312"),
        (f"http://{HTTP_HOST}/news/shownews.php?id=12", "text/html; charset=gb2312"),
        (f"http://{HTTP_HOST}/robots.txt", "text/plain"),
        (f"http://{HTTP_HOST}/sitemap.xml", "application/xml"),
        (f"http://{HTTP_HOST}/files/report.pdf", "application/pdf"),
        (f"http://{HTTP_HOST}/plain.html", "text/html"),  # per-path header override
        (f"https://{HTTPS_HOST}/", "text/html; charset=utf-8"),
    ],
)
def test_content_types(server: FixtureServer, url: str, ctype: str):
    status, headers, _ = _http(server, url)
    assert status == 200
    assert headers.get_all("Content-Type") == [ctype]


def test_query_string_file_and_header_override(server: FixtureServer):
    status, headers, body = _http(server, f"http://{HTTP_HOST}/news/shownews.php?id=12")
    assert status == 200
    assert body.decode("gbk") == "<html><title>文章12</title></html>"
    assert headers["X-Query"] == "kept"
    assert _http(server, f"http://{HTTP_HOST}/news/shownews.php?id=13")[0] == 404
    assert _http(server, f"http://{HTTP_HOST}/plain.html")[1]["X-Fixture"] == "yes"


def test_head_has_headers_but_no_body(server: FixtureServer):
    status, headers, body = _http(server, f"http://{HTTP_HOST}/news/1.html", method="HEAD")
    assert (status, body) == (200, b"")
    assert headers["Content-Length"] == str(len(GBK_PAGE.encode("gbk")))
    assert server.requests[-1] == RequestRecord(
        "HEAD", f"http://{HTTP_HOST}/news/1.html", 200, 0, False
    )


def test_conditional_requests(server: FixtureServer, sites: Path):
    url = f"https://{HTTPS_HOST}/article/2.htm"
    status, headers, _ = _http(server, url)
    etag, last_modified = headers["ETag"], headers["Last-Modified"]
    assert status == 200 and etag.startswith('"') and not etag.startswith("W/")

    status, headers, body = _http(server, url, headers={"If-None-Match": etag})
    assert (status, body, headers["ETag"]) == (304, b"", etag)
    assert "Content-Length" not in headers  # a 304 has no body to frame
    assert _http(server, url, headers={"If-None-Match": '"other", ' + etag})[0] == 304
    assert _http(server, url, headers={"If-None-Match": '"other"'})[0] == 200
    assert _http(server, url, headers={"If-Modified-Since": last_modified})[0] == 304
    older = formatdate(time.time() - 86400 * 400, usegmt=True)
    file = sites / "school_b" / "mirror" / "article" / "2.htm"
    os.utime(file, (time.time() - 86400, time.time() - 86400))
    assert _http(server, url, headers={"If-Modified-Since": older})[0] == 200
    assert _http(server, url, headers={"If-Modified-Since": "garbage"})[0] == 200

    # The file changes: the old ETag no longer matches, even within the same second.
    file.write_bytes(b"<html><title>Article Two, edited</title></html>")
    status, headers, body = _http(server, url, headers={"If-None-Match": etag})
    assert status == 200 and headers["ETag"] != etag and b"edited" in body

    conditional = [r.conditional for r in server.requests]
    assert conditional == [False, True, True, True, True, True, True, True]
    assert [r.status for r in server.requests][-2:] == [200, 200]


def test_request_log_and_clear(server: FixtureServer):
    _http(server, f"http://{HTTP_HOST}/robots.txt")
    _http(server, f"https://{HTTPS_HOST}/robots.txt")
    _http(server, f"http://{HTTP_HOST}/gone.html")
    robots_a = len(b"User-agent: *\nDisallow: /private/\n")
    robots_b = len(b"User-agent: *\nAllow: /\n")
    assert server.requests == [
        RequestRecord("GET", f"http://{HTTP_HOST}/robots.txt", 200, robots_a, False),
        RequestRecord("GET", f"https://{HTTPS_HOST}/robots.txt", 200, robots_b, False),
        RequestRecord("GET", f"http://{HTTP_HOST}/gone.html", 404, 0, False),
    ]
    server.clear_log()
    assert server.requests == []


def test_files_and_site_json_are_read_on_every_request(server: FixtureServer, sites: Path):
    url = f"http://{HTTP_HOST}/news/1.html"
    assert _http(server, url)[0] == 200
    _write(sites / "school_a" / "mirror" / "news" / "1.html", "<html>改过</html>")
    assert _http(server, url)[2].decode("gbk") == "<html>改过</html>"
    conf_file = sites / "school_a" / "site.json"
    conf = json.loads(conf_file.read_text())
    conf["status"]["/news/1.html"] = 410
    conf_file.write_text(json.dumps(conf))
    assert _http(server, url)[0] == 410


def test_client_hanging_up_does_not_kill_server(server: FixtureServer, sites: Path, capfd):
    _write(sites / "school_a" / "mirror" / "big.bin", os.urandom(8 << 20))
    host, port = _proxy_addr(server)
    for _ in range(3):
        sock = socket.create_connection((host, port), timeout=10)
        sock.sendall(f"GET http://{HTTP_HOST}/big.bin HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        assert sock.recv(100).startswith(b"HTTP/1.1 200")
        # Abort with RST while the server is still writing its 8 MB.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    _write(sites / "school_b" / "mirror" / "big.bin", os.urandom(8 << 20))
    connect = f"CONNECT {HTTPS_HOST}:443 HTTP/1.1\r\nHost: {HTTPS_HOST}:443\r\n\r\n".encode()
    # A TLS client that gives up mid-response inside the tunnel ...
    raw = socket.create_connection((host, port), timeout=10)
    raw.sendall(connect)
    assert raw.recv(100).startswith(b"HTTP/1.1 200")
    tls = _no_verify().wrap_socket(raw, server_hostname=HTTPS_HOST)
    tls.sendall(f"GET /big.bin HTTP/1.1\r\nHost: {HTTPS_HOST}\r\n\r\n".encode())
    assert tls.recv(100).startswith(b"HTTP/1.1 200")
    tls.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    tls.close()
    # ... and one that sends garbage instead of a TLS handshake.
    sock = socket.create_connection((host, port), timeout=10)
    sock.sendall(connect)
    assert sock.recv(100).startswith(b"HTTP/1.1 200")
    sock.sendall(b"not a tls hello")
    sock.close()
    time.sleep(0.3)
    assert _http(server, f"https://{HTTPS_HOST}/")[0] == 200
    assert _http(server, f"http://{HTTP_HOST}/")[0] == 200
    assert capfd.readouterr().err == ""


def test_quiet_unless_verbose(sites: Path, capfd, monkeypatch):
    with FixtureServer(sites) as srv:
        _http(srv, f"http://{HTTP_HOST}/")
    assert capfd.readouterr().err == ""
    monkeypatch.setenv("FIXTURE_SERVER_VERBOSE", "1")
    with FixtureServer(sites) as srv:
        _http(srv, f"http://{HTTP_HOST}/")
    assert f"GET http://{HTTP_HOST}/ HTTP/1.1" in capfd.readouterr().err


def test_stop_ends_keep_alive_connections(sites: Path):
    srv = FixtureServer(sites).start()
    host, port = _proxy_addr(srv)
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request("GET", f"http://{HTTP_HOST}/")
    conn.getresponse().read()
    srv.stop()
    with pytest.raises((http.client.HTTPException, OSError)):
        conn.request("GET", f"http://{HTTP_HOST}/")
        conn.getresponse()
    conn.close()


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONPATH"] = str(REPO)
    return {**env, **extra}


def _readline(proc: subprocess.Popen, timeout: float = 20) -> str:
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        assert sel.select(timeout), "fixture server printed nothing"
    return proc.stdout.readline()


def test_cli_prints_url_and_stops_on_sigterm(sites: Path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.fixture_server", str(sites)],
        cwd=REPO,
        env=_clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = _readline(proc).strip()
        assert url.startswith("http://127.0.0.1:")
        opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({"https": url}),
            urllib.request.HTTPSHandler(context=_no_verify()),
        )
        with opener.open(f"https://{HTTPS_HOST}/", timeout=10) as resp:
            assert b"Home B" in resp.read()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    assert proc.returncode == 0
    assert (out, err) == ("", "")  # exactly one line, then silence


SPIDER_SCRIPT = textwrap.dedent("""
    import json, sys
    import scrapy
    from scrapy.crawler import CrawlerProcess

    class FixtureSpider(scrapy.Spider):
        name = "fixture"
        start_urls = sys.argv[2:]

        def parse(self, response):
            yield {"url": response.url, "status": response.status,
                   "title": response.css("title::text").get(),
                   "tls": response.certificate is not None,
                   "encoding": response.encoding}

    process = CrawlerProcess(settings={
        "FEEDS": {sys.argv[1]: {"format": "json"}},
        "ROBOTSTXT_OBEY": True, "TELNETCONSOLE_ENABLED": False, "LOG_LEVEL": "WARNING",
        "RETRY_ENABLED": False,
    })
    process.crawl(FixtureSpider)
    process.start()
""")


# The codec Scrapy reports for a page that declares gbk is w3lib's name for it: "gb18030" before
# w3lib 2.6, "gbk" (the Encoding Standard's label, decoding GB18030 all the same) from it.
GBK_CODEC = resolve_encoding("gbk")


def test_scrapy_crawls_http_and_https_through_the_proxy(server: FixtureServer, tmp_path):
    """Scrapy's own proxy support (env vars -> HttpProxyMiddleware -> CONNECT + TLS)."""
    script, out = tmp_path / "crawl.py", tmp_path / "items.json"
    script.write_text(SPIDER_SCRIPT)
    urls = [
        f"https://{HTTPS_HOST}/article/2.htm",
        f"http://{HTTP_HOST}/old.html",
        f"http://{HTTP_HOST}/news/shownews.php?id=12",
    ]
    env = _clean_env(http_proxy=server.url, https_proxy=server.url)
    proc = subprocess.run(
        [sys.executable, str(script), str(out), *urls],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "ERROR" not in proc.stderr, proc.stderr
    items = {item["url"]: item for item in json.loads(out.read_text())}
    assert items == {
        f"https://{HTTPS_HOST}/article/2.htm": {
            "url": f"https://{HTTPS_HOST}/article/2.htm",
            "status": 200,
            "title": "Article Two",
            "tls": True,
            "encoding": "utf-8",
        },
        f"http://{HTTP_HOST}/news/1.html": {  # after the 301
            "url": f"http://{HTTP_HOST}/news/1.html",
            "status": 200,
            "title": GBK_TITLE,
            "tls": False,
            "encoding": GBK_CODEC,
        },
        f"http://{HTTP_HOST}/news/shownews.php?id=12": {
            "url": f"http://{HTTP_HOST}/news/shownews.php?id=12",
            "status": 200,
            "title": "文章12",
            "tls": False,
            "encoding": GBK_CODEC,
        },
    }
    seen = {(r.url, r.status) for r in server.requests}
    assert (f"https://{HTTPS_HOST}/robots.txt", 200) in seen
    assert (f"http://{HTTP_HOST}/robots.txt", 200) in seen
    assert (f"http://{HTTP_HOST}/old.html", 301) in seen
