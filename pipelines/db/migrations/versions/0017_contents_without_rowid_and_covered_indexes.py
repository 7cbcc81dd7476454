"""`contents` without rowid, and the version-history indexes their unique keys cover dropped

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03

SQLite: `contents` (content_hash, first_document_id) kept each hash twice, in the rowid table
and in its primary key's autoindex (each 0.03 times the raw HTML on a crawl of 1000 articles,
7 MB each at 100,000 documents). As a WITHOUT ROWID table the rows live in the primary key's
b-tree alone; every query reads it by content_hash. Rebuilt as 0013 did the key tables:
renamed aside, created under its own name, rows copied in key order, the old one dropped.
Both backends: `ix_page_versions_page_id` and `ix_document_versions_document_id` (0005)
repeat the first column of the unique keys (page_id, version) and (document_id, version),
whose indexes answer the same lookups; they are dropped. Downgrade makes all of it again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COVERED = (
    ("ix_page_versions_page_id", "page_versions", "page_id"),
    ("ix_document_versions_document_id", "document_versions", "document_id"),
)
ASIDE = "_contents_rebuilt"


def _rebuild_contents(with_rowid: bool) -> None:
    op.rename_table("contents", ASIDE)
    op.create_table(
        "contents",
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("first_document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_document_id"],
            ["documents.id"],
            name=op.f("fk_contents_first_document_id_documents"),
        ),
        sa.PrimaryKeyConstraint("content_hash", name=op.f("pk_contents")),
        sqlite_with_rowid=with_rowid,
    )
    op.execute(
        "INSERT INTO contents (content_hash, first_document_id) "  # noqa: S608 - constant names
        f"SELECT content_hash, first_document_id FROM {ASIDE} ORDER BY content_hash"
    )
    op.drop_table(ASIDE)


def upgrade() -> None:
    for index, table, _ in COVERED:
        op.drop_index(index, table_name=table)
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_contents(with_rowid=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_contents(with_rowid=True)
    for index, table, column in COVERED:
        op.create_index(index, table, [column], unique=False)
