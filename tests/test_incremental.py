"""Incremental runs: a site changes between crawls and the counts and versions are exact."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from crawler.fixture_server import FixtureServer

from .conftest import FAST, SITES_DIR, load_gold, run_cli

SITE = "cdcmzz"
BASE = "http://www.cdcmzz.com/news/"
DEAD = "shownews.php?id=1246"  # a dead link on the site's list (site.json answers 404)


def mirror(root: Path, query_path: str) -> Path:
    return root / SITE / "mirror" / "news" / query_path.replace("?", "@")


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_bytes().decode("gb18030")
    assert old in text, f"{old!r} not in {path}"
    path.write_bytes(text.replace(old, new).encode("gb18030"))


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "sites"
    shutil.copytree(SITES_DIR / SITE, root / SITE)
    registry = root / "sites.toml"
    registry.write_text(
        "[sites.cdcmzz]\nname = '成都市财贸职业高级中学校'\nprofile = 'php_news'\n"
        "start_urls = ['http://www.cdcmzz.com/news/news.php']\n"
        "allowed_domains = ['cdcmzz.com']\n",
        encoding="utf-8",
    )
    with FixtureServer(root) as server:
        yield root, registry, server


def crawl(site, db_url: str, *extra: str) -> dict:
    root, registry, server = site
    server.clear_log()
    result = run_cli(
        "crawl",
        SITE,
        "--sites",
        str(registry),
        "--db",
        db_url,
        *FAST,
        *extra,
        env={"http_proxy": server.url, "https_proxy": server.url},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    runs = json.loads(run_cli("runs", "--format", "json", "--db", db_url).stdout)
    return {"run": runs[0], "requests": server.requests}


def test_changed_site_counts_and_versions_are_exact(site, db_url, tmp_path):
    root, _, _ = site
    articles = [c["url"] for c in load_gold(SITE)]

    first = crawl(site, db_url)["run"]
    assert (first["new_documents"], first["updated"], first["gone"]) == (len(articles), 0, 0)

    # The site changes: one article edited, one deleted, one added (linked from page 1).
    edited, deleted = "shownews.php?id=1191", "shownews.php?id=1196"
    rewrite(mirror(root, edited), "95名青年志愿者", "120名青年志愿者")
    mirror(root, deleted).unlink()
    added = mirror(root, "shownews.php?id=1300")
    shutil.copy(mirror(root, "shownews.php?id=1214"), added)
    rewrite(added, "提供岗位1284个", "提供岗位1284个（续）")
    rewrite(added, "。", "，新增的一篇报道讲述了学校与企业共建实训基地的最新进展。")
    rewrite(
        mirror(root, "news.php"),
        'href="shownews.php?id=1262"',
        'href="shownews.php?id=1300">新增报道</a><a href="shownews.php?id=1262"',
    )

    second = crawl(site, db_url, "--full")
    run = second["run"]
    assert run["full"] and run["status"] == "finished"
    assert (run["new_documents"], run["updated"], run["gone"]) == (1, 1, 1)
    assert run["not_modified"] == run["unchanged"] == len(articles) - 2
    assert run["responses_3xx"] == run["not_modified"] + 1  # 304s and the show.php redirect
    conditional = [r for r in second["requests"] if "shownews" in r.url and r.conditional]
    assert len(conditional) >= len(articles) - 1  # every known article, conditionally

    engine = sa.create_engine(db_url)
    with engine.connect() as db:
        versions = db.execute(
            sa.text(
                "select p.url, p.version, dv.text, d.text from pages p "
                "join documents d on d.page_id = p.id "
                "join document_versions dv on dv.document_id = d.id"
            )
        ).all()
        gone = db.execute(
            sa.text(
                "select p.url, p.status, d.id is not null from pages p "
                "left join documents d on d.page_id = p.id where p.gone_at is not null"
            )
        ).all()
        documents = db.execute(sa.text("select count(*) from documents")).scalar()
    engine.dispose()
    ((url, version, old_text, new_text),) = versions
    assert url == BASE + edited and version == 2
    assert "95名青年志愿者" in old_text and "120名青年志愿者" in new_text
    # marked gone, never deleted; beside the dead link the site has had all along (site.json:
    # 404), kept from the first run with no document
    assert sorted(gone) == [(BASE + deleted, 404, 1), (BASE + DEAD, 404, 0)]
    assert documents == len(articles) + 1
    exported_gone_at(db_url, tmp_path, BASE + deleted)

    # A routine run over the unchanged site reads lists only; no stored article is refetched.
    third = crawl(site, db_url)
    run = third["run"]
    assert (run["new_documents"], run["updated"], run["gone"], run["unchanged"]) == (0, 0, 0, 0)
    assert run["not_due"] >= 1
    fetched = {r.url for r in third["requests"]}
    stored = set(articles) | {BASE + "shownews.php?id=1300"}
    assert not fetched & stored, fetched & stored  # (a never-stored 404 link is retried)
    assert BASE + "news.php?page=3" not in fetched  # the walk stopped at a page with no news
    assert run["bytes_received"] < 0.5 * first["bytes_received"]


def exported_gone_at(db_url: str, tmp_path: Path, gone_url: str) -> None:
    """Every export format carries `gone_at`: the gone article's date, null for the rest."""
    import csv
    import io

    import pyarrow.parquet as pq

    jsonl = run_cli("export", "--db", db_url)
    rows = {r["url"]: r["gone_at"] for r in map(json.loads, jsonl.stdout.splitlines())}
    assert rows[gone_url] and datetime.fromisoformat(rows[gone_url]).tzinfo is not None
    assert [url for url, at in rows.items() if at] == [gone_url]  # kept, and marked
    text = run_cli("export", "--format", "csv", "--no-bom", "--db", db_url).stdout
    assert {r["url"]: r["gone_at"] or None for r in csv.DictReader(io.StringIO(text))} == rows
    out = tmp_path / "gone.parquet"
    run_cli("export", "--format", "parquet", "--out", str(out), "--db", db_url)
    table = pq.read_table(out).to_pylist()
    assert {r["url"]: r["gone_at"] and r["gone_at"].isoformat() for r in table} == rows


