"""Search (pipelines.db.search) on migrated SQLite and PostgreSQL databases: substring matches
in Chinese, simplified <-> traditional, short-query fallback, stories shown once, the index
kept in step with the documents, and migration 0003 backfilling existing rows."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from crawler.items import PageItem
from pipelines.db import bodies, documents, pages
from pipelines.db.migrate import downgrade, upgrade
from pipelines.db.models import Content, Document, Page, Story
from pipelines.db.queries import Filters
from pipelines.db.search import search
from pipelines.db.session import make_engine, session_scope
from pipelines.processing import RawPage, process
from pipelines.processing.searchable import find_terms, query_terms, search_form

HTML = (
    "<html><head><meta charset='utf-8'><title>{title}</title></head><body><h1>{title}</h1>"
    "<div><p>{text}</p><p>{more}</p></div></body></html>"
)

HANS = (
    "成都市财贸职业高级中学校与四川航空股份有限公司举行校企合作协议签约仪式，双方将共同培养"
    "现代服务业需要的技术技能人才，推进职业教育改革。"
)
HANT = (
    "樂山市旅遊學校與甘孜州職業技術學校開展東西部職業教育協作交流，兩校學生將通過線上課堂"
    "同上一堂課，實現優質課程資源共享。"
)
EN = (
    "Shanghai Modern Chemical Industry Vocational College and Wenshan Secondary Vocational "
    "School signed a pairing agreement on East-west Collaboration in teacher training."
)
OTHER_EN = (
    "The football team of the polytechnic won the city league final after extra time; "
    "students and teachers celebrated on the sports ground."
)


def page(site: str, url: str, title: str, text: str, more: str = "") -> PageItem:
    body = HTML.format(title=title, text=text, more=more or text).encode()
    headers = {"Content-Type": "text/html; charset=utf-8"}
    item = PageItem(site, url, url, "article", 200, headers, body, datetime.now(UTC))
    item.document = process(RawPage(url=url, body=body, headers=headers))
    return item


def corpus(engine) -> None:
    with session_scope(engine) as session:
        pages.save_pages(
            session,
            [
                page("cdcmzz", "https://cd.cn/news/20210617/1.html", "签订校企合作协议", HANS),
                page("scedu", "https://sc.cn/news/20210412/2.html", "東西部職業教育協作交流", HANT),
                page("spa", "https://spa.cn/en/2023/06/27/3.html", "Pairing Agreement Signed", EN),
                page(
                    "newsflash", "https://nf.cn/2023/06/28/4.html", "Pairing Agreement Signed", EN
                ),
                page("spa", "https://spa.cn/en/2024/01/05/5.html", "League Final", OTHER_EN),
            ],
            None,
        )


def urls(hits) -> list[str]:
    return [h["url"] for h in hits]


def test_search_form_and_query_terms():
    assert search_form("職業教育", "Vocational  SCHOOL") == "职业教育\nvocational school\n\n"
    assert query_terms('校企合作 "East-West  collaboration" 職業 school/enterprise') == [
        "校企合作",
        "east west collaboration",
        "职业",
        "school enterprise",
    ]
    text = "學校與企業開展校企合作。"
    assert [text[s:e] for s, e in find_terms(text, ["校企合作", "学校"])] == ["學校", "校企合作"]
    text = "Our school – enterprise cooperation"
    assert [text[s:e] for s, e in find_terms(text, ["school enterprise"])] == [
        "school – enterprise"
    ]


def test_hyphens_dashes_and_slashes_read_as_spaces(engine):
    """The demo corpus says "school-enterprise cooperation": the phrase "school enterprise"
    found none of it. Now the joiners are spaces in documents and queries alike."""
    corpus(engine)
    pairing = ["https://spa.cn/en/2023/06/27/3.html"]  # and its copy on newsflash: one story
    with session_scope(engine) as session:
        for query in (
            '"east west collaboration"',
            "east-west collaboration",
            '"East–West collaboration"',
            "east/west",
            '"East - West"',
        ):
            assert urls(search(session, query)) == pairing, query
        (hit,) = search(session, '"east west"')
        assert [hit["snippet"][s:e] for s, e in hit["highlights"]] == ["East-west"]


def test_a_one_character_term_at_the_very_end_of_a_text_is_found(engine):
    """SQLite finds a one-character term through the trigrams starting with it: the text's
    last character started none while the search form ended with one newline."""
    with session_scope(engine) as session:
        pages.save_pages(
            session,
            [page("s", "https://s.cn/1.html", "签订协议", HANS, more="参加签约仪式的有王鑫")],
            None,
        )
    with session_scope(engine) as session:
        assert urls(search(session, "鑫")) == ["https://s.cn/1.html"]


def test_chinese_substrings_both_scripts_and_english(engine):
    corpus(engine)
    with session_scope(engine) as session:
        assert urls(search(session, "校企合作")) == ["https://cd.cn/news/20210617/1.html"]
        # inside longer runs, and across scripts in both directions
        assert urls(search(session, "职业教育")) == urls(search(session, "職業教育"))
        assert set(urls(search(session, "職業教育"))) == {
            "https://cd.cn/news/20210617/1.html",
            "https://sc.cn/news/20210412/2.html",
        }
        assert urls(search(session, "东西部职业教育协作")) == ["https://sc.cn/news/20210412/2.html"]
        (hit,) = search(session, "签约仪式")
        assert "签约仪式" in hit["snippet"]
        start, end = hit["highlights"][0]
        assert hit["snippet"][start:end] == "签约仪式"
        # the snippet keeps the page's own script
        (trad,) = search(session, "优质课程")
        assert "優質課程" in trad["snippet"]
        assert search(session, "FOOTBALL team")[0]["title"] == "League Final"
        assert search(session, "no such words anywhere") == []


def test_two_character_queries_still_answer(engine):
    """SQLite: through the trigrams that start with the term; PostgreSQL: a scan."""
    corpus(engine)
    with session_scope(engine) as session:
        assert set(urls(search(session, "职业"))) == {
            "https://cd.cn/news/20210617/1.html",
            "https://sc.cn/news/20210412/2.html",
        }
        assert urls(search(session, "乐山")) == ["https://sc.cn/news/20210412/2.html"]
        # a short term alongside a long one narrows the trigram match
        assert urls(search(session, "职业教育 乐山")) == ["https://sc.cn/news/20210412/2.html"]
        assert urls(search(session, "職業 航空")) == ["https://cd.cn/news/20210617/1.html"]


def test_one_story_once_with_the_other_sites(engine):
    corpus(engine)
    with session_scope(engine) as session:
        (hit,) = search(session, "pairing agreement")
    assert hit["site"] in ("spa", "newsflash")
    assert [a["site"] for a in hit["also_on"]] == [
        {"spa": "newsflash", "newsflash": "spa"}[hit["site"]]
    ]
    assert hit["rank"] == 1 and hit["story_id"] is not None


def test_filters(engine):
    corpus(engine)
    with session_scope(engine) as session:
        assert urls(search(session, "职业", Filters(site="scedu"))) == [
            "https://sc.cn/news/20210412/2.html"
        ]
        assert urls(search(session, "职业", Filters(language="zh-cn"))) == [
            "https://cd.cn/news/20210617/1.html"
        ]
        assert urls(search(session, "职业", Filters(since=date(2021, 5, 1)))) == [
            "https://cd.cn/news/20210617/1.html"
        ]
        assert urls(search(session, "职业", Filters(until=date(2021, 5, 1)))) == [
            "https://sc.cn/news/20210412/2.html"
        ]
        found = search(
            session, "students", Filters(since=date(2024, 1, 1), until=date(2024, 1, 31))
        )
        assert urls(found) == ["https://spa.cn/en/2024/01/05/5.html"]
        assert len(search(session, "vocational", limit=1)) == 1


def test_index_follows_updates_reextraction_and_deletes(engine):
    corpus(engine)
    with session_scope(engine) as session:
        page_id = session.scalar(sa.select(Document.page_id).where(Document.site == "cdcmzz"))
        changed = process(
            RawPage(
                url="https://cd.cn/news/20210617/1.html",
                body=HTML.format(title="新闻", text=OTHER_EN, more=OTHER_EN).encode(),
                headers={"Content-Type": "text/html; charset=utf-8"},
            )
        )
        documents.save_documents(session, [(page_id, "cdcmzz", changed)])  # what reextract does
    with session_scope(engine) as session:
        assert search(session, "校企合作") == []
        (hit,) = search(session, "league final")  # now an exact copy: one story
        assert {hit["url"], *(a["url"] for a in hit["also_on"])} == {
            "https://cd.cn/news/20210617/1.html",
            "https://spa.cn/en/2024/01/05/5.html",
        }
        gone = session.scalar(sa.select(Document.id).where(Document.site == "scedu"))
        session.execute(sa.delete(Content).where(Content.first_document_id == gone))
        session.execute(
            sa.update(Story).where(Story.first_document_id == gone).values(first_document_id=None)
        )
        session.execute(sa.delete(Document).where(Document.id == gone))
        session.execute(sa.update(Document).values(story_id=None))  # no index change needed
    with session_scope(engine) as session:
        assert search(session, "乐山市旅游") == []
        assert len(search(session, "league final")) == 2  # stories gone: two results


def test_rewriting_the_same_texts_leaves_the_index_as_it_was(engine):
    """reextract and the learning after a crawl save every document again, mostly unchanged:
    the index must not take a new copy of each (it doubled per pass before migration 0012)."""
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL's GIN entries change only with the value
    corpus(engine)
    index = sa.text("SELECT count(*), sum(length(block)) FROM documents_fts_data")
    with session_scope(engine) as session:
        before = session.execute(index).one()
        rows = session.execute(
            sa.select(Document.page_id, Document.site, Page.url, Page.body).join(
                Page, Page.id == Document.page_id
            )
        ).all()
        again = [
            (
                r.page_id,
                r.site,
                process(
                    RawPage(
                        url=r.url,
                        body=bodies.decompress(session, r.body),
                        headers={"Content-Type": "text/html; charset=utf-8"},
                    )
                ),
            )
            for r in rows
        ]
        documents.save_documents(session, again)  # what reextract does
    with session_scope(engine) as session:
        assert session.execute(index).one() == before
        assert urls(search(session, "校企合作")) == ["https://cd.cn/news/20210617/1.html"]


def test_migration_backfills_existing_documents(db_url):
    """Documents stored at revision 0002, before the search index: 0003 fills it for them."""
    engine = make_engine(db_url)
    upgrade(engine, "0002")
    pages = sa.table(
        "pages",
        sa.column("headers", sa.JSON),
        *(
            sa.column(c)
            for c in (
                "id",
                "site",
                "url",
                "requested_url",
                "kind",
                "status",
                "body",
                "body_size",
                "fetched_at",
            )
        ),
    )
    documents = sa.table(
        "documents",
        *(
            sa.column(c)
            for c in (
                "page_id",
                "site",
                "title",
                "text",
                "published",
                "language",
                "content_hash",
                "used_encoding",
                "has_replacement_chars",
                "extractor_version",
                "extracted_at",
            )
        ),
    )
    now = datetime.now(UTC)
    with engine.begin() as connection:
        for n, (title, text) in enumerate(
            [("签订校企合作协议", HANS), ("東西部交流", HANT), ("Pairing", EN)], start=1
        ):
            connection.execute(
                sa.insert(pages).values(
                    id=n,
                    site="s",
                    url=f"https://s/{n}",
                    requested_url=f"https://s/{n}",
                    kind="article",
                    status=200,
                    headers={},
                    body=b"",
                    body_size=0,
                    fetched_at=now,
                )
            )
            connection.execute(
                sa.insert(documents).values(
                    page_id=n,
                    site="s",
                    title=title,
                    text=text,
                    published=None,
                    language="und",
                    content_hash=str(n),
                    used_encoding="utf-8",
                    has_replacement_chars=False,
                    extractor_version="0",
                    extracted_at=now,
                )
            )
    upgrade(engine)
    with session_scope(engine) as session:
        assert urls(search(session, "校企合作")) == ["https://s/1"]
        assert set(urls(search(session, "職業教育"))) == {"https://s/1", "https://s/2"}
        assert urls(search(session, "乐山")) == ["https://s/2"]  # 2 characters, via the vocab
        assert urls(search(session, "pairing agreement")) == ["https://s/3"]
        rows = session.execute(sa.select(Document.title, Document.text, Document.search_text)).all()
    assert all(row.search_text == search_form(row.title, row.text) for row in rows)
    engine.dispose()


def test_a_short_term_with_too_many_trigrams_is_scanned(engine):
    from pipelines.db.search import MAX_PREFIX_TRIGRAMS

    many = "，".join(f"校{chr(0x4E00 + i)}" for i in range(MAX_PREFIX_TRIGRAMS + 20))
    with session_scope(engine) as session:
        pages.save_pages(
            session,
            [
                page("spa", "https://spa.cn/many.html", "校名一览", many),
                page("spa", "https://spa.cn/en.html", "English", EN),
            ],
            None,
        )
    with session_scope(engine) as session:
        assert urls(search(session, "校")) == ["https://spa.cn/many.html"]
        assert urls(search(session, "校 一览")) == ["https://spa.cn/many.html"]


def test_migration_0018_writes_the_search_form_again(db_url):
    """A 0017 database, its search texts in the earlier form (joiners kept, one newline at the
    end): 0018 writes every changed row again and the index follows; downgrade undoes it."""
    engine = make_engine(db_url)
    upgrade(engine)
    corpus(engine)
    downgrade(engine, "0017")
    with session_scope(engine) as session:
        forms = session.scalars(sa.select(Document.search_text)).all()
        assert any("east-west collaboration" in form for form in forms)
        assert not any(form.endswith("\n\n") for form in forms)
        assert urls(search(session, '"east west collaboration"')) == []
    upgrade(engine)
    with session_scope(engine) as session:
        rows = session.execute(sa.select(Document.title, Document.text, Document.search_text)).all()
        assert all(row.search_text == search_form(row.title, row.text) for row in rows)
        assert urls(search(session, '"east west collaboration"')) == [
            "https://spa.cn/en/2023/06/27/3.html"
        ]
        assert urls(search(session, "校企合作")) == ["https://cd.cn/news/20210617/1.html"]
    engine.dispose()


def test_joiners_fold_as_the_plain_pattern_would():
    """searchable._spaced_joiners is the substitution r"\\s*[J][J\\s]*" -> " ", made faster:
    the same on random strings of spaces, joiners and letters, and str.isspace (which it
    reads the spaces before a joiner with) is r"\\s" on every code point."""
    import random
    import re
    import sys

    from pipelines.processing import searchable

    joiners = re.escape(searchable.JOINERS)
    plain = re.compile(f"\\s*[{joiners}][{joiners}\\s]*")
    rng = random.Random(7)
    alphabet = " \t\n\u3000\xa0\u2028\x1c-\u2013\u2014/ab中"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert searchable._spaced_joiners(text) == plain.sub(" ", text), repr(text)
    space = re.compile(r"\s")
    assert all(
        chr(c).isspace() == bool(space.match(chr(c)))
        for c in range(sys.maxunicode + 1)
        if not 0xD800 <= c <= 0xDFFF
    )
