"""Moved pages: a stored article whose URL now answers a redirect to another URL of its site
(a redesign under new URLs). The old page's row records where it led (`moved_to`, migration
0019) and keeps its bytes, status and document: a moved page is not gone, and a copy stored at
the new URL is linked to it as one story by its text, as any copy is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .models import Page


@dataclass(frozen=True)
class Move:
    url: str  # the stored article's URL, as first asked for
    moved_to: str  # where its redirects led
    seen_at: datetime


def save_moves(session: Session, moves: Sequence[Move]) -> list[Move]:
    """Mark the stored article pages among these URLs moved (one SELECT, one batched UPDATE);
    the moves that were of stored articles. A URL that was never stored (a new link that
    redirects, a site's alias URL) records nothing."""
    latest = {m.url: m for m in moves if m.url != m.moved_to}
    if not latest:
        return []
    ids = dict(
        session.execute(
            sa.select(Page.url, Page.id).where(Page.url.in_(latest), Page.kind == "article")
        ).all()
    )
    stored = [m for url, m in sorted(latest.items()) if url in ids]
    if stored:
        session.execute(
            sa.update(Page),
            [
                # Not gone: the page answers, at another URL; it was checked now.
                {
                    "id": ids[m.url],
                    "moved_to": m.moved_to,
                    "moved_at": m.seen_at,
                    "checked_at": m.seen_at,
                    "gone_at": None,
                }
                for m in stored
            ],
        )
    return stored
