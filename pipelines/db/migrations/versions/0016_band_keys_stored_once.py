"""Band keys stored once: `document_bands` keyed by (key, document_id), without a second index

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03

The LSH index was kept twice: the table's primary key (document_id, key) and the index on key
(key, document_id), which is all the candidate search reads. On a crawl of 1000 articles each
copy was 0.14 times the raw HTML the database keeps. With the primary key in the order the
search reads, (key, document_id), the index on key is redundant and dropped. Replacing a
document's keys no longer finds its rows by document_id: they are found by the keys its stored
sketch gives (a document's band keys are `band_keys(signature)`, written with its sketch in one
statement batch since 0014, which made every key from its sketch again; see
pipelines.db.story_index). Deleting a document would scan the table; no code deletes one.
SQLite: the WITHOUT ROWID table (0013) is rebuilt with the new key, rows copied in its order.
PostgreSQL: the primary key constraint is made again on (key, document_id) and the index
dropped. Downgrade restores both.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ASIDE = "_document_bands_rebuilt"


def _rebuild_sqlite(primary_key: tuple[str, str]) -> None:
    op.rename_table("document_bands", ASIDE)
    op.create_table(
        "document_bands",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_bands_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(*primary_key, name=op.f("pk_document_bands")),
        sqlite_with_rowid=False,
    )
    columns = ", ".join(primary_key)  # in primary key order: the b-tree is filled page by page
    op.execute(
        f"INSERT INTO document_bands ({columns}) "  # noqa: S608 - constant names
        f"SELECT {columns} FROM {ASIDE} ORDER BY {columns}"
    )
    op.drop_table(ASIDE)


def _rekey_postgresql(primary_key: tuple[str, str]) -> None:
    op.drop_constraint("pk_document_bands", "document_bands", type_="primary")
    op.create_primary_key("pk_document_bands", "document_bands", list(primary_key))


def upgrade() -> None:
    op.drop_index("ix_document_bands_key", table_name="document_bands")
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(("key", "document_id"))
    else:
        _rekey_postgresql(("key", "document_id"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(("document_id", "key"))
    else:
        _rekey_postgresql(("document_id", "key"))
    op.create_index("ix_document_bands_key", "document_bands", ["key"], unique=False)
