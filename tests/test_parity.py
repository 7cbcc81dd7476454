"""The crawl and `reextract` run the same extraction: identical documents, no network."""

from __future__ import annotations

import json
import sqlite3

from .conftest import run_cli


def _export(db_url: str) -> list[dict]:
    result = run_cli("export", "--format", "jsonl", "--db", db_url)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def _private_copy(crawl, tmp_path) -> str:
    """SQLite: a copy of the shared crawl. PostgreSQL: the crawl itself (re-extraction that
    changes anything is exactly the failure this test reports)."""
    if not crawl.db_url.startswith("sqlite:///"):
        return crawl.db_url
    copy = tmp_path / "copy.db"
    source = sqlite3.connect(crawl.db_url.removeprefix("sqlite:///"))
    with sqlite3.connect(copy) as target:
        source.backup(target)
    source.close()
    return f"sqlite:///{copy}"


def test_reextract_reproduces_the_crawl(any_crawled, tmp_path):
    db_url = _private_copy(any_crawled, tmp_path)
    before = _export(db_url)

    # No proxy in the environment: a network access would fail, not silently succeed.
    result = run_cli(
        "reextract",
        "--db",
        db_url,
        env={"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"},
    )
    assert result.returncode == 0, result.stderr
    assert (
        f"re-extracted {len(before)} article pages: {len(before)} documents, 0 texts changed"
        in result.stdout.replace("\n", " ")
    )
    assert _export(db_url) == before
