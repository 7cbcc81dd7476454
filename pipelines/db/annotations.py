"""Topics and organisations of documents (tables of migration 0009): written with the
documents, in batches, and read back in batches for export rows.

A document's rows are replaced whenever it is saved again (re-extraction, an edited page), so
they always say what its current extraction says.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .models import Document, DocumentOrganisation, DocumentTopic


def save(session: Session, documents: Sequence[tuple[int, str, object]]) -> None:
    """Replace the topics and organisations of the documents of these (page_id, site,
    extracted document) triples, already upserted."""
    page_ids = [page_id for page_id, _, _ in documents]
    ids = dict(
        session.execute(
            sa.select(Document.page_id, Document.id).where(Document.page_id.in_(page_ids))
        ).all()
    )
    doc_ids = list(ids.values())
    session.execute(sa.delete(DocumentTopic).where(DocumentTopic.document_id.in_(doc_ids)))
    session.execute(
        sa.delete(DocumentOrganisation).where(DocumentOrganisation.document_id.in_(doc_ids))
    )
    topics, organisations = [], []
    for page_id, _, doc in documents:
        doc_id = ids[page_id]
        for slug, terms in (getattr(doc, "topics", None) or {}).items():
            topics.append({"document_id": doc_id, "topic": slug, "terms": list(terms)})
        for org in getattr(doc, "organisations", None) or ():
            organisations.append({"document_id": doc_id, **org})
    if topics:
        session.execute(sa.insert(DocumentTopic.__table__), topics)
    if organisations:
        session.execute(sa.insert(DocumentOrganisation.__table__), organisations)


def of_documents(session: Session, doc_ids: Iterable[int]) -> dict[int, dict[str, list[str]]]:
    """{document id: {"topics": [slug…], "organisations": [name…]}} for these documents."""
    doc_ids = list(doc_ids)
    out: dict[int, dict[str, list[str]]] = {i: {"topics": [], "organisations": []} for i in doc_ids}
    if not doc_ids:
        return out
    for doc_id, slug in session.execute(
        sa.select(DocumentTopic.document_id, DocumentTopic.topic)
        .where(DocumentTopic.document_id.in_(doc_ids))
        .order_by(DocumentTopic.topic)
    ):
        out[doc_id]["topics"].append(slug)
    for doc_id, name in session.execute(
        sa.select(DocumentOrganisation.document_id, DocumentOrganisation.name)
        .where(DocumentOrganisation.document_id.in_(doc_ids))
        .order_by(DocumentOrganisation.name)
    ):
        out[doc_id]["organisations"].append(name)
    return out


def monthly_topics(session: Session) -> list[tuple[str, str, int]]:
    """(YYYY-MM, topic, documents) for dated documents."""
    month = sa.func.substr(sa.cast(Document.published, sa.String), 1, 7)
    return [
        tuple(row)
        for row in session.execute(
            sa.select(month.label("month"), DocumentTopic.topic, sa.func.count())
            .join(Document, Document.id == DocumentTopic.document_id)
            .where(Document.published.is_not(None))
            .group_by(month, DocumentTopic.topic)
            .order_by(month, DocumentTopic.topic)
        )
    ]
