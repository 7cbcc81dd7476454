"""Stored responses: saving a crawl's pages (with versions of edited articles, 304s and
404s), and what the crawl knows of them. Bodies are stored zstd-compressed; reading them
back is `stored_pages`."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipelines.processing import Document as ExtractedDocument

from . import bodies, skips
from .dialect import as_utc, insert, now
from .documents import SaveResult, repair_contents, save_documents
from .models import Document, DocumentVersion, Page, PageVersion
from .skips import clip

logger = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class KnownPage:
    etag: str | None
    last_modified: str | None
    checked_at: datetime | None
    gone: bool
    skip_reason: str | None = None  # why it made no document, if it made none

    @property
    def documented(self) -> bool:
        """It made a document (not a dead link, a file, a challenge page)."""
        return self.skip_reason is None

    @property
    def retry(self) -> bool:
        """Answered, but kept raw with no document (a WAF's challenge, a page cut short): due
        on every run, so a site that answers properly later is not left empty for
        recheck_days. A dead link (gone) waits as a stored article does."""
        return not self.gone and skips.may_change(self.skip_reason)


def known_articles(session: Session, site: str) -> dict[str, KnownPage]:
    """What the crawl needs to know of a site's stored articles: one query, one row each."""
    rows = session.execute(
        sa.select(
            Page.url,
            Page.requested_url,
            Page.etag,
            Page.last_modified,
            Page.checked_at,
            Page.fetched_at,
            Page.gone_at,
            Page.skip_reason,
        ).where(Page.site == site, Page.kind == "article")
    )
    known = {}
    for r in rows:
        page = KnownPage(
            r.etag,
            r.last_modified,
            as_utc(r.checked_at or r.fetched_at),
            r.gone_at is not None,
            r.skip_reason,
        )
        known[r.url] = page
        known.setdefault(r.requested_url, page)  # the link that redirected to it
    return known


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
    stored = _stored(session, pages)
    not_modified = [p for p in pages if p.status == 304 and p.url in stored]
    gone = [p for p in pages if p.status in (404, 410) and p.url in stored]
    # A new article link answered 404/410: kept as a gone page, so routine runs do not ask
    # for it again before it is due for a re-check (it had been fetched at every run).
    dead = [p for p in pages if p.status in (404, 410) and p.url not in stored]
    fresh = [p for p in pages if 200 <= p.status < 300]
    _mark_checked(session, stored, not_modified, gone)
    _upsert_pages(session, dead, run_id, dict.fromkeys((p.url for p in dead), 1))
    result.not_modified = len(not_modified)
    result.gone = sum(1 for p in gone if stored[p.url].gone_at is None)  # not still gone

    changed = [
        p
        for p in fresh
        if p.url in stored
        and p.document is not None
        and stored[p.url].content_hash
        and (p.document.content_hash, p.document.title)
        != (stored[p.url].content_hash, stored[p.url].title)
    ]
    emptied = _emptied(fresh, stored)
    emptied_urls = {p.url for p in emptied}
    _archive_versions(session, [stored[p.url].id for p in changed + emptied])
    changed_urls = {p.url for p in changed}
    ids = _store_fresh(session, fresh, run_id, stored, changed_urls | emptied_urls)
    new_docs = [
        (ids[p.url], p.site, p.document)
        for p in fresh
        if p.document is not None and not (p.url in stored and stored[p.url].content_hash)
    ]
    first = save_documents(session, new_docs, run_id)
    save_documents(session, [(ids[p.url], p.site, p.document) for p in changed])
    # An edited article no longer carries its old text: another copy of that text, if any,
    # becomes the first with it.
    repair_contents(session, {stored[p.url].content_hash for p in changed})
    result.documents = first.documents
    result.new_documents, result.duplicates = first.new_documents, first.duplicates
    result.site_copies, result.site_copy_example = first.site_copies, first.site_copy_example
    result.updated = len(changed) + len(emptied)
    result.unchanged = len(not_modified) + _seen_unchanged(
        fresh, stored, changed_urls | emptied_urls
    )
    return result


def _seen_unchanged(fresh: list, stored: dict, changed: set[str]) -> int:
    """Stored articles seen again as they were: not a page that had no document (a firewall's
    challenge fetched twice is no article confirmed), nor one that now makes its first."""
    return sum(
        1
        for p in fresh
        if p.kind == "article"
        and p.url in stored
        and stored[p.url].content_hash
        and p.url not in changed
    )


def _emptied(fresh: list, stored: dict) -> list:
    """Stored articles whose page now yields no document (a PDF or an error page served in
    its place, an empty body): their document stays, and the page it was made from is kept
    as a version, not overwritten by the new bytes."""
    emptied = [
        p
        for p in fresh
        if p.url in stored
        and p.document is None
        and stored[p.url].content_hash
        and hashlib.sha256(p.body).hexdigest() != stored[p.url].body_sha256
    ]
    for p in emptied:
        logger.warning(
            "%s: a stored article's page now yields no document (%s); its previous page "
            "and document are kept as version %d",
            p.url,
            getattr(p, "skip_reason", None) or "no reason given",
            stored[p.url].version,
        )
    return emptied


def _stored(session: Session, pages: Sequence[FetchedPage]) -> dict:
    """What is stored of these URLs (one SELECT): page id, version, whether it is gone, document
    hash and title."""
    return {
        row.url: row
        for row in session.execute(
            sa.select(
                Page.id,
                Page.url,
                Page.version,
                Page.body_sha256,
                Page.gone_at,
                Document.content_hash,
                Document.title,
            )
            .join(Document, Document.page_id == Page.id, isouter=True)
            .where(Page.url.in_([p.url for p in pages]))
        )
    }


def _mark_checked(session: Session, stored: dict, not_modified: list, gone: list) -> None:
    """A 304 says the stored page still holds; a 404/410 marks it gone (kept, never deleted)."""
    if not_modified:
        session.execute(
            sa.update(Page),
            [
                {"id": stored[p.url].id, "checked_at": p.fetched_at, "gone_at": None}
                for p in not_modified
            ],
        )
    if gone:
        session.execute(
            sa.update(Page),
            [
                {
                    "id": stored[p.url].id,
                    "checked_at": p.fetched_at,
                    "status": p.status,
                    "gone_at": p.fetched_at,
                }
                for p in gone
            ],
        )


def _store_fresh(
    session: Session, fresh: list, run_id: int | None, stored: dict, archived: set[str]
) -> dict[str, int]:
    """Upsert the 2xx pages (the version of an article whose page was archived goes up);
    their ids by URL."""
    if not fresh:
        return {}
    versions = {
        p.url: stored[p.url].version + (p.url in archived) if p.url in stored else 1 for p in fresh
    }
    _upsert_pages(session, fresh, run_id, versions)
    return dict(
        session.execute(
            sa.select(Page.url, Page.id).where(Page.url.in_([p.url for p in fresh]))
        ).all()
    )


def _upsert_pages(
    session: Session, pages: Sequence[FetchedPage], run_id: int | None, versions: dict[str, int]
) -> None:
    if not pages:
        return
    packers = {site: bodies.compressor(session, site) for site in {p.site for p in pages}}
    rows = [
        {
            "site": p.site,
            "url": p.url,
            "requested_url": p.requested_url,
            "kind": p.kind,
            "status": p.status,
            "content_type": _header(p.headers, "Content-Type"),
            "headers": p.headers,
            "body": packers[p.site][1].compress(p.body),
            "body_dict": packers[p.site][0],
            "body_size": len(p.body),
            "fetched_at": p.fetched_at,
            "run_id": run_id,
            "etag": _header(p.headers, "ETag"),
            "last_modified": _header(p.headers, "Last-Modified"),
            "body_sha256": hashlib.sha256(p.body).hexdigest(),
            "version": versions[p.url],
            "checked_at": p.fetched_at,
            "gone_at": p.fetched_at if p.status in (404, 410) else None,
            "skip_reason": None if p.document is not None else clip(_why_no_document(p)),
        }
        for p in pages
    ]
    stmt = insert(session, Page.__table__)  # Core: no ORM bookkeeping per row
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


def _why_no_document(page) -> str | None:
    if page.status >= 400:
        return f"HTTP {page.status}: a dead link"
    return getattr(page, "skip_reason", None)


def _archive_versions(session: Session, page_ids: Sequence[int]) -> None:
    """Copy the current bytes and document of these pages into the history tables."""
    if not page_ids:
        return
    session.execute(
        insert(session, PageVersion)
        .from_select(
            ["page_id", "version", "status", "headers", "body", "body_sha256", "fetched_at"],
            sa.select(
                Page.id,
                Page.version,
                Page.status,
                Page.headers,
                Page.body,
                Page.body_sha256,
                Page.fetched_at,
            ).where(Page.id.in_(page_ids)),
        )
        .on_conflict_do_nothing()
    )
    session.execute(
        insert(session, DocumentVersion)
        .from_select(
            [
                "document_id",
                "version",
                "title",
                "text",
                "published",
                "content_hash",
                "extractor_version",
                "extracted_at",
                "replaced_at",
            ],
            sa.select(
                Document.id,
                Page.version,
                Document.title,
                Document.text,
                Document.published,
                Document.content_hash,
                Document.extractor_version,
                Document.extracted_at,
                sa.literal(now(), sa.DateTime(timezone=True)),
            )
            .join(Page, Page.id == Document.page_id)
            .where(Page.id.in_(page_ids)),
        )
        .on_conflict_do_nothing()
    )
