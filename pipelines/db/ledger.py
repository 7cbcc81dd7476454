"""The run ledger (`crawl_runs`) and the per-site crawl locks (`site_locks`).

A lock is decided by the row read back after `INSERT … ON CONFLICT DO NOTHING`, never by the
statement's rowcount (psycopg 3 reports -1 for it, which once made every crawl "win"). The
INSERT serialises contenders: on PostgreSQL the second waits on the first's uncommitted row,
on SQLite the INSERT takes the database's write lock; either way the row read back is the
one committed by whoever came first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .dialect import as_utc, insert, now  # noqa: F401 (as_utc: ledger users)
from .models import CrawlRun, SiteLock

# Statuses a run can end with (README, "Scheduled, incremental runs").
RUN_STATUSES = ("running", "finished", "failed", "empty", "interrupted", "killed")


# -- runs ------------------------------------------------------------------------------------


def start_run(session: Session, site: str) -> int:
    run = CrawlRun(site=site, started_at=now(), status="running")
    session.add(run)
    session.flush()
    return run.id


def finish_run(
    session: Session,
    run_id: int,
    status: str,
    close_reason: str | None,
    counts: dict[str, int],
    status_reason: str | None = None,
) -> None:
    values = _count_columns(counts)
    session.execute(
        sa.update(CrawlRun)
        .where(CrawlRun.id == run_id)
        .values(
            status=status,
            close_reason=close_reason,
            status_reason=status_reason,
            finished_at=now(),
            **values,
        )
    )


def last_finished_run(session: Session, site: str) -> CrawlRun | None:
    return session.scalars(
        sa.select(CrawlRun)
        .where(CrawlRun.site == site, CrawlRun.status == "finished")
        .order_by(CrawlRun.id.desc())
        .limit(1)
    ).first()


def last_finished_or_killed(session: Session, site: str) -> str | None:
    """Status of the site's latest run that ended (the one in progress is not it)."""
    return session.scalar(
        sa.select(CrawlRun.status)
        .where(CrawlRun.site == site, CrawlRun.status != "running")
        .order_by(CrawlRun.id.desc())
        .limit(1)
    )


def mark_runs_killed(
    session: Session,
    site: str,
    keep: int | None = None,
    reason: str | None = None,
    started_before: datetime | None = None,
) -> int:
    """Runs of a site left 'running' by a process that died (all but run `keep`, and only
    those started before `started_before` when given): they will never finish. Returns how
    many."""
    stmt = sa.update(CrawlRun).where(CrawlRun.site == site, CrawlRun.status == "running")
    if keep is not None:
        stmt = stmt.where(CrawlRun.id != keep)
    if started_before is not None:
        stmt = stmt.where(CrawlRun.started_at < started_before)
    ids = session.scalars(
        stmt.values(status="killed", finished_at=now(), status_reason=reason).returning(CrawlRun.id)
    ).all()
    return len(ids)


def close_abandoned_runs(
    session: Session,
    run_ids: list[int],
    status: str,
    reason: str,
    counts: dict[int, dict[str, int]] | None = None,
) -> int:
    """Runs of this process still `running` after its crawl stopped (a forced stop, or an end
    the pipeline could not record): give them the status they really had, and the counts
    of their crawl's stats (`counts`, by run id: a second Ctrl-C left them all 0)."""
    closed = 0
    for run_id in run_ids:
        values = _count_columns((counts or {}).get(run_id, {}))
        closed += len(
            session.scalars(
                sa.update(CrawlRun)
                .where(CrawlRun.id == run_id, CrawlRun.status == "running")
                .values(status=status, status_reason=reason, finished_at=now(), **values)
                .returning(CrawlRun.id)
            ).all()
        )
    return closed


def _count_columns(counts: dict[str, int]) -> dict[str, int]:
    """The counts that are columns of the ledger (storage.run_counts may say more)."""
    return {k: v for k, v in counts.items() if k in CrawlRun.__table__.c}


def recent_runs(session: Session, site: str | None = None, limit: int = 20) -> list[CrawlRun]:
    stmt = sa.select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)
    if site:
        stmt = stmt.where(CrawlRun.site == site)
    return list(session.scalars(stmt))


def get_run(session: Session, run_id: int) -> CrawlRun | None:
    return session.get(CrawlRun, run_id)


# -- site locks ------------------------------------------------------------------------------


def site_locked(session: Session, site: str) -> bool:
    """Whether a plain (non-distributed) crawl holds the site's lock."""
    return (
        session.scalar(
            sa.select(sa.func.count()).select_from(SiteLock).where(SiteLock.site == site)
        )
        > 0
    )


def acquire_lock(
    session: Session, site: str, owner: str, is_stale: Callable[[str, datetime | None], bool]
) -> str | None:
    """Take the site's lock; None on success, else the live owner holding it.

    `is_stale(owner, heartbeat_at)` decides whether a held lock was left by a dead process;
    such a lock is taken over and the dead process's runs are marked killed.
    """
    moment = now()
    session.execute(
        insert(session, SiteLock)
        .values(site=site, owner=owner, acquired_at=moment, heartbeat_at=moment)
        .on_conflict_do_nothing(index_elements=[SiteLock.site])
    )
    lock = session.execute(
        sa.select(SiteLock.owner, SiteLock.heartbeat_at, SiteLock.acquired_at)
        .where(SiteLock.site == site)
        .with_for_update()
    ).one()
    if lock.owner == owner:  # ours: just inserted (or left by an earlier process, our pid)
        # No plain crawl held the site: runs of it still `running` ended without saying so.
        mark_runs_killed(session, site, reason="ended without recording its end")
        return None
    if not is_stale(lock.owner, as_utc(lock.heartbeat_at)):
        return lock.owner
    # Take it over only from the owner we judged dead (a racing taker changes the owner).
    taken = session.scalar(
        sa.update(SiteLock)
        .where(SiteLock.site == site, SiteLock.owner == lock.owner)
        .values(owner=owner, acquired_at=moment, heartbeat_at=moment, run_id=None)
        .returning(SiteLock.owner)
    )
    if taken != owner:
        return session.scalar(sa.select(SiteLock.owner).where(SiteLock.site == site))
    mark_runs_killed(
        session,
        site,
        reason=f"its process {lock.owner} is gone, the lock left "
        f"behind (last heartbeat {as_utc(lock.heartbeat_at):%Y-%m-%d %H:%M:%S} UTC)",
    )
    return None


def heartbeat(session: Session, site: str, owner: str, run_id: int | None = None) -> None:
    values = {"heartbeat_at": now()}
    if run_id is not None:
        values["run_id"] = run_id
    session.execute(
        sa.update(SiteLock).where(SiteLock.site == site, SiteLock.owner == owner).values(**values)
    )


def release_lock(session: Session, site: str, owner: str) -> None:
    session.execute(sa.delete(SiteLock).where(SiteLock.site == site, SiteLock.owner == owner))
