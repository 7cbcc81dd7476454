"""`schoolnews`: crawl, re-extract, export, query and inspect the corpus.

Argument parsing and output live here; the work is done by crawler.service (crawls),
pipelines.reextract, pipelines.export and the pipelines.db storage modules. Errors a user can
fix print one line and exit 2 (usage, registry) or 1 (database, I/O).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from crawler.registry import RegistryError, load_registry
from crawler.status_display import status_cell
from pipelines.db.session import DatabaseError, database_url
from pipelines.extras import MissingExtra, require

# Piped output (CI logs, files) gets room for the wide run tables.
console = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)


class UsageError(Exception):
    """A command-line mistake: one line, exit code 2."""


# -- helpers --------------------------------------------------------------------------------

def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return int(value)


def _shard(value: str) -> tuple[int, int]:
    k, sep, n = value.partition("/")
    if not (sep and k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise argparse.ArgumentTypeError(f"expected K/N with 1 <= K <= N, got {value!r}")
    return int(k), int(n)


def _setting(value: str) -> tuple[str, str]:
    key, sep, val = value.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {value!r}")
    return key, val


def _engine(args, create: bool = False):
    """The corpus named by --db; only commands that store (crawl, demo) create one."""
    from pipelines.db.session import open_database

    return open_database(database_url(args.db), create=create)


def _require_stored_site(args, engine=None) -> None:
    """--site names a site this database holds: a typo is an error, not an empty result."""
    from pipelines.db import pages
    from pipelines.db.session import session_scope

    if not getattr(args, "site", None):
        return
    with session_scope(engine or _engine(args)) as session:
        sites = pages.stored_sites(session)
    if args.site not in sites:
        raise UsageError(f"no site {args.site!r} in this database; it holds: "
                         f"{', '.join(sites) or 'nothing yet'}")


def _registry(args):
    return load_registry(args.sites)


def _rules_for(registry):
    """(site, learned boilerplate) -> ExtractionRules; sites gone from the registry get none."""
    from pipelines.site_rules import rules_for

    return lambda slug, boilerplate: rules_for(slug, registry, boilerplate)


def _learn(args, engine, slugs: list[str]) -> None:
    from pipelines.learning import boilerplate_snapshot, learn_and_reextract, new_lines

    before = boilerplate_snapshot(engine)
    results = learn_and_reextract(engine, slugs, _rules_for(_registry(args)))
    learned = new_lines(engine, before)
    for slug, result in results.items():
        lines = learned.get(slug, [])
        shown = "".join(f"\n  - {line[:100]}" for line in lines[:10])
        more = f"\n  … and {len(lines) - 10} more" if len(lines) > 10 else ""
        console.print(f"{slug}: learned {len(lines)} boilerplate line(s), now dropped from its "
                      f"texts:{shown}{more}\n  re-extracted {result.documents} documents "
                      f"({result.changed} changed)", markup=False)


_RUN_COLUMNS = (  # header, what it shows
    ("run", "run id"), ("site", ""), ("status", ""), ("started", ""), ("secs", ""),
    ("req", "requests"), ("2xx/3xx/4xx/5xx", "responses by status class"),
    ("new", "new articles with new content"), ("dups", "new articles, content already stored"),
    ("upd", "known articles edited: new version"), ("same", "known articles unchanged"),
    ("304", "not modified"), ("gone", "now 404/410"), ("not due", "known, not refetched"),
    ("err", "errors"), ("MB", "received"),
)


def _runs_table(runs, title: str = "Crawl runs") -> Table:
    table = Table(title=title, caption="new/dups: new article URLs; upd/same/304/gone: stored "
                  "articles checked again; not due: stored articles not refetched")
    for header, _ in _RUN_COLUMNS:
        table.add_column(header, justify="left" if header in ("site", "status", "started")
                         else "right")
    for run in runs:
        seconds = (run.finished_at - run.started_at).total_seconds() if run.finished_at else None
        table.add_row(
            str(run.id), run.site, status_cell(run.status, run.status_reason, run.full),
            f"{run.started_at:%Y-%m-%d %H:%M}",
            f"{seconds:.1f}" if seconds is not None else "-", str(run.requests),
            f"{run.responses_2xx}/{run.responses_3xx}/{run.responses_4xx}/{run.responses_5xx}",
            str(run.new_documents), str(run.duplicates), str(run.updated), str(run.unchanged),
            str(run.not_modified), str(run.gone), str(run.not_due), str(run.errors),
            f"{run.bytes_received / 1e6:.2f}",
        )
    return table


def _run_dict(run) -> dict:
    """A run as JSON: timestamps in ISO 8601 with their UTC offset (stored as UTC)."""
    from pipelines.db.dialect import as_utc

    data = {column.key: getattr(run, column.key) for column in run.__table__.columns}
    return {k: as_utc(v).isoformat() if isinstance(v, datetime) else v for k, v in data.items()}


# -- commands --------------------------------------------------------------------------------

def cmd_sites(args) -> int:
    table = Table(title=f"Sites ({args.sites or 'bundled registry'})")
    for column in ("slug", "name", "profile", "start URLs"):
        table.add_column(column)
    for site in _registry(args).values():
        table.add_row(site.slug, site.name, site.profile.name, "\n".join(site.start_urls))
    console.print(table)
    return 0


def cmd_probe(args) -> int:
    from crawler.probe_command import probe_command

    return probe_command(args, console, err)


def cmd_record(args) -> int:
    from crawler.fetch import FetchError
    from crawler.record import record

    registry = _registry(args)
    if args.slug not in registry:
        raise UsageError(f"unknown site {args.slug!r}; known: {', '.join(sorted(registry))}")
    try:
        meta_path, expected = record(registry[args.slug], args.url, Path(args.dir))
    except FetchError as exc:
        err.print(f"schoolnews record: {exc}", markup=False)
        return 1
    outcome = expected.get("not_a_document") or f"{expected['title']!r}, {expected['language']}"
    console.print(f"saved {meta_path} (extraction: {outcome}); review "
                  f"{meta_path.name.removesuffix('.meta.json')}.expected.json and commit them",
                  markup=False)
    return 0


def _crawl_and_report(args, slugs: list[str], overrides: dict) -> list:
    from crawler import locks
    from crawler.run import crawl, release_locks, settle_runs, unfinished_sites
    from pipelines.db import ledger
    from pipelines.db.session import session_scope

    engine = _engine(args, create=True)  # fail before starting Scrapy if it is unusable
    # The workers of a distributed crawl share a site on purpose: Redis coordinates them, and
    # the site lock (which takes over and marks killed the runs of a stale holder) is not used.
    distributed = getattr(args, "distributed", False)
    owner = None if distributed else locks.owner()
    locked = list(slugs) if distributed else []
    for slug in slugs if owner else ():
        with session_scope(engine) as session:
            held_by = ledger.acquire_lock(session, slug, owner, locks.is_stale)
        if held_by:
            err.print(f"{slug}: skipped, it is being crawled by {held_by}")
        else:
            locked.append(slug)
    if not locked:
        return []
    with session_scope(engine) as session:
        before = max((r.id for r in ledger.recent_runs(session, limit=1)), default=0)
    overrides = {**overrides, "SCHOOLNEWS_LOCK_OWNER": owner,
                 "SCHOOLNEWS_FULL": getattr(args, "full", False)}
    try:
        stats = crawl(locked, database_url(args.db), args.sites, overrides, verbose=args.verbose,
                      interrupts=args.interrupts)
        settle_runs(engine, stats, args.interrupts)
        # Distributed: only the last worker out of a site's crawl learns (the others' pages
        # are all stored by then), so N workers do not re-extract the same site at once.
        unfinished = unfinished_sites(engine, stats)
        _learn(args, engine, [s for s in locked if s not in unfinished and (not distributed
                              or stats.get(s, {}).get("schoolnews/distributed/last_out"))])
    finally:
        release_locks(engine, locked if owner else [], owner)
    with session_scope(engine) as session:
        if distributed:  # this worker's runs; the other workers record their own
            ids = [s.get("schoolnews/run_id") for s in stats.values()]
            runs = [r for i in ids if i and (r := ledger.get_run(session, i))]
        else:
            runs = [r for r in ledger.recent_runs(session, limit=len(slugs) * 4) if r.id > before]
    runs.sort(key=lambda r: r.site)
    console.print(_runs_table(runs, title="Crawl summary"))
    missing = set(slugs) - {r.site for r in runs}
    if missing:
        err.print(f"error: no run was recorded for {', '.join(sorted(missing))} (see log above)")
    return runs if not missing else []


def _due(args, registry) -> list[str]:
    """Sites whose last finished run started at least `every_hours` ago (or never ran)."""
    from datetime import UTC, datetime, timedelta

    from pipelines.db import dialect, ledger
    from pipelines.db.session import session_scope

    due = []
    with session_scope(_engine(args, create=True)) as session:
        for slug, site in sorted(registry.items()):
            run = ledger.last_finished_run(session, slug)
            started = dialect.as_utc(run.started_at) if run else None
            if started is None or datetime.now(UTC) - started >= timedelta(
                    hours=site.every_hours):
                due.append(slug)
    return due


def cmd_crawl(args) -> int:
    registry = _registry(args)
    if sum((args.all, args.due, bool(args.slugs))) != 1:
        raise UsageError("give site slugs, --all or --due (one of them)")
    if args.due:
        slugs = _due(args, registry)
        if not slugs:
            console.print("no site is due")
            return 0
    else:
        slugs = sorted(registry) if args.all else args.slugs
    if unknown := [s for s in slugs if s not in registry]:
        raise UsageError(f"unknown site {unknown[0]!r}; known: {', '.join(sorted(registry))}")
    if args.dry_run:
        from crawler.dry_run import dry_run

        return max(dry_run(registry[slug], console) for slug in slugs)
    overrides = dict(args.set or [])
    if args.distributed:
        overrides = {**_distributed_settings(args), **overrides}
    elif args.redis:
        raise UsageError("--redis goes with --distributed")
    from crawler.interrupts import Interrupts

    args.interrupts = Interrupts()
    runs = _crawl_and_report(args, slugs, overrides)
    return _crawl_exit_code(runs, args.interrupts.count > 0)


def _crawl_exit_code(runs: list, interrupted: bool = False) -> int:
    """0 when every site's run finished and fetched something; cron can tell the rest."""
    from crawler.outcome import EXIT_INTERRUPTED, exit_code

    if interrupted:
        return EXIT_INTERRUPTED
    if not runs or any(r.status == "interrupted" for r in runs):
        return exit_code(r.status for r in runs)
    if problems := [f"{r.site} ({r.status}: {r.status_reason or r.close_reason})"
                    if r.status != "running" else f"{r.site} (the database refused to record "
                    "the run's end; the next crawl of the site records it killed)"
                    for r in runs if r.status != "finished"]:
        err.print(f"error: not finished: {', '.join(problems)}", markup=False)
    unreachable = [r.site for r in runs if r.responses == 0 and r.errors]
    if unreachable:
        err.print(f"error: nothing could be fetched from {', '.join(unreachable)} "
                  "(network, proxy or DNS: see the log above)")
        return 1
    return exit_code(r.status for r in runs)


