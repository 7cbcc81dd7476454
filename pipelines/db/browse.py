"""Datasette, configured for this corpus: its metadata (canned queries, facets, search) and a
plugin (SQL functions that normalise queries as pipelines.db.search does, a year facet, cell
rendering). `schoolnews serve` (crawler/browse.py) runs Datasette with both.

- The `documents` table: the search box (FTS5 over documents.search_text; the query is
  normalised, so traditional and simplified both find a page), facets on site, language and
  year, newest first.
- The canned query `search`: ranked results, one per story, with a highlighted snippet, the
  other sites that carried the story and a link to the source; terms under 3 characters are
  found by a substring scan, as in the command line.
- The canned query `article`: one document, readable (paragraphs, link to the source URL).
"""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path

from datasette import hookimpl
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args
from markupsafe import Markup
from sqlalchemy.engine import make_url

from pipelines.processing.searchable import query_terms

from .search import MAX_RANKED, MIN_TRIGRAM, SNIPPET_WIDTH, fts_expression

NO_MATCH = '"\x01\x01\x01"'  # a valid FTS5 query that matches nothing
PREVIEW = 160  # characters of a document's text in the documents table

SEARCH_SQL = f"""
with indexed as (
  select rowid as id, bm25(documents_fts) as score
  from documents_fts where documents_fts match schoolnews_match(:q)
  order by rowid desc limit {MAX_RANKED}
),
scanned as (
  select id, schoolnews_scan_score(search_text, :q) as score
  from documents where schoolnews_short_only(:q) and schoolnews_has_short(search_text, :q)
  order by id desc limit {MAX_RANKED}
),
ranked as (
  select d.id, h.score, row_number() over (
    partition by coalesce(d.story_id, -d.id) order by h.score, d.id) as place
  from (select * from indexed union all select * from scanned) h
  join documents d on d.id = h.id
  where schoolnews_has_short(d.search_text, :q)
)
select d.id, d.title, schoolnews_snippet(d.text, :q) as snippet, d.site, d.published,
  p.url,
  (select group_concat(o.site, ', ') from documents o
   where o.story_id = d.story_id and o.id <> d.id) as also_on
from ranked r join documents d on d.id = r.id join pages p on p.id = d.page_id
where r.place = 1
order by r.score, d.id
limit 50
"""

# One row per field (a record, not a wide table row), the text last, in paragraphs.
ARTICLE_SQL = """
with a as (
  select d.*, p.url, p.fetched_at,
    (select group_concat(op.url, ' ') from documents o join pages op on op.id = o.page_id
     where o.story_id = d.story_id and o.id <> d.id) as copies
  from documents d join pages p on p.id = d.page_id where d.id = :id
)
select field, value from (
  select 1 as n, 'title' as field, title as value from a
  union all select 2, 'site', site from a
  union all select 3, 'published', published from a
  union all select 4, 'language', language from a
  union all select 5, 'author', author from a
  union all select 6, 'source', source from a
  union all select 7, 'url', url from a
  union all select 8, 'fetched', fetched_at from a
  union all select 9, 'same story', copies from a
  union all select 10, 'text', text from a
) order by n
"""


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL, or None for any other database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def metadata(database: str) -> dict:
    """Datasette metadata for a corpus file whose Datasette name is `database`."""
    hidden = {"hidden": True}
    return {
        "title": "schoolnews corpus",
        "description_html": (
            "School news crawled by schoolnews. Use the <b>search</b> query (any script, "
            "words of any length) or the <b>documents</b> table (search box, facets)."
        ),
        "databases": {
            database: {
                "tables": {
                    "documents": {
                        "label_column": "title",
                        "sort_desc": "published",
                        "fts_table": "documents_fts",
                        "fts_pk": "id",
                        "facets": ["site", "language", {"year": "published"}],
                    },
                    "pages": {"label_column": "url"},
                    "document_bands": hidden,
                    "contents": hidden,
                    "alembic_version": hidden,
                },
                "queries": {
                    "search": {
                        "title": "Search the corpus",
                        "hide_sql": True,
                        "description": "Titles and texts; simplified or traditional, any "
                                       "case; one row per story.",
                        "sql": SEARCH_SQL,
                    },
                    "article": {"title": "Article", "sql": ARTICLE_SQL, "hide_sql": True},
                },
            }
        },
    }


# -- SQL functions ---------------------------------------------------------------------------

@lru_cache(maxsize=256)
def _terms(query: str | None) -> tuple[list[str], list[str]]:
    terms = query_terms(query or "")
    return ([t for t in terms if len(t) >= MIN_TRIGRAM],
            [t for t in terms if len(t) < MIN_TRIGRAM])


