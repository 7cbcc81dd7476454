"""The browser's side of the one search (pipelines.db.search): the search page route, the
documents table's search box (escape_fts and its exact recheck).
Registered by the Datasette plugin in pipelines.db.browse."""

from __future__ import annotations

import asyncio
import html
import sqlite3
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa
from datasette.utils.asgi import Response
from sqlalchemy.dialects import sqlite

from pipelines.query_language import Field, QueryError, parse

from . import query_sql
from .search import search
from .session import read_only_engine, writable_sqlite_file

MAX_SHORT_TRIGRAMS = 5000  # the search box spells out a short term's trigrams up to this many
PAGE_SIZE = 50

SYNTAX_HELP = (
    'words (all required) · "a phrase" · A OR B · -word or NOT word · prefix* · '
    "(groups) · site:SLUG lang:zh-cn topic:SLUG after:2020 before:2021-06-30"
)


def _short_trigrams(conn: sqlite3.Connection):
    def find(term: str) -> list[str] | None:
        found = [
            row[0]
            for row in conn.execute(
                "select term from documents_fts_vocab where term >= ? and term < ? limit ?",
                (term, term + "\U0010ffff", MAX_SHORT_TRIGRAMS + 1),
            )
        ]
        return found if len(found) <= MAX_SHORT_TRIGRAMS else None

    return find


def escape_fts(conn: sqlite3.Connection, query: str | None) -> str:
    """The FTS5 form of a query for the search box (exact_conditions rechecks the rest)."""
    try:
        node = parse(query or "")
    except QueryError:
        return query_sql.NO_MATCH
    if node is None:
        return query_sql.NO_MATCH
    expression, _ = query_sql.fts(node, _short_trigrams(conn))
    return expression or query_sql.NO_MATCH


@lru_cache(maxsize=256)
def _sql(condition) -> str:
    return str(condition.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


def exact_conditions(query: str | None, topics: list[str]) -> list[str]:
    """SQL conditions (literal, SQLite) the documents table adds to its search and facets."""
    clauses = []
    try:
        node = parse(query or "")
    except QueryError:
        node = None
    if node is not None:
        clauses.append(_sql(query_sql.where(node, "sqlite")))
    for slug in topics:
        clauses.append(_sql(query_sql.where(Field("topic", slug), "sqlite")))
    return clauses


@lru_cache(maxsize=8)
def _engine(path: str) -> sa.Engine:
    """A read-only engine on the served file, opened as Datasette opens it (crawler.browse):
    live, or immutable when this process cannot write the file."""
    return read_only_engine(Path(path), live=writable_sqlite_file(Path(path)))


def _search(path: str, query: str) -> list[dict]:
    with _engine(path).connect() as connection, sa.orm.Session(bind=connection) as session:
        return search(session, query, limit=PAGE_SIZE)


def _marked(text: str, spans) -> str:
    out, at = [], 0
    for start, end in spans:
        out += [html.escape(text[at:start]), f"<mark>{html.escape(text[start:end])}</mark>"]
        at = end
    return "".join(out) + html.escape(text[at:])


def _row(hit: dict) -> dict:
    return {
        "id": hit["id"],
        "title": hit["title"],
        "snippet": _marked(hit["snippet"], hit["highlights"]),
        "site": hit["site"],
        "published": hit["published"],
        "url": hit["url"],
        "also_on": hit["also_on"],
        "rank": hit["rank"],
    }


async def search_page(datasette, request):
    """`/DB/search?q=…`: the ranked search, as HTML or (.json) rows."""
    database = request.url_vars["database"]
    try:
        db = datasette.get_database(database)
    except KeyError:
        return Response.text("no such database", status=404)
    query = request.args.get("q", "").strip()
    error, rows = None, []
    if query:
        try:
            rows = [_row(h) for h in await asyncio.to_thread(_search, db.path, query)]
        except QueryError as exc:
            error = str(exc)
    if request.url_vars.get("format") == "json":
        if error:
            return Response.json({"ok": False, "error": error}, status=400)
        shape = request.args.get("_shape", "objects")
        return Response.json(rows if shape == "array" else {"ok": True, "rows": rows})
    return Response.html(_page(datasette, database, query, rows, error))


def _page(datasette, database: str, query: str, rows: list[dict], error: str | None) -> str:
    base = datasette.urls.database(database)
    items = []
    for row in rows:
        link = f"{base}/article?{urlencode({'id': row['id']})}"
        also = "".join(
            f"<br><small>also on {html.escape(a['site'])}: "
            f'<a href="{html.escape(a["url"])}">{html.escape(a["url"])}</a></small>'
            for a in row["also_on"]
        )
        items.append(
            f'<tr><td>{row["rank"]}</td><td><a href="{html.escape(link)}">'
            f"{html.escape(row['title'] or '(untitled)')}</a><br>{row['snippet']}{also}</td>"
            f"<td>{html.escape(row['site'])}</td><td>{html.escape(row['published'] or '-')}"
            f'</td><td><a href="{html.escape(row["url"])}">source</a></td></tr>'
        )
    title = f"{query} · search" if query else "Search"
    message = (
        f'<p class="message-error">{html.escape(error)}</p>'
        if error
        else f"<p>{len(rows)} result(s), one per story.</p>"
        if query
        else ""
    )
    return (
        f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} · schoolnews</title>"
        f'<link rel="stylesheet" href="/-/static/app.css"></head><body><section class="content">'
        f'<p><a href="{base}">{html.escape(database)}</a> · '
        f'<a href="{base}/documents">documents</a></p><h1>Search the corpus</h1>'
        f'<form action="{base}/search" method="get"><input type="search" name="q" size="60" '
        f'value="{html.escape(query)}"> <input type="submit" value="Search"></form>'
        f"<p><small>{html.escape(SYNTAX_HELP)}</small></p>{message}"
        f'<table class="rows-and-columns"><thead><tr><th>#</th><th>title / snippet</th>'
        f"<th>site</th><th>published</th><th>url</th></tr></thead><tbody>{''.join(items)}"
        f"</tbody></table></section></body></html>"
    )
