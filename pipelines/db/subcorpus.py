"""A sub-corpus: every document (or raw page) a query selects, streamed, for `export`.

The query is the one of `schoolnews query` (pipelines.query_language), compiled the same way;
nothing is ranked here, so there is no cap: the selection is a subquery of document ids and
rows leave the database a batch at a time (constant memory whatever the corpus size). Each
document row carries its `topics` and `organisations`, read a batch at a time too.
`per_story` keeps one document per story (exact or near copies on any site): a live copy
(its page neither moved nor gone) before a stale one, then the earliest published.
"""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session

from . import annotations
from .models import Document, Page
from .queries import EVERYTHING, Filters, documents_query, export_row
from .search import compile_query, matching

BATCH = 500


def selection(session: Session, query: str | None, filters: Filters, per_story: bool = False):
    """SELECT of the ids of the selected documents (QueryError for a malformed query)."""
    compiled = compile_query(session, query or "")
    ids = (
        matching(compiled, filters)
        if compiled.node is not None
        else filters.apply(sa.select(Document.id))
    )
    if not per_story:
        return ids
    story = sa.func.coalesce(Document.story_id, -Document.id)
    ranked = (
        sa.select(
            Document.id,
            sa.func.row_number()
            .over(
                partition_by=story,
                order_by=(stale_page(), Document.published.nulls_last(), Document.id),
            )
            .label("place"),
        )
        .join(Page, Page.id == Document.page_id)
        .where(Document.id.in_(ids))
        .subquery("ranked")
    )
    return sa.select(ranked.c.id).where(ranked.c.place == 1)


def stale_page():
    """1 for a document whose page moved (its URL redirects elsewhere) or is gone, else 0: a
    redesigned site's old copy, at a dead URL, loses a per-story pick to the live one."""
    return sa.case((Page.moved_to.is_not(None) | Page.gone_at.is_not(None), 1), else_=0)


def iter_documents(
    session: Session,
    query: str | None = None,
    filters: Filters = EVERYTHING,
    per_story: bool = False,
    batch: int = BATCH,
) -> Iterator[dict]:
    """Export rows (queries.EXPORT_FIELDS + topics, organisations) of the selection, by id."""
    ids = selection(session, query, filters, per_story)
    stmt = (
        documents_query()
        .add_columns(Document.id.label("id"))
        .where(Document.id.in_(ids))
        .order_by(Document.id)
        .execution_options(yield_per=batch)
    )
    for rows in session.execute(stmt).partitions():
        extra = annotations.of_documents(session, [row.id for row in rows])
        for row in rows:
            data = export_row(row)
            data.update(extra[data.pop("id")])
            yield data


def page_ids(
    session: Session, query: str | None, filters: Filters = EVERYTHING, per_story: bool = False
):
    """SELECT of the page ids of the selected documents (the WARC export of a query)."""
    ids = selection(session, query, filters, per_story)
    return sa.select(Document.page_id).where(Document.id.in_(ids))
