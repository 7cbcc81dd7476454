"""What every query module shares: the dialect's upsert and the clock."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .session import DatabaseError


def now() -> datetime:
    return datetime.now(UTC)


def insert(session: Session, model):
    """INSERT with ON CONFLICT for the session's database (SQLite or PostgreSQL)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(model)
    if dialect == "sqlite":
        return sqlite.insert(model)
    raise DatabaseError(f"unsupported database {dialect!r}: use SQLite or PostgreSQL")
