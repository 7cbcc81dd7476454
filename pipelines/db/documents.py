"""Extracted documents and their contents: upserts by page, the first document of every
text (exact duplicates), and story assignment of what was written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipelines.processing import Document as ExtractedDocument
from pipelines.processing.searchable import search_form

from . import annotations
from .dialect import insert, now
from .models import Content, Document, Page
from .stories import assign_stories, repair_stories


@dataclass
class SaveResult:
    pages: int = 0
    documents: int = 0  # documents of pages stored for the first time
    new_documents: int = 0  # … whose content was new
    duplicates: int = 0  # … whose content was already stored
    updated: int = 0  # known articles whose document changed (a new version)
    unchanged: int = 0  # known articles refetched (or 304) with the same document
    not_modified: int = 0  # 304 answers
    gone: int = 0  # known pages now answering 404/410
    # … duplicates whose first copy the same site stored at another page in an earlier run:
    # a redesign under new URLs stores every story again (crawler.outcome says so).
    site_copies: int = 0
    site_copy_example: tuple[str, str] | None = None  # (new URL, the first copy's URL)


def save_documents(
    session: Session,
    documents: Sequence[tuple[int, str, ExtractedDocument]],
    run_id: int | None = None,
) -> SaveResult:
    """Upsert documents by page, register their content hashes, report which are duplicates
    (and which copy what the same site stored before `run_id`)."""
    if not documents:
        return SaveResult()
    _serialise_writers(session)
    documents = sorted(documents, key=lambda d: d[0])  # one lock order for every writer
    page_ids = [page_id for page_id, _, _ in documents]
    # What the stored sketches were made from (read after the lock: no writer in between).
    previous = document_hashes(session, page_ids)
    _upsert(session, documents)
    annotations.save(session, documents)  # topics, organisations (migration 0014)
    rows = session.execute(
        sa.select(Document.id, Document.content_hash, Document.page_id).where(
            Document.page_id.in_(page_ids)
        )
    ).all()
    stored = [(doc_id, digest) for doc_id, digest, _ in rows]
    firsts = _first_of_each_content(session, stored)
    result = SaveResult(documents=len(stored))
    for doc_id, digest in stored:
        if firsts.get(digest) == doc_id:
            result.new_documents += 1
        else:
            result.duplicates += 1
    _count_site_copies(
        session, result, [(i, firsts[d]) for i, d in stored if firsts[d] != i], run_id
    )
    unchanged = {doc_id for doc_id, digest, page_id in rows if previous.get(page_id) == digest}
    # The exact copies of a text that changed lost their copy: they join a story again too.
    # (Indexed only through their first copy, they were no candidates of anything.)
    copies = _copies_of(session, set(previous.values()) - {digest for _, digest in stored})
    copies -= {doc_id for doc_id, _ in stored}
    assign_stories(session, [doc_id for doc_id, _ in stored] + sorted(copies), unchanged | copies)
    return result


def _count_site_copies(
    session: Session, result: SaveResult, pairs: list[tuple[int, int]], run_id: int | None
) -> None:
    """Count the (copy, first copy) document pairs whose first copy is of the copy's site and
    was fetched by an earlier run (one query). Copies of this run's own pages (a story a
    first crawl finds in two columns) are a site's cross-posting, not its move."""
    if not pairs:
        return
    ids = {i for pair in pairs for i in pair}
    rows = session.execute(
        sa.select(Document.id, Document.site, Page.url, Page.run_id)
        .join(Page, Page.id == Document.page_id)
        .where(Document.id.in_(ids))
    ).all()
    found = {doc_id: (site, url, run) for doc_id, site, url, run in rows}
    copies = [
        (found[new][1], found[first][1])
        for new, first in sorted(pairs)
        if found[new][0] == found[first][0] and (run_id is None or found[first][2] != run_id)
    ]
    result.site_copies = len(copies)
    result.site_copy_example = copies[0] if copies else None


def _copies_of(session: Session, hashes: set[str]) -> set[int]:
    """The documents that hold one of these texts."""
    if not hashes:
        return set()
    return set(session.scalars(sa.select(Document.id).where(Document.content_hash.in_(hashes))))


