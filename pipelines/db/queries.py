"""Reading the corpus out: export rows (one filters object for export, query and the
sub-corpus), per-site summary, JSON/CSV row helpers."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from .dialect import as_utc
from .models import Content, Document, Page, Story


def language_is(value: str):
    """Documents in this language; a primary tag alone ("zh", "en") takes its regional
    forms too (zh-cn, zh-tw), as a reader asking for Chinese means."""
    value = value.lower()
    if "-" in value:
        return Document.language == value
    return sa.or_(Document.language == value, Document.language.like(f"{value}-%"))


@dataclass(frozen=True)
class Filters:
    """Which documents a reader wants (export, query, browser, sub-corpus); all optional."""

    site: str | None = None
    language: str | None = None
    since: date | None = None
    until: date | None = None

    def apply(self, stmt):
        if self.site:
            stmt = stmt.where(Document.site == self.site)
        if self.language:
            stmt = stmt.where(language_is(self.language))
        if self.since:
            stmt = stmt.where(Document.published >= self.since)
        if self.until:
            stmt = stmt.where(Document.published <= self.until)
        return stmt


EVERYTHING = Filters()  # no filter: the whole corpus


EXPORT_FIELDS = (
    "url",
    "requested_url",
    "site",
    "title",
    "published",
    "language",
    "script",
    "author",
    "source",
    "text",
    "content_hash",
    "duplicate_of",
    "near_duplicate_of",
    "story_id",
    "fetched_at",
    "gone_at",
    "moved_to",
    "extractor_version",
    "declared_encoding",
    "used_encoding",
    "has_replacement_chars",
)


def documents_query(filters: Filters = Filters()):
    """Export columns of the documents `filters` selects, with what each duplicates."""
    first_doc, first_page = aliased(Document), aliased(Page)
    story_page = aliased(Page)
    story_first = aliased(Document)
    stmt = (
        sa.select(
            Page.url,
            Page.requested_url,
            Document.site,
            Document.title,
            Document.published,
            Document.language,
            Document.script,
            Document.author,
            Document.source,
            Document.text,
            Document.content_hash,
            sa.case((first_doc.id != Document.id, first_page.url), else_=None).label(
                "duplicate_of"
            ),
            sa.case((Story.first_document_id != Document.id, story_page.url), else_=None).label(
                "near_duplicate_of"
            ),
            Document.story_id,
            Page.fetched_at,
            Page.gone_at,
            Page.moved_to,
            Document.extractor_version,
            Document.declared_encoding,
            Document.used_encoding,
            Document.has_replacement_chars,
        )
        .join(Page, Page.id == Document.page_id)
        .join(Content, Content.content_hash == Document.content_hash, isouter=True)
        .join(first_doc, first_doc.id == Content.first_document_id, isouter=True)
        .join(first_page, first_page.id == first_doc.page_id, isouter=True)
        .join(Story, Story.id == Document.story_id, isouter=True)
        .join(story_first, story_first.id == Story.first_document_id, isouter=True)
        .join(story_page, story_page.id == story_first.page_id, isouter=True)
    )
    return filters.apply(stmt)


def export_row(row) -> dict:
    """A `documents_query` row as an export dict (ISO dates)."""
    data = dict(row._mapping)
    data["published"] = data["published"].isoformat() if data["published"] else None
    data["fetched_at"] = as_utc(data["fetched_at"]).isoformat()
    data["gone_at"] = as_utc(data["gone_at"]).isoformat() if data["gone_at"] else None
    return data


def iter_documents(
    session: Session,
    site: str | None = None,
    language: str | None = None,
    since: date | None = None,
    batch: int = 500,
    until: date | None = None,
) -> Iterator[dict]:
    """Export rows, one per stored article URL, streamed."""
    stmt = documents_query(Filters(site, language, since, until)).order_by(Document.id)
    for row in session.execute(stmt.execution_options(yield_per=batch)):
        yield export_row(row)


def site_summary(session: Session) -> list[dict]:
    """Per site: pages, article pages, documents, distinct contents, languages."""
    pages = dict(session.execute(sa.select(Page.site, sa.func.count()).group_by(Page.site)).all())
    docs = session.execute(
        sa.select(
            Document.site, sa.func.count(), sa.func.count(sa.distinct(Document.content_hash))
        ).group_by(Document.site)
    ).all()
    langs: dict[str, dict[str, int]] = {}
    for site, language, n in session.execute(
        sa.select(Document.site, Document.language, sa.func.count()).group_by(
            Document.site, Document.language
        )
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
        {
            "site": site,
            "pages": pages.get(site, 0),
            "documents": n,
            "distinct": distinct,
            "duplicates": dups.get(site, 0),
            "languages": langs.get(site, {}),
        }
        for site, n, distinct in sorted(docs)
    ]


def dumps(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, default=str)


def iter_rows(rows: Iterable[dict], fields: Sequence[str] = EXPORT_FIELDS) -> Iterator[list]:
    for row in rows:
        yield [row.get(f) for f in fields]
