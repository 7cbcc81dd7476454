"""search form: hyphens, dashes and slashes as spaces, and the text ending with two newlines

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05

`documents.search_text` is written again for every stored document whose search form
changed (pipelines.processing.searchable.search_form):

- hyphens, dashes and slashes read as spaces, in documents and in queries alike, so that
  "school enterprise" finds "school-enterprise", "school–enterprise" and "school/enterprise"
  and the other way round (the phrase found nothing in the demo corpus, which says
  "school-enterprise cooperation");
- the text ends with two newlines, not one: a one-character term is found through the
  trigrams starting with it, and a character at the very end of the text started none.

Only the rows whose form changed are written, in batches; on SQLite the index follows them
through its UPDATE OF search_text trigger, on PostgreSQL the GIN index does. Downgrade writes
the earlier form (normalised title and text, one newline after each).
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500

documents = sa.table(
    "documents",
    sa.column("id", sa.Integer),
    sa.column("title", sa.Text),
    sa.column("text", sa.Text),
    sa.column("search_text", sa.Text),
)


def _rewrite(form: Callable[[str | None, str | None], str]) -> None:
    """search_text = form(title, text) wherever it differs, a batch of rows at a time."""
    connection = op.get_bind()
    update = (
        sa.update(documents)
        .where(documents.c.id == sa.bindparam("doc_id"))
        .values(search_text=sa.bindparam("form"))
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(documents.c.id, documents.c.title, documents.c.text, documents.c.search_text)
            .where(documents.c.id > last)
            .order_by(documents.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        changed = [
            {"doc_id": r.id, "form": made}
            for r in rows
            if (made := form(r.title, r.text)) != r.search_text
        ]
        if changed:
            connection.execute(update, changed)
        last = rows[-1].id


def _earlier_form(title: str | None, text: str | None) -> str:
    from pipelines.processing.fingerprint import normalise

    return normalise(title or "") + "\n" + normalise(text or "") + "\n"


def upgrade() -> None:
    from pipelines.processing.searchable import search_form

    _rewrite(search_form)


def downgrade() -> None:
    _rewrite(_earlier_form)
