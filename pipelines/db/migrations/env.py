"""Alembic environment: the engine comes from the caller (pipelines.db.migrate) or SCHOOLNEWS_DB."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from pipelines.db import models  # noqa: F401  (registers the tables on Base.metadata)
from pipelines.db.base import Base
from pipelines.db.migrate import include_object
from pipelines.db.session import BUSY_TIMEOUT_MS, make_engine

MIGRATION_LOCK = 0x5C4001_4E5753  # PostgreSQL advisory lock key: "schoolnews migrations"
MIGRATION_WAIT_MS = 3_600_000  # SQLite: how long to wait for another process's migration

config = context.config
engine = config.attributes.get("engine") or make_engine()


def run_locked(connection, sqlite: bool) -> None:
    with connection.begin():
        # Workers started together on a fresh database all migrate it: one at a time, each
        # reading the schema's revision only once it holds the lock (so the later ones find
        # it done). SQLite: the database's write lock, taken before the first read; this also
        # makes a migration all-or-nothing. PostgreSQL: an advisory lock for the transaction.
        if sqlite:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
            )
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            compare_type=True,
            include_object=include_object,
            render_as_batch=sqlite,  # SQLite cannot ALTER much
        )
        context.run_migrations()


with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if not sqlite:
        run_locked(connection, sqlite)
    else:
        # Batch migrations rebuild SQLite tables (copy, drop, rename); with foreign keys
        # enforced, dropping a table other rows reference fails. The pragma only takes effect
        # outside a transaction; integrity is checked once the migration is done. Waiting for
        # another process's migration (a backfill) may take longer than the usual 30 s.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.exec_driver_sql(f"PRAGMA busy_timeout={MIGRATION_WAIT_MS}")
        connection.commit()
        try:
            run_locked(connection, sqlite)
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        finally:  # the pooled connection goes back as every other one is
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            connection.commit()
        if broken:
            raise RuntimeError(f"migration left rows with broken foreign keys: {broken[:5]}")
