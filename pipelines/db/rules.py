"""Learned extraction inputs: each site's boilerplate lines, and the texts they are learned from."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .dialect import insert, now
from .models import Document, SiteRules


def learned_boilerplate(session: Session) -> dict[str, frozenset[str]]:
    """Every site's learned boilerplate lines."""
    return {r.site: frozenset(r.boilerplate) for r in session.scalars(sa.select(SiteRules))}


def save_learned_boilerplate(
    session: Session, site: str, lines: frozenset[str], version: str, documents: int
) -> None:
    values = {
        "boilerplate": sorted(lines),
        "version": version,
        "documents": documents,
        "learned_at": now(),
    }
    stmt = insert(session, SiteRules).values(site=site, **values)
    session.execute(stmt.on_conflict_do_update(index_elements=[SiteRules.site], set_=values))


def iter_site_texts(session: Session, site: str, batch: int = 500) -> Iterator[str]:
    stmt = sa.select(Document.text).where(Document.site == site).execution_options(yield_per=batch)
    yield from session.scalars(stmt)