def _distributed_settings(args) -> dict:
    require("distributed")
    from crawler.distributed import distributed_settings, redis_client

    url = args.redis or os.environ.get("SCHOOLNEWS_REDIS")
    if not url:
        raise UsageError("--distributed needs --redis URL (or $SCHOOLNEWS_REDIS)")
    try:
        client = redis_client(url)
    except ValueError as exc:
        raise UsageError(f"not a Redis URL: {url!r} ({exc})") from None
    try:
        client.ping()
    except Exception as exc:  # connection refused, auth, timeout: one line
        raise DatabaseError(f"cannot connect to Redis at {url}: {exc}") from None
    finally:
        client.close()
    return distributed_settings(url)


def cmd_demo(args) -> int:
    from crawler.demo import FIXTURE_SITES, proxy_environment
    from crawler.fixture_server import FixtureServer

    if not FIXTURE_SITES.is_dir():
        raise UsageError(f"the demo needs a source checkout: {FIXTURE_SITES} is missing")
    db_path = Path(args.db_file)
    for stale in db_path.parent.glob(db_path.name + "*"):
        stale.unlink()  # the demo always starts from an empty database
    args.db = f"sqlite:///{db_path}"
    registry = _registry(args)
    with FixtureServer(FIXTURE_SITES) as server:
        proxy_environment(server.url)
        console.print(f"Serving the fixture sites through a local proxy at {server.url}")
        # Our own local server: no politeness delay needed.
        overrides = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
                     "CONCURRENT_REQUESTS_PER_DOMAIN": 4, "SCHOOLNEWS_PROGRESS_INTERVAL": 5}
        from crawler.interrupts import Interrupts

        args.interrupts = Interrupts()
        runs = _crawl_and_report(args, sorted(registry), overrides)
    if not runs:
        return 1
    for text in ("cooperation", "合作"):
        console.print(f"\n$ schoolnews query {text} --db {args.db} --limit 5")
        args.text, args.site, args.language, args.since, args.limit = text, None, None, None, 5
        args.until = None
        args.format = "table"
        cmd_query(args)
    console.print(f"\nThe corpus is in {db_path}. Try:\n"
                  f"  .venv/bin/schoolnews export --format jsonl --db {args.db} | head -c 600\n"
                  f"  .venv/bin/schoolnews reextract --db {args.db}\n"
                  f"  .venv/bin/schoolnews runs --db {args.db}")
    return 0


