"""Bulk loading of generated documents (bench/query.py) and index-size figures.

Not the crawl's path: no extraction, no MinHash. Rows arrive with their search form already
made, and are written with multi-row INSERT ... RETURNING, a batch at a time, so the search
index (the FTS5 triggers on SQLite, the GIN index on PostgreSQL) is filled as in a crawl.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipelines.db.bodies import PLAIN as COMPRESSOR
from pipelines.db.dialect import insert
from pipelines.db.models import Content, Document, Page, Story


def insert_documents(session: Session, docs: Sequence[dict], stories: dict) -> None:
    """Store `docs` (site, url, title, text, search_text, published, language, script,
    content_hash, story: a key shared by copies of one article, or None) with their pages.

    `stories` maps story keys to story ids across calls; it is updated in place.
    """
    now = datetime.now(UTC)
    page_ids = session.scalars(
        sa.insert(Page).returning(Page.id, sort_by_parameter_order=True),
        [
            {
                "site": d["site"],
                "url": d["url"],
                "requested_url": d["url"],
                "kind": "article",
                "status": 200,
                "content_type": "text/html; charset=utf-8",
                "headers": {"Content-Type": "text/html; charset=utf-8"},
                "body": COMPRESSOR.compress(d["html"].encode("utf-8")),
                "body_size": len(d["html"].encode("utf-8")),
                "fetched_at": now,
                "run_id": None,
            }
            for d in docs
        ],
    ).all()
    doc_ids = session.scalars(
        sa.insert(Document).returning(Document.id, sort_by_parameter_order=True),
        [
            {
                "page_id": page_id,
                "site": d["site"],
                "title": d["title"],
                "text": d["text"],
                "published": d["published"],
                "author": None,
                "source": None,
                "language": d["language"],
                "script": d["script"],
                "content_hash": d["content_hash"],
                "declared_encoding": "utf-8",
                "used_encoding": "utf-8",
                "has_replacement_chars": False,
                "extractor_version": "synthetic",
                "extracted_at": now,
                "search_text": d["search_text"],
            }
            for page_id, d in zip(page_ids, docs, strict=True)
        ],
    ).all()
    first_by_hash: dict[str, int] = {}
    for doc_id, d in zip(doc_ids, docs, strict=True):
        first_by_hash.setdefault(d["content_hash"], doc_id)
    session.execute(
        insert(session, Content).on_conflict_do_nothing(index_elements=[Content.content_hash]),
        [{"content_hash": h, "first_document_id": i} for h, i in first_by_hash.items()],
    )
    new_keys = {}
    for doc_id, d in zip(doc_ids, docs, strict=True):
        if d.get("story") is not None and d["story"] not in stories:
            new_keys.setdefault(d["story"], doc_id)
    if new_keys:
        ids = session.scalars(
            sa.insert(Story).returning(Story.id, sort_by_parameter_order=True),
            [{"first_document_id": doc_id, "created_at": now} for doc_id in new_keys.values()],
        ).all()
        stories.update(zip(new_keys, ids, strict=True))
    linked = [
        {"id": doc_id, "story_id": stories[d["story"]]}
        for doc_id, d in zip(doc_ids, docs, strict=True)
        if d.get("story") is not None
    ]
    if linked:
        session.execute(sa.update(Document), linked)


def storage_figures(session: Session) -> dict[str, int]:
    """Bytes: the whole database, the search index, the search column, the documents' text."""
    dialect = session.get_bind().dialect.name
    figures = {
        "search_column": session.scalar(
            sa.select(sa.func.sum(sa.func.length(Document.search_text)))
        )
        or 0
    }
    if dialect == "sqlite":
        page_size = session.scalar(sa.text("PRAGMA page_size"))
        figures["database"] = session.scalar(sa.text("PRAGMA page_count")) * page_size
        sizes = dict(
            session.execute(sa.text("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")).all()
        )
        figures["index"] = sum(v for k, v in sizes.items() if k.startswith("documents_fts"))
        figures["documents_table"] = sizes.get("documents", 0)
    elif dialect == "postgresql":
        figures["database"] = session.scalar(sa.text("SELECT pg_database_size(current_database())"))
        figures["index"] = session.scalar(
            sa.text("SELECT pg_relation_size('ix_documents_search_text_trgm')")
        )
        figures["documents_table"] = (
            session.scalar(sa.text("SELECT pg_total_relation_size('documents')")) - figures["index"]
        )
    return figures


def count_documents(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(Document)) or 0
