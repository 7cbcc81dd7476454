"""What a routine run may skip: the site's stored articles, their validators and due dates.

Loaded once when a spider starts. Articles stored and not yet due for a re-check are not
requested at all; due ones (and every one with `crawl --full`) are re-requested with
If-None-Match / If-Modified-Since. List pages and sitemaps are always read again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from pipelines.db import ledger, pages
from pipelines.db.session import session_scope, shared_engine


@dataclass
class CrawlState:
    known: dict[str, pages.KnownPage] = field(default_factory=dict)
    full: bool = False
    recheck_after: timedelta = timedelta(days=30)
    # The pagination walk may stop early only if the previous run walked to the end: a run
    # that was killed halfway leaves deeper list pages unread.
    previous_walk_complete: bool = False
    started: datetime = field(default_factory=lambda: datetime.now(UTC))

    def skip(self, url: str) -> bool:
        """A stored article that a routine run need not fetch again yet: not one kept with no
        document (its next fetch may make one)."""
        page = self.known.get(url)
        if page is None or self.full or page.retry:
            return False
        return page.checked_at is not None and page.checked_at + self.recheck_after > self.started

    def conditional_headers(self, url: str) -> dict[str, str]:
        page = self.known.get(url)
        headers = {}
        if page and page.etag:
            headers["If-None-Match"] = page.etag
        if page and page.last_modified:
            headers["If-Modified-Since"] = page.last_modified
        return headers

    @property
    def stop_at_known(self) -> bool:
        return not self.full and self.previous_walk_complete


def load_state(db_url: str, site: str, full: bool, recheck_days: float) -> CrawlState:
    with session_scope(shared_engine(db_url)) as session:
        known = pages.known_articles(session, site)
        previous = ledger.last_finished_or_killed(session, site)
    return CrawlState(
        known=known,
        full=full,
        recheck_after=timedelta(days=recheck_days),
        previous_walk_complete=previous == "finished",
    )
