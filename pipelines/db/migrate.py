"""Alembic, driven from code: no alembic.ini needed, and commands migrate on first use.

Every command opens the database through `upgrade`, which is nearly always a no-op: that case
is answered without Alembic (importing it and parsing every migration script cost a quarter of
a second of CPU, a sixth of `reextract`'s own share on a thousand pages). The newest revision
is read from the scripts' text and the database's from its version table; when either is not
plain (a branch, no table, a script that does not say), Alembic decides.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import sqlalchemy as sa

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest schema in one script, for a new SQLite database (tests.support.schema_snapshot
# writes it from the migrations; tests/test_db.py keeps the two equal).
SQLITE_SCHEMA = Path(__file__).with_name("sqlite_schema.sql")
_SCHEMA_REVISION = re.compile(r"^-- revision: (\S+)$", re.M)

# Search index objects made by raw DDL in migration 0003 (the FTS5 virtual table and its shadow
# tables on SQLite, the pg_trgm GIN index on PostgreSQL): no model describes them.
UNMODELLED = ("documents_fts", "ix_documents_search_text_trgm")

# How each script in migrations/versions names itself and its parent (Alembic's template).
_REVISION = re.compile(r'^revision: str = "([^"]+)"$', re.M)
_DOWN_REVISION = re.compile(r'^down_revision: [^=\n]+ = (?:"([^"]+)"|None)$', re.M)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic hook: leave the unmodelled search index out of autogenerate comparisons."""
    return not (reflected and compare_to is None and (name or "").startswith(UNMODELLED))


def alembic_config(engine: sa.Engine):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def current_revision(engine: sa.Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: sa.Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def _plain_head() -> str | None:
    """The one revision no script names as its parent, read from the scripts' text; None
    when that is not plain."""
    revisions, parents = set(), set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revision, parent = _REVISION.findall(text), _DOWN_REVISION.findall(text)
        if len(revision) != 1 or len(parent) != 1:
            return None
        revisions.add(revision[0])
        parents.add(parent[0])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _plain_current(engine: sa.Engine) -> str | None:
    """The database's one revision in Alembic's version table; None if it has no such table
    or not exactly one row."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT version_num FROM alembic_version")).all()
    except sa.exc.DBAPIError:
        return None
    return rows[0][0] if len(rows) == 1 else None


def has_schema(engine: sa.Engine) -> bool:
    """Whether the database holds a revision of this schema (of any age)."""
    return _plain_current(engine) is not None or current_revision(engine) is not None


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    if revision == "head":
        current = _plain_current(engine)
        if current is not None and current == _plain_head():
            return
        if current is None and _create_new(engine):
            return
        if current_revision(engine) == head_revision(engine):
            return
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def _create_new(engine: sa.Engine) -> bool:
    """A new, empty SQLite database gets the newest schema from one script: no Alembic, no
    seventeen migrations (a second of CPU on every new corpus, and on every test database).
    False, and Alembic decides, for anything else: another backend, a database with any
    table in it, a script that is not at the newest revision."""
    if engine.dialect.name != "sqlite" or not SQLITE_SCHEMA.is_file():
        return False
    script = SQLITE_SCHEMA.read_text(encoding="utf-8")
    revision = _SCHEMA_REVISION.search(script)
    if revision is None or revision[1] != _plain_head():
        return False
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        if cursor.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            return False
        try:
            # All or nothing, under the write lock: of processes starting on one new file,
            # the first makes the schema; the others' CREATE TABLE fails, Alembic finds it.
            cursor.executescript(f"BEGIN IMMEDIATE;\n{script}COMMIT;")
        except sqlite3.OperationalError:
            connection.rollback()
            return False
        return True
    finally:
        connection.close()


def downgrade(engine: sa.Engine, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(engine), revision)
