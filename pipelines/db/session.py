"""Engines and sessions: one place that knows how to connect, and migrates on first use."""

from __future__ import annotations

import atexit
import os
import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///data/schoolnews.db"
BUSY_TIMEOUT_MS = 30_000  # SQLite: how long a writer waits for another's write lock


class DatabaseError(RuntimeError):
    """The database cannot be used; the message is one line for the user."""


def one_line(exc: BaseException) -> str:
    """The DB-API's own message, first line (`disk is full`, `attempt to write a readonly
    database`), not SQLAlchemy's statement dump."""
    orig = getattr(exc, "orig", None) or exc
    return (str(orig).strip().splitlines() or [type(orig).__name__])[0]


SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


def database_url(explicit: str | None = None) -> str:
    """The URL given, else $SCHOOLNEWS_DB, else the default. A path with no scheme (as in
    `--db data/demo.db`) is a SQLite file when it exists or is named like one; anything else
    stays as given, for make_engine to refuse in one line (no file made of a typo)."""
    url = explicit or os.environ.get("SCHOOLNEWS_DB") or DEFAULT_URL
    if "://" not in url and (url.endswith(SQLITE_SUFFIXES) or Path(url).is_file()):
        return f"sqlite:///{url}"
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the crawl's writer
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


# PostgreSQL (libpq): a server that does not answer fails the connection after this many
# seconds, and a connection whose peer is gone (a host down, a network cut) is found dead by
# TCP keepalives and unacknowledged data within about a minute, instead of a crawl waiting
# on it for as long as the operating system's defaults say (hours).
CONNECT_TIMEOUT_S = 10
_PG_KEEPALIVE = {
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
    "tcp_user_timeout": 60_000,  # ms
}


def _connect_args(parsed) -> dict:
    """The URL's own query options win over these."""
    if parsed.get_backend_name() != "postgresql":
        return {}
    wanted = {"connect_timeout": CONNECT_TIMEOUT_S, **_PG_KEEPALIVE}
    return {k: v for k, v in wanted.items() if k not in parsed.query}


def make_engine(url: str | None = None) -> sa.Engine:
    url = database_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"not a database URL: {url!r}") from exc
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    if parsed.drivername == "postgresql":
        # psycopg, the driver the postgres extra installs (SQLAlchemy 2.0 would pick psycopg2)
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        engine = sa.create_engine(parsed, pool_pre_ping=True, connect_args=_connect_args(parsed))
    except ImportError as exc:
        if parsed.drivername == "postgresql+psycopg":
            from pipelines.extras import require

            require("postgres")  # MissingExtra: the one line naming the extra to install
        raise DatabaseError(f"cannot use {parsed.render_as_string()}: {exc}") from exc
    except ArgumentError as exc:
        raise DatabaseError(f"cannot use {parsed.render_as_string()}: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    _record_engine(engine)
    _made[engine] = os.getpid()
    return engine


# Every engine this process made, closed at exit. SQLite checkpoints its write-ahead log into
# the database file and removes it when the last connection closes; a process that exits
# with its pool's connections open leaves the newest writes in `FILE-wal` (after `make demo`
# the .db file itself was 4 KB), and a copy of the .db file alone lacks them.
_made: weakref.WeakKeyDictionary[sa.Engine, int] = weakref.WeakKeyDictionary()


@atexit.register
def _close_engines() -> None:
    for engine, pid in list(_made.items()):
        if pid == os.getpid():  # a forked child leaves its parent's connections alone
            engine.dispose()


def _record_engine(engine: sa.Engine) -> None:
    """With $SCHOOLNEWS_ENGINE_LOG set, append "pid url" for every engine made: the test
    that a crawl opens one engine per process counts these lines."""
    if log := os.environ.get("SCHOOLNEWS_ENGINE_LOG"):
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {engine.url.render_as_string()}\n")


_shared: dict[tuple[int, str], sa.Engine] = {}


def shared_engine(url: str | None = None) -> sa.Engine:
    """This process's one engine on `url`, opened (reachable, migrated) on first use and never
    disposed by its users. Keyed by pid: a forked child opens its own instead of sharing the
    parent's connections."""
    key = (os.getpid(), database_url(url))
    if key not in _shared:
        _shared[key] = open_database(key[1])
    return _shared[key]


def _sqlite_file(url: str) -> Path | None:
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None  # make_engine says why
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return Path(parsed.database)
    return None


def open_database(url: str | None = None, migrate: bool = True, create: bool = True) -> sa.Engine:
    """An engine on a reachable database whose schema is at the newest migration.

    create=False (commands that read a corpus): the database must hold a schoolnews schema
    (and a SQLite file must exist), so a mistyped path or URL is an error, not a new empty
    corpus or tables written into another application's database.
    """
    url = database_url(url)
    path = None if create else _sqlite_file(url)
    if path is not None and not path.is_file():
        raise DatabaseError(
            f"no such database file: {path} (a crawl or `schoolnews demo` "
            "creates one; --db or $SCHOOLNEWS_DB names it)"
        )
    read_only = path is not None and not writable_sqlite_file(path)
    engine = read_only_engine(path) if read_only else make_engine(url)
    try:
        with engine.connect():
            pass
    except DBAPIError as exc:  # unreachable server, not a database file, …
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseError(f"cannot connect to {engine.url.render_as_string()}: {reason}") from exc
    from .migrate import has_schema, upgrade

    if not create and not has_schema(engine):  # never a schema in someone's database
        where = path or engine.url.render_as_string(hide_password=True)
        engine.dispose()
        raise DatabaseError(
            f"{where} is not a schoolnews database (no schema revision; a crawl creates one)"
        )
    if read_only:
        _require_current(engine, path)
    elif migrate:
        upgrade(engine)
    return engine


def writable_sqlite_file(path: Path) -> bool:
    """This process may write the SQLite file and create files beside it (FILE-wal, -shm)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def read_only_engine(path: Path, live: bool = False) -> sa.Engine:
    """An engine that reads a SQLite file and cannot change it. `live`: `mode=ro`, which
    sees a crawl's writes as they land (Datasette's way; it needs to create FILE-shm beside
    a WAL database). Otherwise immutable as well, for a file this process cannot write (a
    read-only mount, another user's folder), which SQLite in WAL mode would otherwise refuse
    ("unable to open database file")."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro" + ("" if live else "&immutable=1")
    engine = sa.create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
        poolclass=sa.pool.QueuePool,
    )
    _made[engine] = os.getpid()
    return engine


def _require_current(engine: sa.Engine, path: Path) -> None:
    """Nothing can migrate a file this process cannot write: its schema must be current."""
    from .migrate import current_revision, head_revision

    current, head = current_revision(engine), head_revision(engine)
    if current != head:
        engine.dispose()
        raise DatabaseError(
            f"{path} is read-only here and its schema is at revision {current}, not {head}: "
            "`schoolnews db upgrade` it where it can be written"
        )


def sessions(engine: sa.Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: sa.Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error, always closed."""
    with sessions(engine)() as session, session.begin():
        yield session
