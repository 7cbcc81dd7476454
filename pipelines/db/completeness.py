"""Which article URLs a distributed crawl's runs stored (crawler/distributed/completeness.py
asks)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .models import Page

CHUNK = 500  # URLs per query: within every backend's parameter limit


def stored_by_runs(session: Session, urls: Iterable[str], run_ids: Collection[int]) -> set[str]:
    """Those of `urls` stored (as the page's URL or the URL requested for it) by one of the
    runs `run_ids`."""
    urls, found = sorted(set(urls)), set()
    if not run_ids:
        return found
    for start in range(0, len(urls), CHUNK):
        chunk = urls[start : start + CHUNK]
        rows = session.execute(
            sa.select(Page.url, Page.requested_url).where(
                Page.run_id.in_(run_ids), sa.or_(Page.url.in_(chunk), Page.requested_url.in_(chunk))
            )
        )
        for url, requested in rows:
            found.update((url, requested))
    return found & set(urls)
