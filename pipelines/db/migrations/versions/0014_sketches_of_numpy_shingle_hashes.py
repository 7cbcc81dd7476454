"""Shingle hashes made in numpy: every stored MinHash sketch and band key made again

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02

Until this revision `similarity.shingles` hashed each shingle with SHA-1 (datasketch's
sha1_hash32); it now hashes all of a text's shingles at once in numpy (a polynomial of the
code points and MurmurHash3's fmix64). Signatures and band keys of the two hashes are not
comparable: a new copy of a stored story would share no band key with it, and the candidate
screen would compare unrelated signatures. So every document the story step indexed (one
with band keys or a sketch) gets its `document_bands` and `document_sketches` rows made again
from its stored text, BATCH documents at a time in id order (one batch's texts in memory, not
the database's). Documents never indexed (stored before stories existed) are left so.
`document_facts` are keys of the text's dates and figures, not of its shingles: unchanged.
Story ids and links are not touched: the same texts, the same stories.

Downgrade makes them again with the SHA-1 hash (`_sha1_shingles`, the code of 0013), so the
code of 0013 finds its stories in a downgraded database too.
"""

import hashlib
from collections.abc import Callable, Sequence

import numpy as np
import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500  # documents a batch: ~1 MB of text, 12,500 band rows

documents = sa.table("documents", sa.column("id", sa.Integer), sa.column("text", sa.Text))
bands = sa.table(
    "document_bands", sa.column("document_id", sa.Integer), sa.column("key", sa.BigInteger)
)
sketches = sa.table(
    "document_sketches",
    sa.column("document_id", sa.Integer),
    sa.column("signature", sa.LargeBinary),
    sa.column("shingles", sa.Integer),
)


def _indexed_after(connection, last: int) -> list:
    """The next BATCH indexed documents (id, text) after id `last`."""
    indexed = sa.or_(
        sa.exists().where(bands.c.document_id == documents.c.id),
        sa.exists().where(sketches.c.document_id == documents.c.id),
    )
    return connection.execute(
        sa.select(documents.c.id, documents.c.text)
        .where(documents.c.id > last, indexed)
        .order_by(documents.c.id)
        .limit(BATCH)
    ).all()


def _remake(shingles: Callable[[str], np.ndarray]) -> None:
    """Replace every indexed document's band keys and sketch by those of `shingles`."""
    from pipelines.processing.similarity import band_keys, signature

    connection = op.get_bind()
    last = 0
    while rows := _indexed_after(connection, last):
        ids = [r.id for r in rows]
        band_rows, sketch_rows = [], []
        for row in rows:
            hashes = shingles(row.text or "")
            minima = signature(hashes)
            band_rows += [{"document_id": row.id, "key": k} for k in sorted(set(band_keys(minima)))]
            sketch_rows.append(
                {
                    "document_id": row.id,
                    "signature": minima.astype("<u4").tobytes(),
                    "shingles": int(hashes.size),
                }
            )
        for table in (bands, sketches):
            connection.execute(sa.delete(table).where(table.c.document_id.in_(ids)))
        connection.execute(sa.insert(bands), band_rows)
        connection.execute(sa.insert(sketches), sketch_rows)
        last = ids[-1]


def _sha1_shingles(text: str) -> np.ndarray:
    """The shingle hashes of 0013: the first four bytes of each shingle's SHA-1, little-endian
    (datasketch's sha1_hash32), sorted and distinct."""
    from pipelines.processing.similarity import _grams

    grams = {g.encode("utf-8") for g in _grams(text)}
    digests = b"".join(hashlib.sha1(g).digest()[:4] for g in grams)  # noqa: S324 - not security
    return np.unique(np.frombuffer(digests, dtype="<u4").astype(np.uint32))


def upgrade() -> None:
    from pipelines.processing.similarity import shingles

    _remake(shingles)


def downgrade() -> None:
    _remake(_sha1_shingles)
