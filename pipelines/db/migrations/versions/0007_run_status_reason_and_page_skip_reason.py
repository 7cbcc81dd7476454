"""A run's status reason, and why an article page got no document

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

`crawl_runs.status_reason` says in one line why a run is not `finished` (a start page that
failed, no article links, a database error, an interrupt). `pages.skip_reason` keeps
extraction's reason for an article page that became no document, so runs and stats can count
what was dropped and why.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(sa.Column("status_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("pages") as batch:
        batch.add_column(sa.Column("skip_reason", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.drop_column("skip_reason")
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_column("status_reason")
