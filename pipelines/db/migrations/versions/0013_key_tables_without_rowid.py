"""Key tables without rowid: `document_bands` and `document_facts` stored once, not three times

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02

SQLite: a rowid table with a composite primary key keeps its rows three times over: the table
b-tree (by rowid), the primary key's autoindex (document_id, key) and the index on key. As
WITHOUT ROWID tables the rows live in the primary key's b-tree itself, and the index on key
holds (key, document_id), which is all the candidate search reads (a covering index). Each
table is rebuilt: renamed aside, created WITHOUT ROWID under its own name (same primary key,
same ON DELETE CASCADE to documents), its rows copied, the old one dropped, the index on key
made again. Downgrade rebuilds rowid tables the same way.
PostgreSQL: nothing to do (it has no rowid; a table is a heap plus its indexes).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("document_bands", "document_facts")


def _rebuild(name: str, with_rowid: bool) -> None:
    """Rebuild `name` with or without rowid, keeping its rows, keys and index on key."""
    aside = f"_{name}_rebuilt"
    op.drop_index(f"ix_{name}_key", table_name=name)
    op.rename_table(name, aside)
    op.create_table(
        name,
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f(f"fk_{name}_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "key", name=op.f(f"pk_{name}")),
        sqlite_with_rowid=with_rowid,
    )
    # In primary key order: the new b-tree is filled page after page.
    op.execute(
        f"INSERT INTO {name} (document_id, key) "  # noqa: S608 - table names are the constants
        f"SELECT document_id, key FROM {aside} ORDER BY document_id, key"
    )
    op.drop_table(aside)
    op.create_index(op.f(f"ix_{name}_key"), name, ["key"], unique=False)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TABLES:
        _rebuild(name, with_rowid=False)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TABLES:
        _rebuild(name, with_rowid=True)
