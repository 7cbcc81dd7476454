"""The corpus at a glance: counts per site and language, dates, duplicates, stories, runs."""

from __future__ import annotations

from collections import Counter
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .dialect import as_utc
from .models import Content, CrawlRun, Document, Page


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value.isoformat()
    return as_utc(value).isoformat()


def corpus_stats(session: Session) -> dict:
    """Everything `schoolnews stats` prints, as plain data (JSON-ready)."""
    by_site_language = [
        {"site": site, "language": language, "documents": n}
        for site, language, n in session.execute(
            sa.select(Document.site, Document.language, sa.func.count())
            .group_by(Document.site, Document.language)
            .order_by(Document.site, Document.language)
        )
    ]
    sites = _per_site(session)
    stories, multi_site = _story_counts(session)
    totals = session.execute(
        sa.select(
            sa.func.count(),
            sa.func.count(sa.distinct(Document.content_hash)),
            sa.func.min(Document.published),
            sa.func.max(Document.published),
            sa.func.count().filter(Document.published.is_(None)),
        )
    ).one()
    fetched = session.execute(
        sa.select(sa.func.min(Page.fetched_at), sa.func.max(Page.fetched_at))
    ).one()
    return {
        "documents": totals[0],
        "distinct_texts": totals[1],
        "duplicates": sum(site["duplicates"] for site in sites),
        "stories": stories,
        "stories_on_several_sites": multi_site,
        "published_from": _iso(totals[2]),
        "published_to": _iso(totals[3]),
        "undated": totals[4],
        "fetched_from": _iso(fetched[0]),
        "fetched_to": _iso(fetched[1]),
        "sites": sites,
        "languages": by_site_language,
        "last_runs": _last_runs(session),
    }


def _per_site(session: Session) -> list[dict]:
    """Each site's pages, documents, duplicates and publication span: every site with a
    stored page or a run (one whose runs failed or came back empty has a row of zeros)."""
    documents = {
        site: (n, first, last)
        for site, n, first, last in session.execute(
            sa.select(
                Document.site,
                sa.func.count(),
                sa.func.min(Document.published),
                sa.func.max(Document.published),
            ).group_by(Document.site)
        )
    }
    pages = dict(session.execute(sa.select(Page.site, sa.func.count()).group_by(Page.site)).all())
    ran = set(session.scalars(sa.select(CrawlRun.site).distinct()))
    duplicates = dict(
        session.execute(
            sa.select(Document.site, sa.func.count())
            .join(Content, Content.content_hash == Document.content_hash)
            .where(Content.first_document_id != Document.id)
            .group_by(Document.site)
        ).all()
    )
    rows = []
    for site in sorted(documents.keys() | pages.keys() | ran):
        n, first, last = documents.get(site, (0, None, None))
        rows.append(
            {
                "site": site,
                "pages": pages.get(site, 0),
                "documents": n,
                "duplicates": duplicates.get(site, 0),
                "published_from": _iso(first),
                "published_to": _iso(last),
            }
        )
    return rows


def _story_counts(session: Session) -> tuple[int, int]:
    """(stories, stories on more than one site)."""
    story_sites = (
        sa.select(Document.story_id, sa.func.count(sa.distinct(Document.site)).label("sites"))
        .where(Document.story_id.is_not(None))
        .group_by(Document.story_id)
        .subquery()
    )
    return tuple(
        session.execute(
            sa.select(sa.func.count(), sa.func.count().filter(story_sites.c.sites > 1)).select_from(
                story_sites
            )
        ).one()
    )


def _last_runs(session: Session) -> list[dict]:
    """Each site's latest run."""
    last_ids = sa.select(sa.func.max(CrawlRun.id)).group_by(CrawlRun.site)
    return [
        {
            "site": run.site,
            "run": run.id,
            "status": run.status,
            "status_reason": run.status_reason,
            "started_at": _iso(run.started_at),
            "finished_at": _iso(run.finished_at),
            "pages": run.pages,
            "new_documents": run.new_documents,
            "errors": run.errors,
        }
        for run in session.scalars(
            sa.select(CrawlRun).where(CrawlRun.id.in_(last_ids)).order_by(CrawlRun.site)
        )
    ]


def monthly_counts(session: Session) -> dict[str, Counter]:
    """Documents per site per publication month ('YYYY-MM'); undated documents left out."""
    months: dict[str, Counter] = {}
    for site, published, n in session.execute(
        sa.select(Document.site, Document.published, sa.func.count())
        .where(Document.published.is_not(None))
        .group_by(Document.site, Document.published)
    ):
        months.setdefault(site, Counter())[published.strftime("%Y-%m")] += n
    return months