def match_expression(query: str | None) -> str:
    """FTS5 query for the terms trigrams can match (every one required)."""
    long_terms, _ = _terms(query)
    return fts_expression(long_terms) if long_terms else NO_MATCH


def short_only(query: str | None) -> int:
    long_terms, short_terms = _terms(query)
    return int(bool(short_terms) and not long_terms)


def has_short(search_text: str | None, query: str | None) -> int:
    _, short_terms = _terms(query)
    return int(all(t in (search_text or "") for t in short_terms))


def scan_score(search_text: str | None, query: str | None) -> float:
    _, short_terms = _terms(query)
    text = search_text or ""
    return -sum(text.count(t) for t in short_terms) * 1000.0 / (len(text) + 200)


def snippet_html(text: str | None, query: str | None) -> str:
    """HTML: an escaped extract around the first match, matches in <mark>."""
    from .search import snippet

    long_terms, short_terms = _terms(query)
    extract, marks = snippet(text or "", long_terms + short_terms, SNIPPET_WIDTH)
    out, at = [], 0
    for start, end in marks:
        out.append(html.escape(extract[at:start]))
        out.append(f"<mark>{html.escape(extract[start:end])}</mark>")
        at = end
    out.append(html.escape(extract[at:]))
    return "".join(out)


# -- the plugin ------------------------------------------------------------------------------

class YearFacet(Facet):
    """Facet on the year of a YYYY-MM-DD column (`{"year": "published"}` in metadata)."""

    type = "year"

    async def suggest(self):
        return []

    async def facet_results(self):
        results, timed_out = [], []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            col = escape_sqlite(column)
            sql = (f"select substr({col}, 1, 4) as value, count(*) as count "
                   f"from ({self.sql}) where {col} is not null "
                   f"group by value order by value desc limit {size + 1}")
            try:
                rows = await self.ds.execute(self.database, sql, self.params, truncate=False,
                                             custom_time_limit=self.ds.setting(
                                                 "facet_time_limit_ms"))
            except Exception:  # QueryInterrupted: shown as a timed-out facet
                timed_out.append(column)
                continue
            key = f"{column}__startswith"
            values = []
            for row in rows.rows[:size]:
                selected = args.get(key) == str(row["value"])
                path = (path_with_removed_args(self.request, {key: str(row["value"])})
                        if selected else
                        path_with_added_args(self.request, {key: str(row["value"])}))
                values.append({"value": row["value"], "label": row["value"],
                               "count": row["count"], "selected": selected,
                               "toggle_url": self.ds.absolute_url(self.request, path)})
            results.append({"name": column, "type": self.type, "results": values,
                            "hideable": source_and_config["source"] != "metadata",
                            "toggle_url": self.request.path,
                            "truncated": len(rows.rows) > size})
        return results, timed_out


# Datasette hooks: crawler.browse registers this module as a plugin before Datasette starts.

@hookimpl(trylast=True)  # after Datasette's own, so its escape_fts is replaced
def prepare_connection(conn):
    # The table search box calls escape_fts(:search): normalise the query the same way as
    # the documents were, so a traditional query finds a simplified page.
    conn.create_function("escape_fts", 1, match_expression, deterministic=True)
    conn.create_function("schoolnews_match", 1, match_expression, deterministic=True)
    conn.create_function("schoolnews_short_only", 1, short_only, deterministic=True)
    conn.create_function("schoolnews_has_short", 2, has_short, deterministic=True)
    conn.create_function("schoolnews_scan_score", 2, scan_score, deterministic=True)
    conn.create_function("schoolnews_snippet", 2, snippet_html, deterministic=True)


@hookimpl
def register_facet_classes():
    return [YearFacet]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if table == "documents" and column in ("text", "search_text") and value:
        short = value[:PREVIEW] + ("…" if len(value) > PREVIEW else "")
        return short if column == "text" else Markup("<em>(search form)</em>")
    if table is not None or row is None or value is None:
        return None
    keys = row.keys()
    if column == "snippet" and "id" in keys:
        return Markup(value)  # built escaped by snippet_html
    if column == "title" and "id" in keys and "url" in keys:
        link = datasette.urls.database(database) + f"/article?id={row['id']}"
        return Markup(f'<a href="{html.escape(link)}">{html.escape(value)}</a>')
    if column == "value" and "field" in keys:  # the article query
        if row["field"] == "text":
            paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in value.split("\n") if p)
            return Markup(f'<div style="max-width:48em">{paragraphs}</div>')
        if row["field"] in ("url", "same story"):
            return Markup(" ".join(f'<a href="{html.escape(u)}">{html.escape(u)}</a>'
                                   for u in str(value).split()))
        if row["field"] == "title":
            return Markup(f"<strong>{html.escape(str(value))}</strong>")
    return None
