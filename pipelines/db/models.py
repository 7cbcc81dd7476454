"""Tables: crawl runs, every fetched page (raw bytes kept), documents, and content hashes.

- `pages`: one row per fetched URL, with its zstd-compressed body, so nothing is refetched.
- `documents`: the extraction of one article page (text as that page had it).
- `contents`: one row per distinct normalised text; the unique key is what makes "stored
  once" hold under concurrent writers, and it names the document first stored with it.
- `stories`: documents carrying the same article, exact or near copies, on any site.
- `document_bands`: the persistent LSH index (MinHash band keys) near-duplicates are found by
  (WITHOUT ROWID on SQLite, as `document_facts`).
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

UTC_NOW = sa.func.current_timestamp()


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str] = mapped_column(sa.String(64), index=True)
    started_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    status: Mapped[str] = mapped_column(sa.String(16), default="running")
    close_reason: Mapped[str | None] = mapped_column(sa.String(64))
    # Why a run is not `finished` (failed, empty, interrupted, killed), in one line.
    status_reason: Mapped[str | None] = mapped_column(sa.Text)
    requests: Mapped[int] = mapped_column(default=0)
    responses: Mapped[int] = mapped_column(default=0)
    pages: Mapped[int] = mapped_column(default=0)
    articles: Mapped[int] = mapped_column(default=0)
    new_documents: Mapped[int] = mapped_column(default=0)
    duplicates: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)
    bytes_received: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # Incremental runs: responses by status class, and what happened to known articles.
    responses_2xx: Mapped[int] = mapped_column(default=0, server_default="0")
    responses_3xx: Mapped[int] = mapped_column(default=0, server_default="0")
    responses_4xx: Mapped[int] = mapped_column(default=0, server_default="0")
    responses_5xx: Mapped[int] = mapped_column(default=0, server_default="0")
    not_modified: Mapped[int] = mapped_column(default=0, server_default="0")  # 304s
    updated: Mapped[int] = mapped_column(default=0, server_default="0")
    unchanged: Mapped[int] = mapped_column(default=0, server_default="0")
    gone: Mapped[int] = mapped_column(default=0, server_default="0")
    not_due: Mapped[int] = mapped_column(default=0, server_default="0")  # known, not refetched
    full: Mapped[bool] = mapped_column(default=False, server_default=sa.false())


class Page(Base):
    __tablename__ = "pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str] = mapped_column(sa.String(64), index=True)
    url: Mapped[str] = mapped_column(sa.String(2048), unique=True)
    requested_url: Mapped[str] = mapped_column(sa.String(2048))
    kind: Mapped[str] = mapped_column(sa.String(16))  # article | listing
    status: Mapped[int]
    content_type: Mapped[str | None] = mapped_column(sa.String(255))
    headers: Mapped[dict] = mapped_column(sa.JSON)
    body: Mapped[bytes] = mapped_column(sa.LargeBinary)  # zstd-compressed
    # The site's compression dictionary the body was compressed with (pipelines.db.bodies).
    body_dict: Mapped[int | None] = mapped_column(sa.BigInteger)
    body_size: Mapped[int]
    fetched_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    run_id: Mapped[int | None] = mapped_column(sa.ForeignKey("crawl_runs.id"))
    # Incremental crawling: validators for conditional requests, change detection, history.
    etag: Mapped[str | None] = mapped_column(sa.String(512))
    last_modified: Mapped[str | None] = mapped_column(sa.String(64))
    body_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    checked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    gone_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Why an article page has no document (NotADocument's reason), kept with the raw page.
    skip_reason: Mapped[str | None] = mapped_column(sa.String(255))
    # The URL a stored article's URL now redirects to (a redesigned site), and when that was
    # seen (migration 0019): the row keeps its bytes and document, it is not gone.
    moved_to: Mapped[str | None] = mapped_column(sa.String(2048))
    moved_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(sa.ForeignKey("pages.id"), unique=True)
    site: Mapped[str] = mapped_column(sa.String(64), index=True)
    title: Mapped[str | None] = mapped_column(sa.Text)
    text: Mapped[str] = mapped_column(sa.Text)
    published: Mapped[date | None] = mapped_column(sa.Date, index=True)
    author: Mapped[str | None] = mapped_column(sa.String(255))
    source: Mapped[str | None] = mapped_column(sa.String(255))
    language: Mapped[str] = mapped_column(sa.String(16), index=True)
    script: Mapped[str | None] = mapped_column(sa.String(8))
    content_hash: Mapped[str] = mapped_column(sa.String(64), index=True)
    declared_encoding: Mapped[str | None] = mapped_column(sa.String(32))
    used_encoding: Mapped[str] = mapped_column(sa.String(32))
    has_replacement_chars: Mapped[bool] = mapped_column(default=False)
    extractor_version: Mapped[str] = mapped_column(sa.String(128))
    extracted_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    story_id: Mapped[int | None] = mapped_column(sa.ForeignKey("stories.id"), index=True)
    # Why it joined its story (pipelines.processing.story_match.Link.describe), migration 0008.
    story_link: Mapped[str | None] = mapped_column(sa.String(255))
    # Search form of title + text (pipelines.processing.searchable.search_form), indexed by
    # migration 0003: FTS5 trigram on SQLite (without positions: 0015), pg_trgm GIN on PostgreSQL.
    search_text: Mapped[str | None] = mapped_column(sa.Text)
    # The same site's pages it declares as its other languages (hreflang), migration 0020.
    translations: Mapped[list | None] = mapped_column(sa.JSON(none_as_null=True))


class Content(Base):
    __tablename__ = "contents"

    content_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    first_document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"))
    # SQLite: rows kept in the primary key's b-tree alone, no rowid table (migration 0017).
    __table_args__ = {"sqlite_with_rowid": False}


class Story(Base):
    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The first document stored with this story; NULL only while it is being created.
    first_document_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("documents.id", use_alter=True)
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class DocumentBand(Base):
    """The primary key is (key, document_id), the order the candidate search reads, and the
    only copy of the rows (migration 0016): a document's rows are found by the keys its
    sketch gives (pipelines.db.story_index), not by document_id."""

    __tablename__ = "document_bands"

    key: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    # SQLite: rows kept in the primary key's b-tree alone, no rowid table (migration 0013).
    __table_args__ = {"sqlite_with_rowid": False}


class DocumentFact(Base):
    """A document's (date, figure) keys (pipelines.processing.facts.keys): candidates that
    state the same day and figures, in any language (migration 0008)."""

    __tablename__ = "document_facts"

    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, index=True)
    # SQLite: rows kept in the primary key's b-tree alone, no rowid table (migration 0013).
    __table_args__ = {"sqlite_with_rowid": False}


class DocumentSketch(Base):
    """A document's MinHash signature and shingle count: candidates from other batches are
    screened on these before their text is fetched and shingled for exact verification."""

    __tablename__ = "document_sketches"

    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    signature: Mapped[bytes] = mapped_column(sa.LargeBinary)  # NUM_PERM uint32, little-endian
    shingles: Mapped[int]


class SiteLanguage(Base):
    """A language a site has published documents in (migration 0011): cross-language story
    candidates are sought only among sites that publish in both English and Chinese. Kept
    by story assignment, one upsert per batch; never shrinks (a stale row costs candidates,
    not links)."""

    __tablename__ = "site_languages"

    site: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    language: Mapped[str] = mapped_column(sa.String(16), primary_key=True)


class SiteRules(Base):
    """What extraction learned about a site: an explicit, versioned input of `process`."""

    __tablename__ = "site_rules"

    site: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    boilerplate: Mapped[list] = mapped_column(sa.JSON)  # sorted lines
    version: Mapped[str] = mapped_column(sa.String(16))
    documents: Mapped[int]  # how many documents it was learned from
    learned_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class PageVersion(Base):
    """A response a page gave before it changed: the raw bytes of every earlier version."""

    __tablename__ = "page_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Looked up by the unique key (page_id, version): no index of its own (migration 0017).
    page_id: Mapped[int] = mapped_column(sa.ForeignKey("pages.id"))
    version: Mapped[int]
    status: Mapped[int]
    headers: Mapped[dict] = mapped_column(sa.JSON)
    body: Mapped[bytes] = mapped_column(sa.LargeBinary)  # zstd-compressed
    body_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    fetched_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    __table_args__ = (sa.UniqueConstraint("page_id", "version"),)


class BodyDictionary(Base):
    """A zstd dictionary trained on a site's pages (pipelines.db.bodies, migration 0010).
    The id is the one zstd writes into each frame compressed with it."""

    __tablename__ = "body_dictionaries"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    site: Mapped[str] = mapped_column(sa.String(64), index=True)
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    samples: Mapped[int]  # how many pages it was trained on
    trained_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class DocumentVersion(Base):
    """What an article said before it was edited."""

    __tablename__ = "document_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Looked up by the unique key (document_id, version): no index of its own (migration 0017).
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"))
    version: Mapped[int]
    title: Mapped[str | None] = mapped_column(sa.Text)
    text: Mapped[str] = mapped_column(sa.Text)
    published: Mapped[date | None] = mapped_column(sa.Date)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    extractor_version: Mapped[str] = mapped_column(sa.String(128))
    extracted_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    replaced_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    __table_args__ = (sa.UniqueConstraint("document_id", "version"),)


class SiteLock(Base):
    """One crawl of a site at a time; a lock whose owner died is taken over."""

    __tablename__ = "site_locks"

    site: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    owner: Mapped[str] = mapped_column(sa.String(255))  # hostname:pid
    run_id: Mapped[int | None] = mapped_column(sa.ForeignKey("crawl_runs.id"))
    acquired_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    heartbeat_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class DocumentTopic(Base):
    """A theme of the taxonomy (pipelines/processing/topics.toml) a document is about, with
    the taxonomy terms it contains (migration 0009; rewritten whenever the document is)."""

    __tablename__ = "document_topics"

    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(sa.String(64), primary_key=True, index=True)
    terms: Mapped[list] = mapped_column(sa.JSON)  # the matched terms, as the taxonomy has them


class DocumentOrganisation(Base):
    """An organisation a document names (normalised name), with its first mention's sentence
    (migration 0009; rewritten whenever the document is)."""

    __tablename__ = "document_organisations"

    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(sa.String(255), primary_key=True, index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))  # school | enterprise | government | other
    sentence: Mapped[str | None] = mapped_column(sa.Text)
