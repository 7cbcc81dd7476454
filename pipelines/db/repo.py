"""Every query the project makes. Batched writes; unique keys, not SELECTs, decide duplicates."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

import sqlalchemy as sa
import zstandard
from sqlalchemy.orm import Session, aliased

from pipelines.processing import Document as ExtractedDocument
from pipelines.processing.searchable import search_form

from . import annotations
from .dialect import as_utc, now
from .dialect import insert as _insert
from .ledger import (  # noqa: F401  (the run ledger and locks, re-exported)
    acquire_lock,
    finish_run,
    get_run,
    heartbeat,
    last_finished_or_killed,
    last_finished_run,
    mark_runs_killed,
    recent_runs,
    release_lock,
    site_locked,
    start_run,
)
from .models import (
    Content,
    CrawlRun,
    Document,
    DocumentVersion,
    Page,
    PageVersion,
    SiteRules,
    Story,
)
from .skips import clip
from .stories import assign_stories, repair_stories, stories  # noqa: F401 (repo.stories)

_compressor = zstandard.ZstdCompressor(level=10)
_decompressor = zstandard.ZstdDecompressor()


class FetchedPage(Protocol):
    """A response to store (the crawl's PageItem), with its document when it is an article."""

    site: str
    url: str
    requested_url: str
    kind: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    document: ExtractedDocument | None
    skip_reason: str | None  # why an article page got no document (NotADocument)


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


@dataclass(frozen=True)
class KnownPage:
    etag: str | None
    last_modified: str | None
    checked_at: datetime | None
    gone: bool


def known_articles(session: Session, site: str) -> dict[str, KnownPage]:
    """What the crawl needs to know of a site's stored articles: one query, one row each."""
    rows = session.execute(
        sa.select(Page.url, Page.requested_url, Page.etag, Page.last_modified, Page.checked_at,
                  Page.fetched_at, Page.gone_at)
        .where(Page.site == site, Page.kind == "article")
    )
    known = {}
    for r in rows:
        page = KnownPage(r.etag, r.last_modified, as_utc(r.checked_at or r.fetched_at),
                         r.gone_at is not None)
        known[r.url] = page
        known.setdefault(r.requested_url, page)  # the link that redirected to it
    return known


# -- writing pages and documents -------------------------------------------------------------

def _merge_same_url(pages: Sequence[FetchedPage]) -> list[FetchedPage]:
    """One row per final URL (a page may be reached directly and through a redirect): the
    last fetch wins, keeping the redirect's requested URL, as the upsert does across batches.

    Sorted by URL: concurrent writers then lock rows in one order and cannot deadlock.
    """
    merged: dict[str, FetchedPage] = {}
    for page in pages:
        earlier = merged.get(page.url)
        if earlier and earlier.requested_url != earlier.url and page.requested_url == page.url:
            page.requested_url = earlier.requested_url
        merged[page.url] = page
    return sorted(merged.values(), key=lambda page: page.url)


def _header(headers: dict[str, str], name: str) -> str | None:
    name = name.lower()
    return next((v for k, v in headers.items() if k.lower() == name), None)


def save_pages(session: Session, pages: Sequence[FetchedPage], run_id: int | None) -> SaveResult:
    """Store a batch of responses: new pages, new versions of edited articles, 304s, 404s.

    One SELECT for the batch tells what is stored; an article whose document changed keeps
    its previous page bytes and document in the version tables; listing pages keep only
    their latest bytes.
    """
    pages = _merge_same_url(pages)
    result = SaveResult(pages=len(pages))
    if not pages:
        return result
    stored = {
        row.url: row for row in session.execute(
            sa.select(Page.id, Page.url, Page.version, Document.content_hash, Document.title)
            .join(Document, Document.page_id == Page.id, isouter=True)
            .where(Page.url.in_([p.url for p in pages]))
        )
    }
    not_modified = [p for p in pages if p.status == 304 and p.url in stored]
    gone = [p for p in pages if p.status in (404, 410) and p.url in stored]
    fresh = [p for p in pages if 200 <= p.status < 300]
    if not_modified:
        session.execute(sa.update(Page), [
            {"id": stored[p.url].id, "checked_at": p.fetched_at, "gone_at": None}
            for p in not_modified])
    if gone:
        session.execute(sa.update(Page), [
            {"id": stored[p.url].id, "checked_at": p.fetched_at, "status": p.status,
             "gone_at": p.fetched_at} for p in gone])
    result.not_modified = len(not_modified)
    result.gone = len(gone)

    changed = [
        p for p in fresh
        if p.url in stored and p.document is not None and stored[p.url].content_hash
        and (p.document.content_hash, p.document.title)
        != (stored[p.url].content_hash, stored[p.url].title)
    ]
    _archive_versions(session, [stored[p.url].id for p in changed])
    changed_urls = {p.url for p in changed}
    if fresh:
        _upsert_pages(session, fresh, run_id, {
            p.url: stored[p.url].version + (p.url in changed_urls) if p.url in stored else 1
            for p in fresh})
    ids = dict(session.execute(
        sa.select(Page.url, Page.id).where(Page.url.in_([p.url for p in fresh]))
    ).all()) if fresh else {}
    new_docs = [(ids[p.url], p.site, p.document) for p in fresh
                if p.document is not None and not (p.url in stored and stored[p.url].content_hash)]
    first = save_documents(session, new_docs)
    save_documents(session, [(ids[p.url], p.site, p.document) for p in changed])
    # An edited article no longer carries its old text: another copy of that text, if any,
    # becomes the first with it.
    repair_contents(session, {stored[p.url].content_hash for p in changed})
    result.documents = first.documents
    result.new_documents, result.duplicates = first.new_documents, first.duplicates
    result.updated = len(changed)
    result.unchanged = len(not_modified) + sum(
        1 for p in fresh if p.kind == "article" and p.url in stored and p.url not in changed_urls)
    return result


def _upsert_pages(session: Session, pages: Sequence[FetchedPage], run_id: int | None,
                  versions: dict[str, int]) -> None:
    rows = [
        {
            "site": p.site, "url": p.url, "requested_url": p.requested_url, "kind": p.kind,
            "status": p.status, "content_type": _header(p.headers, "Content-Type"),
            "headers": p.headers, "body": _compressor.compress(p.body),
            "body_size": len(p.body), "fetched_at": p.fetched_at, "run_id": run_id,
            "etag": _header(p.headers, "ETag"),
            "last_modified": _header(p.headers, "Last-Modified"),
            "body_sha256": hashlib.sha256(p.body).hexdigest(), "version": versions[p.url],
            "checked_at": p.fetched_at, "gone_at": None,
            "skip_reason": None if p.document is not None
            else clip(getattr(p, "skip_reason", None)),
        }
        for p in pages
    ]
    stmt = _insert(session, Page)
    excluded = stmt.excluded
    stmt = stmt.on_conflict_do_update(
        index_elements=[Page.url],
        set_={
            "requested_url": sa.case(
                (excluded.requested_url != excluded.url, excluded.requested_url),
                else_=Page.requested_url,
            ),
            **{c: excluded[c] for c in rows[0] if c not in ("url", "requested_url")},
        },
    )
    session.execute(stmt, rows)


def _archive_versions(session: Session, page_ids: Sequence[int]) -> None:
    """Copy the current bytes and document of these pages into the history tables."""
    if not page_ids:
        return
    session.execute(
        _insert(session, PageVersion).from_select(
            ["page_id", "version", "status", "headers", "body", "body_sha256", "fetched_at"],
            sa.select(Page.id, Page.version, Page.status, Page.headers, Page.body,
                      Page.body_sha256, Page.fetched_at).where(Page.id.in_(page_ids)),
        ).on_conflict_do_nothing()
    )
    session.execute(
        _insert(session, DocumentVersion).from_select(
            ["document_id", "version", "title", "text", "published", "content_hash",
             "extractor_version", "extracted_at", "replaced_at"],
            sa.select(Document.id, Page.version, Document.title, Document.text,
                      Document.published, Document.content_hash, Document.extractor_version,
                      Document.extracted_at, sa.literal(now(), sa.DateTime(timezone=True)))
            .join(Page, Page.id == Document.page_id).where(Page.id.in_(page_ids)),
        ).on_conflict_do_nothing()
    )


def save_documents(
    session: Session, documents: Sequence[tuple[int, str, ExtractedDocument]]
) -> SaveResult:
    """Upsert documents by page, register their content hashes, report which are duplicates."""
    if not documents:
        return SaveResult()
    _serialise_writers(session)
    documents = sorted(documents, key=lambda d: d[0])  # one lock order for every writer
    extracted_at = now()
    rows = [
        {
            "page_id": page_id, "site": site, "title": d.title, "text": d.text,
            "published": d.published, "author": d.author, "source": d.source,
            "language": d.language, "script": d.script, "content_hash": d.content_hash,
            "declared_encoding": d.declared_encoding, "used_encoding": d.used_encoding,
            "has_replacement_chars": d.has_replacement_chars,
            "extractor_version": d.extractor_version, "extracted_at": extracted_at,
            "search_text": search_form(d.title, d.text),
        }
        for page_id, site, d in documents
    ]
    stmt = _insert(session, Document)
    stmt = stmt.on_conflict_do_update(
        index_elements=[Document.page_id],
        set_={c: stmt.excluded[c] for c in rows[0] if c != "page_id"},
    )
    session.execute(stmt, rows)
    annotations.save(session, documents)  # topics, organisations (migration 0009)
    page_ids = [page_id for page_id, _, _ in documents]
    stored = session.execute(
        sa.select(Document.id, Document.content_hash).where(Document.page_id.in_(page_ids))
    ).all()
    first_by_hash: dict[str, int] = {}
    for doc_id, digest in sorted(stored):
        first_by_hash.setdefault(digest, doc_id)
    session.execute(
        _insert(session, Content).on_conflict_do_nothing(index_elements=[Content.content_hash]),
        [{"content_hash": h, "first_document_id": i} for h, i in sorted(first_by_hash.items())],
    )
    firsts = dict(session.execute(
        sa.select(Content.content_hash, Content.first_document_id)
        .where(Content.content_hash.in_(list(first_by_hash)))
    ).all())
    result = SaveResult(documents=len(stored))
    for doc_id, digest in stored:
        if firsts.get(digest) == doc_id:
            result.new_documents += 1
        else:
            result.duplicates += 1
    assign_stories(session, [doc_id for doc_id, _ in stored])
    return result


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
    stmt = _insert(session, Content).from_select(["content_hash", "first_document_id"], missing)
    session.execute(stmt.on_conflict_do_nothing(index_elements=[Content.content_hash]))
    if hashes is None:
        repair_stories(session)


# -- reading ---------------------------------------------------------------------------------

def iter_article_pages(session: Session, site: str | None = None,
                       batch: int = 200) -> Iterator[StoredPage]:
    stmt = (
        sa.select(Page.id, Page.site, Page.url, Page.requested_url, Page.status, Page.headers,
                  Page.body, Page.fetched_at)
        .where(Page.kind == "article", Page.status < 300)
        .order_by(Page.id)
        .execution_options(yield_per=batch)
    )
    if site:
        stmt = stmt.where(Page.site == site)
    for row in session.execute(stmt):
        yield StoredPage(
            id=row.id, site=row.site, url=row.url, requested_url=row.requested_url,
            status=row.status, headers=dict(row.headers or {}),
            body=_decompressor.decompress(row.body), fetched_at=as_utc(row.fetched_at),
        )


def document_hashes(session: Session, page_ids: Sequence[int]) -> dict[int, str]:
    if not page_ids:
        return {}
    return dict(session.execute(
        sa.select(Document.page_id, Document.content_hash).where(Document.page_id.in_(page_ids))
    ).all())


def count_article_pages(session: Session, site: str | None = None) -> int:
    stmt = sa.select(sa.func.count()).select_from(Page).where(Page.kind == "article")
    if site:
        stmt = stmt.where(Page.site == site)
    return session.scalar(stmt) or 0


EXPORT_FIELDS = (
    "url", "requested_url", "site", "title", "published", "language", "script", "author",
    "source", "text", "content_hash", "duplicate_of", "near_duplicate_of", "story_id",
    "fetched_at", "extractor_version", "declared_encoding", "used_encoding",
    "has_replacement_chars",
)


def _documents_query(site: str | None, language: str | None, since: date | None,
                     until: date | None = None):
    first_doc, first_page = aliased(Document), aliased(Page)
    story_page = aliased(Page)
    story_first = aliased(Document)
    stmt = (
        sa.select(
            Page.url, Page.requested_url, Document.site, Document.title, Document.published,
            Document.language, Document.script, Document.author, Document.source,
            Document.text, Document.content_hash,
            sa.case((first_doc.id != Document.id, first_page.url), else_=None)
            .label("duplicate_of"),
            sa.case((Story.first_document_id != Document.id, story_page.url), else_=None)
            .label("near_duplicate_of"),
            Document.story_id,
            Page.fetched_at, Document.extractor_version, Document.declared_encoding,
            Document.used_encoding, Document.has_replacement_chars,
        )
        .join(Page, Page.id == Document.page_id)
        .join(Content, Content.content_hash == Document.content_hash, isouter=True)
        .join(first_doc, first_doc.id == Content.first_document_id, isouter=True)
        .join(first_page, first_page.id == first_doc.page_id, isouter=True)
        .join(Story, Story.id == Document.story_id, isouter=True)
        .join(story_first, story_first.id == Story.first_document_id, isouter=True)
        .join(story_page, story_page.id == story_first.page_id, isouter=True)
    )
    if site:
        stmt = stmt.where(Document.site == site)
    if language:
        stmt = stmt.where(Document.language == language)
    if since:
        stmt = stmt.where(Document.published >= since)
    if until:
        stmt = stmt.where(Document.published <= until)
    return stmt


def _row_dict(row) -> dict:
    data = dict(row._mapping)
    data["published"] = data["published"].isoformat() if data["published"] else None
    data["fetched_at"] = as_utc(data["fetched_at"]).isoformat()
    return data


def iter_documents(session: Session, site: str | None = None, language: str | None = None,
                   since: date | None = None, batch: int = 500,
                   until: date | None = None) -> Iterator[dict]:
    """Export rows, one per stored article URL, streamed."""
    stmt = _documents_query(site, language, since, until).order_by(Document.id)
    for row in session.execute(stmt.execution_options(yield_per=batch)):
        yield _row_dict(row)


def site_summary(session: Session) -> list[dict]:
    """Per site: pages, article pages, documents, distinct contents, languages."""
    pages = dict(session.execute(
        sa.select(Page.site, sa.func.count()).group_by(Page.site)).all())
    docs = session.execute(
        sa.select(Document.site, sa.func.count(), sa.func.count(sa.distinct(Document.content_hash)))
        .group_by(Document.site)
    ).all()
    langs: dict[str, dict[str, int]] = {}
    for site, language, n in session.execute(
        sa.select(Document.site, Document.language, sa.func.count())
        .group_by(Document.site, Document.language)
    ):
        langs.setdefault(site, {})[language] = n
    dup_of_other = session.execute(
        sa.select(Document.site, sa.func.count())
        .join(Content, Content.content_hash == Document.content_hash)
        .where(Content.first_document_id != Document.id)
        .group_by(Document.site)
    ).all()
    dups = dict(dup_of_other)
    return [
        {"site": site, "pages": pages.get(site, 0), "documents": n, "distinct": distinct,
         "duplicates": dups.get(site, 0), "languages": langs.get(site, {})}
        for site, n, distinct in sorted(docs)
    ]


def dumps(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, default=str)


def iter_rows(rows: Iterable[dict], fields: Sequence[str] = EXPORT_FIELDS) -> Iterator[list]:
    for row in rows:
        yield [row.get(f) for f in fields]


def story_assignments(session: Session) -> list[tuple[str, int | None, str]]:
    """(url, story_id, content_hash) of every document, in one query (the dedup benchmark)."""
    return [tuple(row) for row in session.execute(
        sa.select(Page.url, Document.story_id, Document.content_hash)
        .join(Page, Page.id == Document.page_id)
    )]


# -- learned extraction inputs ---------------------------------------------------------------

def learned_boilerplate(session: Session) -> dict[str, frozenset[str]]:
    """Every site's learned boilerplate lines."""
    return {r.site: frozenset(r.boilerplate) for r in session.scalars(sa.select(SiteRules))}


def save_learned_boilerplate(session: Session, site: str, lines: frozenset[str], version: str,
                             documents: int) -> None:
    values = {"boilerplate": sorted(lines), "version": version, "documents": documents,
              "learned_at": now()}
    stmt = _insert(session, SiteRules).values(site=site, **values)
    session.execute(stmt.on_conflict_do_update(index_elements=[SiteRules.site], set_=values))


def iter_site_texts(session: Session, site: str, batch: int = 500) -> Iterator[str]:
    stmt = (sa.select(Document.text).where(Document.site == site)
            .execution_options(yield_per=batch))
    yield from session.scalars(stmt)


# -- re-extraction at scale: shards, resuming ------------------------------------------------

def _pages_to_reextract(columns, site: str | None, shard: tuple[int, int] | None,
                        current: dict[str, str] | None):
    stmt = sa.select(*columns).where(Page.kind == "article", Page.status < 300)
    if site:
        stmt = stmt.where(Page.site == site)
    if shard:
        k, n = shard
        stmt = stmt.where(Page.id % n == k - 1)
    if current:  # resume: leave out pages whose document these rules already made from them
        done = sa.exists().where(
            Document.page_id == Page.id, Document.extracted_at > Page.fetched_at,
            sa.or_(*(sa.and_(Page.site == s, Document.extractor_version == v)
                     for s, v in current.items())))
        stmt = stmt.where(~done)
    return stmt


def iter_pages_to_reextract(session: Session, site: str | None = None,
                            shard: tuple[int, int] | None = None,
                            current: dict[str, str] | None = None,
                            batch: int = 200) -> Iterator[StoredPage]:
    """Article pages in id order. `shard` (K, N): the pages with id % N == K - 1. `current`
    {site: extractor_version}: skip pages whose document has that version and was extracted
    after the page was fetched."""
    stmt = _pages_to_reextract(
        (Page.id, Page.site, Page.url, Page.requested_url, Page.status, Page.headers, Page.body,
         Page.fetched_at), site, shard, current,
    ).order_by(Page.id).execution_options(yield_per=batch)
    for row in session.execute(stmt):
        yield StoredPage(
            id=row.id, site=row.site, url=row.url, requested_url=row.requested_url,
            status=row.status, headers=dict(row.headers or {}),
            body=_decompressor.decompress(row.body), fetched_at=as_utc(row.fetched_at),
        )


def count_pages_to_reextract(session: Session, site: str | None = None,
                             shard: tuple[int, int] | None = None,
                             current: dict[str, str] | None = None) -> int:
    stmt = _pages_to_reextract((sa.func.count(),), site, shard, current).select_from(Page)
    return session.scalar(stmt) or 0


def stored_sites(session: Session) -> list[str]:
    """Every site with a stored page or a run in the ledger."""
    pages = sa.select(Page.site).distinct()
    runs = sa.select(CrawlRun.site).distinct()
    return sorted(set(session.scalars(pages)) | set(session.scalars(runs)))


def article_sites(session: Session) -> list[str]:
    return list(session.scalars(
        sa.select(Page.site).where(Page.kind == "article").distinct().order_by(Page.site)))
