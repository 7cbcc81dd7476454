"""Datasette, configured for this corpus: its metadata (canned queries, facets, search) and a
plugin (the search page, the documents table's search box, year and topic facets, cell
rendering). `schoolnews serve` (crawler/browse.py) runs Datasette with both.

There is one search: pipelines.db.search with the query language of pipelines.query_language,
compiled by pipelines.db.query_sql, as `schoolnews query` runs it.

- `/DB/search?q=…` (and `.json`): pipelines.db.search.search itself, ranked, one row per
  story, with a highlighted snippet, the other sites that carried the story and a link to the
  readable article (a route of this plugin, not SQL).
- The `documents` table's search box: escape_fts(:search) is the query's FTS5 form from the
  same compiler (a 1-2 character term spelled out as its trigrams, read from this
  connection's index); where that form only narrows (filters, `word*`, `-word` alone), the
  `filters_from_request` hook adds the exact SQL condition. Facets: site, language, year,
  topic.
- The canned query `article`: one document, readable (paragraphs, link to the source URL).
"""

from __future__ import annotations

import html
from pathlib import Path

from datasette import hookimpl
from datasette.filters import FilterArguments
from markupsafe import Markup
from sqlalchemy.engine import make_url

from . import browse_search
from .browse_facets import TopicFacet, YearFacet
from .browse_search import escape_fts

PREVIEW = 160  # characters of a document's text in the documents table

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
            f'School news crawled by schoolnews. <a href="/{database}/search">Search</a> '
            '(any script, words of any length, OR, -word, "phrases", site:, lang:, '
            "after:, before:, topic:) or browse the <b>documents</b> table (search box, "
            "facets by site, language, year and topic)."
        ),
        "databases": {
            database: {
                "tables": {
                    "documents": {
                        "label_column": "title",
                        "sort_desc": "published",
                        "fts_table": "documents_fts",
                        "fts_pk": "id",
                        "facets": ["site", "language", {"year": "published"}, {"topic": "id"}],
                    },
                    "pages": {"label_column": "url"},
                    "document_bands": hidden,
                    "contents": hidden,
                    "alembic_version": hidden,
                },
                "queries": {"article": {"title": "Article", "sql": ARTICLE_SQL, "hide_sql": True}},
            }
        },
    }


# -- the plugin ------------------------------------------------------------------------------

# Datasette hooks: crawler.browse registers this module as a plugin before Datasette starts.


@hookimpl(trylast=True)  # after Datasette's own, so its escape_fts is replaced
def prepare_connection(conn):
    # The table search box calls escape_fts(:search): the query language's FTS5 form.
    conn.create_function("escape_fts", 1, lambda q: escape_fts(conn, q))


@hookimpl
def register_facet_classes():
    return [YearFacet, TopicFacet]


@hookimpl
def register_routes(datasette):
    return [(r"^/(?P<database>[^/]+)/search(\.(?P<format>json))?$", browse_search.search_page)]


@hookimpl
def filters_from_request(request, database, table, datasette):
    if table != "documents":
        return None
    clauses = browse_search.exact_conditions(
        request.args.get("_search"), request.args.getlist("_topic")
    )
    if clauses:
        return FilterArguments(clauses, human_descriptions=[])
    return None


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
            return Markup(
                " ".join(
                    f'<a href="{html.escape(u)}">{html.escape(u)}</a>' for u in str(value).split()
                )
            )
        if row["field"] == "title":
            return Markup(f"<strong>{html.escape(str(value))}</strong>")
    return None
