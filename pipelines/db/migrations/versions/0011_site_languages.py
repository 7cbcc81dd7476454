"""The languages each site publishes in

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

`site_languages` holds one row per (site, language) of its stored documents: cross-language
story candidates are sought only among sites that publish in both English and Chinese, read
in one small query per batch instead of scanning `documents`. Filled here from the documents
already stored; story assignment adds a batch's pairs as it stores them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "site_languages",
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("site", "language", name=op.f("pk_site_languages")),
    )
    op.execute(
        "INSERT INTO site_languages (site, language) SELECT DISTINCT site, language FROM documents"
    )


def downgrade() -> None:
    op.drop_table("site_languages")
