"""`schoolnews export`: the documents (or raw pages) of the corpus or of a query, streamed.

crawler.cli registers the command; the selection is pipelines.db.subcorpus, the writers are
pipelines.export.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path


def export(args, engine, usage_error: type[Exception], err) -> int:
    from pipelines import export as writers
    from pipelines.db import subcorpus
    from pipelines.db.session import session_scope
    from pipelines.query_language import QueryError, parse

    binary = args.format in writers.BINARY_FORMATS
    if args.out and (Path(args.out).is_dir() or not Path(args.out).parent.is_dir()):
        raise usage_error(f"--out {args.out}: not a file in an existing directory")
    if binary and not args.out and sys.stdout.isatty():
        raise usage_error(f"{args.format} is binary: give --out FILE or redirect the output")
    try:
        parse(args.query or "")
    except QueryError as exc:
        raise usage_error(f"--query: {exc}") from None
    selected = dict(query=args.query, site=args.site, language=args.language,
                    since=args.since, until=args.until, per_story=args.per_story)
    with contextlib.ExitStack() as stack:
        if args.out:
            mode = {"mode": "wb"} if binary else {"mode": "w", "encoding": "utf-8", "newline": ""}
            out = stack.enter_context(open(args.out, **mode))
        else:
            out = sys.stdout.buffer if binary else sys.stdout
        session = stack.enter_context(session_scope(engine))
        if args.format == "warc":
            from pipelines.db.archive import iter_pages

            only = (subcorpus.page_ids(session, **selected)
                    if args.query or args.per_story else None)
            rows = iter_pages(session, args.site, args.language, args.since, args.until,
                              only=only)
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
