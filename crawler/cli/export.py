"""`schoolnews export`: the documents (or raw pages) of the corpus or of a query, streamed.

The selection is pipelines.db.subcorpus, the writers are pipelines.export.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from crawler.cli.options import Common, check_dates, corpus, require_stored_site
from crawler.cli.terminal import UsageError, err
from pipelines.extras import require


def export_command(args) -> int:
    check_dates(args)
    if args.format in ("parquet", "warc"):
        require(args.format)  # before any file is opened
    require_stored_site(args, engine := corpus(args), query=args.query)
    return export(args, engine)


def export(args, engine) -> int:
    from pipelines import export as writers
    from pipelines.db import subcorpus
    from pipelines.db.queries import Filters
    from pipelines.db.session import session_scope
    from pipelines.query_language import QueryError, parse

    binary = args.format in writers.BINARY_FORMATS
    if args.out and (Path(args.out).is_dir() or not Path(args.out).parent.is_dir()):
        raise UsageError(f"--out {args.out}: not a file in an existing directory")
    if binary and not args.out and sys.stdout.isatty():
        raise UsageError(f"{args.format} is binary: give --out FILE or redirect the output")
    try:
        parse(args.query or "")
    except QueryError as exc:
        raise UsageError(f"--query: {exc}") from None
    filters = Filters(args.site, args.language, args.since, args.until)
    selected = dict(query=args.query, filters=filters, per_story=args.per_story)
    with contextlib.ExitStack() as stack:
        if args.out:
            mode = {"mode": "wb"} if binary else {"mode": "w", "encoding": "utf-8", "newline": ""}
            out = stack.enter_context(open(args.out, **mode))
        else:
            out = sys.stdout.buffer if binary else sys.stdout
        session = stack.enter_context(session_scope(engine))
        if args.format == "warc":
            from pipelines.db.archive import iter_pages

            only = subcorpus.page_ids(session, **selected) if args.query or args.per_story else None
            rows = iter_pages(session, filters, only=only)
        else:
            rows = subcorpus.iter_documents(session, **selected)
        count = writers.write(rows, out, args.format, bom=not args.no_bom)
    what = "pages" if args.format == "warc" else "documents"
    if args.out:
        err.print(f"wrote {count} {what} to {args.out}")
    if count == 0 and args.query:
        err.print(f"export: the query {args.query!r} selected no {what}")
        return 1
    return 0


def add_parsers(sub, common: Common) -> None:
    p = sub.add_parser(
        "export",
        parents=[common.db, common.filters],
        help="write documents (JSONL, CSV, Parquet) or raw pages (WARC)",
    )
    p.add_argument("--format", choices=("jsonl", "csv", "parquet", "warc"), default="jsonl")
    p.add_argument("--out", metavar="FILE", help="output file (default: standard output)")
    p.add_argument(
        "--query",
        metavar="QUERY",
        help="only the documents this query finds (query language: see query --help);"
        " all of them, unranked",
    )
    p.add_argument(
        "--per-story",
        action="store_true",
        help="one document per story (the earliest published copy)",
    )
    p.add_argument(
        "--no-bom",
        action="store_true",
        help="CSV without the UTF-8 byte-order mark (written by default for Excel)",
    )
    p.set_defaults(func=export_command)
