"""moved pages: where a stored article's URL now redirects

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07

A site redesigned under new URLs answers each old article URL with a redirect to its new one.
`pages.moved_to` keeps where the redirect led and `pages.moved_at` when it was seen, on the
old page's row: the row keeps its stored bytes, status and document (a moved page is not gone,
and nothing stored is lost), so per-story picks can prefer the live copy and the old URL stays
linked to the new one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.add_column(sa.Column("moved_to", sa.String(length=2048), nullable=True))
        batch.add_column(sa.Column("moved_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.drop_column("moved_at")
        batch.drop_column("moved_to")
