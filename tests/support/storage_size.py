"""The database's size against the raw HTML it keeps, on real pages.

The shared eval sets' pages (real_pages) are stored as a crawl stores them: one `PageItem` per
page, its document from `process()` (in worker processes, sketched there and primed for the
story step, as the crawl's and reextract's workers do), saved by `pages.save_pages` one site
at a time (each site's run has its own storage pipeline, so a batch never mixes sites), then
`crawler.service.compact` trains the body dictionaries of the sites with enough pages and
recompresses them. A page's site is its URL's host. bench/storage.py prints it; a test checks
it on a few pages.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import statistics
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path
from urllib.parse import urlsplit

from crawler.items import PageItem
from crawler.service import compact
from pipelines.db import pages
from pipelines.db.session import open_database, session_scope
from pipelines.processing import NotADocument, process, similarity
from tests.support.real_pages import JUNK_TYPES, Case

FETCHED = datetime(2026, 1, 1, tzinfo=UTC)
# What a plain static server says of an .html file: no charset, so decoding is the page's own.
HEADERS = {"Content-Type": "text/html"}
BATCH = 200  # the crawl's SCHOOLNEWS_DB_BATCH_SIZE


def page_item(case: Case) -> PageItem:
    """The crawl's item for a case. A page without a URL gets one on its set's own host. A
    listing or collection page (wcxb labels them) is a list page, kept raw as the crawl keeps
    the list pages its profile names; every other page is an article page."""
    url = case.gold.get("url") or f"https://{case.set_name}.invalid/{case.name}.html"
    return PageItem(
        site=urlsplit(url).hostname or case.set_name,
        url=url,
        requested_url=url,
        kind="listing" if case.page_type in JUNK_TYPES else "article",
        status=200,
        headers=dict(HEADERS),
        body=case.body,
        fetched_at=FETCHED,
    )


def extract(item: PageItem) -> tuple[PageItem, similarity.Sketch | None]:
    """In a worker: the item with its document (or the reason it has none), and its sketch."""
    try:
        item.document = process(item.raw_page())
    except NotADocument as reason:
        item.skip_reason = str(reason)
        return item, None
    return item, similarity.sketch(item.document.text)


Extracted = tuple[PageItem, similarity.Sketch | None]


def extracted(items: Sequence[PageItem], jobs: int = 1) -> list[Extracted]:
    if jobs > 1:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return pool.map(extract, items, chunksize=8)
    return [extract(item) for item in items]


def store(done: Iterable[Extracted], db_file: Path) -> None:
    """Save the items into a fresh SQLite file one site at a time, then compact every site."""
    engine = open_database(f"sqlite:///{db_file}")
    try:
        sites = []
        by_site = sorted(done, key=lambda d: (d[0].site, d[0].url))
        for site, group in groupby(by_site, lambda d: d[0].site):
            sites.append(site)
            batch = list(group)
            for start in range(0, len(batch), BATCH):
                chunk = batch[start : start + BATCH]
                for item, sketch in chunk:
                    if sketch is not None:  # made by the worker, as the crawl's workers do
                        similarity.prime(item.document.text, sketch)
                with session_scope(engine) as session:
                    pages.save_pages(session, [item for item, _ in chunk], run_id=None)
        compact(engine, sites)
    finally:
        engine.dispose()


def sizes(db_file: Path) -> list[tuple[str, int]]:
    """(table or index, bytes) after VACUUM, largest first, with the whole file first.

    The file is in WAL mode: VACUUM writes the new pages to the -wal file and the main file
    keeps its old size until a checkpoint, so the file is checkpointed and closed before its
    size is read (reading it before gave the size from before VACUUM)."""
    with closing(sqlite3.connect(db_file)) as db:
        db.execute("VACUUM")
        try:
            rows = db.execute(
                "select name, sum(pgsize) from dbstat group by name order by 2 desc"
            ).fetchall()
        except sqlite3.OperationalError:  # SQLite without the dbstat table
            rows = []
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return [("whole file", db_file.stat().st_size), *rows]


@dataclass
class Measure:
    label: str
    pages: int
    documents: int
    sites: int
    dictionaries: int
    kept: int  # sum(pages.body_size): the raw HTML the database keeps
    median_page: float
    sizes: list[tuple[str, int]] = field(default_factory=list)

    def ratio(self, size: int) -> float:
        return size / max(self.kept, 1)


def measure(label: str, db_file: Path) -> Measure:
    with sqlite3.connect(db_file) as db:
        one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        found = Measure(
            label,
            pages=one("select count(*) from pages"),
            documents=one("select count(*) from documents"),
            sites=one("select count(distinct site) from pages"),
            dictionaries=one("select count(*) from body_dictionaries"),
            kept=one("select coalesce(sum(body_size), 0) from pages"),
            median_page=statistics.median(
                [r[0] for r in db.execute("select body_size from pages")] or [0]
            ),
        )
    found.sizes = sizes(db_file)
    return found


def table(found: Measure, rows: int = 14) -> str:
    lines = [
        f"{found.label}: {found.pages} pages ({found.sites} sites, {found.dictionaries} with a "
        f"body dictionary), {found.documents} documents; raw HTML kept "
        f"{found.kept / 2**20:.2f} MB, median page {found.median_page / 1024:.1f} KB",
        f"  {'table or index':<40}{'MB':>9}{'x raw':>8}",
    ]
    for name, size in found.sizes[:rows]:
        lines.append(f"  {name:<40}{size / 2**20:>9.2f}{found.ratio(size):>8.3f}")
    return "\n".join(lines)
