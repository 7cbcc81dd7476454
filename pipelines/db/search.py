"""Full-text search over documents.search_text (the search form of title + text): the one
search of `query`, `export --query` and the browser. Queries are in the query language of
pipelines.query_language, compiled by pipelines.db.query_sql.

SQLite: the FTS5 trigram index `documents_fts` (migration 0003; without positions since
0015), ranked by bm25 (pipelines.db.search_rank: worked out over the rows found, as FTS5 did
with positions). A term of 3 characters or more is the AND of its trigrams, rechecked by the
substring test; a term of 1-2 characters has no trigram of its own: it becomes the OR of the
indexed trigrams that start with it (fts5vocab; search_text ends with a newline so every
occurrence starts one), or, when those are too many, a substring check of the search column.

PostgreSQL: LIKE '%term%' over the pg_trgm GIN index (a substring scan for terms under 3
characters, which pg_trgm cannot index), ranked by term frequency with a title bonus.

Ranking reads at most MAX_RANKED matches: the most recently stored ones that pass the filters
(the index gives them in that order and stops there). A word found in a hundred thousand
documents thus costs as much as one found in five thousand; narrowing the query (filters,
another word) reaches older matches. Each story (exact or near copies, on any site) appears
once, as its best-ranked document, with the other sites that carried it. Snippets are cut from
the document's own text (its script and case), around the first match.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipelines.processing.searchable import find_terms
from pipelines.query_language import Node, parse, positive_terms

from . import query_sql
from .models import Document, Page
from .queries import EVERYTHING, Filters, documents_query, export_row
from .search_rank import Ranker

MAX_PREFIX_TRIGRAMS = 500  # a short term with more trigrams than this is checked by a scan
MAX_RANKED = 2000  # matches ranked per query (the most recently stored)
SNIPPET_WIDTH = 60  # characters either side of the first match

_fts = sa.table("documents_fts", sa.column("rowid", sa.Integer))
_vocab = sa.table("documents_fts_vocab", sa.column("term", sa.Text))
_FTS = sa.literal_column("documents_fts")
_docsize = sa.table("documents_fts_docsize", sa.column("id", sa.Integer), sa.column("sz"))


def prefix_trigrams(session: Session, term: str) -> list[str] | None:
    """The indexed trigrams starting with a short term; None when there are too many."""
    found = session.scalars(
        sa.select(_vocab.c.term)
        .where(_vocab.c.term >= term, _vocab.c.term < term + "\U0010ffff")
        .limit(MAX_PREFIX_TRIGRAMS + 1)
    ).all()
    return [t for t in found if t.startswith(term)] if len(found) <= MAX_PREFIX_TRIGRAMS else None


@dataclass
class Compiled:
    """A query ready to run: how documents are selected and scored."""

    node: Node | None
    terms: list[str]  # positive terms: ranking and highlighting
    fts: str | None  # FTS5 expression (SQLite) or None
    condition: object  # SQL condition on documents (None: the FTS expression is exact)
    widest: int = 1  # most trigrams a short term of the FTS expression stands for
    # The trigrams each short term stands for (None: too many), for ranking.
    short: dict[str, list[str] | None] = field(default_factory=dict)


def compile_query(session: Session, query: str) -> Compiled:
    """Parse and compile a query for the session's database (QueryError when malformed)."""
    node = parse(query)
    dialect = session.get_bind().dialect.name
    terms = positive_terms(node)
    if node is None:
        return Compiled(None, [], None, None)
    if dialect != "sqlite":
        return Compiled(node, terms, None, query_sql.where(node, dialect))
    widths = [1]
    spelled: dict[str, list[str] | None] = {}

    def short(term: str):
        found = spelled[term] = prefix_trigrams(session, term)
        widths.append(len(found or ()))
        return found

    expression, exact = query_sql.fts(node, short)
    condition = None if expression and exact else query_sql.where(node, dialect)
    return Compiled(node, terms, expression, condition, max(widths), spelled)


def matching(compiled: Compiled, filters: Filters, columns=(Document.id,)):
    """SELECT of `columns` for the documents a compiled query matches (no ranking, no cap)."""
    stmt = sa.select(*columns)
    if compiled.fts:
        stmt = (
            stmt.select_from(_fts)
            .join(Document, Document.id == _fts.c.rowid)
            .where(_FTS.op("MATCH")(compiled.fts))
        )
    else:
        stmt = stmt.select_from(Document)
    if compiled.condition is not None:
        stmt = stmt.where(compiled.condition)
    return filters.apply(stmt)


def _occurrences(term: str):
    """How often `term` occurs in the search column (no index: only for matched rows)."""
    column = Document.search_text
    return (sa.func.length(column) - sa.func.length(sa.func.replace(column, term, ""))) / len(term)


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
    if not terms:
        return sa.literal(0.0)
    length = sa.func.length(Document.search_text) + 200.0
    frequency = sum(_occurrences(t) for t in terms) * 1000.0 / length
    titles = sum(_title_hit(t, dialect) for t in terms)
    return -(titles * 10.0 + frequency)


