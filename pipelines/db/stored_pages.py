"""Stored responses read back: for re-extraction, export and the WARC archive.

A page is read with its body decompressed (`bodies`), the time in UTC; which pages are
re-extracted (a site, a shard, resuming past pages the current rules already made) is one
statement, counted and iterated alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from . import bodies
from .dialect import as_utc
from .models import CrawlRun, Document, Page


@dataclass
class StoredPage:
    """A stored response, decompressed: what re-extraction reads."""

    id: int
    site: str
    url: str
    requested_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime

    COLUMNS = (
        Page.id,
        Page.site,
        Page.url,
        Page.requested_url,
        Page.status,
        Page.headers,
        Page.body,
        Page.fetched_at,
    )

    @classmethod
    def read(cls, session: Session, row) -> StoredPage:
        """From a row of COLUMNS: the body decompressed, the time in UTC."""
        return cls(
            id=row.id,
            site=row.site,
            url=row.url,
            requested_url=row.requested_url,
            status=row.status,
            headers=dict(row.headers or {}),
            body=bodies.decompress(session, row.body),
            fetched_at=as_utc(row.fetched_at),
        )


def iter_article_pages(
    session: Session, site: str | None = None, batch: int = 200
) -> Iterator[StoredPage]:
    """Every stored article page (2xx), in id order."""
    return iter_pages_to_reextract(session, site, batch=batch)


def count_article_pages(session: Session, site: str | None = None) -> int:
    stmt = (
        sa.select(sa.func.count())
        .select_from(Page)
        .where(Page.kind == "article", Page.status < 300)  # not the dead links kept as gone
    )
    if site:
        stmt = stmt.where(Page.site == site)
    return session.scalar(stmt) or 0


def _pages_to_reextract(
    columns, site: str | None, shard: tuple[int, int] | None, current: dict[str, str] | None
):
    stmt = sa.select(*columns).where(Page.kind == "article", Page.status < 300)
    if site:
        stmt = stmt.where(Page.site == site)
    if shard:
        k, n = shard
        stmt = stmt.where(Page.id % n == k - 1)
    if current:  # resume: leave out pages whose document these rules already made from them
        done = sa.exists().where(
            Document.page_id == Page.id,
            Document.extracted_at > Page.fetched_at,
            sa.or_(
                *(
                    sa.and_(Page.site == s, Document.extractor_version == v)
                    for s, v in current.items()
                )
            ),
        )
        stmt = stmt.where(~done)
    return stmt


def iter_pages_to_reextract(
    session: Session,
    site: str | None = None,
    shard: tuple[int, int] | None = None,
    current: dict[str, str] | None = None,
    batch: int = 200,
) -> Iterator[StoredPage]:
    """Article pages in id order. `shard` (K, N): the pages with id % N == K - 1. `current`
    {site: extractor_version}: skip pages whose document has that version and was extracted
    after the page was fetched."""
    stmt = _pages_to_reextract(StoredPage.COLUMNS, site, shard, current)
    for row in session.execute(stmt.order_by(Page.id).execution_options(yield_per=batch)):
        yield StoredPage.read(session, row)


def count_pages_to_reextract(
    session: Session,
    site: str | None = None,
    shard: tuple[int, int] | None = None,
    current: dict[str, str] | None = None,
) -> int:
    stmt = _pages_to_reextract((sa.func.count(),), site, shard, current).select_from(Page)
    return session.scalar(stmt) or 0


def stored_sites(session: Session) -> list[str]:
    """Every site with a stored page or a run in the ledger."""
    pages = sa.select(Page.site).distinct()
    runs = sa.select(CrawlRun.site).distinct()
    return sorted(set(session.scalars(pages)) | set(session.scalars(runs)))


def article_sites(session: Session) -> list[str]:
    return list(
        session.scalars(
            sa.select(Page.site).where(Page.kind == "article").distinct().order_by(Page.site)
        )
    )
