"""A corpus on a read-only file system (an archive, a colleague's share mounted read-only):
the reading commands read it; SQLite in WAL mode refused it ("unable to open database file":
it needs to create FILE-shm beside the file). Needs a read-only bind mount (root); skipped
where the machine does not allow one."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from sqlalchemy.engine import make_url

from .conftest import run_cli


@pytest.fixture
def read_only_copy(crawled, tmp_path):
    """The crawled corpus, copied, on a read-only bind mount of its folder."""
    source, mounted = tmp_path / "source", tmp_path / "mounted"
    source.mkdir()
    mounted.mkdir()
    shutil.copyfile(make_url(crawled.db_url).database, source / "corpus.db")
    made = subprocess.run(["mount", "--bind", str(source), str(mounted)], capture_output=True)
    if made.returncode:
        pytest.skip(f"no bind mount here: {made.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(mounted)], check=True)
        yield mounted / "corpus.db"
    finally:
        subprocess.run(["umount", str(mounted)], check=True)


def test_the_reading_commands_read_a_corpus_on_a_read_only_mount(read_only_copy):
    db = f"sqlite:///{read_only_copy}"
    stats = run_cli("stats", "--format", "json", "--db", db)
    assert stats.returncode == 0, stats.stderr
    documents = json.loads(stats.stdout)["documents"]
    exported = run_cli("export", "--format", "jsonl", "--db", db)
    assert exported.returncode == 0 and len(exported.stdout.splitlines()) == documents
    found = run_cli("query", "合作", "--format", "jsonl", "--db", db)
    assert found.returncode == 0 and found.stdout.strip(), found.stderr
    assert run_cli("runs", "--db", db).returncode == 0
    writing = run_cli("reextract", "--workers", "1", "--db", db)
    assert writing.returncode == 1
    assert writing.stderr.strip().splitlines() == [
        "schoolnews reextract: database error: attempt to write a readonly database"
    ]
