"""`schoolnews export`: the documents (or raw pages) of the corpus or of a query, streamed.

The selection is pipelines.db.subcorpus, the writers are pipelines.export.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from crawler.cli.options import Common, check_dates, corpus, require_known_filters
from crawler.cli.terminal import UsageError, err
from pipelines.extras import require


def export_command(args) -> int:
    check_dates(args)
    if args.format in ("parquet", "warc"):
        require(args.format)  # before any file is opened
    require_known_filters(args, engine := corpus(args), query=args.query)
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
    what = "pages" if args.format == "warc" else "documents"
    with contextlib.ExitStack() as stack:
        if args.out:
            mode = {"mode": "wb"} if binary else {"mode": "w", "encoding": "utf-8", "newline": ""}
            output = _Replacing(Path(args.out), mode)
            out = stack.enter_context(output)
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
        if count == 0 and args.query:
            err.print(f"export: the query {args.query!r} selected no {what}")
            if args.out:
                output.complete = False  # the file that was there stays
            return 1
    if args.out:
        err.print(f"wrote {count} {what} to {args.out}")
    return 0


class _Replacing:
    """The output file, written beside its destination and moved over it only when the
    export is complete: a query that selects nothing, Ctrl-C or a full disk leave the file
    that was there (it was truncated first). A device or a pipe is written to directly."""

    def __init__(self, path: Path, mode: dict) -> None:
        self.path = path.resolve() if path.is_symlink() else path  # its target is replaced
        self.mode = mode
        self.complete = True  # the caller says otherwise before the block ends
        self.partial: str | None = None

    def __enter__(self):
        if self.path.exists() and not self.path.is_file():
            self.out = open(self.path, **self.mode)  # noqa: SIM115 - closed in __exit__
            return self.out
        handle, self.partial = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".partial", dir=self.path.parent
        )
        os.close(handle)
        os.chmod(self.partial, _file_mode(self.path))  # mkstemp's 0600 is for secrets
        self.out = open(self.partial, **self.mode)  # noqa: SIM115 - closed in __exit__
        return self.out

    def __exit__(self, kind, *_) -> None:
        self.out.close()
        if self.partial is None:
            return
        if kind is None and self.complete:
            os.replace(self.partial, self.path)
        else:
            os.unlink(self.partial)


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
        help="one document per story (a live copy, then the earliest published)",
    )
    p.add_argument(
        "--no-bom",
        action="store_true",
        help="CSV without the UTF-8 byte-order mark (written by default for Excel)",
    )
    p.set_defaults(func=export_command)


def _file_mode(path: Path) -> int:
    """The permissions the file has, or a new file would get (0666 less the umask)."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
