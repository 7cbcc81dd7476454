"""`schoolnews serve`: the corpus in Datasette, read-only, configured by pipelines.db.browse.

The SQLite file is migrated first (so it has the search index), then served by Datasette in
its default mode: connections opened `mode=ro`, which reads a WAL database live (a crawl may
be writing to it) and cannot change it. `--immutable` would ignore the WAL and can show a
stale or torn corpus while a crawl writes, so it is used only for a file this process cannot
write (a read-only mount), where `mode=ro` cannot open a WAL database at all.
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
from pathlib import Path


class NotSQLite(ValueError):
    """serve works on SQLite files only."""


def datasette_args(
    db_file: Path, metadata_file: Path, host: str, port: int, immutable: bool = False
) -> list[str]:
    return [
        "serve",
        *(["-i"] if immutable else []),  # a file this process cannot write (a read-only mount)
        str(db_file),
        "--metadata",
        str(metadata_file),
        "--host",
        host,
        "--port",
        str(port),
        "--setting",
        "truncate_cells_html",
        "300",
        "--setting",
        "default_page_size",
        "50",
        "--setting",
        "sql_time_limit_ms",
        "5000",
        "--setting",
        "suggest_facets",
        "off",
        # bounds on what one request can make the server hold (crawler.serve_guard has
        # the per-value and per-response caps)
        "--setting",
        "max_returned_rows",
        "100",
        "--setting",
        "allow_download",
        "off",
        "--setting",
        "max_csv_mb",
        "20",
        "--setting",
        "facet_time_limit_ms",
        "500",
        # query.html: tab titles name the query instead of showing its SQL
        "--template-dir",
        str(Path(__file__).parent.parent / "pipelines" / "db" / "templates"),
    ]


def _check_free(host: str, port: int) -> None:
    """OSError (one line, exit 1) when the address cannot be served, before "Serving … at"
    is announced: uvicorn would say it in several log lines after it."""
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise OSError(
            exc.errno,
            f"cannot serve at {host}:{port}: "
            f"{os.strerror(exc.errno) if exc.errno else exc} (another `serve`? --port N)",
        ) from None


def serve(db_url: str, host: str = "127.0.0.1", port: int = 8001) -> int:
    from datasette.cli import cli
    from datasette.plugins import pm

    from pipelines.db import browse
    from pipelines.db.session import open_database, writable_sqlite_file

    db_file = browse.sqlite_file(db_url)
    if db_file is None:
        raise NotSQLite(
            f"serve works on SQLite files only, not {db_url.split(':', 1)[0]} "
            "(export the corpus, or crawl into a SQLite file)"
        )
    if not db_file.exists():
        raise NotSQLite(f"no such database file: {db_file}")
    # migrate (the search index must be there), unless the file cannot be written here: then
    # it must be current, and Datasette opens it immutable (mode=ro needs to create FILE-shm)
    open_database(db_url, create=False).dispose()
    immutable = not writable_sqlite_file(db_file)
    _check_free(host, port)
    from . import serve_guard

    if not pm.has_plugin("schoolnews"):
        pm.register(browse, name="schoolnews")
    if not pm.has_plugin("schoolnews-guard"):
        pm.register(serve_guard, name="schoolnews-guard")
    with tempfile.TemporaryDirectory(prefix="schoolnews-serve-") as tmp:
        metadata_file = Path(tmp) / "metadata.json"
        metadata_file.write_text(
            json.dumps(browse.metadata(db_file.stem), ensure_ascii=False), encoding="utf-8"
        )
        print(
            f"Serving {db_file} read-only at http://{host}:{port}/{db_file.stem} "
            f"(search: /{db_file.stem}/search?q=...)",
            flush=True,
        )
        cli.main(
            datasette_args(db_file, metadata_file, host, port, immutable),
            prog_name="datasette",
            standalone_mode=False,
        )
    return 0