def cmd_reextract(args) -> int:
    from rich.progress import Progress

    from pipelines.learning import rules_lookup
    from pipelines.reextract import reextract

    registry = _registry(args)
    if args.site and args.site not in registry:
        raise UsageError(f"unknown site {args.site!r}; known: {', '.join(sorted(registry))}")
    engine = _engine(args)
    progress = Progress(console=err, transient=True)
    task = progress.add_task("re-extracting", total=None)

    def on_total(total: int) -> None:  # the extraction processes are started by then
        progress.update(task, total=total)
        progress.start()  # its refresh thread, only now: no fork while it runs

    try:
        result = reextract(
            engine,
            rules_lookup(engine, _rules_for(registry)),
            site=args.site,
            on_page=lambda: progress.advance(task),
            workers=args.workers,
            shard=args.shard,
            resume=args.resume,
            on_total=on_total,
        )
    finally:
        progress.stop()
    shard = f" (shard {args.shard[0]}/{args.shard[1]})" if args.shard else ""
    skipped = f"; {result.skipped} already current, skipped" if args.resume else ""
    console.print(f"re-extracted {result.pages} article pages{shard}: {result.documents} "
                  f"documents, {result.changed} changed, {result.not_documents} not documents, "
                  f"{result.failed} failed{skipped}")
    return 0


