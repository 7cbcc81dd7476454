"""Topics and organisations per document

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

`document_topics`: the taxonomy themes a document is about (pipelines/processing/topics.toml)
with the terms matched; `document_organisations`: the organisations it names, normalised, with
the sentence of the first mention. Both are written with the document by extraction (crawl and
`reextract` alike) and deleted with it. Documents stored before this revision get theirs on
the next `reextract` (the taxonomy is part of extractor_version, so every page is due).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document_topics",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", "topic"),
    )
    op.create_index("ix_document_topics_topic", "document_topics", ["topic"])
    op.create_table(
        "document_organisations",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", "name"),
    )
    op.create_index("ix_document_organisations_name", "document_organisations", ["name"])


def downgrade() -> None:
    op.drop_index("ix_document_organisations_name", table_name="document_organisations")
    op.drop_table("document_organisations")
    op.drop_index("ix_document_topics_topic", table_name="document_topics")
    op.drop_table("document_topics")
