"""Who worked with whom: pairs of organisations named in the same documents (optionally of one
topic), with how many documents and stories (a story republished on several sites is one piece
of evidence, not several), when, and an example sentence. All SQL in a few queries:
the pairs are grouped in the database; examples are read for the listed pairs only."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from .models import Document, DocumentOrganisation, DocumentTopic


@dataclass
class Pair:
    a: str
    b: str
    kind_a: str
    kind_b: str
    documents: int
    stories: int  # the documents' stories: copies of one story on several sites count once
    first: str | None  # earliest publication date, YYYY-MM-DD
    last: str | None
    example_document: int
    sentence: str = ""
    sites: list[str] = field(default_factory=list)


def pairs(
    session: Session, topic: str | None = None, min_documents: int = 1, limit: int | None = 100
) -> list[Pair]:
    """The co-occurring pairs (a < b), most stories first; `limit` None: all of them."""
    a, b = aliased(DocumentOrganisation), aliased(DocumentOrganisation)
    stmt = (
        sa.select(
            a.name,
            b.name,
            sa.func.min(a.kind),
            sa.func.min(b.kind),
            sa.func.count(sa.distinct(a.document_id)).label("documents"),
            # A document not (yet) in a story is a story of its own.
            sa.func.count(sa.distinct(sa.func.coalesce(Document.story_id, -Document.id))).label(
                "stories"
            ),
            sa.func.min(Document.published),
            sa.func.max(Document.published),
            sa.func.min(a.document_id),
        )
        .join(b, sa.and_(b.document_id == a.document_id, a.name < b.name))
        .join(Document, Document.id == a.document_id)
        .group_by(a.name, b.name)
        .having(sa.func.count(sa.distinct(a.document_id)) >= min_documents)
        .order_by(sa.desc("stories"), sa.desc("documents"), a.name, b.name)
        .limit(limit)
    )
    if topic:
        stmt = stmt.where(
            sa.select(DocumentTopic.document_id)
            .where(DocumentTopic.document_id == a.document_id, DocumentTopic.topic == topic)
            .exists()
        )
    found = [
        Pair(r[0], r[1], r[2], r[3], r[4], r[5], _day(r[6]), _day(r[7]), r[8])
        for r in session.execute(stmt)
    ]
    _examples(session, found)
    return found


def _day(value) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _examples(session: Session, found: list[Pair]) -> None:
    """Each pair's example sentence (one naming both if the document has one) and site."""
    doc_ids = {p.example_document for p in found}
    if not doc_ids:
        return
    sentences: dict[tuple[int, str], str] = {}
    for doc_id, name, sentence in session.execute(
        sa.select(
            DocumentOrganisation.document_id,
            DocumentOrganisation.name,
            DocumentOrganisation.sentence,
        ).where(DocumentOrganisation.document_id.in_(doc_ids))
    ):
        sentences[(doc_id, name)] = sentence or ""
    sites = dict(
        session.execute(sa.select(Document.id, Document.site).where(Document.id.in_(doc_ids))).all()
    )
    for pair in found:
        one = sentences.get((pair.example_document, pair.a), "")
        other = sentences.get((pair.example_document, pair.b), "")
        both = [s for s in (one, other) if pair.a in s and pair.b in s]
        # Both first named in one sentence: that sentence, once.
        pair.sentence = both[0] if both else " … ".join(dict.fromkeys(s for s in (one, other) if s))
        pair.sites = [sites.get(pair.example_document, "")]
