"""`schoolnews crawl` and `schoolnews demo`: options in, crawl service, summaries out."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError

from crawler.cli.options import Common, setting
from crawler.cli.runs import print_no_document, runs_table
from crawler.cli.terminal import ServiceError, UsageError, console, err
from crawler.registry import load_registry
from pipelines.db.session import database_url
from pipelines.extras import require

if TYPE_CHECKING:
    from crawler.service import Learned, RunSummary


def crawl_command(args) -> int:
    registry = load_registry(args.sites)
    if sum((args.all, args.due, bool(args.slugs))) != 1:
        raise UsageError("give site slugs, --all or --due (one of them)")
    if args.due:
        from crawler.service import next_runs

        schedule = next_runs(registry, database_url(args.db))
        slugs = [slug for slug, when in schedule.items() if when is None]
        if later := {slug: when for slug, when in schedule.items() if when is not None}:
            console.print(
                "not due: "
                + ", ".join(
                    f"{slug} (at {when:%Y-%m-%d %H:%M} UTC)" for slug, when in later.items()
                ),
                markup=False,
            )
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
    runs = crawl_and_report(args, slugs, overrides)
    return _crawl_exit_code(runs, args.interrupts.count > 0)


def crawl_and_report(args, slugs: list[str], overrides: dict) -> list:
    """Run the crawl service and render its summaries; the runs, or [] when any is missing."""
    from crawler.service import CrawlOptions, run_crawl

    options = CrawlOptions(
        sites_file=args.sites,
        overrides=overrides,
        distributed=getattr(args, "distributed", False),
        full=getattr(args, "full", False),
        verbose=args.verbose,
        interrupts=args.interrupts,
    )
    summaries = run_crawl(slugs, database_url(args.db), options)
    for summary in summaries:
        if summary.locked_by:
            err.print(f"{summary.site}: skipped, it is being crawled by {summary.locked_by}")
    print_learned({s.site: s.learned for s in summaries if s.learned and s.learned.lines})
    runs = [s.run for s in summaries if s.run is not None]
    if all(s.locked_by for s in summaries):
        return []  # another process crawls every one of these sites: nothing ran
    console.print(runs_table(runs, title="Crawl summary"))
    _print_no_document(args, runs)
    for run in runs:  # a trap cut, a budget reached, a failure: one line each
        if line := _run_line(run):
            err.print(line, markup=False)
    missing = _missing(summaries)
    if missing:
        err.print(f"error: no run was recorded for {', '.join(missing)} (see log above)")
    return runs if not missing else []


def _print_no_document(args, runs: list) -> None:
    """The article pages each run kept raw, by reason, as `runs` says them (the summary
    showed none of them)."""
    from pipelines.db.session import session_scope, shared_engine
    from pipelines.db.skips import skip_counts_by_run

    try:
        with session_scope(shared_engine(database_url(args.db))) as session:
            skipped = skip_counts_by_run(session, [run.id for run in runs])
    except DBAPIError:  # the database that refused the run's writes: said above already
        return
    print_no_document(runs, skipped)


def _run_line(run) -> str | None:
    """The one line said about a run that did not simply finish (None when it did)."""
    if run.status == "running":
        return (
            f"error: {run.site}: the database refused to record the run's end; "
            "the next crawl of the site records it killed"
        )
    # Finished, or interrupted by the user (who knows): a line only when a reason was recorded.
    said = run.status not in ("finished", "interrupted")
    reason = run.status_reason or (run.close_reason if said else None)
    if not reason:
        return None
    return (
        f"{'warning' if run.status == 'finished' else 'error'}: {run.site}: {run.status} ({reason})"
    )


def _missing(summaries: list[RunSummary]) -> list[str]:
    return [s.site for s in summaries if s.run is None and not s.locked_by]


def shortened(line: str, width: int = 100) -> str:
    """The line as a summary shows it: whole, or cut at a word boundary with "…" (cut
    mid-word and unmarked, a learned line read as if the template said only that). A line
    without spaces (Chinese) is cut at `width`."""
    if len(line) <= width:
        return line
    cut = line[: width - 1]
    space = cut.rfind(" ")
    if space > width // 2 and not line[width - 1].isspace():
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def print_learned(learned: dict[str, Learned]) -> None:
    from pipelines.processing.boilerplate import MIN_DOCUMENTS

    for slug, result in learned.items():
        lines = result.lines
        if result.forgotten:
            console.print(
                f"{slug}: {result.forgotten} line(s) learned before are a notice's form, not "
                f"boilerplate: back in its texts (re-extracted {result.documents} documents, "
                f"{result.changed} changed)",
                markup=False,
            )
        if not lines:
            if result.forgotten:
                continue
            console.print(
                f"{slug}: nothing learned: {result.read} stored text(s), fewer than the "
                f"{MIN_DOCUMENTS} needed"
                if result.read < MIN_DOCUMENTS
                else f"{slug}: nothing new learned from {result.read} stored texts "
                f"({result.known} boilerplate line(s) already known)",
                markup=False,
            )
            continue
        shown = "".join(f"\n  - {shortened(line)}" for line in lines[:10])
        more = f"\n  … and {len(lines) - 10} more" if len(lines) > 10 else ""
        console.print(
            f"{slug}: learned {len(lines)} boilerplate line(s), now dropped from its "
            f"texts:{shown}{more}\n  re-extracted {result.documents} documents "
            f"({result.changed} changed)",
            markup=False,
        )


def _crawl_exit_code(runs: list, interrupted: bool = False) -> int:
    """0 when every site's run finished and fetched something; cron can tell the rest
    (crawler.outcome.exit_code: 1 for the machinery's failures and when no site could be
    reached, 3 for a site's own: one dead site among others that answered). Each unfinished
    run has had its line (crawl_and_report)."""
    from crawler.outcome import EXIT_INTERRUPTED, exit_code

    if interrupted:
        return EXIT_INTERRUPTED
    if not runs or any(r.status == "interrupted" for r in runs):
        return exit_code([r.status for r in runs], [r.close_reason for r in runs])
    unreachable = [r.site for r in runs if r.responses == 0 and r.errors]
    if unreachable:
        err.print(
            f"error: nothing could be fetched from {', '.join(unreachable)} "
            "(network, proxy or DNS: see the log above)"
        )
        if len(unreachable) == len(runs):
            return 1  # nothing crawled at all: the network's or the operator's
    return exit_code([r.status for r in runs], [r.close_reason for r in runs])


def _distributed_settings(args) -> dict:
    require("distributed")
    from crawler.distributed import distributed_settings
    from crawler.distributed.coordinator import redis_client

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
        raise ServiceError(f"cannot connect to Redis at {url}: {exc}") from None
    finally:
        client.close()
    return distributed_settings(url)


def demo_command(args) -> int:
    from crawler.cli.corpus import query
    from crawler.demo import FIXTURE_SITES, proxy_environment
    from crawler.fixture_server import FixtureServer

    if not FIXTURE_SITES.is_dir():
        raise UsageError(f"the demo sites are missing (a broken install?): {FIXTURE_SITES}")
    db_path = Path(args.db_file)
    for stale in db_path.parent.glob(db_path.name + "*"):
        stale.unlink()  # the demo always starts from an empty database
    args.db = f"sqlite:///{db_path}"
    registry = load_registry(args.sites)
    with FixtureServer(FIXTURE_SITES) as server:
        proxy_environment(server.url)
        console.print(f"Serving the fixture sites through a local proxy at {server.url}")
        # Our own local server: no politeness delay needed.
        overrides = {
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
            "SCHOOLNEWS_PROGRESS_INTERVAL": 5,
        }
        from crawler.interrupts import Interrupts

        args.interrupts = Interrupts()
        runs = crawl_and_report(args, sorted(registry), overrides)
    if not runs:
        return 1
    for text in ("cooperation", "合作"):
        console.print(f"\n$ schoolnews query {text} --db {args.db} --limit 5")
        args.text, args.site, args.language, args.since, args.limit = text, None, None, None, 5
        args.until = None
        args.format = "table"
        query(args, console)
    me = _command_name()
    console.print(
        f"\nThe corpus is in {db_path}. Try:\n"
        f"  {me} export --format jsonl --db {args.db} | head -c 600\n"
        f"  {me} reextract --db {args.db}\n"
        f"  {me} runs --db {args.db}"
    )
    return 0


def add_parsers(sub, common: Common) -> None:
    p = sub.add_parser(
        "crawl", parents=[common.db, common.sites], help="crawl sites into the database"
    )
    p.add_argument("slugs", nargs="*", metavar="SLUG")
    p.add_argument("--all", action="store_true", help="every site of the registry")
    p.add_argument(
        "--due",
        action="store_true",
        help="the sites whose schedule (every_hours in the registry) says they are due",
    )
    p.add_argument(
        "--full",
        action="store_true",
        help="walk every list page and re-check every stored article (conditionally)",
    )
    p.add_argument(
        "-s",
        "--set",
        action="append",
        type=setting,
        metavar="NAME=VALUE",
        help="override a Scrapy setting (repeatable)",
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="fetch the start pages, print the links to follow; store nothing",
    )
    p.add_argument(
        "--distributed",
        action="store_true",
        help="share the crawl with the other workers on the same Redis (see README)",
    )
    p.add_argument(
        "--redis", metavar="URL", help="Redis for --distributed (default: $SCHOOLNEWS_REDIS)"
    )
    p.add_argument("-v", "--verbose", action="store_true", help="Scrapy's own INFO log too")
    p.set_defaults(func=crawl_command)

    p = sub.add_parser(
        "demo",
        parents=[common.sites],
        help="crawl the offline copies of the sites into data/demo.db",
    )
    p.add_argument("--db-file", default="data/demo.db", help="SQLite file to (re)create")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=demo_command)


def _command_name() -> str:
    """How the user can run this command again: `.venv/bin/schoolnews` from a checkout's
    `make demo`, plain `schoolnews` when it is installed on the PATH."""
    script, on_path = Path(sys.argv[0]), shutil.which("schoolnews")
    if not script.is_file() or (on_path and Path(on_path).resolve() == script.resolve()):
        return "schoolnews"
    with contextlib.suppress(ValueError):
        return str(script.resolve().relative_to(Path.cwd()))
    return str(script)