def cmd_learn(args) -> int:
    registry = _registry(args)
    slugs = [args.site] if args.site else sorted(registry)
    if args.site and args.site not in registry:
        raise UsageError(f"unknown site {args.site!r}; known: {', '.join(sorted(registry))}")
    engine = _engine(args)
    _learn(args, engine, slugs)
    console.print(f"learned boilerplate checked for {len(slugs)} site(s)")  # and any changes
    return 0


def cmd_export(args) -> int:
    from crawler.export_command import export

    if args.format in ("parquet", "warc"):
        require(args.format)  # before any file is opened
    _require_stored_site(args, engine := _engine(args))
    return export(args, engine, UsageError, err)


def cmd_query(args) -> int:
    from crawler.corpus_commands import query
    from pipelines.query_language import QueryError, parse

    try:
        if parse(args.text) is None:
            raise UsageError("nothing to search for: give a word, a phrase or a filter")
    except QueryError as exc:
        raise UsageError(str(exc)) from None
    _require_stored_site(args)
    return query(args, console)


def cmd_stories(args) -> int:
    from pipelines.db import stories
    from pipelines.db.session import session_scope

    with session_scope(_engine(args)) as session:
        found = stories.stories(session, args.min_sites, args.limit)
    if args.format == "json":
        print(json.dumps(found, ensure_ascii=False, indent=1))
        return 0
    table = Table(title=f"{len(found)} stories on at least {args.min_sites} sites",
                  show_lines=True)
    for column in ("story", "sites", "earliest", "title", "appearances"):
        table.add_column(column, overflow="fold")
    for story in found:
        table.add_row(
            str(story["story_id"]), ", ".join(story["sites"]), story["earliest_published"] or "-",
            story.get("title") or "",
            "\n".join(f"{a['site']} {a['published'] or '-'} {a['url']} "
                      f"[{a['link'] or 'first'}]" for a in story["appearances"]),
        )
    console.print(table)
    return 0


def cmd_runs(args) -> int:
    from pipelines.db import ledger
    from pipelines.db.session import session_scope
    from pipelines.db.skips import format_counts, skip_counts_by_run

    engine = _engine(args)
    _require_stored_site(args, engine)
    with session_scope(engine) as session:
        runs = ledger.recent_runs(session, args.site, args.limit)
        skipped = skip_counts_by_run(session, [run.id for run in runs])
    if args.format == "json":
        print(json.dumps([{**_run_dict(r), "no_document": skipped[r.id]} for r in runs],
                         default=str, ensure_ascii=False, indent=1))
    else:
        console.print(_runs_table(runs))
        for run in runs:
            if skipped[run.id]:
                console.print(f"run {run.id}: article pages with no document: "
                              f"{format_counts(skipped[run.id])}", markup=False)
    return 0


