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
from datetime import date
from pathlib import Path

from rich.table import Table

from crawler.registry import RegistryError, load_registry
from crawler.terminal import UsageError, console, err
from pipelines.db.session import DatabaseError, database_url
from pipelines.extras import MissingExtra, require

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


# -- commands --------------------------------------------------------------------------------

def cmd_crawl(args) -> int:
    from crawler.crawl_command import crawl_command

    return crawl_command(args)


def cmd_demo(args) -> int:
    from crawler.crawl_command import demo_command

    return demo_command(args)


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
    from crawler.crawl_command import print_learned
    from crawler.service import learn

    print_learned(learn(engine, slugs, registry))
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
    from crawler.runs_view import run_dict, runs_table
    from pipelines.db import ledger
    from pipelines.db.session import session_scope
    from pipelines.db.skips import format_counts, skip_counts_by_run

    engine = _engine(args)
    _require_stored_site(args, engine)
    with session_scope(engine) as session:
        runs = ledger.recent_runs(session, args.site, args.limit)
        skipped = skip_counts_by_run(session, [run.id for run in runs])
    if args.format == "json":
        print(json.dumps([{**run_dict(r), "no_document": skipped[r.id]} for r in runs],
                         default=str, ensure_ascii=False, indent=1))
    else:
        console.print(runs_table(runs))
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
    p.add_argument("--url", help="the page's URL (dates in URLs count; with --site, whether "
                                 "the site's profile takes it for an article or a list page)")
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
