"""Every query the project makes. Batched writes; unique keys, not SELECTs, decide duplicates."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol

import numpy as np
import sqlalchemy as sa
import zstandard
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from pipelines.processing import Document as ExtractedDocument
from pipelines.processing.searchable import search_form
from pipelines.processing.similarity import (
    band_keys,
    same_story,
    shingles,
    signature,
    worth_verifying,
)

from .models import (
    Content,
    CrawlRun,
    Document,
    DocumentBand,
    DocumentSketch,
    DocumentVersion,
    Page,
    PageVersion,
    SiteLock,
    SiteRules,
    Story,
)
from .session import DatabaseError

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


def now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite hands timestamps back naive; they were stored as UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _insert(session: Session, model):
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(model)
    if dialect == "sqlite":
        return sqlite.insert(model)
    raise DatabaseError(f"unsupported database {dialect!r}: use SQLite or PostgreSQL")


# -- runs ------------------------------------------------------------------------------------

def start_run(session: Session, site: str) -> int:
    run = CrawlRun(site=site, started_at=now(), status="running")
    session.add(run)
    session.flush()
    return run.id


def finish_run(session: Session, run_id: int, status: str, close_reason: str | None,
               counts: dict[str, int]) -> None:
    values = {k: v for k, v in counts.items() if k in CrawlRun.__table__.c}
    session.execute(
        sa.update(CrawlRun).where(CrawlRun.id == run_id).values(
            status=status, close_reason=close_reason, finished_at=now(), **values
        )
    )


def last_finished_run(session: Session, site: str) -> CrawlRun | None:
    return session.scalars(
        sa.select(CrawlRun).where(CrawlRun.site == site, CrawlRun.status == "finished")
        .order_by(CrawlRun.id.desc()).limit(1)).first()


def last_finished_or_killed(session: Session, site: str) -> str | None:
    """Status of the site's latest run that ended (the one in progress is not it)."""
    return session.scalar(
        sa.select(CrawlRun.status).where(CrawlRun.site == site, CrawlRun.status != "running")
        .order_by(CrawlRun.id.desc()).limit(1))


def mark_runs_killed(session: Session, site: str, keep: int | None = None) -> int:
    """Runs of a site left 'running' by a process that died (all but run `keep`): they will
    never finish."""
    stmt = sa.update(CrawlRun).where(CrawlRun.site == site, CrawlRun.status == "running")
    if keep is not None:
        stmt = stmt.where(CrawlRun.id != keep)
    return session.execute(stmt.values(status="killed", finished_at=now())).rowcount


def site_locked(session: Session, site: str) -> bool:
    """Whether a plain (non-distributed) crawl holds the site's lock."""
    return session.scalar(sa.select(sa.func.count()).select_from(SiteLock)
                          .where(SiteLock.site == site)) > 0


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


# -- site locks ------------------------------------------------------------------------------

def acquire_lock(session: Session, site: str, owner: str,
                 is_stale: Callable[[str, datetime], bool]) -> str | None:
    """Take the site's lock; None on success, else the live owner holding it.

    `is_stale(owner, heartbeat_at)` decides whether a held lock was left by a dead process;
    such a lock is taken over and the dead process's runs are marked killed.
    """
    moment = now()
    inserted = session.execute(
        _insert(session, SiteLock).values(site=site, owner=owner, acquired_at=moment,
                                          heartbeat_at=moment)
        .on_conflict_do_nothing(index_elements=[SiteLock.site])
    ).rowcount
    if inserted:
        return None
    lock = session.execute(
        sa.select(SiteLock).where(SiteLock.site == site).with_for_update()
    ).scalar_one()
    if lock.owner != owner and not is_stale(lock.owner, as_utc(lock.heartbeat_at)):
        return lock.owner
    mark_runs_killed(session, site)
    lock.owner, lock.acquired_at, lock.heartbeat_at, lock.run_id = owner, moment, moment, None
    return None


def heartbeat(session: Session, site: str, owner: str, run_id: int | None = None) -> None:
    values = {"heartbeat_at": now()}
    if run_id is not None:
        values["run_id"] = run_id
    session.execute(sa.update(SiteLock).where(SiteLock.site == site, SiteLock.owner == owner)
                    .values(**values))


def release_lock(session: Session, site: str, owner: str) -> None:
    session.execute(sa.delete(SiteLock).where(SiteLock.site == site, SiteLock.owner == owner))


def recent_runs(session: Session, site: str | None = None, limit: int = 20) -> list[CrawlRun]:
    stmt = sa.select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)
    if site:
        stmt = stmt.where(CrawlRun.site == site)
    return list(session.scalars(stmt))


def get_run(session: Session, run_id: int) -> CrawlRun | None:
    return session.get(CrawlRun, run_id)


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
            "skip_reason": getattr(p, "skip_reason", None),
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


