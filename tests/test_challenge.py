"""A web firewall's challenge page, answered in place of the page (processing/challenge.py)."""

from __future__ import annotations

import sqlite3
from http.server import BaseHTTPRequestHandler

import pytest

from pipelines.processing import NotADocument, RawPage, process
from pipelines.processing.challenge import firewall

from .conftest import FAST, run_cli
from .support.local_site import local_site, send_html

YUNSUO = (
    '<html><head><meta charset="utf-8"></head><body><script>'
    'document.cookie="yunsuo_session_verify=4f1c0b2e; path=/";'
    'window.location.href="/?security_verify_data=313932302c31303830";</script></body></html>'
)


@pytest.mark.parametrize(
    ("body", "headers", "name"),
    [
        (YUNSUO, {}, "Yunsuo 云锁"),
        ("<script>x=1</script>", {"Set-Cookie": "__jsluid_h=ab12; path=/"}, "Jiasule 加速乐"),
        ('<script>document.cookie="v=1";location.reload();</script>', {}, "a firewall"),
        ("<html><body><p>" + "A real page sets a cookie. " * 900 + "</p></body></html>", {}, None),
        (  # a story about a firewall maker, with its cookie set by the server
            "<html><body><h1>Safedog visits the college</h1><p>"
            + "Engineers from Safedog met students of the network security class. " * 4
            + "</p></body></html>",
            {"Set-Cookie": "safedog-flow-item=1"},
            None,
        ),
        (  # a short story with a language switch: a page, not a challenge
            "<html><head><script>function lang(l){document.cookie='lang='+l;location.reload();}"
            "</script></head><body><h1>Students visit the plant</h1><p>"
            + "Year 10 students toured the engineering plant and met its apprentices. " * 4
            + "</p></body></html>",
            {},
            None,
        ),
    ],
)
def test_firewalls_by_their_marks(body, headers, name):
    assert firewall(body.encode(), headers) == name


def test_a_challenge_page_is_no_document_and_says_what_to_do():
    with pytest.raises(NotADocument, match=r"firewall's challenge page \(Yunsuo 云锁.*let the"):
        process(RawPage(url="http://school.example/info/1012/1.htm", body=YUNSUO.encode()))


class Walled(BaseHTTPRequestHandler):
    """Every page is Yunsuo's challenge, robots.txt included."""

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        send_html(self, 200, YUNSUO)


def test_a_site_behind_a_challenge_says_so_not_that_it_is_drawn_by_javascript(tmp_path):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    with local_site(tmp_path, Walled, "walled", "Walled College") as registry:
        args = ["--sites", str(registry)]
        run = run_cli("crawl", "walled", *args, "--db", db, *FAST)
        dry = run_cli("crawl", "--dry-run", "walled", *args, *FAST)
    said = run.stdout + run.stderr
    assert run.returncode == 3 and "firewall's challenge (Yunsuo 云锁" in said, said
    assert "drawn by JavaScript" not in said
    assert dry.returncode == 3 and "let the crawler through" in " ".join(dry.stdout.split())
    with sqlite3.connect(tmp_path / "c.db") as con:
        (reason,) = con.execute("select status_reason from crawl_runs").fetchone()
    assert "ask the site to let the crawler through" in reason
