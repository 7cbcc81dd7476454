"""Limits for `schoolnews serve`: a Datasette plugin, beside Datasette's own settings.

Datasette's settings (crawler.browse.datasette_args) bound the rows and time of a query; they
do not bound the size of one value, so `select randomblob(1000000000)` once built a 1.3 GB
response. Here:
- every connection gets SQLITE_LIMIT_LENGTH = MAX_VALUE_BYTES: a larger string or blob is an
  SQL error ("string or blob too big") before SQLite allocates it;
- a response that arrives in one piece larger than MAX_RESPONSE_BYTES is replaced by a short
  413, and a streamed one (CSV) is cut there;
- the corpus is read-only, so any method but GET/HEAD/OPTIONS is answered 405 in one line
  (Datasette 0.65 answers a POST to a table with an AssertionError traceback and a 500).
"""

from __future__ import annotations

import json
import sqlite3

from datasette import hookimpl

MAX_VALUE_BYTES = 500_000  # a stored value is smaller (pages: zstd bodies of capped pages)
MAX_RESPONSE_BYTES = 50_000_000
READ_METHODS = {"GET", "HEAD", "OPTIONS"}


@hookimpl
def prepare_connection(conn):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)


async def _refuse(send, status: int, message: str) -> None:
    body = json.dumps({"ok": False, "error": message, "status": status}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _guard(app):
    async def guarded(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        if scope.get("method", "GET") not in READ_METHODS:
            return await _refuse(send, 405, "this corpus is served read-only: only GET")
        state = {"start": None, "sent": 0, "done": False}

        async def capped_send(message):
            # The start is held back until the first body chunk: a response that is too big
            # in one piece (Datasette's JSON has no Content-Length) becomes a clean 413.
            if message["type"] == "http.response.start":
                state["start"] = message
                return None
            if message["type"] != "http.response.body" or state["done"]:
                return await send(message) if not state["done"] else None
            body = message.get("body", b"")
            if state["start"] is not None:
                start, state["start"] = state["start"], None
                if len(body) > MAX_RESPONSE_BYTES:
                    state["done"] = True
                    return await _refuse(
                        send,
                        413,
                        f"response larger than "
                        f"{MAX_RESPONSE_BYTES // 1_000_000} MB: add a LIMIT "
                        "or select fewer columns",
                    )
                await send(start)
            state["sent"] += len(body)
            if state["sent"] > MAX_RESPONSE_BYTES:  # streamed (CSV): cut here
                state["done"] = True
                message = {**message, "more_body": False}
            return await send(message)

        return await app(scope, receive, capped_send)

    return guarded


@hookimpl
def asgi_wrapper(datasette):
    return _guard
