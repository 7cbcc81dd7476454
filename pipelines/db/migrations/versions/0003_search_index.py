"""search index: documents.search_text and a substring index over it

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

`documents.search_text` is the search form of title + text (NFKC, traditional folded to
simplified, case folded: pipelines.processing.searchable.search_form), written by
repo.save_documents and backfilled here for existing rows. Queries are normalised the same
way, so a simplified query finds a traditional page and the other way round.

- SQLite: `documents_fts`, an external-content FTS5 table with the trigram tokenizer over
  documents.search_text (substring matches, so Chinese words match inside longer runs),
  kept in step by triggers on INSERT, UPDATE OF search_text and DELETE of documents, and
  `documents_fts_vocab` (fts5vocab) listing its trigrams, for 2-character queries.
  NOTE for later migrations: a batch "recreate" of `documents` on SQLite (move-and-copy)
  drops these triggers with the old table; such a migration must create them again
  (tests/test_search.py fails if the index stops following the documents).
- PostgreSQL: the pg_trgm extension and a GIN trigram index on documents.search_text
  (LIKE '%term%' uses it); the column is stored uncompressed (STORAGE EXTERNAL).

The FTS table and the GIN index are not in the models (alembic cannot describe them);
migrations/env.py leaves them out of autogenerate comparisons.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BACKFILL_BATCH = 500

SQLITE_UPGRADE = [
    """CREATE VIRTUAL TABLE documents_fts USING fts5(
        search_text, content="documents", content_rowid="id", tokenize="trigram")""",
    """CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER documents_fts_update AFTER UPDATE OF search_text ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO documents_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')",
    # The index's trigrams, queryable: a 2-character term is found through the trigrams that
    # start with it (search_text ends with a newline, so every occurrence starts one).
    "CREATE VIRTUAL TABLE documents_fts_vocab USING fts5vocab(documents_fts, 'row')",
]
SQLITE_DOWNGRADE = [
    "DROP TABLE IF EXISTS documents_fts_vocab",
    "DROP TRIGGER IF EXISTS documents_fts_update",
    "DROP TRIGGER IF EXISTS documents_fts_delete",
    "DROP TRIGGER IF EXISTS documents_fts_insert",
    "DROP TABLE IF EXISTS documents_fts",
]
# Stored uncompressed: LIKE rechecks and ranking read it without decompressing (about twice
# as fast for a common word), at the cost of the column's compression.
POSTGRESQL_COLUMN = ["ALTER TABLE documents ALTER COLUMN search_text SET STORAGE EXTERNAL"]
POSTGRESQL_UPGRADE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_documents_search_text_trgm ON documents USING gin (search_text gin_trgm_ops)",
]
# The extension stays: other objects of the database may use it.
POSTGRESQL_DOWNGRADE = ["DROP INDEX IF EXISTS ix_documents_search_text_trgm"]


def _backfill(connection) -> None:
    """Fill search_text for the rows stored before this revision, a batch at a time."""
    from pipelines.processing.searchable import search_form

    documents = sa.table(
        "documents",
        sa.column("id", sa.Integer),
        sa.column("title", sa.Text),
        sa.column("text", sa.Text),
        sa.column("search_text", sa.Text),
    )
    update = (
        sa.update(documents)
        .where(documents.c.id == sa.bindparam("doc_id"))
        .values(search_text=sa.bindparam("form"))
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(documents.c.id, documents.c.title, documents.c.text)
            .where(documents.c.id > last)
            .order_by(documents.c.id)
            .limit(BACKFILL_BATCH)
        ).all()
        if not rows:
            return
        connection.execute(
            update, [{"doc_id": r.id, "form": search_form(r.title, r.text)} for r in rows]
        )
        last = rows[-1].id


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=True))

    connection = op.get_bind()
    dialect = connection.dialect.name
    if dialect == "postgresql":
        for statement in POSTGRESQL_COLUMN:
            op.execute(statement)
    _backfill(connection)
    statements = {"sqlite": SQLITE_UPGRADE, "postgresql": POSTGRESQL_UPGRADE}.get(dialect, [])
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    """Downgrade schema."""
    dialect = op.get_bind().dialect.name
    statements = {"sqlite": SQLITE_DOWNGRADE, "postgresql": POSTGRESQL_DOWNGRADE}.get(dialect, [])
    for statement in statements:
        op.execute(statement)

    # Plain ALTER (SQLite >= 3.35 has DROP COLUMN): no move-and-copy of the whole table.
    op.execute("ALTER TABLE documents DROP COLUMN search_text")
