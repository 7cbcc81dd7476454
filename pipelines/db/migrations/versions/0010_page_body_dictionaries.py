"""Per-site zstd dictionaries for page bodies

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

`body_dictionaries`: a zstd dictionary trained on a site's own pages (pipelines.db.bodies);
`pages.body_dict`: the dictionary a body is compressed with (NULL: plain zstd, as every body
stored before this revision). Existing bodies stay readable as they are and are recompressed
after the site's next crawl run.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "body_dictionaries",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("samples", sa.Integer(), nullable=False),
        sa.Column("trained_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_body_dictionaries_site", "body_dictionaries", ["site"])
    # Plain ADD COLUMN (no batch move-and-copy: that would drop the FTS triggers, see 0003).
    op.add_column("pages", sa.Column("body_dict", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    """Bodies compressed with a dictionary are made plain again before it is dropped."""
    import zstandard

    connection = op.get_bind()
    pages = sa.table(
        "pages",
        sa.column("id", sa.Integer),
        sa.column("body", sa.LargeBinary),
        sa.column("body_dict", sa.BigInteger),
    )
    dictionaries = dict(connection.execute(sa.text("SELECT id, data FROM body_dictionaries")).all())
    plain = zstandard.ZstdCompressor(level=10)
    for dict_id, data in dictionaries.items():
        reader = zstandard.ZstdDecompressor(dict_data=zstandard.ZstdCompressionDict(data))
        rows = connection.execute(
            sa.select(pages.c.id, pages.c.body).where(pages.c.body_dict == dict_id)
        ).all()
        for row in rows:
            connection.execute(
                sa.update(pages)
                .where(pages.c.id == row.id)
                .values(body=plain.compress(reader.decompress(row.body)), body_dict=None)
            )
    op.drop_column("pages", "body_dict")
    op.drop_index("ix_body_dictionaries_site", table_name="body_dictionaries")
    op.drop_table("body_dictionaries")
