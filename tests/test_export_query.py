"""`export --query`: a query's sub-corpus in every format, uncapped, per document or per story,
with topics and organisations on every row; on the crawl of the fixture sites, both backends."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pyarrow.parquet as pq
from warcio.archiveiterator import ArchiveIterator

from .conftest import ROOT, run_cli


def jsonl(crawl, *args: str) -> list[dict]:
    result = run_cli("export", *args, "--db", crawl.db_url)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def query_urls(crawl, text: str) -> set[str]:
    result = run_cli("query", text, "--format", "jsonl", "--limit", "1000", "--db", crawl.db_url)
    assert result.returncode == 0, result.stderr
    return {json.loads(line)["url"] for line in result.stdout.splitlines()}


def test_export_query_selects_what_query_finds_with_full_text(any_crawled):
    rows = jsonl(any_crawled, "--query", "校企合作 OR 产教融合")
    assert rows and all(
        ("校企合作" in r["title"] + r["text"]) or ("产教融合" in r["title"] + r["text"])
        for r in rows
    )
    # query shows one row per story; export every document: the stories' best are among them
    assert query_urls(any_crawled, "校企合作 OR 产教融合") <= {r["url"] for r in rows}
    union = {r["url"] for r in jsonl(any_crawled, "--query", "校企合作")} | {
        r["url"] for r in jsonl(any_crawled, "--query", "产教融合")
    }
    assert {r["url"] for r in rows} == union
    fewer = jsonl(any_crawled, "--query", "校企合作 -签约")
    assert len(fewer) < len(jsonl(any_crawled, "--query", "校企合作"))
    assert all("topics" in r and "organisations" in r for r in rows)
    # A theme named in the title, or three times in the text (topics.MENTIONS), is tagged.
    assert all(
        "school-enterprise" in r["topics"]
        for r in rows
        if "校企合作" in r["title"] or r["text"].count("校企合作") >= 3
    )


def test_per_story_keeps_one_document_per_story(any_crawled):
    every = jsonl(any_crawled, "--query", "cooperation")
    stories = jsonl(any_crawled, "--query", "cooperation", "--per-story")
    keys = [r["story_id"] or r["url"] for r in stories]
    assert len(keys) == len(set(keys)) and set(keys) == {r["story_id"] or r["url"] for r in every}
    assert len(stories) < len(every)  # the fixtures carry stories on several sites


def test_export_query_in_every_format(crawled, tmp_path):
    expected = {r["url"] for r in jsonl(crawled, "--query", "合作 site:cdcmzz")}
    assert expected
    out = tmp_path / "q.csv"
    run_cli(
        "export",
        "--query",
        "合作 site:cdcmzz",
        "--format",
        "csv",
        "--out",
        str(out),
        "--db",
        crawled.db_url,
    )
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r["url"] for r in rows} == expected and all(r["text"] for r in rows)
    assert any("school-enterprise" in r["topics"].split("; ") for r in rows)
    plain = run_cli(
        "export",
        "--query",
        "合作 site:cdcmzz",
        "--format",
        "csv",
        "--no-bom",
        "--db",
        crawled.db_url,
    )
    assert plain.stdout.startswith("url,")
    out = tmp_path / "q.parquet"
    run_cli(
        "export",
        "--query",
        "合作 site:cdcmzz",
        "--format",
        "parquet",
        "--out",
        str(out),
        "--db",
        crawled.db_url,
    )
    table = pq.read_table(out).to_pylist()
    assert {r["url"] for r in table} == expected and isinstance(table[0]["topics"], list)
    out = tmp_path / "q.warc.gz"
    run_cli(
        "export",
        "--query",
        "合作 site:cdcmzz",
        "--format",
        "warc",
        "--out",
        str(out),
        "--db",
        crawled.db_url,
    )
    with open(out, "rb") as stream:
        records = [
            r.rec_headers.get_header("WARC-Target-URI")
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        ]
    assert set(records) == expected  # the matching article pages, no list pages


def test_export_query_errors_and_empty_selection(crawled):
    bad = run_cli("export", "--query", "(校企合作", "--db", crawled.db_url)
    assert bad.returncode == 2 and "--query: a '(' is not closed" in bad.stderr
    none = run_cli("export", "--query", "nosuchwordanywhere", "--db", crawled.db_url)
    assert none.returncode == 1 and "selected no documents" in none.stderr


def test_export_query_streams_to_a_closed_pipe(crawled):
    process = subprocess.run(
        f"{sys.executable} -m crawler.cli export --query 合作 --db {crawled.db_url} | head -c 10",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert len(process.stdout) == 10 and "Traceback" not in process.stderr


def test_an_export_that_selects_nothing_leaves_the_file_that_was_there(crawled, tmp_path):
    """It was truncated (then left empty) before the query was known to select nothing."""
    from .conftest import run_cli

    out = tmp_path / "corpus.csv"
    out.write_text("an earlier export\n", encoding="utf-8")
    out.chmod(0o640)
    nothing = run_cli(
        "export", "--format", "csv", "--query", "nosuchwordanywhere", "--out", str(out),
        "--db", crawled.db_url,
    )  # fmt: skip
    assert nothing.returncode == 1, nothing.stderr
    assert out.read_text(encoding="utf-8") == "an earlier export\n"
    done = run_cli("export", "--format", "csv", "--out", str(out), "--db", crawled.db_url)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8-sig").startswith("url,")
    assert out.stat().st_mode & 0o777 == 0o640  # the file's own permissions kept
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.csv"]  # no partial file left
    (tmp_path / "link.csv").symlink_to("corpus.csv")  # a link: its target gets the export
    run_cli(
        "export", "--format", "jsonl", "--out", str(tmp_path / "link.csv"), "--db", crawled.db_url
    )
    assert (tmp_path / "link.csv").is_symlink()
    assert (tmp_path / "corpus.csv").read_text(encoding="utf-8").startswith('{"url"')
