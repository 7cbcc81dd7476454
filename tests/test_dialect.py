"""pipelines.db.dialect.among: a long IN list bound as one parameter, on migrated SQLite and
PostgreSQL schemas; it must select exactly what IN selects."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from pipelines.db.dialect import among
from pipelines.db.models import CrawlRun
from pipelines.db.session import session_scope


def test_among_selects_what_in_selects(engine):
    with session_scope(engine) as session:
        session.execute(
            sa.insert(CrawlRun),
            [
                {
                    "site": f"site{i}",
                    "started_at": datetime.now(UTC),
                    "status": "finished",
                    **dict.fromkeys(
                        ("requests", "responses", "pages", "articles", "new_documents"), 0
                    ),
                    **dict.fromkeys(("duplicates", "skipped", "errors", "bytes_received"), 0),
                }
                for i in range(50)
            ],
        )
    with session_scope(engine) as session:
        ids = sorted(session.scalars(sa.select(CrawlRun.id)))
        for column, values in (
            (CrawlRun.id, ids[::3] + [10**6]),  # a value no row has
            (CrawlRun.site, [f"site{i}" for i in range(0, 60, 7)]),
            (CrawlRun.id, []),
        ):
            found = session.scalars(sa.select(CrawlRun.id).where(among(session, column, values)))
            expected = session.scalars(sa.select(CrawlRun.id).where(column.in_(values)))
            assert sorted(found) == sorted(expected)
        assert len(ids) == 50
