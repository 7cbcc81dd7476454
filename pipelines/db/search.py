"""Full-text search over documents.search_text (the search form of title + text).

SQLite: the FTS5 trigram index `documents_fts` (migration 0003), ranked by bm25. PostgreSQL:
LIKE '%term%' over the pg_trgm GIN index, ranked by term frequency with a title bonus. Terms
shorter than 3 characters cannot be matched by trigrams: they are checked by a substring scan
of the search column (on SQLite alongside the FTS match of the longer terms, or alone).

Each story (documents carrying the same article: exact or near copies, on any site) appears
once, as its best-ranked document, with the other sites that carried it. Snippets are cut from
the document's own text (its script and case), around the first match.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipelines.processing.searchable import find_terms, query_terms

from .models import Document, Page
from .repo import _documents_query, _row_dict

MIN_TRIGRAM = 3  # shorter terms have no trigram: scanned instead
SNIPPET_WIDTH = 60  # characters either side of the first match

_fts = sa.table("documents_fts", sa.column("rowid", sa.Integer))
_FTS = sa.literal_column("documents_fts")


@dataclass(frozen=True)
class Filters:
    site: str | None = None
    language: str | None = None
    since: date | None = None
    until: date | None = None

    def apply(self, stmt):
        if self.site:
            stmt = stmt.where(Document.site == self.site)
        if self.language:
            stmt = stmt.where(Document.language == self.language)
        if self.since:
            stmt = stmt.where(Document.published >= self.since)
        if self.until:
            stmt = stmt.where(Document.published <= self.until)
        return stmt


def fts_expression(terms: list[str]) -> str:
    """An FTS5 query requiring every term as a phrase (trigram: a substring)."""
    return " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _contains(term: str):
    return Document.search_text.like(_like(term), escape="\\")


def _occurrences(term: str):
    """How often `term` occurs in the search column (no index: only for matched rows)."""
    column = Document.search_text
    return ((sa.func.length(column) - sa.func.length(sa.func.replace(column, term, "")))
            / len(term))


def _title_hit(term: str, dialect: str):
    """1 when the term is in the title (the first line of the search column), else 0."""
    column = Document.search_text
    if dialect == "postgresql":
        title = sa.func.split_part(column, "\n", 1)
        return sa.case((sa.func.strpos(title, term) > 0, 1), else_=0)
    title = sa.func.substr(column, 1, sa.func.instr(column, "\n"))
    return sa.case((sa.func.instr(title, term) > 0, 1), else_=0)


def _scan_score(terms: list[str], dialect: str):
    """Lower is better (like bm25): title hits first, then term frequency by length."""
    length = sa.func.length(Document.search_text) + 200.0
    frequency = sum(_occurrences(t) for t in terms) * 1000.0 / length
    titles = sum(_title_hit(t, dialect) for t in terms)
    return -(titles * 10.0 + frequency)


def _matches(dialect: str, terms: list[str], filters: Filters):
    """(document id, story key, score) of every matching document, as a select."""
    long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM]
    short_terms = [t for t in terms if len(t) < MIN_TRIGRAM]
    if dialect == "sqlite" and long_terms:
        score = sa.func.bm25(_FTS)
        stmt = (sa.select(Document.id, Document.story_id, score.label("score"))
                .select_from(_fts).join(Document, Document.id == _fts.c.rowid)
                .where(_FTS.op("MATCH")(fts_expression(long_terms))))
        for term in short_terms:
            stmt = stmt.where(sa.func.instr(Document.search_text, term) > 0)
    else:
        stmt = sa.select(Document.id, Document.story_id,
                         _scan_score(terms, dialect).label("score"))
        for term in terms:
            stmt = stmt.where(_contains(term))
    return filters.apply(stmt)


def _best_per_story(matches, limit: int):
    matches = matches.subquery("matches")
    story = sa.func.coalesce(matches.c.story_id, -matches.c.id)
    ranked = sa.select(
        matches.c.id, matches.c.score,
        sa.func.row_number().over(partition_by=story, order_by=(matches.c.score, matches.c.id))
        .label("place"),
    ).subquery("ranked")
    return (sa.select(ranked.c.id, ranked.c.score).where(ranked.c.place == 1)
            .order_by(ranked.c.score, ranked.c.id).limit(limit))


def snippet(text: str, terms: list[str], width: int = SNIPPET_WIDTH) -> tuple[str, list]:
    """A one-line extract around the first match and the matches' [start, end) in it."""
    spans = find_terms(text, terms)
    if not spans:
        cut = text[: width * 2]
        return cut.replace("\n", " ") + ("…" if len(text) > len(cut) else ""), []
    start = max(0, spans[0][0] - width)
    end = min(len(text), spans[0][1] + width)
    lead = "…" if start else ""
    body = text[start:end].replace("\n", " ")
    marks = [[s - start + len(lead), min(e, end) - start + len(lead)]
             for s, e in spans if s < end and s >= start]
    return lead + body + ("…" if end < len(text) else ""), marks


def search(session: Session, query: str, site: str | None = None, language: str | None = None,
           since: date | None = None, until: date | None = None, limit: int = 20) -> list[dict]:
    """Ranked results, one per story: the export fields (without the text), `snippet`,
    `highlights` (offsets in the snippet), `rank` and `also_on` (the story's other copies)."""
    terms = query_terms(query)
    if not terms or limit <= 0:
        return []
    dialect = session.get_bind().dialect.name
    filters = Filters(site, language, since, until)
    best = session.execute(_best_per_story(_matches(dialect, terms, filters), limit)).all()
    if not best:
        return []
    ids = [row.id for row in best]
    details = {
        row.id: row for row in session.execute(
            _documents_query(None, None, None).add_columns(Document.id.label("id"))
            .where(Document.id.in_(ids)))
    }
    story_ids = {row.story_id for row in details.values() if row.story_id is not None}
    copies: dict[int, list[dict]] = {}
    if story_ids:
        for row in session.execute(
            sa.select(Document.story_id, Document.site, Document.published, Page.url)
            .join(Page, Page.id == Document.page_id)
            .where(Document.story_id.in_(story_ids), Document.id.not_in(ids))
            .order_by(Document.published.nulls_last(), Document.id)
        ):
            copies.setdefault(row.story_id, []).append({
                "site": row.site, "url": row.url,
                "published": row.published.isoformat() if row.published else None,
            })
    hits = []
    for place, row in enumerate(best, start=1):
        detail = details[row.id]
        hit = _row_dict(detail)
        text = hit.pop("text")
        hit.pop("id")
        hit["snippet"], hit["highlights"] = snippet(text, terms)
        hit["title_highlights"] = [list(s) for s in find_terms(hit["title"] or "", terms)]
        hit["rank"] = place
        hit["score"] = round(float(row.score), 4)
        hit["also_on"] = copies.get(detail.story_id, [])
        hits.append(hit)
    return hits
