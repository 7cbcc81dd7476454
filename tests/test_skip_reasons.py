"""An article page with no document keeps its reason: stored, cleared, counted."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from crawler.items import PageItem
from pipelines.db import ledger, pages
from pipelines.db.models import Page
from pipelines.db.session import open_database, session_scope
from pipelines.db.skips import format_counts, record_skip_reasons, skip_counts, skip_counts_by_run
from pipelines.processing import NotADocument, RawPage, process
from tests.conftest import run_cli


def item(url: str, body: bytes, reason: str | None = None) -> PageItem:
    page = PageItem(
        "site", url, url, "article", 200, {"Content-Type": "text/html"}, body, datetime.now(UTC)
    )
    try:
        page.document = process(RawPage(url=url, body=body, headers=page.headers))
    except NotADocument as why:
        page.skip_reason = str(why)
    return page


def test_reasons_are_stored_cleared_and_counted(tmp_path):
    engine = open_database(f"sqlite:///{tmp_path / 'skips.db'}")
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 20
    empty = b"<html><body><nav><a href='/a'>Home</a></nav></body></html>"
    with session_scope(engine) as session:
        run_id = ledger.start_run(session, "site")
        pages.save_pages(
            session,
            [item("https://s.example/a.pdf", pdf), item("https://s.example/empty", empty)],
            run_id,
        )
    with session_scope(engine) as session:
        stored = dict(session.query(Page.url, Page.skip_reason).all())
        assert stored["https://s.example/a.pdf"].startswith("binary: PDF")
        assert stored["https://s.example/empty"]
        counts = skip_counts(session)
        assert sum(counts.values()) == 2 and "binary: PDF" in counts
        assert "binary: PDF" in format_counts(counts)
        ids = [
            pid for (pid,) in session.query(Page.id).filter(Page.url == "https://s.example/a.pdf")
        ]
        record_skip_reasons(session, [(ids[0], None)])
    with session_scope(engine) as session:
        assert sum(skip_counts(session).values()) == 1
        assert sum(skip_counts_by_run(session, [run_id])[run_id].values()) == 1


def test_runs_and_stats_print_the_counts(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = open_database(db_url)
    with session_scope(engine) as session:
        run_id = ledger.start_run(session, "site")
        pages.save_pages(session, [item("https://s.example/b.pdf", b"%PDF-1.4 \x00\x01")], run_id)
    engine.dispose()
    runs = run_cli("runs", "--db", db_url)
    assert runs.returncode == 0, runs.stderr
    assert "no document: 1 binary: PDF" in runs.stdout
    stats = run_cli("stats", "--db", db_url, "--format", "json")
    assert json.loads(stats.stdout)["no_document"] == {"binary: PDF": 1}
