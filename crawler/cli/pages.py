"""Commands on single pages outside the corpus: `record` (a fixture from a live page) and
`extract` (the crawl's extraction on saved files).

The work is done by crawler.record and crawler.extract_files.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from crawler.cli.options import Common, registry_with
from crawler.cli.terminal import console, err
from pipelines.db.session import database_url


def record_command(args) -> int:
    from crawler.fetch import FetchError
    from crawler.record import record

    registry = registry_with(args, args.slug)
    try:
        meta_path, expected = record(registry[args.slug], args.url, Path(args.dir))
    except FetchError as exc:
        err.print(f"schoolnews record: {exc}", markup=False)
        return 1
    outcome = expected.get("not_a_document") or f"{expected['title']!r}, {expected['language']}"
    console.print(
        f"saved {meta_path} (extraction: {outcome}); review "
        f"{meta_path.name.removesuffix('.meta.json')}.expected.json and commit them",
        markup=False,
    )
    return 0


def extract_command(args) -> int:
    from crawler.extract_files import run_extract

    registry = registry_with(args, args.site)
    return run_extract(args, registry, database_url(args.db) if args.db else None, err)


def _fetch_time(value: str):
    from crawler.extract_files import fetch_time

    try:
        return fetch_time(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date-time: {value!r}") from exc


def add_parsers(sub, common: Common) -> None:
    p = sub.add_parser(
        "record",
        parents=[common.sites],
        help="save a fetched page and its extraction as a test fixture",
    )
    p.add_argument("slug", metavar="SLUG")
    p.add_argument("url", metavar="URL")
    p.add_argument(
        "--dir",
        default="tests/fixtures/pages",
        help="fixture folder (default: tests/fixtures/pages; pages go in SLUG/)",
    )
    p.set_defaults(func=record_command)

    p = sub.add_parser(
        "extract",
        parents=[common.db, common.sites],
        help="run the pipeline's extraction on saved pages, print JSON lines",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument(
        "--url",
        help="the page's URL (dates in URLs count; with --site, whether "
        "the site's profile takes it for an article or a list page)",
    )
    p.add_argument("--site", help="apply this site's extraction rules (with --db: learned ones)")
    p.add_argument("--content-type", help="the Content-Type header the page was served with")
    p.add_argument(
        "--fetched-at",
        type=_fetch_time,
        metavar="ISO",
        help="when the page was fetched (bounds its dates), e.g. 2024-05-01T08:00",
    )
    p.set_defaults(func=extract_command)
