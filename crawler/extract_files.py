"""`schoolnews extract FILE…`: the crawl's extraction on saved pages, one JSON line per file.

The page gets what the crawl would give it: a Content-Type header, a fetch time, the
site's rules (registry entry plus boilerplate learned in `--db`), through the same
`rules_for` the crawl and `reextract` use, and with --site and --url the URL's class under
the site's profile (a list page is kept raw, an article with a body's prose is kept). One bad
file, whatever goes wrong with it, is reported on its own line and never stops the others.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

from pipelines.processing import NotADocument, RawPage, max_page_bytes, process
from pipelines.site_rules import rules_for, stored_boilerplate

logger = logging.getLogger(__name__)


def fetch_time(value: str) -> datetime:
    """argparse type for --fetched-at: an ISO date or date-time (UTC when no zone given)."""
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def url_kind(args, registry) -> str | None:
    """What the crawl would take --url for under --site's profile ("article", "listing"), so
    a saved page is judged as the crawl judged it; None when either is missing."""
    site = registry.get(args.site) if args.site and args.url else None
    return site.classify(args.url) if site is not None else None


def extract_one(name: str, args, rules, registry=None) -> tuple[dict, bool]:
    """(the JSON row for one file, whether something went wrong beyond not-a-document)."""
    path = Path(name)
    try:
        body = path.read_bytes()
    except OSError as exc:
        return {"path": name, "error": exc.strerror or str(exc)}, True
    headers = {"Content-Type": args.content_type} if args.content_type else {}
    page = RawPage(
        url=args.url or path.resolve().as_uri(),
        body=body,
        headers=headers,
        fetched_at=args.fetched_at,
        site=args.site,
        kind=url_kind(args, registry or {}),
    )
    try:
        return {"path": name, **process(page, rules, max_page_bytes()).to_dict()}, False
    except NotADocument as reason:
        return {"path": name, "error": f"not a document: {reason}"}, False
    except Exception as exc:  # noqa: BLE001 - one page's crash must not stop the batch
        logger.exception("extraction failed: %s", name)
        return {"path": name, "error": f"extraction failed: {type(exc).__name__}: {exc}"}, True


def run_extract(args, registry, db_url: str | None, err) -> int:
    learned = stored_boilerplate(db_url, args.site) if db_url and args.site else frozenset()
    rules = rules_for(args.site, registry, learned)
    status = 0
    for name in args.files:
        row, failed = extract_one(name, args, rules, registry)
        print(json.dumps(row, ensure_ascii=False), flush=True)
        if failed:
            err.print(f"schoolnews extract: error: {name}: {row['error']}", markup=False)
            status = 1
    return status
