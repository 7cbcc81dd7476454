"""pipelines.db.ledger: site locks decided by the row read back, on both backends."""

from __future__ import annotations

import threading

from pipelines.db import ledger
from pipelines.db.session import session_scope


def acquire(engine, owner: str, stale: bool = False):
    with session_scope(engine) as session:
        return ledger.acquire_lock(session, "site", owner, lambda _owner, _beat: stale)


def test_second_owner_is_refused_while_the_first_lives(engine):
    assert acquire(engine, "host:1") is None
    assert acquire(engine, "host:2") == "host:1"  # psycopg 3's rowcount of -1 once said None
    assert acquire(engine, "host:1") is None  # the holder itself


def test_racing_owners_exactly_one_wins(engine):
    winners, barrier = [], threading.Barrier(6)

    def contend(n: int) -> None:
        barrier.wait()
        if acquire(engine, f"host:{n}") is None:
            winners.append(n)

    threads = [threading.Thread(target=contend, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1


def test_stale_lock_taken_over_and_its_run_marked_killed(engine):
    assert acquire(engine, "host:1") is None
    with session_scope(engine) as session:
        dead_run = ledger.start_run(session, "site")
        ledger.heartbeat(session, "site", "host:1", dead_run)
    assert acquire(engine, "host:2", stale=True) is None
    with session_scope(engine) as session:
        run = ledger.get_run(session, dead_run)
        assert run.status == "killed" and "host:1 is gone" in run.status_reason
        assert acquire(engine, "host:3") == "host:2"


def test_runs_left_running_without_a_lock_are_closed_by_the_next_lock(engine):
    with session_scope(engine) as session:
        orphan = ledger.start_run(session, "site")  # its process ended without recording it
    assert acquire(engine, "host:1") is None
    with session_scope(engine) as session:
        assert ledger.get_run(session, orphan).status == "killed"


def test_abandoned_runs_get_the_status_they_had(engine):
    with session_scope(engine) as session:
        run = ledger.start_run(session, "site")
        done = ledger.start_run(session, "site")
        ledger.finish_run(session, done, "finished", "finished", {})
    with session_scope(engine) as session:
        counts = {run: {"requests": 43, "pages": 20, "new_documents": 19}}  # its crawl's stats
        assert ledger.close_abandoned_runs(session, [run, done], "interrupted", "why", counts) == 1
        closed = ledger.get_run(session, run)
        assert closed.status_reason == "why"
        assert (closed.requests, closed.pages, closed.new_documents) == (43, 20, 19)
        assert ledger.get_run(session, done).status == "finished"


def test_only_runs_older_than_a_lease_are_taken_for_dead_workers(engine):
    """A distributed crawl's first worker marked every other running run of the site killed,
    and so a worker that joined the same moment, alive and crawling."""
    from datetime import UTC, datetime, timedelta

    import sqlalchemy as sa

    from pipelines.db.models import CrawlRun

    with session_scope(engine) as session:
        dead = ledger.start_run(session, "site")
        joining = ledger.start_run(session, "site")
        seeder = ledger.start_run(session, "site")
        hour_ago = datetime.now(UTC) - timedelta(hours=1)
        session.execute(sa.update(CrawlRun).where(CrawlRun.id == dead).values(started_at=hour_ago))
    with session_scope(engine) as session:
        lease_ago = datetime.now(UTC) - timedelta(seconds=60)
        killed = ledger.mark_runs_killed(
            session, "site", keep=seeder, reason="its worker died", started_before=lease_ago
        )
        assert killed == 1
        gone = ledger.get_run(session, dead)
        assert (gone.status, gone.status_reason) == ("killed", "its worker died")
        assert ledger.get_run(session, joining).status == "running"