def cmd_db(args) -> int:
    from pipelines.db.migrate import current_revision, head_revision
    from pipelines.db.session import make_engine, open_database

    if args.action == "upgrade":
        engine = open_database(database_url(args.db), migrate=True)
    else:
        engine = open_database(database_url(args.db), migrate=False, create=False)
    console.print(f"{engine.url.render_as_string()}: revision {current_revision(engine)} "
                  f"(head {head_revision(make_engine(database_url(args.db)))})")
    return 0


def _fetch_time(value: str):
    from crawler.extract_files import fetch_time

    try:
        return fetch_time(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date-time: {value!r}") from exc


def cmd_extract(args) -> int:
    from crawler.extract_files import run_extract

    registry = _registry(args)
    if args.site and args.site not in registry:
        raise UsageError(f"unknown site {args.site!r}; known: {', '.join(sorted(registry))}")
    return run_extract(args, registry, database_url(args.db) if args.db else None, err)


# -- parser ----------------------------------------------------------------------------------

def _version() -> str:
    """The package version and what extraction is made of (recorded with every document)."""
    from importlib.metadata import PackageNotFoundError, version

    from pipelines.processing import extractor_version

    try:
        own = version("schoolnews")
    except PackageNotFoundError:
        own = "unknown (not installed)"
    return f"schoolnews {own} (extractor: {extractor_version()})"


def build_parser() -> argparse.ArgumentParser:
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", metavar="URL",
                    help="SQLAlchemy URL (default: $SCHOOLNEWS_DB or sqlite:///data/schoolnews.db)")
    sites = argparse.ArgumentParser(add_help=False)
    sites.add_argument("--sites", metavar="FILE",
                       help="site registry (default: $SCHOOLNEWS_SITES or the bundled sites.toml)")
    filters = argparse.ArgumentParser(add_help=False)
    filters.add_argument("--site", help="only this site (slug)")
    filters.add_argument("--language", help="only this language (en, zh-cn, zh-tw, …)")
    filters.add_argument("--since", type=_date, help="published on or after YYYY-MM-DD")
    filters.add_argument("--until", type=_date, help="published on or before YYYY-MM-DD")

    parser = argparse.ArgumentParser(prog="schoolnews", description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("crawl", parents=[db, sites], help="crawl sites into the database")
    p.add_argument("slugs", nargs="*", metavar="SLUG")
    p.add_argument("--all", action="store_true", help="every site of the registry")
    p.add_argument("--due", action="store_true",
                   help="the sites whose schedule (every_hours in the registry) says they are due")
    p.add_argument("--full", action="store_true",
                   help="walk every list page and re-check every stored article (conditionally)")
    p.add_argument("-s", "--set", action="append", type=_setting, metavar="NAME=VALUE",
                   help="override a Scrapy setting (repeatable)")
    p.add_argument("--dry-run", action="store_true",
                   help="fetch the start pages, print the links a crawl would follow; "
                   "store nothing")
    p.add_argument("--distributed", action="store_true",
                   help="share the crawl with the other workers on the same Redis (see README)")
    p.add_argument("--redis", metavar="URL",
                   help="Redis for --distributed (default: $SCHOOLNEWS_REDIS)")
    p.add_argument("-v", "--verbose", action="store_true", help="Scrapy's own INFO log too")
    p.set_defaults(func=cmd_crawl)

    p = sub.add_parser("demo", parents=[sites],
                       help="crawl the offline copies of the sites into data/demo.db")
    p.add_argument("--db-file", default="data/demo.db", help="SQLite file to (re)create")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("reextract", parents=[db, sites],
                       help="extract stored pages again (no network)")
    p.add_argument("--site", help="only this site (slug)")
    p.add_argument("--workers", type=_positive, default=os.cpu_count() or 1, metavar="N",
                   help="extraction processes (default: one per core)")
    p.add_argument("--shard", type=_shard, metavar="K/N",
                   help="only the pages with id %% N == K-1 (split a job across machines)")
    p.add_argument("--resume", action="store_true",
                   help="skip pages whose document these rules already made after the fetch")
    p.set_defaults(func=cmd_reextract)

    p = sub.add_parser("learn", parents=[db, sites],
                       help="learn per-site boilerplate from stored texts; re-extract what changes")
    p.add_argument("--site", help="only this site (slug)")
    p.set_defaults(func=cmd_learn)

    p = sub.add_parser("export", parents=[db, filters],
                       help="write documents (JSONL, CSV, Parquet) or raw pages (WARC)")
    p.add_argument("--format", choices=("jsonl", "csv", "parquet", "warc"), default="jsonl")
    p.add_argument("--out", metavar="FILE", help="output file (default: standard output)")
    p.add_argument("--query", metavar="QUERY",
                   help="only the documents this query finds (query language: see query --help);"
                        " all of them, unranked")
    p.add_argument("--per-story", action="store_true",
                   help="one document per story (the earliest published copy)")
    p.add_argument("--no-bom", action="store_true",
                   help="CSV without the UTF-8 byte-order mark (written by default for Excel)")
    p.set_defaults(func=cmd_export)

    from pipelines import query_language

    p = sub.add_parser("query", parents=[db, filters], help="search titles and texts",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Ranked search, one row per story (--limit rows; ranking "
                                   "reads the 2,000 newest matches: `export --query` has no "
                                   "cap and writes full texts).",
                       epilog=query_language.SYNTAX)
    p.add_argument("text", metavar="QUERY", help="words, phrases, operators and filters (below)")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--format", choices=("table", "jsonl", "csv"), default="table")
    p.set_defaults(func=cmd_query)

    from crawler.corpus_commands import add_parsers

    add_parsers(sub, db, console, UsageError)  # stats, serve
    from crawler.partners_command import add_parser as add_partners

    add_partners(sub, db, console, UsageError, _engine)

    p = sub.add_parser("stories", parents=[db],
                       help="stories (exact, near or translated copies) on several sites, "
                       "and why each copy is linked")
    p.add_argument("--min-sites", type=int, default=2, metavar="N",
                   help="only stories that appeared on at least N sites (default 2; 1 lists all)")
    p.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_stories)

    p = sub.add_parser("sites", parents=[sites], help="list the sites of the registry "
                       "(sites probe URL: a new site's entry)")
    p.set_defaults(func=cmd_sites)
    probe = p.add_subparsers(dest="sites_command", metavar="probe").add_parser(
        "probe", help="detect a site's profile, entry points and articles; print its entry")
    probe.add_argument("url", metavar="URL", help="the site's home page (or any page)")
    probe.add_argument("--slug", help="the entry's slug (default: from the host name)")
    probe.add_argument("--write", metavar="FILE", help="append the entry to this registry")
    probe.add_argument("--delay", type=float, default=1.0, metavar="SECONDS",
                       help="between two requests to the site (default 1.0)")
    probe.set_defaults(func=cmd_probe)

    p = sub.add_parser("runs", parents=[db], help="show the crawl-run ledger")
    p.add_argument("--site")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_runs)

    p = sub.add_parser("db", parents=[db], help="database schema: upgrade or show revision")
    p.add_argument("action", choices=("upgrade", "current"))
    p.set_defaults(func=cmd_db)

    p = sub.add_parser("record", parents=[sites],
                       help="save a fetched page and its extraction as a test fixture")
    p.add_argument("slug", metavar="SLUG")
    p.add_argument("url", metavar="URL")
    p.add_argument("--dir", default="tests/fixtures/pages",
                   help="fixture folder (default: tests/fixtures/pages; pages go in SLUG/)")
    p.set_defaults(func=cmd_record)

    p = sub.add_parser("extract", parents=[db, sites],
                       help="run the pipeline's extraction on saved pages, print JSON lines")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--url", help="the page's URL (dates in URLs count)")
    p.add_argument("--site", help="apply this site's extraction rules (with --db: learned ones)")
    p.add_argument("--content-type", help="the Content-Type header the page was served with")
    p.add_argument("--fetched-at", type=_fetch_time, metavar="ISO",
                   help="when the page was fetched (bounds its dates), e.g. 2024-05-01T08:00")
    p.set_defaults(func=cmd_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        err.print(f"schoolnews {args.command}: error: {exc}", markup=False)
        return 2
    except RegistryError as exc:
        err.print(f"schoolnews {args.command}: registry error: {exc}", markup=False)
        return 2
    except DatabaseError as exc:
        err.print(f"schoolnews {args.command}: database error: {exc}", markup=False)
        return 1
    except MissingExtra as exc:
        err.print(f"schoolnews {args.command}: {exc}", markup=False)
        return 2
    except BrokenPipeError:  # `schoolnews export | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:  # outside a crawl (a crawl handles its own Ctrl-C)
        err.print(f"schoolnews {args.command}: interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
