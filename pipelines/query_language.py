"""The search query language, parsed into a small tree (no SQL here: pipelines.db.query_sql
compiles the tree for SQLite FTS5, SQLite scans and PostgreSQL pg_trgm alike). SYNTAX is what
`query --help`, the browser and the README show.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from pipelines.processing.searchable import search_term

SYNTAX = """\
query language (the same in `query`, `export --query` and the browser):
  cooperation school        both words (AND is implicit; AND may be written)
  "school enterprise"       a phrase: these words in this order
  校企合作 OR 产教融合        either (OR in capitals; a lowercase "or" is a word)
  cooperation -visit        without the word (also: NOT visit, -"a phrase", -(A OR B))
  educat*                   a word starting with educat (after a space or a line start)
  (A OR B) C                parentheses group
  site:SLUG  lang:zh-cn     filters: site, language (language: too), topic:SLUG
  lang:zh                   zh-cn and zh-tw (a language alone takes its regional forms)
  after:2020 before:2021-06 published on or after / on or before (YYYY, YYYY-MM, YYYY-MM-DD)

Words and phrases match anywhere in the title or text, as substrings of the search form
(NFKC, one Chinese script, one case; hyphens, dashes and slashes read as spaces, so
"school enterprise" finds school-enterprise): Chinese words of any length, two characters
included, are found inside longer runs, and a traditional query finds a simplified page.
"""

FIELDS = {
    "site": "site",
    "lang": "language",
    "language": "language",
    "topic": "topic",
    "after": "after",
    "before": "before",
}
_TOKEN = re.compile(r'\s*(?:(\()|(\))|(-?)"([^"]*)"?|(\S+?)(?=[\s()]|$))')
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


class QueryError(ValueError):
    """A query that cannot be understood (the message says where)."""


@dataclass(frozen=True)
class Term:
    text: str  # its search form (searchable.search_term), as in documents.search_text
    prefix: bool = False  # `word*`: must start a word


@dataclass(frozen=True)
class Field:
    name: str  # site, language, topic, after, before
    value: str | date


@dataclass(frozen=True)
class Not:
    node: object


@dataclass(frozen=True)
class And:
    nodes: tuple


@dataclass(frozen=True)
class Or:
    nodes: tuple


Node = Term | Field | Not | And | Or


def _tokens(query: str) -> list[tuple[str, str]]:
    """(kind, value) pairs: open, close, phrase, word (a leading '-' is kept on words and
    given as kind 'not' before a phrase)."""
    out, at = [], 0
    while at < len(query):
        match = _TOKEN.match(query, at)
        if not match or match.end() == at:
            break
        at = match.end()
        opened, closed, minus, phrase, word = match.groups()
        if opened:
            out.append(("open", "("))
        elif closed:
            out.append(("close", ")"))
        elif phrase is not None:
            if minus:
                out.append(("not", "-"))
            out.append(("phrase", phrase))
        elif word:
            out.append(("word", word))
    return out


def _date_bound(value: str, last: bool) -> date:
    """YYYY, YYYY-MM or YYYY-MM-DD; a partial date is its first (or `last`) day."""
    match = _DATE.match(value)
    if not match:
        raise QueryError(f"not a date: {value!r} (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return date(year, 12, 31) if last else date(year, 1, 1)
        if day is None:
            return date(year, month, calendar.monthrange(year, month)[1] if last else 1)
        return date(year, month, day)
    except ValueError:
        raise QueryError(f"not a date: {value!r}") from None


def _word(word: str) -> Node | None:
    name, colon, value = word.partition(":")
    if colon and name.lower() in FIELDS and value:
        field = FIELDS[name.lower()]
        if field in ("after", "before"):
            return Field(field, _date_bound(value, last=field == "before"))
        return Field(field, value.lower() if field == "language" else value)
    prefix = word.endswith("*") and len(word) > 1
    text = search_term(word.rstrip("*") if prefix else word)
    return Term(text, prefix) if text else None


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens, self.at = tokens, 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        self.at += 1
        return self.tokens[self.at - 1]

    def any_of(self) -> Node | None:
        options = [self.all_of()]
        while self.peek() == ("word", "OR"):
            self.take()
            options.append(self.all_of())
        options = [o for o in options if o is not None]
        if not options:
            return None
        return options[0] if len(options) == 1 else Or(tuple(options))

    def all_of(self) -> Node | None:
        nodes = []
        while (token := self.peek()) and token[0] != "close" and token != ("word", "OR"):
            node = self.unary()
            if node is not None:
                nodes.append(node)
        if not nodes:
            return None
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def unary(self) -> Node | None:
        kind, value = self.take()
        if kind == "not" or (kind == "word" and value in ("NOT", "-")):
            if self.peek() is None:
                raise QueryError("NOT (or -) needs something after it")
            node = self.unary()
            return Not(node) if node is not None else None
        if kind == "word" and value == "AND":
            return None
        if kind == "word" and value.startswith("-") and len(value) > 1:
            node = _word(value[1:])
            return Not(node) if node is not None else None
        if kind == "open":
            node = self.any_of()
            if self.peek() is None:
                raise QueryError("a '(' is not closed")
            self.take()
            return node
        if kind == "phrase":
            text = search_term(value)
            return Term(text) if text else None
        return _word(value)


def parse(query: str) -> Node | None:
    """The query's tree; None when it asks for nothing. QueryError when it makes no sense."""
    parser = _Parser(_tokens(query))
    node = parser.any_of()
    if parser.peek() is not None:
        raise QueryError("a ')' has no '(' before it")
    return node


def positive_terms(node: Node | None, negated: bool = False) -> list[str]:
    """The terms a match contains (not those under NOT), once each, in query order: what
    ranking counts and snippets highlight."""
    if node is None:
        return []
    if isinstance(node, Term):
        return [] if negated else [node.text]
    if isinstance(node, Not):
        return positive_terms(node.node, not negated)
    if isinstance(node, And | Or):
        terms: list[str] = []
        for child in node.nodes:
            terms += [t for t in positive_terms(child, negated) if t not in terms]
        return terms
    return []


def fields(node: Node | None) -> list[Field]:
    """Every filter in the query (for messages: e.g. an unknown site)."""
    if isinstance(node, Field):
        return [node]
    if isinstance(node, Not):
        return fields(node.node)
    if isinstance(node, And | Or):
        return [f for child in node.nodes for f in fields(child)]
    return []