MAX_CANDIDATES = 20  # near-duplicate candidates considered per document


def _sketches(session: Session, document_ids: set[int]) -> dict[int, tuple[np.ndarray, int]]:
    if not document_ids:
        return {}
    return {
        doc_id: (np.frombuffer(blob, dtype="<u4"), count)
        for doc_id, blob, count in session.execute(
            sa.select(DocumentSketch.document_id, DocumentSketch.signature,
                      DocumentSketch.shingles)
            .where(DocumentSketch.document_id.in_(document_ids)))
    }


def assign_stories(session: Session, document_ids: Sequence[int]) -> None:
    """Index the documents' LSH bands and put each in a story: its exact copy's, else its
    nearest verified near-duplicate's, else the one it already had if it was alone in it
    (re-extraction keeps story ids stable), else a new one. A few queries per batch, not per
    item.

    Candidates share LSH bands; those from earlier batches are screened on their stored
    MinHash sketch, and only the ones that could pass are fetched and verified exactly.
    """
    if not document_ids:
        return
    first = aliased(Document)
    docs = session.execute(
        sa.select(Document.id, Document.text, Document.content_hash, Document.story_id,
                  Content.first_document_id, first.content_hash.label("first_hash"))
        .join(Content, Content.content_hash == Document.content_hash, isouter=True)
        .join(first, first.id == Content.first_document_id, isouter=True)
        .where(Document.id.in_(document_ids)).order_by(Document.id)
    ).all()
    batch = {d.id for d in docs}
    # The first document with this text, if it still has it (its own text may have changed
    # since, in this batch or before the contents row was repaired).
    exact = {d.id: d.first_document_id for d in docs
             if d.first_document_id not in (None, d.id) and d.first_hash == d.content_hash}
    story_of: dict[int, int | None] = {d.id: d.story_id for d in docs}
    story_of |= _story_ids(session, set(exact.values()) - batch)
    shingled = {d.id: shingles(d.text) for d in docs}
    sketch = {i: (signature(s), len(s)) for i, s in shingled.items()}
    keys = {i: band_keys(sig) for i, (sig, _) in sketch.items()}
    _index(session, document_ids, keys, sketch)

    # An exact copy needs no candidates: it joins its first copy's story (an earlier document
    # of the batch gets one; a stored one may lack one if stored before stories existed).
    searching = [d for d in docs if d.id not in exact
                 or (exact[d.id] not in batch and story_of.get(exact[d.id]) is None)]
    nearest = _nearest(session, searching, keys)
    sketch |= _sketches(session, {i for ids in nearest.values() for i in ids} - sketch.keys())
    # Stored before sketches existed: no sketch, so verified exactly.
    nearest = {
        doc_id: [i for i in ids if i not in sketch or worth_verifying(sketch[doc_id], sketch[i])]
        for doc_id, ids in nearest.items()
    }
    to_verify = {i for ids in nearest.values() for i in ids} - batch
    for doc_id, story_id, text in session.execute(
        sa.select(Document.id, Document.story_id, Document.text)
        .where(Document.id.in_(to_verify))
    ):
        story_of[doc_id] = story_id
        shingled[doc_id] = shingles(text)
    others_in = dict(session.execute(
        sa.select(Document.story_id, sa.func.count()).where(
            Document.story_id.in_({d.story_id for d in docs} - {None}))
        .group_by(Document.story_id)).all())

    # A document that starts a story gets the provisional id -document_id, so that later
    # documents of the batch can join it before the batch's stories are inserted at once.
    for doc in docs:  # in id order, so earlier documents of the batch are found first
        story = story_of.get(exact[doc.id]) if doc.id in exact else None
        if story is None:
            scored = []
            for other in nearest.get(doc.id, ()):
                if story_of.get(other) is None:  # a new document later in the batch
                    continue
                if (score := same_story(shingled[doc.id], shingled[other])) > 0:
                    # best score first; on a tie, the stored (older) story
                    scored.append((-score, story_of[other] < 0, abs(story_of[other])))
            if scored:
                best = min(scored)
                story = -best[2] if best[1] else best[2]
            elif doc.story_id is not None and others_in.get(doc.story_id, 0) <= 1:
                story = doc.story_id  # alone in it: re-extraction keeps the id
        story_of[doc.id] = story if story is not None else -doc.id
    starters = [d.id for d in docs if story_of[d.id] == -d.id]
    created = {}
    if starters:
        moment = now()
        created = {-first: story_id for story_id, first in session.execute(
            sa.insert(Story).returning(Story.id, Story.first_document_id,
                                       sort_by_parameter_order=True),
            [{"first_document_id": i, "created_at": moment} for i in starters],
        )}
    final = {d.id: created.get(story_of[d.id], story_of[d.id]) for d in docs}
    session.execute(sa.update(Document), [{"id": i, "story_id": s} for i, s in final.items()])
    left = {d.story_id for d in docs if d.story_id is not None and d.story_id != final[d.id]}
    _repair_stories(session, left | set(final.values()))


