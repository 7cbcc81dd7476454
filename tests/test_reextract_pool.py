"""Re-extraction at scale: a process pool and shards make the same documents as one process,
and an interrupted job resumes where it stopped."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest
import sqlalchemy as sa

from .conftest import ROOT, run_cli

NO_NETWORK = {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}


def _export(db_url: str) -> list[dict]:
    result = run_cli("export", "--format", "jsonl", "--db", db_url)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def before(crawled) -> list[dict]:
    return _export(crawled.db_url)


def stale_copy(crawled, path) -> str:
    """A copy of the crawled database whose documents all look made by an older extractor,
    with a wrong title: re-extraction has to rewrite every one of them."""
    source = sqlite3.connect(crawled.db_url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as target:
        source.backup(target)
        target.execute("update documents set extractor_version = 'old', title = 'stale'")
    source.close()
    return f"sqlite:///{path}"


def reextract(db_url: str, *args: str) -> str:
    result = run_cli("reextract", "--db", db_url, *args, env=NO_NETWORK)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not result.stderr  # no progress bar outside a terminal (it left a blank line)
    return result.stdout.replace("\n", " ")


def test_pool_and_shards_make_the_same_documents_as_one_process(crawled, before, tmp_path):
    n = len(before)
    pooled = stale_copy(crawled, tmp_path / "pooled.db")
    assert f"re-extracted {n} article pages: {n} documents" in reextract(pooled, "--workers", "2")
    assert _export(pooled) == before

    sharded = stale_copy(crawled, tmp_path / "sharded.db")
    first = reextract(sharded, "--workers", "2", "--shard", "1/2")
    second = reextract(sharded, "--workers", "1", "--shard", "2/2")
    counts = [int(out.split("re-extracted ")[1].split()[0]) for out in (first, second)]
    assert "(shard 1/2)" in first and "(shard 2/2)" in second
    assert sum(counts) == n and min(counts) > 0
    assert _export(sharded) == before


def test_an_interrupted_job_resumes_where_it_stopped(crawled, before, tmp_path):
    from crawler.registry import load_registry
    from pipelines.db.session import open_database
    from pipelines.learning import rules_lookup
    from pipelines.reextract import reextract as run
    from pipelines.site_rules import registry_rules

    db_url = stale_copy(crawled, tmp_path / "resume.db")
    engine = open_database(db_url)
    rules = rules_lookup(engine, registry_rules(load_registry(None)))
    seen = 0

    def killed_at_page_25() -> None:  # as if the job died in its third batch
        nonlocal seen
        seen += 1
        if seen == 25:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(engine, rules, batch_size=10, on_page=killed_at_page_25)
    with engine.connect() as db:
        done = db.execute(
            sa.text("select count(*) from documents where extractor_version != 'old'")
        ).scalar()
    assert done == 20  # two batches committed, the third lost

    resumed = run(engine, rules, batch_size=10, resume=True)
    engine.dispose()
    assert (resumed.skipped, resumed.pages) == (20, len(before) - 20)
    assert _export(db_url) == before
    out = reextract(db_url, "--resume")
    assert "re-extracted 0 article pages: 0 documents" in out
    assert f"{len(before)} already current, skipped" in out


def test_what_the_workers_share_is_out_of_the_collectors_way(crawled, tmp_path):
    """`reextract` freezes what lives as long as the command, trafilatura which its pool's
    workers share included: the collector never walks it, not even in its last collection as
    Python exits (0.2-0.3 s of every run, after the work was done). The parent never loads
    langdetect's profiles (0.3 s before the workers start), which the workers load if a text
    needs them."""
    db_url = stale_copy(crawled, tmp_path / "frozen.db")
    code = (
        "import gc, sys; from crawler.cli import main; "
        f"main(['reextract', '--workers', '2', '--db', {db_url!r}]); "
        "from langdetect import detector_factory as f; "
        "shared = [sys.modules['trafilatura.core'].__dict__]; "
        "print([f._factory is None] + [any(o is s for o in gc.get_objects()) for s in shared])"
    )
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()} | NO_NETWORK
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[True, False]"


def test_the_collector_stays_out_of_the_shared_load():
    """load_shared (trafilatura's import) runs with the collector off, and leaves it on."""
    code = (
        "import gc; from pipelines.reextract import load_shared; runs = []; "
        "gc.callbacks.append(lambda phase, info: runs.append(phase)); load_shared(); "
        "print(len(runs), gc.isenabled())"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["0", "True"]


def test_the_language_profiles_load_once_out_of_the_collectors_way():
    """langdetect's 87,000 profile lists, wherever they load (here on the first text that is
    neither Chinese nor plainly English), are made with the collector off (it walked them
    again and again as they were made, a third of their load) and then frozen: no later
    collection walks them."""
    code = (
        "import gc; from pipelines.processing import language; runs = []; "
        "gc.callbacks.append(lambda phase, info: runs.append(phase)); "
        "print(language.detect_language('Ceci est une page en français, à lire. ' * 3)[0]); "
        "from langdetect import detector_factory as f; profiles = f._factory.word_lang_prob_map; "
        "print(len(runs), gc.isenabled(), any(o is profiles for o in gc.get_objects()))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["fr", "0", "True", "False"]


def test_stored_sites_missing_from_the_registry_are_refused_not_reextracted_bare(crawled, tmp_path):
    """Without --sites naming their file, stored sites the registry does not know were
    re-extracted with no site rules, their documents changed without a word."""
    db_url = stale_copy(crawled, tmp_path / "other.db")
    other = tmp_path / "other.toml"
    other.write_text(
        '[sites.other]\nname = "Other"\nprofile = "generic"\nstart_urls = ["http://o.cn/"]\n',
        encoding="utf-8",
    )
    result = run_cli("reextract", "--db", db_url, "--sites", str(other), env=NO_NETWORK)
    assert result.returncode == 2
    assert "stored sites not in the registry: cdcmzz, hzxx88, newsflash, scedu, spa" in (
        result.stderr
    )
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as db:
        assert db.execute("select count(*) from documents where title = 'stale'").fetchone()[0]


def test_asked_to_stop_it_writes_what_it_handed_out_and_resume_does_the_rest(
    crawled, before, tmp_path
):
    """Ctrl-C in `schoolnews reextract` asks it to stop between chunks (a KeyboardInterrupt
    in the middle of a database read made SQLAlchemy print its cursor's traceback)."""
    from crawler.registry import load_registry
    from pipelines.db.session import open_database
    from pipelines.learning import rules_lookup
    from pipelines.reextract import reextract as run
    from pipelines.site_rules import registry_rules

    db_url = stale_copy(crawled, tmp_path / "stop.db")
    engine = open_database(db_url)
    rules = rules_lookup(engine, registry_rules(load_registry(None)))
    asked = iter([False, False, True])  # two chunks handed out, then the stop
    stopped = run(engine, rules, batch_size=10, workers=2, should_stop=lambda: next(asked))
    # two chunks of 3: a batch of 10 is cut in four for two workers
    assert stopped.stopped and stopped.pages == 6
    with engine.connect() as db:
        done = db.execute(
            sa.text("select count(*) from documents where extractor_version != 'old'")
        ).scalar()
    assert done == stopped.pages  # every page handed out was written
    resumed = run(engine, rules, batch_size=10, resume=True)
    engine.dispose()
    assert (resumed.stopped, resumed.skipped, resumed.pages) == (False, 6, len(before) - 6)
    assert _export(db_url) == before
