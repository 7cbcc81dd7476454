"""Reading the corpus from the command line: query formats and filters, Parquet and WARC
exports read back by pyarrow and warcio, and `stats` with its plot."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC

import pyarrow.parquet as pq
from warcio.archiveiterator import ArchiveIterator

from pipelines.db.archive import iter_pages
from pipelines.db.queries import EXPORT_FIELDS, iter_documents
from pipelines.db.session import open_database, session_scope
from pipelines.export import write_parquet

from .conftest import ROOT, SLUGS, run_cli


def stored_pages(db_url: str) -> dict:
    engine = open_database(db_url)
    with session_scope(engine) as session:
        pages = {p.url: p for p in iter_pages(session)}
    engine.dispose()
    return pages


def test_query_csv_until_and_traditional_query(crawled):
    result = run_cli(
        "query", "職業教育", "--format", "csv", "--until", "2020-12-31", "--db", crawled.db_url
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("\ufeff")  # read it as utf-8-sig, as export's CSV
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows and all(r["published"] <= "2020-12-31" for r in rows)
    assert {r["site"] for r in rows} >= {"scedu", "cdcmzz"}  # traditional and simplified pages
    assert [int(r["rank"]) for r in rows] == list(range(1, len(rows) + 1))


def test_query_shows_each_story_once(crawled):
    result = run_cli(
        "query", "cooperation", "--format", "jsonl", "--limit", "50", "--db", crawled.db_url
    )
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    stories = [h["story_id"] for h in hits]
    assert len(stories) == len(set(stories))
    carried = [h for h in hits if h["also_on"]]
    assert carried and all(a["url"] != h["url"] for h in carried for a in h["also_on"])
    table = run_cli("query", "合作", "--limit", "5", "--db", crawled.db_url)
    assert table.returncode == 0 and "5 result(s) for '合作'" in table.stdout


def test_warc_export_replays_the_stored_responses(crawled, tmp_path):
    out = tmp_path / "corpus.warc.gz"
    result = run_cli("export", "--format", "warc", "--out", str(out), "--db", crawled.db_url)
    assert result.returncode == 0, result.stderr
    pages = stored_pages(crawled.db_url)
    assert f"wrote {len(pages)} pages" in result.stderr
    seen = {}
    with open(out, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "warcinfo":
                continue
            assert record.rec_type == "response"
            url = record.rec_headers.get_header("WARC-Target-URI")
            stored = pages[url]
            assert record.content_stream().read() == stored.body
            assert record.http_headers.get_statuscode() == str(stored.status)
            assert record.http_headers.get_header("Content-Type") == stored.headers.get(
                "Content-Type"
            )
            date = record.rec_headers.get_header("WARC-Date")
            assert date == stored.fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            seen[url] = True
    assert seen.keys() == pages.keys()
    spa = run_cli(
        "export", "--format", "warc", "--site", "spa", "--out", str(out), "--db", crawled.db_url
    )
    assert f"wrote {sum(p.site == 'spa' for p in pages.values())} pages" in spa.stderr


def test_parquet_export_round_trips(crawled, tmp_path):
    out = tmp_path / "corpus.parquet"
    result = run_cli(
        "export",
        "--format",
        "parquet",
        "--out",
        str(out),
        "--language",
        "en",
        "--until",
        "2023-12-31",
        "--db",
        crawled.db_url,
    )
    assert result.returncode == 0, result.stderr
    table = pq.read_table(out)
    assert table.column_names == [*EXPORT_FIELDS, "topics", "organisations"]
    jsonl = run_cli("export", "--language", "en", "--until", "2023-12-31", "--db", crawled.db_url)
    expected = [json.loads(line) for line in jsonl.stdout.splitlines()]
    got = table.to_pylist()
    assert len(got) == len(expected) > 0
    assert all(r["published"] and r["published"] <= "2023-12-31" for r in expected)
    for row, want in zip(got, expected, strict=True):
        assert row["url"] == want["url"] and row["text"] == want["text"]
        assert (row["published"].isoformat() if row["published"] else None) == want["published"]
        assert row["fetched_at"].isoformat() == want["fetched_at"]
        assert row["story_id"] == want["story_id"]
        assert (row["topics"], row["organisations"]) == (want["topics"], want["organisations"])


def test_parquet_is_written_in_row_groups(crawled, tmp_path):
    out = tmp_path / "groups.parquet"
    engine = open_database(crawled.db_url)
    with session_scope(engine) as session, open(out, "wb") as stream:
        count = write_parquet(iter_documents(session), stream, row_group=7)
    engine.dispose()
    metadata = pq.ParquetFile(out).metadata
    assert metadata.num_rows == count
    assert metadata.num_row_groups == -(-count // 7)  # streamed: 7 rows in memory at a time


def test_binary_exports_stream_to_a_pipe(crawled):
    for fmt in ("parquet", "warc"):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "crawler.cli",
                "export",
                "--format",
                fmt,
                "--db",
                crawled.db_url,
            ],
            cwd=ROOT,
            capture_output=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        if fmt == "parquet":
            assert pq.read_table(io.BytesIO(result.stdout)).num_rows > 0
        else:
            assert sum(1 for _ in ArchiveIterator(io.BytesIO(result.stdout))) > 1


def test_stats_and_plot(crawled, tmp_path):
    png = tmp_path / "months.png"
    result = run_cli("stats", "--format", "json", "--plot", str(png), "--db", crawled.db_url)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert [s["site"] for s in stats["sites"]] == SLUGS
    assert stats["documents"] == sum(s["documents"] for s in stats["sites"])
    assert stats["documents"] == sum(row["documents"] for row in stats["languages"])
    assert stats["duplicates"] == stats["documents"] - stats["distinct_texts"]
    assert stats["stories_on_several_sites"] == 10 and stats["stories"] < stats["documents"]
    assert stats["published_from"] <= stats["published_to"]
    assert {r["site"]: r["status"] for r in stats["last_runs"]} == dict.fromkeys(SLUGS, "finished")
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    import matplotlib.image

    assert matplotlib.image.imread(png).shape[:2] == (1000, 1100)  # by site, by topic
    svg = tmp_path / "months.svg"
    assert run_cli("stats", "--plot", str(svg), "--db", crawled.db_url).returncode == 0
    assert b"<svg" in svg.read_bytes()[:1000] and b"school-enterprise" in svg.read_bytes()
    # A document about several topics is not stacked once per topic: a line per topic.
    assert b"one document may be about several" in svg.read_bytes()
    wrong = run_cli("stats", "--plot", str(tmp_path / "months.txt"), "--db", crawled.db_url)
    assert wrong.returncode == 2 and "name a .png, .svg or .pdf file" in wrong.stderr
    table = run_cli("stats", "--db", crawled.db_url)
    assert table.returncode == 0 and "Per site" in table.stdout
