"""The command line as a user meets it: output, exit codes, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from .conftest import FAST, ROOT, SITES_DIR, load_gold, proxy_env, run_cli


def test_unknown_slug_is_one_line_exit_2(tmp_path):
    result = run_cli("crawl", "nosuch", "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "schoolnews crawl: error: unknown site 'nosuch'; known: cdcmzz, hzxx88, newsflash, "
        "scedu, spa"
    ]


def test_crawl_needs_slugs_or_all():
    assert run_cli("crawl").returncode == 2


def test_bad_registry_entry(tmp_path):
    bad = tmp_path / "sites.toml"
    bad.write_text("[sites.x]\nname='X'\nprofile='nope'\nstart_urls=['https://x.cn/']\n")
    result = run_cli("sites", "--sites", str(bad))
    assert result.returncode == 2
    assert "registry error" in result.stderr and "unknown profile 'nope'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreachable_database_exit_1():
    result = run_cli("runs", "--db", "postgresql+psycopg://nobody@127.0.0.1:9/none")
    assert result.returncode == 1
    assert result.stderr.startswith("schoolnews runs: database error: cannot connect")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [("query", "合作"), ("stats",), ("runs",), ("export",)])
def test_reading_commands_write_nothing_into_another_postgresql_database(pg_url, command):
    """A reading command pointed at a PostgreSQL database without a schoolnews schema (another
    application's, or a typo of ours) says so and leaves it as it was: no tables created."""
    import sqlalchemy as sa

    result = run_cli(*command, "--db", pg_url)
    assert result.returncode == 1, result.stderr
    assert "not a schoolnews database" in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    engine = sa.create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        assert sa.inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "command",
    [
        ("query", "合作"),
        ("stats",),
        ("export",),
        ("stories",),
        ("runs",),
        ("reextract",),
        ("learn",),
    ],
)
def test_reading_commands_refuse_a_missing_or_foreign_database_file(tmp_path, command):
    missing = tmp_path / "typo.db"
    result = run_cli(*command, "--db", f"sqlite:///{missing}")
    assert result.returncode == 1, result.stderr
    assert "no such database file" in result.stderr and len(result.stderr.splitlines()) == 1
    assert not missing.exists()
    garbage = tmp_path / "notes.txt"
    garbage.write_text("not a database\n" * 100)
    result = run_cli(*command, "--db", f"sqlite:///{garbage}")
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1, result.stderr
    assert "not a database" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (("query", "  "), "nothing to search for"),
        (("query", "(合作 OR 交流"), "a '(' is not closed"),
        (("query", "合作 after:2021-13"), "not a date: '2021-13'"),
        (("serve", "--port", "99999"), "not a TCP port"),
        (("export", "--out", "/nonexistent/dir/x.jsonl"), "not a file in an existing directory"),
        (("query", "合作", "--site", "nosuch"), "no site 'nosuch' in this database; it holds: "),
        (("export", "--site", "nosuch"), "no site 'nosuch'"),
        (("query", "site:nosuch 合作"), "no site 'nosuch' in this database; it holds: "),
        (("export", "--query", "合作 OR site:nosuch"), "no site 'nosuch'"),
        (("query", "合作 topic:nosuch"), "unknown topic 'nosuch'; known: school-enterprise"),
        (("export", "--query", "topic:nosuch"), "unknown topic 'nosuch'"),
        (("runs", "--site", "nosuch"), "no site 'nosuch'"),
        (("stories", "--min-sites", "0"), "--min-sites: expected a positive whole number, got '0'"),
        # a value given twice was dropped without a word; a limit of 0 printed "0 result(s)"
        (("export", "--site", "spa", "--site", "scedu"), "--site given twice"),
        (("query", "合作", "--language", "en", "--language", "zh-cn"), "--language given twice"),
        (("query", "合作", "--limit", "x"), "--limit: expected a whole number (0: all), got 'x'"),
        (("runs", "--limit", "-1"), "--limit: expected a positive whole number, got '-1'"),
        (
            ("export", "--since", "2024-01-02", "--until", "2024-01-01"),
            "--since 2024-01-02 is after --until 2024-01-01",
        ),
        (
            ("query", "合作", "--since", "2024-01-02", "--until", "2024-01-01"),
            "--since 2024-01-02 is after --until 2024-01-01",
        ),
    ],
)
def test_usage_mistakes_are_one_line_errors(crawled, args, message):
    result = run_cli(*args, "--db", crawled.db_url)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    said = result.stderr.strip().splitlines()
    if said[0].startswith("usage: "):  # argparse's own: the usage, then the one error line
        said = said[-1:]
    assert len(said) == 1 and message in said[0], result.stderr


