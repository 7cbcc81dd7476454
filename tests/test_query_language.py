"""The query language (pipelines.query_language) and its one compiler (pipelines.db.query_sql)
on migrated SQLite and PostgreSQL databases: every operator, the same answers on both."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.db import pages
from pipelines.db.queries import Filters
from pipelines.db.search import compile_query, matching, search
from pipelines.db.session import session_scope
from pipelines.query_language import And, Field, Not, Or, QueryError, Term, parse

from .test_search import HANS, HANT, corpus, page, urls

CD, SC = "https://cd.cn/news/20210617/1.html", "https://sc.cn/news/20210412/2.html"
SPA, NF = "https://spa.cn/en/2023/06/27/3.html", "https://nf.cn/2023/06/28/4.html"
LEAGUE = "https://spa.cn/en/2024/01/05/5.html"


def test_parse_operators():
    assert parse('校企合作 OR "East-West  Collaboration"') == Or(
        (Term("校企合作"), Term("east west collaboration"))
    )
    assert parse("a -b NOT c") == And((Term("a"), Not(Term("b")), Not(Term("c"))))
    assert parse("educat* or") == And((Term("educat", prefix=True), Term("or")))
    assert parse("(職業 OR x) site:scedu lang:ZH-CN") == And(
        (Or((Term("职业"), Term("x"))), Field("site", "scedu"), Field("language", "zh-cn"))
    )
    assert parse("after:2021 before:2021-02") == And(
        (Field("after", date(2021, 1, 1)), Field("before", date(2021, 2, 28)))
    )
    assert parse('-"a b" -(c OR d)') == And((Not(Term("a b")), Not(Or((Term("c"), Term("d"))))))
    # not a known filter: a word (its slashes read as spaces, as in the search form)
    assert parse("http://x.cn/a") == Term("http: x.cn a")
    assert parse("  ") is None and parse("AND") is None
    for bad in ("after:2021-13", "(a OR b", "a)", "before:soon", "a NOT"):
        with pytest.raises(QueryError):
            parse(bad)


def all_matches(session, query: str) -> set[str]:
    """Every matching URL, uncapped (export's selection)."""
    from pipelines.db.models import Document, Page

    stmt = matching(compile_query(session, query), Filters(), (Page.url,)).join(
        Page, Page.id == Document.page_id
    )
    return set(session.scalars(stmt))


def test_every_operator_on_both_backends(engine):
    corpus(engine)
    with session_scope(engine) as session:
        # OR is the union
        assert (
            all_matches(session, "校企合作 OR 乐山")
            == (all_matches(session, "校企合作") | all_matches(session, "乐山"))
            == {CD, SC}
        )
        assert set(urls(search(session, "校企合作 OR 乐山"))) == {CD, SC}
        # -word: fewer than the word alone, and never a page with the excluded word
        assert all_matches(session, "职业") == {CD, SC, SPA, NF} - {SPA, NF}
        assert all_matches(session, "职业 -乐山") == {CD}
        assert all_matches(session, "职业 NOT 樂山") == {CD}
        assert len(search(session, "职业 -乐山")) < len(search(session, "职业"))
        assert all_matches(session, "-职业 -league") == {SPA, NF}
        # phrases: the words in this order only
        assert all_matches(session, '"pairing agreement"') == {SPA, NF}
        assert all_matches(session, '"agreement pairing"') == set()
        assert all_matches(session, "agreement pairing") == {SPA, NF}
        # prefix*: a word starting with it; a plain word is a substring
        assert all_matches(session, "polytech*") == {LEAGUE}
        assert all_matches(session, "olytech*") == set()
        assert all_matches(session, "olytech") == {LEAGUE}
        # filters alone, negated, and inside OR
        assert all_matches(session, "site:spa") == {SPA, LEAGUE}
        assert all_matches(session, "agreement -site:spa") == {NF}
        assert all_matches(session, "lang:en after:2024") == {LEAGUE}
        assert all_matches(session, "lang:en before:2023-06-27") == {SPA}
        assert all_matches(session, "site:scedu OR league") == {SC, LEAGUE}
        assert all_matches(session, "(乐山 OR 四川) (合作 OR 协作)") == {CD, SC}
        # two-character Chinese words, both scripts, inside a boolean query
        assert all_matches(session, "合作 OR 協作") == {CD, SC}
        # topics: from the bundled taxonomy, stored per document
        assert all_matches(session, "topic:school-enterprise") == {CD}
        # SPA's and NF's text says "East-west Collaboration" once: a mention, not the theme.
        assert all_matches(session, "topic:east-west") == {SC}
        assert all_matches(session, "topic:agreements -topic:east-west") == {CD, SPA, NF}
        assert all_matches(session, "topic:agreements -topic:school-enterprise") == {SPA, NF}


def test_a_query_of_only_exclusions_ranks_by_recency(engine):
    corpus(engine)
    with session_scope(engine) as session:
        assert urls(search(session, "-vocational site:spa")) == [LEAGUE]
        assert urls(search(session, "site:spa")) == [LEAGUE, SPA]  # newest stored first


def test_a_common_short_term_inside_or_uses_the_recheck(engine):
    """A 1-2 character term with too many trigrams for FTS5: the exact SQL condition decides."""
    many = "校" + "，校".join(chr(0x4E00 + i) for i in range(600))
    with session_scope(engine) as session:
        pages.save_pages(
            session,
            [
                page("spa", "https://spa.cn/many.html", "一览", many),
                page("cdcmzz", CD, "签订校企合作协议", HANS),
                page("scedu", SC, "東西部職業教育協作交流", HANT),
            ],
            None,
        )
    with session_scope(engine) as session:
        assert all_matches(session, "校 OR 乐山") == {"https://spa.cn/many.html", CD, SC}
        assert all_matches(session, "校 -合作") == {"https://spa.cn/many.html", SC}