@pytest.mark.parametrize("signal_name", ["SIGKILL", "SIGINT"])
def test_killed_crawl_resumes_without_loss_or_duplicates(signal_name, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from .conftest import ROOT, proxy_env

    slug = "spa"
    db_url = f"sqlite:///{tmp_path / 'killed.db'}"
    with FixtureServer(SITES_DIR) as server:
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        env.update(proxy_env(server))
        args = [
            sys.executable,
            "-m",
            "crawler.cli",
            "crawl",
            slug,
            "--db",
            db_url,
            "-s",
            "DOWNLOAD_DELAY=0.3",
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
            "-s",
            "CONCURRENT_REQUESTS_PER_DOMAIN=1",
            "-s",
            "SCHOOLNEWS_DB_BATCH_SIZE=3",
        ]
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        engine = sa.create_engine(db_url)
        deadline = time.time() + 60
        while time.time() < deadline:  # kill once some, not all, articles are stored
            time.sleep(0.3)
            try:
                with engine.connect() as db:
                    stored = db.execute(sa.text("select count(*) from documents")).scalar()
            except sa.exc.OperationalError:
                continue
            if stored >= 3:
                break
        process.send_signal(getattr(signal, signal_name))
        code = process.wait(timeout=60)
        # Ctrl-C stops cleanly but not successfully, so cron can tell (130, as a shell says)
        assert code == (-signal.SIGKILL if signal_name == "SIGKILL" else 130)
        with engine.connect() as db:
            before = db.execute(sa.text("select count(*) from documents")).scalar()
        assert 0 < before < len(load_gold(slug))

        resumed = run_cli("crawl", slug, "--db", db_url, *FAST, env=proxy_env(server))
        assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    with engine.connect() as db:
        urls = [
            r[0]
            for r in db.execute(
                sa.text("select p.url from documents d join pages p on p.id = d.page_id")
            )
        ]
        statuses = [r[0] for r in db.execute(sa.text("select status from crawl_runs order by id"))]
        locks = db.execute(sa.text("select count(*) from site_locks")).scalar()
    engine.dispose()
    assert sorted(urls) == sorted(c["url"] for c in load_gold(slug))  # all, each once
    expected_first = "killed" if signal_name == "SIGKILL" else "interrupted"
    assert statuses == [expected_first, "finished"] and locks == 0


def test_crawl_due_names_the_sites_not_due_and_when(fixture_server, tmp_path):
    """`crawl --due` crawled the due sites and said nothing of the others."""
    from .conftest import FAST, proxy_env, run_cli

    registry = tmp_path / "sites.toml"
    registry.write_text(
        '[sites.newsflash]\nname = "Newsflash"\nprofile = "blog"\n'
        'start_urls = ["https://newsflash.city/"]\n[sites.newsflash.crawl]\nevery_hours = 6\n'
        '[sites.hzxx88]\nname = "HZXX"\nprofile = "webplus"\n'
        'start_urls = ["https://www.hzxx88.com/english/main.html"]\n'
        'allowed_domains = ["hzxx88.com"]\n[sites.hzxx88.crawl]\nevery_hours = 6\n',
        encoding="utf-8",
    )
    args = ["--sites", str(registry), "--db", f"sqlite:///{tmp_path / 'c.db'}", *FAST]
    env = {**proxy_env(fixture_server), "COLUMNS": "200"}
    first = run_cli("crawl", "newsflash", *args, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    due = run_cli("crawl", "--due", *args, env=env)
    assert due.returncode == 0, due.stdout + due.stderr
    assert re.search(r"not due: newsflash \(at \d{4}-\d\d-\d\d \d\d:\d\d UTC\)", due.stdout)
    assert "hzxx88" in due.stdout.split("not due:")[1]  # crawled: in the summary
    again = run_cli("crawl", "--due", *args, env=env)
    assert "not due: hzxx88 (at" in again.stdout and "no site is due" in again.stdout


def test_full_rechecks_a_stored_article_no_page_links_any_more(site, db_url):
    """An article deleted (404) and taken off its list: `--full` re-checks every stored
    article, so it is marked gone; it stayed a live document when only links were followed."""
    root, _, _ = site
    crawl(site, db_url)
    deleted = "shownews.php?id=1262"
    mirror(root, deleted).unlink()
    for linking in (
        mirror(root, "news.php"),
        mirror(root, "shownews.php?id=1260"),
        root / SITE / "mirror" / "index.html",
    ):
        rewrite(linking, "shownews.php?id=1262", "shownews.php?id=1191")
    run = crawl(site, db_url, "--full")["run"]
    assert (run["status"], run["gone"]) == ("finished", 1)
    engine = sa.create_engine(db_url)
    with engine.connect() as db:
        gone = db.execute(sa.text("select url, status from pages where gone_at is not null"))
        assert sorted(gone.all()) == [(BASE + DEAD, 404), (BASE + deleted, 404)]
    engine.dispose()