CLOSED = (  # a site on a port nothing listens to
    '[sites.closed]\nname = "Closed School"\nprofile = "generic"\n'
    'start_urls = ["http://127.0.0.1:9/news/"]\n'
)


def crawl_into(tmp_path, registry, *args: str, env: dict | None = None):
    """`crawl ARGS` with this registry into tmp_path/c.db, no retries."""
    db = f"sqlite:///{tmp_path / 'c.db'}"
    return run_cli(
        "crawl", *args, "--sites", str(registry), "--db", db, "-s", "RETRY_TIMES=0", env=env
    )


def test_a_crawl_that_fetches_nothing_fails(tmp_path):
    registry = tmp_path / "sites.toml"
    registry.write_text(CLOSED)
    result = crawl_into(tmp_path, registry, "closed")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "nothing could be fetched from closed" in result.stderr


def test_one_unreachable_site_among_others_is_that_sites_problem(fixture_server, tmp_path):
    """Exit 1 says nothing could be crawled (network, proxy); a dead site among sites that
    answered is the site's problem, 3, as a cron job must tell the two apart."""
    registry = tmp_path / "sites.toml"
    bundled = (ROOT / "crawler" / "sites.toml").read_text(encoding="utf-8")
    registry.write_text(bundled + "\n" + CLOSED, encoding="utf-8")
    env = {**proxy_env(fixture_server), "no_proxy": "127.0.0.1"}
    result = crawl_into(tmp_path, registry, "spa", "closed", *FAST, env=env)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "nothing could be fetched from closed" in result.stderr
    # `stats` shows the dead site beside the others (it listed sites with documents only)
    db = ["--db", f"sqlite:///{tmp_path / 'c.db'}"]
    stats = json.loads(run_cli("stats", *db, "--format", "json").stdout)
    closed = [site for site in stats["sites"] if site["site"] == "closed"]
    assert closed and closed[0]["pages"] == closed[0]["documents"] == 0
    table = run_cli("stats", *db, env={"COLUMNS": "200"}).stdout
    assert any(line.split("│")[1].strip() == "closed" for line in table.splitlines() if "│" in line)


def test_bad_database_url_exit_1():
    result = run_cli("runs", "--db", "not a url")
    assert result.returncode == 1 and "not a database URL" in result.stderr


def test_db_upgrade_and_current(tmp_path):
    import re

    url = f"sqlite:///{tmp_path / 'new.db'}"
    before = run_cli("db", "current", "--db", url)  # reading never creates a database
    assert before.returncode == 1 and "no such database file" in before.stderr
    assert not (tmp_path / "new.db").exists()
    upgraded = run_cli("db", "upgrade", "--db", url).stdout
    current, head = re.search(r"revision (\w+) \(head (\w+)\)", upgraded).groups()
    assert current == head


def test_sites_lists_the_registry():
    result = run_cli("sites")
    assert result.returncode == 0
    for slug in ("spa", "hzxx88", "scedu", "cdcmzz", "newsflash"):
        assert slug in result.stdout


def test_extract_prints_the_pipeline_document_per_file(tmp_path):
    case = next(c for c in load_gold("scedu") if c.get("same_story_as"))
    page = SITES_DIR / "scedu" / "mirror" / case["url"].split("777306.cn/")[1]
    other = tmp_path / "notes.txt"
    other.write_text("plain text, not a page")
    result = run_cli("extract", str(page), str(other), "--site", "scedu", "--url", case["url"])
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["path"] == str(page)
    assert (first["title"], first["published"], first["language"], first["author"]) == (
        case["title"],
        case["published"],
        "zh-tw",
        case["author"],
    )
    assert "四川教育在" not in first["text"]
    assert second["path"] == str(other) and "not a document" in second["error"]


def test_extract_missing_file_is_reported_not_raised(tmp_path):
    result = run_cli("extract", str(tmp_path / "absent.html"))
    assert result.returncode == 1
    assert json.loads(result.stdout)["error"]


def test_export_csv_and_filters(crawled, tmp_path):
    out = tmp_path / "docs.csv"
    result = run_cli(
        "export", "--format", "csv", "--out", str(out), "--site", "scedu", "--db", crawled.db_url
    )
    assert result.returncode == 0 and "wrote 10 documents" in result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbfurl,")  # BOM by default (Excel)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 10 and {r["site"] for r in rows} == {"scedu"}
    english = run_cli("export", "--language", "en", "--since", "2023-01-01", "--db", crawled.db_url)
    rows = [json.loads(line) for line in english.stdout.splitlines()]
    assert rows and all(r["language"] == "en" and r["published"] >= "2023-01-01" for r in rows)


