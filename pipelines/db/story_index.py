"""The indexes story assignment keeps for each document: LSH band keys, (date, figure) fact
keys and the MinHash sketch, replaced together (pipelines.db.stories)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipelines.processing.similarity import band_keys

from .dialect import insert
from .models import DocumentBand, DocumentFact, DocumentSketch

REPLACE_CHUNK = 200  # documents whose old band keys are deleted in one statement


def write_index(
    session: Session,
    document_ids: Sequence[int],
    keys: dict[int, list[int]],
    sketch: dict[int, tuple[np.ndarray, int]],
    fact_keys: dict[int, list[int]],
) -> None:
    """Replace the documents' band keys, fact keys and sketches."""
    _delete_bands(session, document_ids)  # before their sketches are replaced
    session.execute(sa.delete(DocumentFact).where(DocumentFact.document_id.in_(document_ids)))
    # Core statements on the tables, not ORM bulk inserts: the same SQL, without the ORM's
    # per-row bookkeeping (25 band rows a document).
    for table, by_doc in ((DocumentBand.__table__, keys), (DocumentFact.__table__, fact_keys)):
        rows = [
            {"document_id": i, "key": k}
            for i, ks in sorted(by_doc.items())
            for k in sorted(set(ks))
        ]
        if rows:
            session.execute(insert(session, table).on_conflict_do_nothing(), rows)
    upsert = insert(session, DocumentSketch.__table__)
    session.execute(
        upsert.on_conflict_do_update(
            index_elements=[DocumentSketch.document_id],
            set_={"signature": upsert.excluded.signature, "shingles": upsert.excluded.shingles},
        ),
        [
            {"document_id": i, "signature": sig.astype("<u4").tobytes(), "shingles": count}
            for i, (sig, count) in sorted(sketch.items())
        ],
    )


def _delete_bands(session: Session, document_ids: Sequence[int]) -> None:
    """Delete the documents' band rows. The table is keyed (key, document_id) alone
    (migration 0016): the rows are found by the keys each stored sketch gives, which are the
    keys written with it."""
    ids = sorted(set(document_ids))
    for start in range(0, len(ids), REPLACE_CHUNK):
        chunk = ids[start : start + REPLACE_CHUNK]
        old = {
            key
            for (blob,) in session.execute(
                sa.select(DocumentSketch.signature).where(DocumentSketch.document_id.in_(chunk))
            )
            for key in band_keys(np.frombuffer(blob, dtype="<u4"))
        }
        if old:
            session.execute(
                sa.delete(DocumentBand).where(
                    DocumentBand.key.in_(old), DocumentBand.document_id.in_(chunk)
                )
            )
