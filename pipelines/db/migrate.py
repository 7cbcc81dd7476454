"""Alembic, driven from code: no alembic.ini needed, and commands migrate on first use."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).with_name("migrations")

# Search index objects made by raw DDL in migration 0003 (the FTS5 virtual table and its shadow
# tables on SQLite, the pg_trgm GIN index on PostgreSQL): no model describes them.
UNMODELLED = ("documents_fts", "ix_documents_search_text_trgm")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic hook: leave the unmodelled search index out of autogenerate comparisons."""
    return not (reflected and compare_to is None and (name or "").startswith(UNMODELLED))


def alembic_config(engine: sa.Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: sa.Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    if revision == "head" and current_revision(engine) == head_revision(engine):
        return
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: sa.Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)