def test_query_finds_chinese_inside_longer_runs(crawled):
    result = run_cli("query", "校企合作", "--format", "jsonl", "--db", crawled.db_url)
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert hits and all("校企合作" in (h["title"] + h["snippet"]) for h in hits)
    table = run_cli("query", "cooperation", "--site", "spa", "--limit", "3", "--db", crawled.db_url)
    assert table.returncode == 0 and "3 result(s)" in table.stdout
    # CSV as export writes it: a byte-order mark first, so Excel reads the Chinese right.
    rows = run_cli("query", "校企合作", "--format", "csv", "--db", crawled.db_url).stdout
    assert rows.startswith("\ufeffrank,") and "校企合作" in rows
    bare = run_cli("query", "校企合作", "--format", "csv", "--no-bom", "--db", crawled.db_url)
    assert bare.stdout.startswith("rank,")


def test_stories_across_sites(crawled):
    result = run_cli("stories", "--min-sites", "2", "--format", "json", "--db", crawled.db_url)
    stories = json.loads(result.stdout)
    assert len(stories) == 10  # 8 mirror copies, 1 repost, 1 near copy
    assert all(len(s["sites"]) >= 2 for s in stories)
    table = run_cli("stories", "--db", crawled.db_url, env={"COLUMNS": "300"})
    assert table.returncode == 0
    # why each copy is linked, in brackets: shown, not read as Rich markup and dropped
    assert "[first]" in table.stdout and "[cross-script]" in table.stdout
    # A list cut at --limit says so (on stderr); 0 lists them all.
    cut = run_cli("stories", "--limit", "3", "--format", "json", "--db", crawled.db_url)
    assert len(json.loads(cut.stdout)) == 3 and "`stories --limit N` shows more" in cut.stderr
    every = run_cli("stories", "--limit", "0", "--format", "json", "--db", crawled.db_url)
    assert len(json.loads(every.stdout)) == 10 and not every.stderr


def test_version_and_query_help():
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("schoolnews ")
    assert "topics/" in version.stdout
    helptext = run_cli("query", "--help").stdout
    for operator in (
        '"school enterprise"',
        " OR ",
        "-visit",
        "educat*",
        "site:SLUG",
        "after:2020",
        "topic:SLUG",
    ):
        assert operator in helptext


def test_runs_json_timestamps_carry_their_timezone(crawled):
    result = run_cli("runs", "--format", "json", "--db", crawled.db_url)
    runs = json.loads(result.stdout)
    assert runs and all(r["started_at"].endswith("+00:00") for r in runs)


def test_runs_table_says_304s_are_counted_within_same(crawled):
    """`same` counts every stored article seen unchanged, 304s included: the caption says so,
    so upd + same + 304 + gone is not read as the articles checked."""
    table = run_cli("runs", "--db", crawled.db_url, env={"COLUMNS": "300"})
    assert table.returncode == 0
    assert "(304: those of same answered Not Modified)" in table.stdout


def test_query_of_one_exclusion_is_a_query_not_an_option(crawled):
    """`schoolnews query -合作`: a query of exclusions only, as its help shows, not an error
    saying QUERY is missing; a query left out, or a mistyped option, is still an error."""
    result = run_cli("query", "-合作", "--format", "jsonl", "--db", crawled.db_url)
    assert result.returncode == 0, result.stderr
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert hits and not any("合作" in h["title"] for h in hits)
    missing = run_cli("query", "--db", crawled.db_url)
    assert missing.returncode == 2 and "required: QUERY" in missing.stderr
    typo = run_cli("query", "合作", "--limt", "3", "--db", crawled.db_url)
    assert typo.returncode == 2 and "unrecognized arguments: --limt 3" in typo.stderr


