"""Reading every stored response back (list pages, errors and redirects included): the WARC
export's source."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .models import Document, Page
from .queries import EVERYTHING, Filters
from .stored_pages import StoredPage


def iter_pages(
    session: Session, filters: Filters = EVERYTHING, batch: int = 200, only=None
) -> Iterator[StoredPage]:
    """Stored pages in storage order, bodies decompressed, streamed `batch` rows at a time.

    `filters.site` keeps that site's pages; any document filter (language, since, until)
    keeps only the article pages whose document matches it; `only` (a SELECT of page ids: a
    query's selection, pipelines.db.subcorpus.page_ids) keeps those pages.
    """
    stmt = (
        sa.select(*StoredPage.COLUMNS)
        .order_by(Page.id)  # storage order: no sort of the bodies before the first record
        .execution_options(yield_per=batch)
    )
    if filters.site:
        stmt = stmt.where(Page.site == filters.site)
    if only is not None:
        stmt = stmt.where(Page.id.in_(only))
    document_filters = replace(filters, site=None)
    if document_filters != EVERYTHING:
        matching = sa.select(Document.id).where(Document.page_id == Page.id)
        stmt = stmt.where(document_filters.apply(matching).exists())
    for row in session.execute(stmt):
        yield StoredPage.read(session, row)
