"""Search index: a document rewritten with the same search text leaves the index alone

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02

SQLite: the trigger of 0003 re-indexed a document on every UPDATE that set search_text, even
to the value it had. `reextract` and the learning after each crawl rewrite every document of a
site, so each pass added a delete marker and a new copy of every unchanged document to the
FTS5 segments: the index doubled per pass (VACUUM does not merge FTS5 segments). The trigger
now fires only when the value changes, and the index is merged once here.
PostgreSQL: nothing to do (a GIN entry changes only with the value).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UPDATE = """CREATE TRIGGER documents_fts_update AFTER UPDATE OF search_text ON documents
    {when}BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO documents_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END"""


def _replace_trigger(when: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS documents_fts_update")
    op.execute(_UPDATE.format(when=when))


def upgrade() -> None:
    _replace_trigger("WHEN old.search_text IS NOT new.search_text ")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("INSERT INTO documents_fts(documents_fts) VALUES ('optimize')")


def downgrade() -> None:
    _replace_trigger("")
