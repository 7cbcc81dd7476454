"""A parsed query (pipelines.query_language) as SQL: the one compiler behind `query`,
`export --query` and the browser, on SQLite and PostgreSQL.

- `where(node, dialect)`: the exact condition on documents, for any backend. A term is a
  substring test of documents.search_text (SQLite: instr; PostgreSQL: LIKE '%term%', which
  pg_trgm's GIN index serves, a scan for terms under 3 characters); `word*` also requires the
  word to start after a space or a line start; filters test the document's columns.
- `fts(node, short_trigrams)`: the same query as an FTS5 trigram expression over
  documents_fts (SQLite), with `exact` False when part of it (a term of 4 characters or
  more, filters, `word*`, a NOT that stands alone, a short term too common to spell out) can
  only narrow: `where` then rechecks the rows FTS5 found. The index keeps no positions
  (migration 0015), so a term is the AND of its trigrams, not a phrase of them. A 1-2
  character term, which has no trigram of its own, is the OR of the indexed trigrams that
  start with it (search_text ends with a newline, so every occurrence starts one).
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from pipelines.query_language import And, Field, Node, Not, Or, Term

from .models import Document, DocumentTopic
from .queries import language_is

MIN_TRIGRAM = 3  # shorter terms have no trigram of their own
NO_MATCH = '"\x01\x01\x01"'  # a valid FTS5 query that matches nothing


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%"


def _literal(value: str):
    # The pattern goes into the SQL text: PostgreSQL then plans each query with it (the GIN
    # index for a rare term, a scan for a common one) instead of one generic plan for all
    # once psycopg has prepared the statement.
    return sa.bindparam(None, value, type_=sa.Text, literal_execute=True)


def contains(term: str, dialect: str):
    if dialect == "sqlite":
        return sa.func.instr(Document.search_text, term) > 0
    return Document.search_text.like(_literal("%" + _like(term)), escape="\\")


def _starts_word(term: str):
    column = Document.search_text
    return sa.or_(
        *(column.like(_literal(lead + _like(term)), escape="\\") for lead in ("", "% ", "%\n"))
    )


def _field(field: Field):
    if field.name == "site":
        return Document.site == field.value
    if field.name == "language":
        return language_is(field.value)
    if field.name == "after":
        return Document.published >= field.value
    if field.name == "before":
        return Document.published <= field.value
    if field.name == "topic":  # uncorrelated: also right as a standalone SQL fragment
        return Document.id.in_(
            sa.select(DocumentTopic.document_id).where(DocumentTopic.topic == field.value)
        )
    raise ValueError(f"unknown filter {field.name}")


def where(node: Node, dialect: str):
    """The exact SQL condition on documents for a parsed query."""
    if isinstance(node, Term):
        found = contains(node.text, dialect)
        return sa.and_(found, _starts_word(node.text)) if node.prefix else found
    if isinstance(node, Field):
        return _field(node)
    if isinstance(node, Not):
        return sa.not_(where(node.node, dialect))
    if isinstance(node, And):
        return sa.and_(*(where(n, dialect) for n in node.nodes))
    if isinstance(node, Or):
        return sa.or_(*(where(n, dialect) for n in node.nodes))
    raise TypeError(node)


def phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def term_trigrams(term: str) -> list[str]:
    """The trigrams of a term of 3 characters or more, in order (the trigram tokenizer's)."""
    return [term[i : i + MIN_TRIGRAM] for i in range(len(term) - MIN_TRIGRAM + 1)]


def trigrams(term: str) -> str:
    """A term of 3 characters or more as the AND of its trigrams: the index keeps no positions
    (migration 0015), so this finds every row holding the term and some that hold its
    trigrams elsewhere; `where` rechecks them."""
    found = sorted(set(term_trigrams(term)))
    return phrase(found[0]) if len(found) == 1 else "(" + " AND ".join(map(phrase, found)) + ")"


ShortTrigrams = Callable[[str], "list[str] | None"]


def fts(node: Node, short_trigrams: ShortTrigrams) -> tuple[str | None, bool]:
    """(FTS5 expression or None, exact): rows matching the expression include every row the
    query matches, and are exactly those when `exact`. `short_trigrams(term)` gives the
    indexed trigrams starting with a short term, or None when they are too many."""
    if isinstance(node, Term):
        if len(node.text) >= MIN_TRIGRAM:
            return trigrams(node.text), len(node.text) == MIN_TRIGRAM and not node.prefix
        options = short_trigrams(node.text)
        if options is None:
            return None, False
        if not options:
            return NO_MATCH, True
        return "(" + " OR ".join(map(phrase, options)) + ")", not node.prefix
    if isinstance(node, Or):
        parts = [fts(n, short_trigrams) for n in node.nodes]
        if any(expr is None for expr, _ in parts):
            return None, False
        return "(" + " OR ".join(e for e, _ in parts) + ")", all(x for _, x in parts)
    if isinstance(node, And):
        return _fts_all(node.nodes, short_trigrams)
    if isinstance(node, Not):
        return _fts_all((node,), short_trigrams)
    return None, False  # a filter: SQL only


def _fts_all(nodes, short_trigrams: ShortTrigrams) -> tuple[str | None, bool]:
    required, excluded, exact = [], [], True
    for child in nodes:
        negated = isinstance(child, Not)
        expr, child_exact = fts(child.node if negated else child, short_trigrams)
        if negated and (expr is None or not child_exact):
            exact = False  # excluding a superset would drop matches: left to the recheck
        elif expr is None:
            exact = False
        else:
            (excluded if negated else required).append(expr)
            exact = exact and child_exact
    if not required:
        return None, False
    expr = "(" + " AND ".join(required) + ")"
    for other in excluded:
        expr = f"({expr} NOT {other})"
    return expr, exact


def text_only(node: Node) -> bool:
    """Whether `where(node)` tests the search text alone: plain terms (no `word*`, no
    filter) under AND, OR and NOT. `holds` then gives the same answer without SQL."""
    if isinstance(node, Term):
        return not node.prefix
    if isinstance(node, Not):
        return text_only(node.node)
    if isinstance(node, And | Or):
        return all(text_only(n) for n in node.nodes)
    return False


def holds(node: Node, form: bytes) -> bool:
    """`where(node)` on one row's search form, in UTF-8, for a `text_only` query: the row's
    text is at hand for ranking anyway, and a substring test in Python costs less than
    SQLite's instr() over the same bytes."""
    if isinstance(node, Term):
        return node.text.encode() in form
    if isinstance(node, Not):
        return not holds(node.node, form)
    if isinstance(node, And):
        return all(holds(n, form) for n in node.nodes)
    if isinstance(node, Or):
        return any(holds(n, form) for n in node.nodes)
    raise TypeError(node)