def _story_ids(session: Session, document_ids: set[int]) -> dict[int, int | None]:
    if not document_ids:
        return {}
    return dict(session.execute(
        sa.select(Document.id, Document.story_id).where(Document.id.in_(document_ids))).all())


def _nearest(session: Session, docs: Sequence, keys: dict[int, list[int]]) -> dict[int, list]:
    """Each document's candidates: the documents sharing the most LSH bands with it, at most
    MAX_CANDIDATES (on a corpus of near-identical templates every document shares bands with
    every other one)."""
    all_keys = {k for d in docs for k in keys[d.id]}
    if not all_keys:
        return {}
    sharing: dict[int, set[int]] = {}
    for doc_id, key in session.execute(
        sa.select(DocumentBand.document_id, DocumentBand.key).where(DocumentBand.key.in_(all_keys))
    ):
        sharing.setdefault(key, set()).add(doc_id)
    return {
        d.id: [i for i, _ in Counter(
            i for k in keys[d.id] for i in sharing.get(k, ()) if i != d.id
        ).most_common(MAX_CANDIDATES)]
        for d in docs
    }


def _repair_stories(session: Session, story_ids: set[int] | None = None) -> None:
    """Each of these stories (or all) names its earliest document; one left with none is
    removed."""
    if story_ids is not None and not story_ids:
        return
    earliest = (sa.select(sa.func.min(Document.id)).where(Document.story_id == Story.id)
                .scalar_subquery())
    update, delete = sa.update(Story), sa.delete(Story).where(Story.first_document_id.is_(None))
    if story_ids is not None:
        update, delete = update.where(Story.id.in_(story_ids)), delete.where(
            Story.id.in_(story_ids))
    session.execute(update.values(first_document_id=earliest))
    session.execute(delete)


def _index(session: Session, document_ids: Sequence[int], keys: dict[int, list[int]],
           sketch: dict[int, tuple[np.ndarray, int]]) -> None:
    """Replace the documents' band keys and sketches."""
    session.execute(sa.delete(DocumentBand).where(DocumentBand.document_id.in_(document_ids)))
    session.execute(
        _insert(session, DocumentBand).on_conflict_do_nothing(),
        [{"document_id": i, "key": k} for i, ks in sorted(keys.items()) for k in sorted(set(ks))],
    )
    upsert = _insert(session, DocumentSketch)
    session.execute(
        upsert.on_conflict_do_update(
            index_elements=[DocumentSketch.document_id],
            set_={"signature": upsert.excluded.signature, "shingles": upsert.excluded.shingles}),
        [{"document_id": i, "signature": sig.astype("<u4").tobytes(), "shingles": count}
         for i, (sig, count) in sorted(sketch.items())],
    )


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
        _repair_stories(session)


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


def stories(session: Session, min_sites: int = 2, limit: int = 100) -> list[dict]:
    """Stories carried by at least `min_sites` sites, largest first, with every appearance."""
    wide = (
        sa.select(Document.story_id)
        .where(Document.story_id.is_not(None))
        .group_by(Document.story_id)
        .having(sa.func.count(sa.distinct(Document.site)) >= min_sites)
        .order_by(sa.func.count(sa.distinct(Document.site)).desc(), Document.story_id)
        .limit(limit)
    )
    story_ids = list(session.scalars(wide))
    rows = session.execute(
        sa.select(Document.story_id, Document.id, Document.site, Document.title,
                  Document.published, Page.url, Page.fetched_at, Story.first_document_id)
        .join(Page, Page.id == Document.page_id)
        .join(Story, Story.id == Document.story_id)
        .where(Document.story_id.in_(story_ids))
        .order_by(Document.id)
    ).all()
    by_story: dict[int, dict] = {i: {"story_id": i, "appearances": []} for i in story_ids}
    for row in rows:
        story = by_story[row.story_id]
        if row.id == row.first_document_id:
            story.update(title=row.title, first_url=row.url,
                         first_seen=as_utc(row.fetched_at).isoformat())
        story["appearances"].append({
            "site": row.site, "url": row.url, "title": row.title,
            "published": row.published.isoformat() if row.published else None,
        })
    for story in by_story.values():
        dates = [a["published"] for a in story["appearances"] if a["published"]]
        story["earliest_published"] = min(dates) if dates else None
        story["sites"] = sorted({a["site"] for a in story["appearances"]})
    return [by_story[i] for i in story_ids]


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
