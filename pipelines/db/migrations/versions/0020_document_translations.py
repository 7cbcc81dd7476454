"""document translations: the same site's pages a document declares as its other languages

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07

`documents.translations` keeps the URLs of a page's `<link rel="alternate" hreflang>` on its
own site (a JSON list, NULL for none), as extraction read them: a page and a translation it
declares are one story even when no date and figure of theirs agree (English "Seventeen",
Chinese 近日). The story index (`document_facts`) gets keys of these URLs and of each
document's own URL from the next re-extraction or crawl of a page.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("translations", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("translations")
