"""MinHash signatures of documents, to screen near-duplicate candidates before verifying them

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21

Documents stored before this have no sketch; their candidates are verified exactly, as
before, until `schoolnews reextract` (or a new version of the page) writes one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document_sketches",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("shingles", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_sketches_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_sketches")),
    )


def downgrade() -> None:
    op.drop_table("document_sketches")