def _newest_found(session: Session, compiled: Compiled, filters: Filters, cap: int) -> list:
    """(id, story_id, search text in UTF-8, length as the index has it) of the `cap` newest
    matches the FTS index finds. A query of terms alone is rechecked here on the text read
    for ranking (query_sql.holds), other queries by SQL (`where`)."""
    in_python = compiled.condition is not None and query_sql.text_only(compiled.node)
    if in_python:
        compiled = replace(compiled, condition=None)
    text = sa.cast(Document.search_text, sa.LargeBinary)  # bytes: counted without decoding
    stmt = matching(compiled, filters, (Document.id, Document.story_id, text, _docsize.c.sz))
    stmt = stmt.join(_docsize, _docsize.c.id == Document.id).order_by(_fts.c.rowid.desc())
    connection = session.connection()  # Core: up to 2,000 rows of text, no ORM objects
    if not in_python:
        return connection.execute(stmt.limit(cap)).all()
    found, result = [], connection.execute(stmt)
    for part in result.partitions(500):
        found += [row for row in part if row[2] and query_sql.holds(compiled.node, row[2])]
        if len(found) >= cap:
            break
    result.close()
    return found[:cap]


def _candidates(session: Session, compiled: Compiled, filters: Filters):
    """(id, story_id, score) of up to MAX_RANKED matches, newest stored first: bm25 when the
    FTS index selects them, else title hits and term frequency."""
    dialect = session.get_bind().dialect.name
    if compiled.fts:
        # bm25 weighs every OR'ed trigram of a short term in every row: rank fewer rows then
        # (the cap FTS5's own bm25 needed; kept, so the same rows are ranked).
        widest = compiled.widest
        cap = MAX_RANKED if widest <= 20 else max(MAX_RANKED // 4, MAX_RANKED * 20 // widest)
        ranker = Ranker(session, compiled.terms, compiled.short)
        return [
            (r[0], r[1], ranker.score(r[2], r[3]))
            for r in _newest_found(session, compiled, filters, cap)
        ]
    newest = matching(compiled, filters).order_by(Document.id.desc()).limit(MAX_RANKED)
    newest = newest.subquery("newest")
    return session.execute(
        sa.select(
            Document.id, Document.story_id, _scan_score(compiled.terms, dialect).label("score")
        ).join(newest, newest.c.id == Document.id)
    ).all()


@lru_cache(maxsize=1)
def _details():
    """The export columns of given documents (built once: the joins are costly to build)."""
    return (
        documents_query()
        .add_columns(Document.id.label("id"))
        .where(Document.id.in_(sa.bindparam("ids", expanding=True)))
    )


def _best_per_story(candidates, limit: int | None) -> list[tuple[int, float]]:
    """(id, score) of the best document of each of the `limit` best stories (None: of every
    story); candidates are (id, story_id, score) rows."""
    best, seen = [], set()
    for doc_id, story_id, score in sorted(candidates, key=lambda r: (r[2], -r[0])):
        story = story_id if story_id is not None else -doc_id
        if story not in seen:
            seen.add(story)
            best.append((doc_id, float(score)))
            if len(best) == limit:
                break
    return best


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
    marks = [
        [s - start + len(lead), min(e, end) - start + len(lead)]
        for s, e in spans
        if s < end and s >= start
    ]
    return lead + body + ("…" if end < len(text) else ""), marks


def search(
    session: Session, query: str, filters: Filters = EVERYTHING, limit: int | None = 20
) -> list[dict]:
    """Ranked results, one per story: the export fields (without the text), `snippet`,
    `highlights` (offsets in the snippet), `rank` and `also_on` (the story's other copies);
    `limit` None: every story ranking reads (`query --limit 0`, as `stories` takes it).
    `query` is in the query language (pipelines.query_language); QueryError if malformed."""
    compiled = compile_query(session, query)
    if compiled.node is None or (limit is not None and limit <= 0):
        return []
    terms = compiled.terms
    candidates = _candidates(session, compiled, filters)
    best = _best_per_story(candidates, limit)
    if not best:
        return []
    ids = [doc_id for doc_id, _ in best]
    details = {row.id: row for row in session.execute(_details(), {"ids": ids})}
    story_ids = {row.story_id for row in details.values() if row.story_id is not None}
    copies: dict[int, list[dict]] = {}
    if story_ids:
        for row in session.execute(
            sa.select(Document.story_id, Document.site, Document.published, Page.url)
            .join(Page, Page.id == Document.page_id)
            .where(Document.story_id.in_(story_ids), Document.id.not_in(ids))
            .order_by(Document.published.nulls_last(), Document.id)
        ):
            copies.setdefault(row.story_id, []).append(
                {
                    "site": row.site,
                    "url": row.url,
                    "published": row.published.isoformat() if row.published else None,
                }
            )
    hits = []
    for place, (doc_id, score) in enumerate(best, start=1):
        detail = details[doc_id]
        hit = export_row(detail)
        text = hit.pop("text")
        hit["id"] = doc_id
        hit["snippet"], hit["highlights"] = snippet(text, terms)
        hit["title_highlights"] = [list(s) for s in find_terms(hit["title"] or "", terms)]
        hit["rank"] = place
        hit["score"] = round(float(score), 4)
        hit["also_on"] = copies.get(detail.story_id, [])
        hits.append(hit)
    return hits