def test_commands_that_never_crawl_do_not_import_scrapy():
    """The command line and the registry load without Scrapy and Twisted (a third of a
    second of CPU at every start of reextract, export, query): only a crawl needs them."""
    import subprocess
    import sys

    code = (
        "import sys, crawler.cli, crawler.registry, pipelines.reextract; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'scrapy', 'twisted'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_sqlite_file_path_is_taken_for_its_url(tmp_path):
    """`--db data/demo.db`, as a new user types it after `make demo`: the SQLite file."""
    db = tmp_path / "corpus.db"
    assert run_cli("db", "upgrade", "--db", f"sqlite:///{db}").returncode == 0
    result = run_cli("runs", "--db", str(db))
    assert result.returncode == 0, result.stderr


def test_output_that_cannot_be_written_is_one_line_exit_1(crawled, tmp_path):
    """A full disk (/dev/full) ended in an OSError traceback."""
    commands = (
        ["export", "--format", "csv"],
        ["export", "--format", "jsonl", "--out", "/dev/full"],
        ["stats"],
    )
    for command in commands:
        with open("/dev/full", "w") as full:
            result = subprocess.run(
                [sys.executable, "-m", "crawler.cli", *command, "--db", crawled.db_url],
                cwd=ROOT,
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                timeout=120,
            )
        assert result.returncode == 1, result.stderr
        assert result.stderr.strip().splitlines() == [
            f"schoolnews {command[0]}: No space left on device"
        ], result.stderr


def test_a_primary_language_tag_takes_its_regional_forms(crawled):
    """`--language zh` and `lang:zh` mean Chinese: zh-cn and zh-tw (they found nothing)."""

    def exported(*args: str) -> int:
        result = run_cli("export", "--format", "jsonl", *args, "--db", crawled.db_url)
        assert result.returncode in (0, 1), result.stderr
        return len(result.stdout.splitlines())

    chinese = exported("--language", "zh")
    assert chinese == exported("--language", "zh-cn") + exported("--language", "zh-tw") > 0
    assert exported("--query", "lang:zh") == chinese
    assert exported("--language", "zh-CN") == exported("--language", "zh-cn")


def test_a_database_another_process_locks_is_one_line_exit_1(crawled, tmp_path):
    """reextract (and a crawl's lock step) on a SQLite file whose write lock another process
    holds ended in an OperationalError traceback. The wait is cut from 30 s to 0.2 s."""
    import shutil
    import sqlite3

    from sqlalchemy.engine import make_url

    db = tmp_path / "locked.db"
    shutil.copyfile(make_url(crawled.db_url).database, db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        program = (
            "import sys; from pipelines.db import session; session.BUSY_TIMEOUT_MS = 200; "
            "from crawler.cli import main; sys.exit(main(sys.argv[1:]))"
        )
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                program,
                "reextract",
                "--workers",
                "1",
                "--db",
                f"sqlite:///{db}",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        holder.rollback()
        holder.close()
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.strip().splitlines() == [
        "schoolnews reextract: database error: database is locked"
    ], result.stderr


def test_query_says_when_it_stops_at_the_limit(crawled):
    """`20 result(s)` said nothing of the matches past the limit."""
    cut = run_cli("query", "合作", "--limit", "1", "--format", "jsonl", "--db", crawled.db_url)
    assert len(cut.stdout.splitlines()) == 1
    said = "the 1 best-ranked stories; `query --limit N` shows more (0: all)"
    assert cut.stderr.strip() == said
    whole = run_cli("query", "合作", "--limit", "500", "--format", "jsonl", "--db", crawled.db_url)
    assert len(whole.stdout.splitlines()) > 1 and whole.stderr == ""
    # 0 for all, as `stories` and `partners` take it (a trial user's --limit 0 was refused)
    every = run_cli("query", "合作", "--limit", "0", "--format", "jsonl", "--db", crawled.db_url)
    assert every.returncode == 0 and every.stderr == "", every.stderr
    assert every.stdout.splitlines() == whole.stdout.splitlines()


def test_a_command_that_reads_no_registry_says_so_of_sites(tmp_path):
    """A new user passing `crawl`'s flags to every command met a bare "unrecognized
    arguments: --sites" from stats, runs and export; the error says why."""
    result = run_cli("stats", "--sites", "my.toml", "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert result.returncode == 2
    assert "--sites my.toml (stats reads the database alone: it needs no registry)" in result.stderr


def test_an_unknown_option_is_named_with_its_command_and_a_hint():
    """`crawl demo --delay 1` printed the top level's usage (`schoolnews [-h] [--version]
    COMMAND ...`, no option at all); the error is the command's, with the nearest option or,
    for crawl, where a Scrapy setting goes."""
    delay = run_cli("crawl", "demo", "--delay", "1")
    assert delay.returncode == 2
    assert "usage: schoolnews crawl" in delay.stderr
    assert "schoolnews crawl: error: unrecognized arguments: --delay 1" in delay.stderr
    assert "-s DOWNLOAD_DELAY=2" in delay.stderr
    typo = run_cli("export", "--fromat", "csv")
    assert typo.returncode == 2 and "(did you mean --format?)" in typo.stderr
