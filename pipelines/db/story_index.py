"""The indexes story assignment keeps for each document: LSH band keys, (date, figure) fact
keys and the MinHash sketch, replaced together (pipelines.db.stories).

Only what changed is written: a document extracted again with the same text has the same
sketch, bands and facts, and re-extraction's batches are mostly such documents. Stored rows
are read a chunk of documents at a time (by primary key), compared with the new ones, and
only the rows that differ are deleted or inserted, each set in one statement.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipelines.processing.similarity import band_keys

from .dialect import insert
from .models import DocumentBand, DocumentFact, DocumentSketch

READ_CHUNK = 500  # documents whose stored index rows are read in one statement


def write_index(
    session: Session,
    document_ids: Sequence[int],
    keys: dict[int, list[int]],
    sketch: dict[int, tuple[np.ndarray, int]],
    fact_keys: dict[int, list[int]],
) -> None:
    """Replace the documents' band keys, fact keys and sketches."""
    ids = sorted(set(document_ids))
    stored = stored_sketches(session, ids)
    new_sketches = {
        i: (sig.astype("<u4").tobytes(), count) for i, (sig, count) in sorted(sketch.items())
    }
    # The table is keyed (key, document_id) alone (migration 0016): a document's stored band
    # rows are the keys its stored sketch gives, which are the keys written with it.
    old_bands = {
        i: band_keys(np.frombuffer(blob, dtype="<u4"))
        for i, (blob, _) in stored.items()
        if new_sketches.get(i, (None,))[0] != blob  # same signature: same band keys
    }
    new_bands = {i: keys.get(i, []) for i in old_bands} | {
        i: keys.get(i, []) for i in ids if i not in stored
    }
    _replace(session, DocumentBand.__table__, old_bands, new_bands)
    _replace(
        session,
        DocumentFact.__table__,
        _stored_facts(session, ids),
        {i: fact_keys.get(i, []) for i in ids},
    )
    changed = [
        {"document_id": i, "signature": blob, "shingles": count}
        for i, (blob, count) in new_sketches.items()
        if stored.get(i) != (blob, count)
    ]
    if changed:
        upsert = insert(session, DocumentSketch.__table__)
        session.execute(
            upsert.on_conflict_do_update(
                index_elements=[DocumentSketch.document_id],
                set_={"signature": upsert.excluded.signature, "shingles": upsert.excluded.shingles},
            ),
            changed,
        )


def _replace(session: Session, table, old: dict[int, list[int]], new: dict[int, list[int]]):
    """Make the (document_id, key) rows of the documents in `new` what it says, given the
    rows `old` says are stored (none for a document missing from it)."""
    gone, added = [], []
    for doc_id in sorted(new):
        before, after = set(old.get(doc_id, ())), set(new[doc_id])
        gone += [{"doc": doc_id, "k": k} for k in sorted(before - after)]
        added += [{"document_id": doc_id, "key": k} for k in sorted(after - before)]
    if gone:  # by full primary key: one index seek a row
        session.execute(
            sa.delete(table).where(
                table.c.key == sa.bindparam("k"), table.c.document_id == sa.bindparam("doc")
            ),
            gone,
        )
    if added:
        session.execute(insert(session, table).on_conflict_do_nothing(), added)


def stored_sketches(session: Session, ids: list[int]) -> dict[int, tuple[bytes, int]]:
    """The documents' stored (signature blob, shingle count)."""
    found = {}
    for start in range(0, len(ids), READ_CHUNK):
        chunk = ids[start : start + READ_CHUNK]
        for doc_id, blob, count in session.execute(
            sa.select(
                DocumentSketch.document_id, DocumentSketch.signature, DocumentSketch.shingles
            ).where(DocumentSketch.document_id.in_(chunk))
        ):
            found[doc_id] = (bytes(blob), count)
    return found


def _stored_facts(session: Session, ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {i: [] for i in ids}
    for start in range(0, len(ids), READ_CHUNK):
        chunk = ids[start : start + READ_CHUNK]
        for doc_id, key in session.execute(
            sa.select(DocumentFact.document_id, DocumentFact.key).where(
                DocumentFact.document_id.in_(chunk)
            )
        ):
            found[doc_id].append(key)
    return found
