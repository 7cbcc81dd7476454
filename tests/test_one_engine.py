"""A crawl opens one database engine per process (storage, incremental state, learned rules,
ledger and locks share it), counted by pipelines.db.session's $SCHOOLNEWS_ENGINE_LOG, and
closes it at exit."""

import shutil
import sqlite3
from collections import Counter
from pathlib import Path

from tests.conftest import FAST, proxy_env, run_cli


def test_a_crawl_of_two_sites_opens_one_engine(fixture_server, tmp_path):
    log = tmp_path / "engines.log"
    db_url = f"sqlite:///{tmp_path / 'c.db'}"
    result = run_cli(
        "crawl",
        "scedu",
        "spa",
        "--db",
        db_url,
        *FAST,
        env={**proxy_env(fixture_server), "SCHOOLNEWS_ENGINE_LOG": str(log)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Crawl summary" in result.stdout
    per_process = Counter(line.split()[0] for line in log.read_text().splitlines())
    assert len(per_process) == 1, per_process  # the crawl ran in one process
    assert list(per_process.values()) == [1], log.read_text()


def test_a_finished_command_leaves_everything_in_the_database_file(fixture_server, tmp_path):
    """SQLite keeps the newest writes in FILE-wal until the last connection closes. A command
    that exited with its connections open left them there: after `make demo` the .db file
    was 4 KB, and a copy of it alone held no corpus."""
    db = tmp_path / "c.db"
    for command in (["crawl", "spa", *FAST], ["reextract"]):
        result = run_cli(*command, "--db", f"sqlite:///{db}", env=proxy_env(fixture_server))
        assert result.returncode == 0, result.stdout + result.stderr
        assert not Path(f"{db}-wal").exists(), command
        alone = tmp_path / command[0] / "copy.db"
        alone.parent.mkdir()
        shutil.copyfile(db, alone)  # the file as a user copies it: without its -wal
        with sqlite3.connect(alone) as copy:
            assert copy.execute("select count(*) from documents").fetchone()[0] > 0
            assert copy.execute("select status from crawl_runs").fetchall() == [("finished",)]
