"""`schoolnews runs`, the run ledger on screen: the runs table (of `crawl` too), a run as JSON."""

from __future__ import annotations

import json
from datetime import datetime

from rich.table import Table

from crawler.cli.options import Common, corpus, positive, require_known_filters
from crawler.cli.status_display import status_cell
from crawler.cli.terminal import console

RUN_COLUMNS = (  # header, what it shows
    ("run", "run id"),
    ("site", ""),
    ("status", ""),
    ("started", ""),
    ("secs", ""),
    ("req", "requests"),
    ("2xx/3xx/4xx/5xx", "responses by status class"),
    ("new", "new articles with new content"),
    ("dups", "new articles, content already stored"),
    ("upd", "known articles edited: new version"),
    ("same", "known articles unchanged"),
    ("304", "of same: answered 304 Not Modified"),
    ("gone", "now 404/410"),
    ("not due", "known, not refetched"),
    ("err", "errors"),
    ("MB", "received"),
)


def runs_table(runs, title: str = "Crawl runs") -> Table:
    table = Table(
        title=title,
        caption="new/dups: new article URLs; upd/same/gone: stored articles checked again "
        "(304: those of same answered Not Modified); not due: stored articles not refetched",
    )
    for header, _ in RUN_COLUMNS:
        table.add_column(
            header, justify="left" if header in ("site", "status", "started") else "right"
        )
    for run in runs:
        seconds = (run.finished_at - run.started_at).total_seconds() if run.finished_at else None
        table.add_row(
            str(run.id),
            run.site,
            status_cell(run.status, run.status_reason, run.full),
            f"{run.started_at:%Y-%m-%d %H:%M}",
            f"{seconds:.1f}" if seconds is not None else "-",
            str(run.requests),
            f"{run.responses_2xx}/{run.responses_3xx}/{run.responses_4xx}/{run.responses_5xx}",
            str(run.new_documents),
            str(run.duplicates),
            str(run.updated),
            str(run.unchanged),
            str(run.not_modified),
            str(run.gone),
            str(run.not_due),
            str(run.errors),
            f"{run.bytes_received / 1e6:.2f}",
        )
    return table


def run_dict(run) -> dict:
    """A run as JSON: timestamps in ISO 8601 with their UTC offset (stored as UTC)."""
    from pipelines.db.dialect import as_utc

    data = {column.key: getattr(run, column.key) for column in run.__table__.columns}
    return {k: as_utc(v).isoformat() if isinstance(v, datetime) else v for k, v in data.items()}


def runs_command(args) -> int:
    from pipelines.db import ledger
    from pipelines.db.session import session_scope
    from pipelines.db.skips import skip_counts_by_run

    engine = corpus(args)
    require_known_filters(args, engine)
    with session_scope(engine) as session:
        runs = ledger.recent_runs(session, args.site, args.limit)
        skipped = skip_counts_by_run(session, [run.id for run in runs])
    if args.format == "json":
        print(
            json.dumps(
                [{**run_dict(r), "no_document": skipped[r.id]} for r in runs],
                default=str,
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    console.print(runs_table(runs))
    print_no_document(runs, skipped)
    print_warnings(runs)
    return 0


def print_warnings(runs: list) -> None:
    """One line for each finished run whose reason warns of something (a trap cut, article
    pages robots.txt forbade, story pages on another host): the table shows a reason only
    beside a status that is a problem."""
    for run in runs:
        if run.status == "finished" and run.status_reason:
            console.print(f"run {run.id}: warning: {run.status_reason}", markup=False)


def print_no_document(runs: list, skipped: dict) -> None:
    """One line for each run with article pages kept raw: how many, for which reasons."""
    from pipelines.db.skips import format_counts

    for run in runs:
        if skipped.get(run.id):
            console.print(
                f"run {run.id}: article pages with no document: {format_counts(skipped[run.id])}",
                markup=False,
            )


def add_parsers(sub, common: Common) -> None:
    p = sub.add_parser("runs", parents=[common.db], help="show the crawl-run ledger")
    p.add_argument("--site")
    p.add_argument("--limit", type=positive, default=20)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=runs_command)
