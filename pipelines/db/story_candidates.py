"""Story candidates of a batch: the stored documents a new one may retell.

Two indexes find them in a few queries per batch: LSH band keys (near copies, screened by
their MinHash sketches) and (date, figure) fact keys (rewrites and translations, sought across
languages only where a site publishes in both), beside which `document_facts` holds the keys
of each page's URL and of the translations it declares (hreflang).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipelines.processing.story_match import worth_verifying

from .dialect import among
from .models import Document, DocumentBand, DocumentFact, DocumentSketch
from .site_languages import bilingual_sites

MAX_CANDIDATES = 20  # near-duplicate candidates considered per document
MAX_FACT_CANDIDATES = 10  # … and documents stating the same day and figures
MAX_PAGE_CANDIDATES = 10  # … and pages declaring it, or declared by it, as a translation
MIN_SHARED_KEYS = 1  # (date, figure) keys a fact candidate shares: one is rare by chance


def find_candidates(
    session: Session,
    docs: Sequence,
    keys: dict[int, list[int]],
    fact_and_page_keys: tuple[dict[int, list[int]], dict[int, list[int]]],
    sketch: dict,
) -> dict[int, list[int]]:
    """Each document's candidates: LSH neighbours that survive the sketch screen,
    documents sharing MIN_SHARED_KEYS fact keys, and pages of its URL or those it declares
    as its translations (story_match.page_keys: one declares the other)."""
    fact_keys, page_keys = fact_and_page_keys
    nearest = _sharing(session, DocumentBand, docs, keys, 1, MAX_CANDIDATES)
    sketch |= _sketches(session, {i for ids in nearest.values() for i in ids} - sketch.keys())
    # Stored before sketches existed: no sketch, so verified exactly.
    nearest = {
        doc_id: [i for i in ids if i not in sketch or worth_verifying(sketch[doc_id], sketch[i])]
        for doc_id, ids in nearest.items()
    }
    stating = _sharing(session, DocumentFact, docs, fact_keys, MIN_SHARED_KEYS, MAX_FACT_CANDIDATES)
    # A fact candidate in the same language must also pass the sketch screen (it is a
    # rewrite, worded alike); one in the other language is a possible translation, sought
    # only where one of the two sites publishes in both languages (a school's English and
    # Chinese pages, and their copies elsewhere): two single-language sites' pages of one
    # day share dates and figures by chance far more often than they translate each other.
    stated = {i for ids in stating.values() for i in ids}
    sketch |= _sketches(session, stated - sketch.keys())
    where = {d.id: (_is_chinese(d.language), d.site) for d in docs}
    where |= _languages_and_sites(session, stated - where.keys())
    bilingual = bilingual_sites(session, {site for _, site in where.values()})

    def worth(doc_id: int, i: int) -> bool:
        if where[i][0] != where[doc_id][0]:
            return where[i][1] in bilingual or where[doc_id][1] in bilingual
        return i not in sketch or worth_verifying(sketch[doc_id], sketch[i])

    declaring = _sharing(session, DocumentFact, docs, page_keys, 1, MAX_PAGE_CANDIDATES)
    return {
        d.id: list(
            dict.fromkeys(
                declaring.get(d.id, [])
                + nearest.get(d.id, [])
                + [i for i in stating.get(d.id, []) if worth(d.id, i)]
            )
        )
        for d in docs
    }


def _is_chinese(language: str | None) -> bool:
    return (language or "").startswith("zh")


def _languages_and_sites(session: Session, document_ids: set[int]) -> dict[int, tuple]:
    """Each document's (is Chinese, site)."""
    if not document_ids:
        return {}
    return {
        i: (_is_chinese(language), site)
        for i, language, site in session.execute(
            sa.select(Document.id, Document.language, Document.site).where(
                Document.id.in_(document_ids)
            )
        )
    }


def _sharing(
    session: Session, table, docs: Sequence, keys: dict[int, list[int]], least: int, most: int
) -> dict[int, list[int]]:
    """Each document's neighbours in a key index: those sharing the most keys with it (at
    least `least`), at most `most` (on a corpus of near-identical templates every document
    shares bands with every other one)."""
    all_keys = {k for d in docs for k in keys[d.id]}
    if not all_keys:
        return {}
    holders: dict[int, set[int]] = {}
    columns = table.__table__.c  # Core, not the ORM's row loading
    # Only the keys another document holds too: each of the batch's keys is already stored
    # with its own document (write_index), and a batch of 200 new articles has 5,000 band
    # keys of which, unless it repeats a story, next to none are shared.
    shared = (
        sa.select(columns.key)
        .where(among(session, columns.key, all_keys))
        .group_by(columns.key)
        .having(sa.func.count() > 1)
    )
    for doc_id, key in session.execute(
        sa.select(columns.document_id, columns.key).where(columns.key.in_(shared))
    ):
        holders.setdefault(key, set()).add(doc_id)
    return {
        d.id: [
            i
            for i, n in Counter(
                i for k in set(keys[d.id]) for i in holders.get(k, ()) if i != d.id
            ).most_common(most)
            if n >= least
        ]
        for d in docs
    }


def _sketches(session: Session, document_ids: set[int]) -> dict[int, tuple[np.ndarray, int]]:
    if not document_ids:
        return {}
    return {
        doc_id: (np.frombuffer(blob, dtype="<u4"), count)
        for doc_id, blob, count in session.execute(
            sa.select(
                DocumentSketch.document_id, DocumentSketch.signature, DocumentSketch.shingles
            ).where(DocumentSketch.document_id.in_(document_ids))
        )
    }
