"""The SQLite search index without positions (migration 0015): it answers as the index with
positions did (the same matches, ranked by the same bm25), at a fraction of its size, and the
migration converts an existing database both ways."""

from __future__ import annotations

import random

import pytest
import sqlalchemy as sa

from pipelines.db import pages
from pipelines.db.migrate import downgrade, upgrade
from pipelines.db.search import search
from pipelines.db.search_rank import Ranker
from pipelines.db.session import make_engine, session_scope

from .test_db import _todays_document_columns
from .test_query_language import all_matches
from .test_search import EN, HANS, HANT, OTHER_EN, page

QUERIES = [
    "职业教育",
    "職業教育",
    "合作",
    "校企合作 OR 乐山",
    "职业 -乐山",
    '"pairing agreement"',
    '"agreement pairing"',
    "teacher training",
    "polytech*",
    "哈哈哈",
    "league -site:spa",
]


def _corpus(engine, count: int = 40, host: str = "x.cn") -> None:
    """Documents of different lengths and term counts (bm25 has something to order), with a
    term that overlaps itself ("哈哈哈" twice in "哈哈哈哈")."""
    rng = random.Random(15)
    prose = [HANS, HANT, EN, OTHER_EN]
    extras = ["哈哈哈哈。", "职业教育职业教育。", "training teacher. ", ""]
    items = []
    for n in range(count):
        text = "".join(rng.choice(prose) + rng.choice(extras) for _ in range(rng.randint(1, 4)))
        items.append(page(rng.choice(["spa", "scedu"]), f"https://{host}/{n}.html", f"T{n}", text))
    with session_scope(engine) as session:
        pages.save_pages(session, items, None)


def _answers(engine) -> dict[str, tuple]:
    with session_scope(engine) as session:
        return {
            q: ([h["url"] for h in search(session, q, limit=50)], all_matches(session, q))
            for q in QUERIES
        }


def _index(engine) -> tuple[str, int]:
    with engine.connect() as db:
        ddl = db.execute(sa.text("select sql from sqlite_master where name = 'documents_fts'"))
        size = db.execute(sa.text("select sum(length(block)) from documents_fts_data"))
        return ddl.scalar_one(), size.scalar_one()


def test_migration_0015_drops_positions_and_answers_the_same(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'index.db'}")
    upgrade(engine, "0014")
    _todays_document_columns(engine)
    _corpus(engine)
    before = _answers(engine)  # search reads today's columns too (moved_to)
    _todays_document_columns(engine, drop=True)
    full_ddl, full_size = _index(engine)
    assert "detail" not in full_ddl
    assert any(before[q][1] for q in QUERIES) and not before['"agreement pairing"'][1]
    upgrade(engine)
    ddl, size = _index(engine)
    assert "detail=none" in ddl and size < full_size / 2
    assert _answers(engine) == before
    _corpus(engine, 10, "y.cn")  # the triggers fill the new index
    grown = _answers(engine)
    assert grown["哈哈哈"][1] > before["哈哈哈"][1]
    downgrade(engine, "0014")
    _todays_document_columns(engine)
    assert "detail" not in _index(engine)[0] and _answers(engine) == grown
    with engine.connect() as db:  # positions again: FTS5 matches a phrase itself
        found = db.execute(sa.text("select count(*) from documents_fts('\"职业教育\"')"))
        assert found.scalar_one() == len(grown["职业教育"][1])
    engine.dispose()


@pytest.mark.parametrize("term", ["职业教育", "哈哈哈", "合作", "training", "ai", "校", "t"])
def test_ranking_is_the_bm25_of_the_index_with_positions(tmp_path, term):
    """On a database at 0014 (positions kept), FTS5's own bm25() of a term and the Ranker's
    score of the same rows: equal for a 3-character term and for a short term (the OR of
    its trigrams), proportional for a longer one (whose document frequency is estimated)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'rank.db'}")
    upgrade(engine, "0014")
    _todays_document_columns(engine)
    _corpus(engine)
    with session_scope(engine) as session:
        grams = None
        if len(term) < 3:
            grams = session.scalars(
                sa.text("select term from documents_fts_vocab where term >= :t and term < :e"),
                {"t": term, "e": term + "\U0010ffff"},
            ).all()
            assert grams
            expression = " OR ".join(f'"{g}"' for g in grams)
        else:
            expression = f'"{term}"'
        rows = session.execute(
            sa.text(
                "select bm25(documents_fts), cast(d.search_text as blob), s.sz "
                "from documents_fts f join documents d on d.id = f.rowid "
                "join documents_fts_docsize s on s.id = d.id where documents_fts match :m"
            ),
            {"m": expression},
        ).all()
        ranker = Ranker(session, [term], {term: grams} if grams else {})
        ours = [ranker.score(text, size) for _, text, size in rows]
    engine.dispose()
    theirs = [row[0] for row in rows]
    assert len(rows) > 5
    if len(term) <= 3:
        assert ours == pytest.approx(theirs, rel=1e-12)
    else:
        ratios = {round(a / b, 9) for a, b in zip(theirs, ours, strict=True)}
        assert len(ratios) == 1


def test_search_ranks_exactly_what_the_sql_condition_selects(tmp_path):
    """A query of terms alone is rechecked in Python on the text read for ranking
    (query_sql.holds): one result per story of every row `where` selects, and no other."""
    from pipelines.db.models import Document, Page
    from pipelines.db.queries import Filters
    from pipelines.db.search import compile_query, matching

    engine = make_engine(f"sqlite:///{tmp_path / 'holds.db'}")
    upgrade(engine)
    _corpus(engine)
    queries = [
        "职业教育 -合作",
        "职业教育 -(乐山 OR 航空)",
        "training -football",
        "teacher training -职业教育",
        "(职业教育 OR league) -乐山",
        "pairing -(league final)",
        "-职业教育 哈哈哈",
    ]
    with session_scope(engine) as session:
        for query in queries:
            compiled = compile_query(session, query)
            columns = (Page.url, Document.story_id)
            stmt = matching(compiled, Filters(), columns).join(Page, Page.id == Document.page_id)
            selected = dict(session.execute(stmt).all())
            hits = search(session, query, limit=500)
            assert {h["url"] for h in hits} <= set(selected), query
            assert len(hits) == len(set(selected.values())), query
            assert selected, query
    engine.dispose()
