"""What every query module shares: the dialect's upsert, a long IN list, and the clock."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .session import DatabaseError


def now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite hands timestamps back naive; they were stored as UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def insert(session: Session, model):
    """INSERT with ON CONFLICT for the session's database (SQLite or PostgreSQL)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(model)
    if dialect == "sqlite":
        return sqlite.insert(model)
    raise DatabaseError(f"unsupported database {dialect!r}: use SQLite or PostgreSQL")


def among(session: Session, column, values: Iterable[int | str]):
    """`column IN (values)` with the values bound as one parameter: a JSON array read by
    json_each on SQLite, an array with `= ANY` on PostgreSQL.

    For the long lists of a batch's story step (thousands of LSH band keys): SQLAlchemy binds
    an expanding IN value by value, a name and a placeholder each, about 2 µs of Python per
    value; one parameter costs the same whatever the list's length.
    """
    values = list(values)
    if session.get_bind().dialect.name == "postgresql":
        return column == sa.any_(sa.bindparam(None, values, type_=postgresql.ARRAY(column.type)))
    listed = sa.func.json_each(sa.bindparam(None, json.dumps(values), type_=sa.String))
    return column.in_(sa.select(listed.table_valued("value").c.value))
