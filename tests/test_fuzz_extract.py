"""`process` and `extract FILE` never crash: mutated, truncated, binary, deeply nested input.

A crash is anything but a Document or NotADocument. Seeded, so a failure reproduces.
"""

from __future__ import annotations

import contextlib
import json
import random

import pytest

from crawler.demo import FIXTURE_SITES
from pipelines.processing import Document, NotADocument, RawPage, process
from tests.conftest import run_cli

SITES = FIXTURE_SITES
MALFORMED_LINK = (
    "<html><head><title>Board approves new school calendar</title></head><body>"
    "<p><a href='http://x.[y/'>Sponsored: the best school bags of the year</a></p>"
    "<h1>Board approves new school calendar</h1>"
    + "<p>The school board voted on Tuesday to approve a new calendar for the coming year, "
    "moving the first day of classes to the week after Labor Day.</p>"
    * 8
    + "<a href='http://[::1'>broken</a><a href='//a:b:c/'>odd</a></body></html>"
).encode()


def seeds() -> list[bytes]:
    files = sorted((SITES / "scedu" / "mirror").rglob("*.html"))[:3]
    files += sorted((SITES / "spa" / "mirror").rglob("page.htm"))[:3]
    return [f.read_bytes() for f in files] + [MALFORMED_LINK]


def mutations(rng: random.Random, body: bytes):
    yield body[: rng.randrange(len(body))]  # truncated anywhere
    data = bytearray(body)
    for _ in range(rng.randint(1, 50)):  # flipped bytes
        data[rng.randrange(len(data))] = rng.randrange(256)
    yield bytes(data)
    cut = rng.randrange(len(body))  # a chunk of random bytes spliced in
    yield body[:cut] + rng.randbytes(rng.randint(1, 2000)) + body[cut:]
    yield body.replace(b"<", b"", rng.randint(1, 30))  # broken tags
    yield body.replace(b"href=", b"href=http://x.[y/", rng.randint(1, 5))


EXTREMES = [
    b"",
    b"\x00" * 100,
    b"<",
    b"<html",
    b"<html><body>",
    b"%PDF-1.4\n" + bytes(range(256)) * 40,
    b"\x89PNG\r\n\x1a\n" + bytes(300),
    b"PK\x03\x04" + bytes(500),
    b"<html><body>" + b"<div>" * 5000 + "深层嵌套的文字。".encode() * 50 + b"</div>" * 5000,
    b"<html><body>" + b"<p><b><i>" * 3000 + b"text " * 400 + b"</body></html>",
    b"<table>" + b"<tr><td>|cell|</td></tr>" * 2000 + b"</table>",
    "<html><body><p>".encode("utf-16") + "文字".encode("utf-16-le") * 300,
    b"<html><head><meta charset='x-unknown-charset'></head><body><p>" + b"\xff\xfe\xfd" * 300,
    b"<?xml version='1.0' encoding='gbk'?><html><body><p>" + "职业教育".encode("gbk") * 200,
]


def check(body: bytes, url: str = "http://x.example/a/page.htm") -> None:
    for content_type in (None, "text/html", "application/pdf"):
        headers = {"Content-Type": content_type} if content_type else {}
        with contextlib.suppress(NotADocument):
            assert isinstance(process(RawPage(url=url, body=body, headers=headers)), Document)


@pytest.mark.parametrize("body", EXTREMES, ids=range(len(EXTREMES)))
def test_extreme_inputs(body):
    check(body)


def test_mutated_pages_never_crash():
    rng = random.Random(11)
    for body in seeds():
        for _ in range(6):
            for mutant in mutations(rng, body):
                check(mutant)


def test_malformed_urls_anywhere():
    doc = process(RawPage(url="http://x.[y/page", body=MALFORMED_LINK))
    assert "school board voted" in doc.text
    doc = process(RawPage(url="https://news.example/2024/board", body=MALFORMED_LINK))
    assert "school board voted" in doc.text


def test_extract_batch_survives_bad_files(tmp_path):
    files = []
    for n, body in enumerate(
        [MALFORMED_LINK, b"%PDF-1.5 \x00\x01\x02", b"\x00" * 64, EXTREMES[8], MALFORMED_LINK]
    ):
        path = tmp_path / f"{n}.html"
        path.write_bytes(body)
        files.append(str(path))
    result = run_cli(
        "extract",
        *files,
        str(tmp_path / "missing.html"),
        "--content-type",
        "text/html",
        "--fetched-at",
        "2024-05-01T08:00",
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["path"] for row in rows] == [*files, str(tmp_path / "missing.html")]
    assert "school board voted" in rows[0]["text"] and "school board voted" in rows[4]["text"]
    assert rows[1]["error"].startswith("not a document: binary: PDF")
    assert result.returncode == 1  # the missing file, reported on its own line
    assert "Traceback" not in result.stderr


def test_extract_uses_learned_rules_from_db_and_the_fetch_time(tmp_path):
    from pipelines.db import rules
    from pipelines.db.session import open_database, session_scope

    line = (
        "The school board voted on Tuesday to approve a new calendar for the coming year, "
        "moving the first day of classes to the week after Labor Day."
    )
    page = tmp_path / "page.html"
    extra = (
        b"<p>Also on the agenda: new buses for the district, approved unanimously after a "
        b"long debate.</p></body>"
    )
    page.write_bytes(MALFORMED_LINK.replace(b"</body>", extra))
    db_url = f"sqlite:///{tmp_path / 'rules.db'}"
    engine = open_database(db_url)
    with session_scope(engine) as session:
        rules.save_learned_boilerplate(session, "scedu", frozenset({line}), "v1", 10)
    engine.dispose()
    plain = json.loads(run_cli("extract", str(page), "--site", "scedu").stdout)
    learned = json.loads(
        run_cli(
            "extract", str(page), "--site", "scedu", "--db", db_url, "--fetched-at", "2024-05-01"
        ).stdout
    )
    assert line in plain["text"] and line not in learned["text"]
    assert "new buses" in learned["text"]
    assert learned["extractor_version"] != plain["extractor_version"]
