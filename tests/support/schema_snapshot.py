"""The newest SQLite schema as one script: pipelines/db/sqlite_schema.sql.

    .venv/bin/python -m tests.support.schema_snapshot [--write]

Runs every migration (Alembic, the path an old database takes) on a new file and writes out
what they made: tables, then indexes, views and triggers, in the order they were made, and
the revision they stand at. A new database is created from that script (pipelines.db.migrate);
tests/test_db.py keeps it equal to the migrations. Without --write: prints whether the file is
up to date (exit 1 when it is not).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from pathlib import Path

from pipelines.db.migrate import SQLITE_SCHEMA, alembic_config, current_revision
from pipelines.db.session import make_engine

HEADER = (
    "-- The newest schema of a schoolnews SQLite database: what the migrations make, in one\n"
    "-- script. Written by `python -m tests.support.schema_snapshot --write`; do not edit.\n"
)


def migrated(path: Path) -> str:
    """Migrate a new database at `path` through Alembic; its revision."""
    from alembic import command

    engine = make_engine(f"sqlite:///{path}")
    try:
        command.upgrade(alembic_config(engine), "head")
        return current_revision(engine)
    finally:
        engine.dispose()


FTS5_SHADOWS = ("data", "idx", "content", "docsize", "config")  # made by CREATE VIRTUAL TABLE


def render(path: Path, revision: str) -> str:
    """The script that makes the schema of the database at `path`: its tables (virtual ones
    without their shadow tables, which CREATE VIRTUAL TABLE makes), then its indexes, views
    and triggers, each in the order they were made; and its revision."""
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
            "AND name NOT LIKE 'sqlite_%' ORDER BY type != 'table', rowid"
        ).fetchall()
    virtual = [name for _, name, sql in rows if sql.startswith("CREATE VIRTUAL TABLE")]
    shadows = {f"{v}_{suffix}" for v in virtual for suffix in FTS5_SHADOWS}
    statements = [f"{sql};" for _, name, sql in rows if name not in shadows]
    statements.append(f"INSERT INTO alembic_version (version_num) VALUES ('{revision}');")
    return f"{HEADER}-- revision: {revision}\n" + "\n".join(statements) + "\n"


def structure(path: Path) -> dict:
    """What a database's schema means, in an order-free form (Alembic's table rebuilds write
    the same constraints and indexes in a different order from one run to the next): each
    table's columns, keys and indexes; the SQL of virtual tables, views and triggers; the
    rows of the version table and of the search index's configuration."""
    with sqlite3.connect(path) as db:
        objects = db.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchall()
        found: dict = {}
        for kind, name, table, sql in objects:
            if kind == "table" and sql and not sql.startswith("CREATE VIRTUAL TABLE"):
                found[("table", name)] = (
                    db.execute(f"PRAGMA table_xinfo('{name}')").fetchall(),
                    sorted(db.execute(f"PRAGMA foreign_key_list('{name}')").fetchall()),
                    sorted(
                        (unique, origin, db.execute(f"PRAGMA index_xinfo('{index}')").fetchall())
                        for _, index, unique, origin, _ in db.execute(
                            f"PRAGMA index_list('{name}')"
                        )
                    ),
                    "WITHOUT ROWID" in sql.upper(),
                )
            elif kind == "index":
                found[("index", name)] = (table, sql is None)
            else:
                found[(kind, name)] = (table, sql)
        for table in ("alembic_version", "documents_fts_config"):
            found[("rows", table)] = sorted(db.execute(f"SELECT * FROM {table}").fetchall())
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "migrated.db"
        revision = migrated(path)
        if args.write:
            SQLITE_SCHEMA.write_text(render(path, revision), encoding="utf-8")
            print(f"wrote {SQLITE_SCHEMA}")
            return 0
        made = Path(tmp) / "made.db"
        with sqlite3.connect(made) as db:
            db.executescript(SQLITE_SCHEMA.read_text(encoding="utf-8"))
        same = structure(made) == structure(path)
    print(f"{SQLITE_SCHEMA}: {'up to date' if same else 'OUT OF DATE (run with --write)'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
