"""Commands that read the corpus: `query`, `stats`, `serve` and `stories` (parsers and output).

The work is done by pipelines.db.search, pipelines.db.stats, pipelines.db.stories and
crawler.browse.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys

from rich.markup import escape
from rich.table import Table

from crawler.cli.options import (
    Common,
    check_dates,
    corpus,
    limit_or_all,
    positive,
    require_known_filters,
)
from crawler.cli.status_display import status_cell
from crawler.cli.terminal import UsageError, console, err

QUERY_CSV_FIELDS = (
    "rank",
    "site",
    "published",
    "language",
    "title",
    "url",
    "snippet",
    "also_on",
    "story_id",
)


def _highlight(text: str, spans) -> str:
    """Rich markup: `text` escaped, the spans in bold yellow."""
    out, at = [], 0
    for start, end in spans:
        out.append(escape(text[at:start]))
        out.append(f"[bold yellow]{escape(text[start:end])}[/bold yellow]")
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def _port(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"not a TCP port: {value!r} (1-65535)")
    return int(value)


def query_command(args) -> int:
    from pipelines.query_language import QueryError, parse

    check_dates(args)
    try:
        if parse(args.text) is None:
            raise UsageError("nothing to search for: give a word, a phrase or a filter")
    except QueryError as exc:
        raise UsageError(str(exc)) from None
    require_known_filters(args, query=args.text)
    return query(args, console)


def query(args, console) -> int:
    from pipelines.db.queries import Filters
    from pipelines.db.search import search
    from pipelines.db.session import session_scope

    filters = Filters(args.site, args.language, args.since, getattr(args, "until", None))
    with session_scope(corpus(args)) as session:
        # One more than shown: whether the list stops at --limit or at the last match.
        hits = search(session, args.text, filters, args.limit + 1 if args.limit else None)
    hits = _cut(hits, args.limit, "best-ranked stories; `query --limit N` shows more (0: all)")
    if args.format == "jsonl":
        for hit in hits:
            print(json.dumps(hit, ensure_ascii=False))
        return 0
    if args.format == "csv":
        if not args.no_bom:  # as export's CSV: Excel then reads the Chinese text right
            from pipelines.export import BOM

            sys.stdout.write(BOM)
        writer = csv.DictWriter(sys.stdout, fieldnames=QUERY_CSV_FIELDS, extrasaction="ignore")
        writer.writeheader()
        for hit in hits:
            writer.writerow({**hit, "also_on": " ".join(a["url"] for a in hit["also_on"])})
        return 0
    table = Table(title=f"{len(hits)} result(s) for {args.text!r}", show_lines=True)
    for column in ("#", "site", "published", "title / snippet", "url"):
        table.add_column(column, overflow="fold")
    for hit in hits:
        also = "".join(f"\nalso on {a['site']}: {a['url']}" for a in hit["also_on"])
        table.add_row(
            str(hit["rank"]),
            hit["site"],
            hit["published"] or "-",
            f"[bold]{_highlight(hit['title'] or '', hit['title_highlights'])}[/bold]\n"
            + _highlight(hit["snippet"], hit["highlights"]),
            escape(hit["url"]) + escape(also),
        )
    console.print(table)
    return 0


def _check_plot_path(plot: str) -> None:
    """Before any work: the chart goes into an existing directory (a typo creates nothing)."""
    from pathlib import Path

    path = Path(plot)
    if path.is_dir() or not path.parent.is_dir():
        raise UsageError(f"--plot {plot}: not a file in an existing directory")


def monthly_topic_counts(session) -> dict:
    from collections import Counter

    from pipelines.db.annotations import monthly_topics

    topics: dict[str, Counter] = {}
    for month, topic, count in monthly_topics(session):
        topics.setdefault(topic, Counter())[month] = count
    return topics


def stats(args) -> int:
    from pipelines.db.session import session_scope
    from pipelines.db.skips import skip_counts
    from pipelines.db.stats import corpus_stats, monthly_counts
    from pipelines.extras import require

    if args.plot:
        require("plot")  # before any work
        _check_plot_path(args.plot)

    from crawler.plot import FORMATS, plot_monthly

    if args.plot and args.plot.rsplit(".", 1)[-1].lower() not in FORMATS:
        raise UsageError(f"--plot {args.plot}: name a .png, .svg or .pdf file")
    with session_scope(corpus(args)) as session:
        summary = corpus_stats(session)
        summary["no_document"] = skip_counts(session)
        months = monthly_counts(session) if args.plot else None
        topics = monthly_topic_counts(session) if args.plot else None
    if args.plot:
        plot_monthly(months, args.plot, topics)
    if args.format == "json":
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        _print_stats(summary, console)
    if args.plot:
        print(f"wrote {args.plot}", file=sys.stderr)
    return 0


def _print_stats(s: dict, console) -> None:
    console.print(
        f"{s['documents']} documents ({s['distinct_texts']} distinct texts, {s['duplicates']} "
        f"exact duplicates) in {s['stories']} stories, {s['stories_on_several_sites']} of "
        f"them on several sites\npublished {s['published_from'] or '-'} to "
        f"{s['published_to'] or '-'} ({s['undated']} undated); fetched "
        f"{(s['fetched_from'] or '-')[:16]} to {(s['fetched_to'] or '-')[:16]}"
    )
    languages: dict[str, dict[str, int]] = {}
    for row in s["languages"]:
        languages.setdefault(row["site"], {})[row["language"]] = row["documents"]
    runs = {run["site"]: run for run in s["last_runs"]}
    table = Table(title="Per site")
    for column in (
        "site",
        "pages",
        "documents",
        "languages",
        "duplicates",
        "published",
        "last run",
        "status",
    ):
        table.add_column(
            column, justify="right" if column in ("pages", "documents", "duplicates") else "left"
        )
    for site in s["sites"]:
        run = runs.get(site["site"])
        table.add_row(
            site["site"],
            str(site["pages"]),
            str(site["documents"]),
            ", ".join(f"{lang} {n}" for lang, n in sorted(languages.get(site["site"], {}).items())),
            str(site["duplicates"]),
            f"{site['published_from'] or '-'} … {site['published_to'] or '-'}",
            f"#{run['run']} {run['started_at'][:16]}" if run else "-",
            status_cell(run["status"], run.get("status_reason")) if run else "-",
        )
    console.print(table)
    for site, run in runs.items():  # a finished run's warning: its table cell shows none
        if run["status"] == "finished" and run.get("status_reason"):
            said = f"{site}: last run #{run['run']}: warning: {run['status_reason']}"
            console.print(said, markup=False)
    if s.get("no_document"):
        from pipelines.db.skips import format_counts

        console.print(
            "article pages kept raw with no document: " + format_counts(s["no_document"]),
            markup=False,
        )


def serve(args) -> int:
    from crawler.browse import NotSQLite
    from crawler.browse import serve as run_datasette
    from pipelines.db.session import database_url
    from pipelines.extras import require

    require("serve")
    try:
        return run_datasette(database_url(args.db), args.host, args.port)
    except NotSQLite as exc:
        raise UsageError(str(exc)) from None


def _cut(found: list, limit: int | None, what: str) -> list:
    """The first `limit` of a list read one longer, saying on stderr (apart from the results a
    pipe may be reading) when there were more."""
    if limit and len(found) > limit:
        err.print(f"the {limit} {what}", markup=False)
        return found[:limit]
    return found


def stories_command(args) -> int:
    from pipelines.db import stories
    from pipelines.db.session import session_scope

    with session_scope(corpus(args)) as session:
        # One more than shown: whether the list stops at --limit or at the last story.
        found = stories.stories(session, args.min_sites, args.limit + 1 if args.limit else None)
    found = _cut(
        found, args.limit, "stories on the most sites; `stories --limit N` shows more (0: all)"
    )
    if args.format == "json":
        print(json.dumps(found, ensure_ascii=False, indent=1))
        return 0
    table = Table(title=f"{len(found)} stories on at least {args.min_sites} sites", show_lines=True)
    for column in ("story", "sites", "earliest", "title", "appearances"):
        table.add_column(column, overflow="fold")
    for story in found:
        table.add_row(
            str(story["story_id"]),
            ", ".join(story["sites"]),
            story["earliest_published"] or "-",
            escape(story.get("title") or ""),
            escape(
                "\n".join(
                    f"#{a['document_id']} {a['site']} {a['published'] or '-'} {a['url']} "
                    f"[{a['link'] or 'first'}]"
                    for a in story["appearances"]
                )
            ),
        )
    console.print(table)
    return 0


def add_parsers(sub, common: Common) -> None:
    _add_query(sub, common)

    p = sub.add_parser("stats", parents=[common.db], help="the corpus at a glance")
    p.add_argument(
        "--plot",
        metavar="FILE.png|svg|pdf",
        help="also draw documents per month by site and by topic (format by suffix)",
    )
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=stats)

    p = sub.add_parser(
        "serve",
        parents=[common.db],
        help="browse the corpus in Datasette (SQLite files; read-only)",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=_port, default=8001)
    p.set_defaults(func=serve)

    p = sub.add_parser(
        "stories",
        parents=[common.db],
        help="stories (exact, near or translated copies) on several sites, "
        "and why each copy is linked",
    )
    p.add_argument(
        "--min-sites",
        type=positive,
        default=2,
        metavar="N",
        help="only stories that appeared on at least N sites (default 2; 1 lists all)",
    )
    p.add_argument(
        "--limit",
        type=limit_or_all,
        default=100,
        metavar="N",
        help="at most N stories, those on the most sites (default 100; 0: all)",
    )
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=stories_command)


def _add_query(sub, common: Common) -> None:
    from pipelines import query_language

    p = sub.add_parser(
        "query",
        parents=[common.db, common.filters],
        help="search titles and texts",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Ranked search, one row per story (--limit rows; ranking "
        "reads the 2,000 newest matches: `export --query` has no "
        "cap and writes full texts).",
        epilog=query_language.SYNTAX,
    )
    p.add_argument(
        "text",
        metavar="QUERY",
        nargs="?",  # required (cli.parse): optional here so that `query -word` reaches it
        help="words, phrases, operators and filters (below)",
    )
    p.add_argument(
        "--limit",
        type=limit_or_all,
        default=20,
        metavar="N",
        help="at most N results, the best-ranked (default 20; 0: all)",
    )
    p.add_argument("--format", choices=("table", "jsonl", "csv"), default="table")
    p.add_argument(
        "--no-bom",
        action="store_true",
        help="CSV without the UTF-8 byte-order mark (written by default for Excel)",
    )
    p.set_defaults(func=query_command)
