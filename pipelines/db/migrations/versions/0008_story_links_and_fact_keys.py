"""Why a document is in its story, and the fact keys that find stories across languages

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

`documents.story_link` says in one line why the document joined its story (`exact`,
`cross-script`, `near 0.91: 2019-04-18, 350, wang qiang`, `cross-language 0.80: …`); NULL for
the story's first document and for documents stored before this. `document_facts` indexes
each document's (date, figure) keys, as `document_bands` indexes its LSH bands: documents
stored before this have none until `schoolnews reextract` writes them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("story_link", sa.String(length=255), nullable=True))
    op.create_table(
        "document_facts",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_facts_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "key", name=op.f("pk_document_facts")),
    )
    with op.batch_alter_table("document_facts") as batch:
        batch.create_index(batch.f("ix_document_facts_key"), ["key"], unique=False)


def downgrade() -> None:
    op.drop_table("document_facts")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("story_link")
