"""A crawl opens one database engine per process (storage, incremental state, learned rules,
ledger and locks share it), counted by pipelines.db.session's $SCHOOLNEWS_ENGINE_LOG."""

from collections import Counter

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