def _upsert(session: Session, documents: Sequence[tuple[int, str, ExtractedDocument]]) -> None:
    """One row per page, replaced when the page is extracted again."""
    extracted_at = now()
    rows = [
        {
            "page_id": page_id,
            "site": site,
            "title": d.title,
            "text": d.text,
            "published": d.published,
            "author": d.author,
            "source": d.source,
            "language": d.language,
            "script": d.script,
            "content_hash": d.content_hash,
            "declared_encoding": d.declared_encoding,
            "used_encoding": d.used_encoding,
            "has_replacement_chars": d.has_replacement_chars,
            "extractor_version": d.extractor_version,
            "extracted_at": extracted_at,
            "search_text": search_form(d.title, d.text),
            "translations": list(getattr(d, "translations", ())) or None,
        }
        for page_id, site, d in documents
    ]
    # RETURNING makes SQLAlchemy send the rows as multi-row INSERTs ("insertmanyvalues",
    # compiled once), not one statement per row: SQLite runs the full-text trigger's
    # statement journal, and FTS5 flushes its pending index to disk, once per statement.
    # Per row, that flush and the segment merges it sets off made the trigram index cost
    # twice what it does per batch. Page ids are unique in a batch (save_pages merges same
    # URLs), so no row of a statement conflicts with another (PostgreSQL refuses that).
    stmt = insert(session, Document.__table__)  # Core: no ORM bookkeeping per row
    stmt = stmt.on_conflict_do_update(
        index_elements=[Document.page_id],
        set_={c: stmt.excluded[c] for c in rows[0] if c != "page_id"},
    ).returning(Document.id)
    session.execute(stmt, rows).all()


def _first_of_each_content(session: Session, stored) -> dict[str, int]:
    """Register the contents of these (id, hash) documents; the first document of each hash
    (stored earlier, or the lowest id of this batch)."""
    first_by_hash: dict[str, int] = {}
    for doc_id, digest in sorted(stored):
        first_by_hash.setdefault(digest, doc_id)
    session.execute(
        insert(session, Content.__table__).on_conflict_do_nothing(
            index_elements=[Content.content_hash]
        ),
        [{"content_hash": h, "first_document_id": i} for h, i in sorted(first_by_hash.items())],
    )
    return dict(
        session.execute(
            sa.select(Content.content_hash, Content.first_document_id).where(
                Content.content_hash.in_(list(first_by_hash))
            )
        ).all()
    )


STORY_LOCK = 0x5C4001_570121  # PostgreSQL advisory lock key: "schoolnews stories"


def _serialise_writers(session: Session) -> None:
    """One writer at a time from here to commit (PostgreSQL; SQLite has one writer anyway).

    Near copies written at once by two workers would otherwise not see each other's band
    keys (uncommitted) and start two stories; and the contents rows of two batches could be
    locked in crossing orders.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": STORY_LOCK})


def repair_contents(session: Session, hashes: set[str] | None = None) -> None:
    """After texts changed: every hash (of `hashes`, or all) names the first document that
    still has it; with all hashes, every story its earliest document too."""
    if hashes is not None and not hashes:
        return
    stale = (
        sa.select(Content.content_hash)
        .join(Document, Document.id == Content.first_document_id)
        .where(Document.content_hash != Content.content_hash)
    )
    missing = (
        sa.select(Document.content_hash, sa.func.min(Document.id))
        .where(~sa.exists().where(Content.content_hash == Document.content_hash))
        .group_by(Document.content_hash)
    )
    if hashes is not None:
        stale = stale.where(Content.content_hash.in_(hashes))
        missing = missing.where(Document.content_hash.in_(hashes))
    session.execute(sa.delete(Content).where(Content.content_hash.in_(stale)))
    stmt = insert(session, Content).from_select(["content_hash", "first_document_id"], missing)
    session.execute(stmt.on_conflict_do_nothing(index_elements=[Content.content_hash]))
    if hashes is None:
        repair_stories(session)


def document_hashes(session: Session, page_ids: Sequence[int]) -> dict[int, str]:
    if not page_ids:
        return {}
    return dict(
        session.execute(
            sa.select(Document.page_id, Document.content_hash).where(Document.page_id.in_(page_ids))
        ).all()
    )


def story_assignments(session: Session) -> list[tuple[str, int | None, str]]:
    """(url, story_id, content_hash) of every document, in one query (the dedup benchmark)."""
    return [
        tuple(row)
        for row in session.execute(
            sa.select(Page.url, Document.story_id, Document.content_hash).join(
                Page, Page.id == Document.page_id
            )
        )
    ]
