"""crawler.fetch, the one-page fetch of `sites probe`, `record` and `crawl --dry-run`, against
a real local server that misbehaves."""

from __future__ import annotations

import socket
import threading

import pytest

from crawler.fetch import FetchError, Politeness, fetch


@pytest.fixture
def truncating_server():
    """Promises 1,000 bytes and sends 30, then closes (a body cut off mid-transfer)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)

    def serve() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            with connection:
                connection.recv(65536)
                connection.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n"
                    b"<html><body>only the start..."
                )

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    server.close()


def test_a_truncated_body_is_a_one_line_fetch_error(truncating_server, monkeypatch):
    """`record` of such a page ended in http.client.IncompleteRead's traceback."""
    monkeypatch.setattr(Politeness, "delay", 0)
    with pytest.raises(FetchError, match="cannot fetch .*/news/1.html"):
        fetch(truncating_server + "/news/1.html", check_robots=False)


def test_an_address_that_is_no_url_is_a_fetch_error():
    with pytest.raises(FetchError, match="not a web address: 'notaurl'"):
        fetch("notaurl")
