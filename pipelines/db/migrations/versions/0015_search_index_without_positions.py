"""Search index without positions: the FTS5 trigram index keeps which documents hold each
trigram, not where (detail=none)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02

SQLite: with detail=full (0003) the index stored every trigram's position in every document,
about one varint per character of search_text: on a crawl of English articles it was 2.4
times the raw HTML the database keeps, more than the texts themselves. With detail=none it
holds each trigram's list of documents only, about a fifth of that. FTS5 cannot then match a
phrase of trigrams, so a term becomes the AND of its trigrams (pipelines.db.query_sql.fts) and
the exact substring test of search_text rechecks the rows it finds. The table keeps its name,
columns, external content and triggers; `documents_fts_vocab` is made again over it (its
terms are the same). Downgrade rebuilds the detail=full index.
PostgreSQL: nothing to do (the pg_trgm GIN index holds no positions).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CREATE = """CREATE VIRTUAL TABLE documents_fts USING fts5(
    search_text, content="documents", content_rowid="id", tokenize="trigram"{detail})"""


def _rebuild(detail: str) -> None:
    """The index made again from documents.search_text (the triggers of 0003/0012 name the
    table, not its options: they stay)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE IF EXISTS documents_fts_vocab")
    op.execute("DROP TABLE IF EXISTS documents_fts")
    op.execute(_CREATE.format(detail=detail))
    op.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
    op.execute("CREATE VIRTUAL TABLE documents_fts_vocab USING fts5vocab(documents_fts, 'row')")


def upgrade() -> None:
    _rebuild(", detail=none")


def downgrade() -> None:
    _rebuild("")
