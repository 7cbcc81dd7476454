"""The database package on migrated schemas, SQLite and PostgreSQL alike."""

from __future__ import annotations

import dataclasses
import hashlib
import subprocess
import sys
from datetime import UTC, datetime

import numpy as np
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from crawler.items import PageItem
from pipelines.db import documents, ledger, pages, queries, stored_pages
from pipelines.db.base import Base
from pipelines.db.migrate import current_revision, downgrade, head_revision, include_object, upgrade
from pipelines.db.models import Document, Page
from pipelines.db.session import make_engine, session_scope
from pipelines.db.stories import stories as multi_site_stories
from pipelines.processing import RawPage, process, similarity

from .conftest import ROOT
from .support import schema_snapshot

HTML = (
    "<html><head><title>{title}</title></head><body><h1>{title}</h1><div><p>{text}</p>"
    "<p>{text} Second paragraph.</p></div></body></html>"
)
OTHER = "Another school signed a training agreement with a chemical company in May."
TEXT = "Vocational schools in Shanghai and Zunyi cooperate on training, exchanges and bases."


def item(url: str, text: str = TEXT, requested: str | None = None, kind: str = "article"):
    body = HTML.format(title="A visit", text=text).encode()
    headers = {"Content-Type": "text/html; charset=utf-8"}
    page = PageItem("site", url, requested or url, kind, 200, headers, body, datetime.now(UTC))
    if kind == "article":
        page.document = process(RawPage(url=url, body=body, headers=headers))
    return page


def test_migrations_match_models_and_round_trip(db_url):
    engine = make_engine(db_url)
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], diff
    if engine.dialect.name == "sqlite":  # autogenerate does not compare WITHOUT ROWID
        declared = {
            t.name
            for t in Base.metadata.tables.values()
            if not t.dialect_options["sqlite"]["with_rowid"]
        }
        assert (
            _without_rowid(engine) == declared == {"document_bands", "document_facts", "contents"}
        )
    downgrade(engine, "base")
    assert sa.inspect(engine).get_table_names() == ["alembic_version"]
    upgrade(engine)
    assert {"pages", "documents", "contents", "crawl_runs"} <= set(
        sa.inspect(engine).get_table_names()
    )
    engine.dispose()


def test_same_content_stored_once_and_linked(engine):
    with session_scope(engine) as session:
        run = ledger.start_run(session, "site")
        first = pages.save_pages(session, [item("https://a/1"), item("https://b/1")], run)
    assert (first.new_documents, first.duplicates) == (1, 1)
    with session_scope(engine) as session:
        again = pages.save_pages(session, [item("https://b/1"), item("https://c/9", OTHER)], run)
        rows = {r["url"]: r for r in queries.iter_documents(session)}
    assert (again.new_documents, again.duplicates, again.unchanged) == (1, 0, 1)
    assert len(rows) == 3
    assert rows["https://a/1"]["duplicate_of"] is None
    assert rows["https://b/1"]["duplicate_of"] == "https://a/1"
    assert rows["https://a/1"]["content_hash"] == rows["https://b/1"]["content_hash"]


def test_refetch_updates_in_place_and_keeps_requested_url(engine):
    with session_scope(engine) as session:
        pages.save_pages(session, [item("https://a/new", requested="https://a/old")], None)
        pages.save_pages(session, [item("https://a/new")], None)  # fetched directly later
        rows = list(queries.iter_documents(session))
    assert [(r["url"], r["requested_url"]) for r in rows] == [("https://a/new", "https://a/old")]


def test_a_stored_article_whose_page_now_yields_nothing_keeps_its_page(engine):
    """A PDF (or an empty body) served in place of a stored article overwrote its HTML,
    version unchanged, page_versions empty, counted as unchanged: the page was lost."""
    from pipelines.db.models import PageVersion

    url = "https://a/news/1.html"
    first = item(url)
    pdf = dataclasses.replace(
        first, body=b"%PDF-1.4 not an article", document=None, skip_reason="not HTML: a PDF"
    )
    with session_scope(engine) as session:
        pages.save_pages(session, [first], None)
        result = pages.save_pages(session, [pdf], None)
        again = pages.save_pages(session, [pdf], None)  # the same bytes once more: nothing new
        versions = session.execute(
            sa.select(PageVersion.version, PageVersion.body_sha256).order_by(PageVersion.version)
        ).all()
        stored = session.execute(sa.select(Page.version, Page.body_sha256)).one()
        document = session.scalar(sa.select(Document.title))
    assert (result.updated, result.unchanged) == (1, 0)
    assert (again.updated, again.unchanged) == (0, 1)
    assert versions == [(1, hashlib.sha256(first.body).hexdigest())]
    assert stored == (2, hashlib.sha256(pdf.body).hexdigest())
    assert document == "A visit"  # the document made from the HTML stays


def test_listing_pages_are_kept_raw_but_are_not_documents(engine):
    with session_scope(engine) as session:
        result = pages.save_pages(session, [item("https://a/list", kind="listing")], None)
        assert result.pages == 1 and result.documents == 0
        assert list(queries.iter_documents(session)) == []
        assert stored_pages.count_article_pages(session) == 0


def test_raw_bytes_round_trip_compressed(engine):
    original = item("https://a/1")
    with session_scope(engine) as session:
        pages.save_pages(session, [original], None)
        (stored,) = list(stored_pages.iter_article_pages(session))
    assert stored.body == original.body and stored.headers == original.headers


def test_repair_contents_after_hash_change(engine):
    with session_scope(engine) as session:
        pages.save_pages(session, [item("https://a/1"), item("https://b/1")], None)
        ids = dict(session.execute(sa.text("select url, id from pages")).all())
        changed = process(
            RawPage(url="https://a/1", body=HTML.format(title="A visit", text=OTHER).encode())
        )
        documents.save_documents(session, [(ids["https://a/1"], "site", changed)])
        documents.repair_contents(session)
        rows = {r["url"]: r for r in queries.iter_documents(session)}
    # b/1 now owns the old content; a/1 has new content of its own.
    assert rows["https://b/1"]["duplicate_of"] is None
    assert rows["https://a/1"]["duplicate_of"] is None
    assert rows["https://a/1"]["content_hash"] != rows["https://b/1"]["content_hash"]


def test_run_ledger(engine):
    with session_scope(engine) as session:
        run = ledger.start_run(session, "spa")
        ledger.finish_run(session, run, "finished", "finished", {"pages": 3, "errors": 1})
        (stored,) = ledger.recent_runs(session)
    assert (stored.site, stored.status, stored.pages, stored.errors) == ("spa", "finished", 3, 1)
    assert stored.finished_at is not None


STORY = (
    "Principal Wang Qiang of Zunyi Honghuagang Secondary Vocational School visited the "
    "college. The two schools agreed to cooperate in specialty construction and teacher "
    "training. "
)
PARAGRAPH = "Accompanied by the leaders, the guests visited the training centers and museum. "


def _stories(session) -> dict[str, tuple]:
    rows = queries.iter_documents(session)
    return {r["url"]: (r["story_id"], r["near_duplicate_of"]) for r in rows}


def test_near_copies_join_one_story_across_batches(engine):
    with session_scope(engine) as session:
        pages.save_pages(session, [item("https://a/1", STORY * 2 + PARAGRAPH)], None)
    with session_scope(engine) as session:  # a later run: found through the stored index
        pages.save_pages(
            session,
            [
                item("https://b/1", STORY * 2),  # a paragraph cut
                item("https://c/1", "A football match in the city league."),
            ],
            None,
        )
        stories = _stories(session)
        wide = multi_site_stories(session, min_sites=1)
    assert stories["https://b/1"] == (stories["https://a/1"][0], "https://a/1")
    assert stories["https://c/1"][0] != stories["https://a/1"][0]
    assert stories["https://a/1"][1] is None
    story = next(s for s in wide if s["story_id"] == stories["https://a/1"][0])
    assert [a["url"] for a in story["appearances"]] == ["https://a/1", "https://b/1"]
    assert story["first_url"] == "https://a/1"


def test_documents_stored_before_sketches_existed_are_still_found(engine):
    import sqlalchemy as sa

    with session_scope(engine) as session:
        pages.save_pages(session, [item("https://a/1", STORY * 2 + PARAGRAPH)], None)
    with engine.begin() as db:  # as a database migrated to 0006 holds its older documents
        assert db.execute(sa.text("select count(*) from document_sketches")).scalar() == 1
        db.execute(sa.text("delete from document_sketches"))
    with session_scope(engine) as session:
        pages.save_pages(session, [item("https://b/1", STORY * 2)], None)
        stories = _stories(session)
    assert stories["https://b/1"] == (stories["https://a/1"][0], "https://a/1")


OTHER = (
    "Students of the welding class won three gold medals at the provincial skills "
    "contest held in the new training hall of the technical institute last weekend. "
)


def test_an_article_edited_into_another_text_leaves_its_story_and_its_old_text(engine):
    with session_scope(engine) as session:
        pages.save_pages(
            session,
            [item("https://a/1", STORY * 2 + PARAGRAPH), item("https://b/1", STORY * 2)],
            None,
        )
    with session_scope(engine) as session:
        result = pages.save_pages(session, [item("https://a/1", OTHER * 3)], None)
        assert result.updated == 1
        # a copy of a/1's old text arrives: it follows b/1 (near), not a/1's new text
        pages.save_pages(session, [item("https://c/1", STORY * 2 + PARAGRAPH)], None)
        stories = _stories(session)
        rows = {r["url"]: r for r in queries.iter_documents(session)}
        several = multi_site_stories(session, min_sites=1)
    assert stories["https://a/1"][0] != stories["https://b/1"][0]
    assert stories["https://b/1"] == (stories["https://b/1"][0], None)  # now its story's first
    assert stories["https://c/1"] == (stories["https://b/1"][0], "https://b/1")
    assert rows["https://c/1"]["duplicate_of"] is None  # a/1 no longer has that text
    assert all(story["first_url"] for story in several)


def test_shared_boilerplate_is_not_a_story(engine):
    boiler = "Shanghai Modern Chemical Industry Vocational College news. " * 3
    with session_scope(engine) as session:
        pages.save_pages(
            session,
            [
                item("https://a/1", boiler + "Students won the chemistry skills contest in May."),
                item("https://a/2", boiler + "Teachers from Guizhou attended a training week."),
            ],
            None,
        )
        stories = _stories(session)
    assert stories["https://a/1"][0] != stories["https://a/2"][0]


def test_redirect_and_direct_fetch_in_one_batch_keep_requested_url(engine):
    with session_scope(engine) as session:
        pages.save_pages(
            session, [item("https://a/new", requested="https://a/old"), item("https://a/new")], None
        )
        (row,) = list(queries.iter_documents(session))
    assert row["requested_url"] == "https://a/old"


def test_downgrade_and_upgrade_with_data(engine):
    with session_scope(engine) as session:
        run = ledger.start_run(session, "site")
        pages.save_pages(session, [item("https://a/1"), item("https://b/1", OTHER)], run)
        ledger.finish_run(session, run, "finished", "finished", {"pages": 2})
    downgrade(engine, "0001")  # through every migration's downgrade, with rows in place
    upgrade(engine)
    with session_scope(engine) as session:
        rows = list(queries.iter_documents(session))
        languages = set(session.execute(sa.text("select site, language from site_languages")))
    assert sorted(r["url"] for r in rows) == ["https://a/1", "https://b/1"]
    assert languages == {("site", "en")}  # migration 0011 fills it from the stored documents


def _without_rowid(engine) -> set[str]:
    """The modelled tables SQLite keeps WITHOUT ROWID (FTS5's shadow tables left out)."""
    with engine.connect() as db:
        rows = db.execute(sa.text("select name, sql from sqlite_master where type = 'table'"))
        return {
            name
            for name, sql in rows
            if name in Base.metadata.tables and sql.rstrip().upper().endswith("WITHOUT ROWID")
        }


def _key_rows(engine) -> dict[str, set[tuple[int, int]]]:
    with engine.connect() as db:
        return {
            table: set(map(tuple, db.execute(sa.text(f"select document_id, key from {table}"))))  # noqa: S608
            for table in ("document_bands", "document_facts")
        }


def _todays_document_columns(engine, drop: bool = False) -> None:
    """The product reads and writes today's columns: at an older revision, the test adds the
    ones later migrations brought that it lacks (0019's pages.moved_to and moved_at, which
    export reads; 0020's translations), which the tested one never touches; `drop`: takes
    them out again, before an upgrade that adds them."""
    columns = (
        ("pages", "moved_to", "varchar(2048)"),
        ("pages", "moved_at", "timestamp"),
        ("documents", "translations", "json"),
    )
    with engine.begin() as db:
        for table, column, kind in columns:
            present = column in {c["name"] for c in sa.inspect(db).get_columns(table)}
            if drop and present:
                db.execute(sa.text(f"alter table {table} drop column {column}"))
            elif not drop and not present:
                db.execute(sa.text(f"alter table {table} add column {column} {kind}"))


def test_key_tables_keep_every_row_through_migration_0013(tmp_path):
    """A database migrated to 0012 with band and fact keys keeps every row as its key tables
    are rebuilt WITHOUT ROWID (SQLite), and again when they are rebuilt with rowid."""
    engine = make_engine(f"sqlite:///{tmp_path / 'keys.db'}")
    upgrade(engine, "0012")
    _todays_document_columns(engine)
    with session_scope(engine) as session:  # story assignment writes the band keys
        pages.save_pages(
            session,
            [item("https://a/1", STORY * 2 + PARAGRAPH), item("https://b/1", STORY * 2)],
            None,
        )
        pages.save_pages(session, [item("https://c/1", OTHER * 3)], None)
    with engine.begin() as db:  # fact keys, the 64-bit range included
        ids = db.execute(sa.text("select id from documents")).scalars().all()
        facts = [{"d": i, "k": k} for i in ids for k in (-(2**63), -7, 0, 2**40 + i, 2**63 - 1)]
        db.execute(sa.text("insert into document_facts (document_id, key) values (:d, :k)"), facts)
    before = _key_rows(engine)
    # and each page's own URL key (story_match.page_keys: a translation declaring it finds it)
    assert len(before["document_bands"]) > 25 and len(before["document_facts"]) == 6 * len(ids)
    assert _without_rowid(engine) == set()
    upgrade(engine, "0013")  # 0014 makes band keys again: its own test
    assert _key_rows(engine) == before
    assert _without_rowid(engine) == {"document_bands", "document_facts"}
    with engine.connect() as db:
        for table in ("document_bands", "document_facts"):
            (fk,) = db.execute(sa.text(f"pragma foreign_key_list({table})")).mappings()
            assert (fk["table"], fk["from"], fk["on_delete"]) == (
                "documents",
                "document_id",
                "CASCADE",
            )
            indexes = {r[1] for r in db.execute(sa.text(f"pragma index_list({table})"))}
            assert f"ix_{table}_key" in indexes
    with session_scope(engine) as session:  # the product writes and finds keys as before
        pages.save_pages(session, [item("https://d/1", STORY * 2)], None)
        stories = _stories(session)
    assert stories["https://d/1"][0] == stories["https://a/1"][0]
    grown = _key_rows(engine)
    downgrade(engine, "0012")
    assert _key_rows(engine) == grown and _without_rowid(engine) == set()
    engine.dispose()


def _sha1_shingles(text: str) -> np.ndarray:
    """The shingle hashes of revision 0013, written out again: the first four bytes of each
    gram's SHA-1, little-endian (datasketch's sha1_hash32)."""
    grams = {g.encode("utf-8") for g in similarity._grams(text)}
    return np.array(
        sorted({int.from_bytes(hashlib.sha1(g).digest()[:4], "little") for g in grams}),  # noqa: S324
        dtype=np.uint32,
    )


def _index_rows(engine) -> tuple[dict[int, str], dict[int, set[int]], dict[int, tuple]]:
    """Each document's text, band keys and (signature bytes, shingle count) as stored."""
    bands: dict[int, set[int]] = {}
    with engine.connect() as db:
        texts = dict(db.execute(sa.text("select id, text from documents")).all())
        for doc, key in db.execute(sa.text("select document_id, key from document_bands")):
            bands.setdefault(doc, set()).add(key)
        sketches = {
            doc: (bytes(signature), count)
            for doc, signature, count in db.execute(
                sa.text("select document_id, signature, shingles from document_sketches")
            )
        }
    return texts, bands, sketches


def _made_with(text: str, shingles) -> tuple[set[int], tuple[bytes, int]]:
    hashes = shingles(text)
    signature = similarity.signature(hashes)
    return set(similarity.band_keys(signature)), (signature.astype("<u4").tobytes(), hashes.size)


def test_migration_0014_makes_every_sketch_again_and_old_stories_are_found(db_url):
    """A 0013 database (every sketch and band key of SHA-1 shingle hashes, more documents than
    one batch) migrated to 0014 holds `sketch(text)` for each indexed document, and a new copy
    of a story stored before the migration joins it (found through the band index alone: the
    texts state no dates or figures, so no fact key)."""
    engine = make_engine(db_url)
    upgrade(engine)
    copy = item("https://c/0", OTHER * 3)  # copies of one page: extracted once
    urls = [f"https://c/{i}" for i in range(520)]
    copies = [
        dataclasses.replace(copy, url=u, document=dataclasses.replace(copy.document, url=u))
        for u in urls
    ]
    with session_scope(engine) as session:
        pages.save_pages(session, [item("https://a/1", STORY * 2 + PARAGRAPH)], None)
        pages.save_pages(session, copies, None)
    with engine.begin() as db:  # the last one stored before stories existed: never indexed
        bare = db.execute(sa.text("select max(id) from documents")).scalar_one()
        for table in ("document_bands", "document_sketches"):
            db.execute(sa.text(f"delete from {table} where document_id = :d"), {"d": bare})  # noqa: S608
    downgrade(engine, "0013")
    texts, bands, sketches = _index_rows(engine)
    assert len(texts) == 521 and bare not in bands and bare not in sketches
    for doc in set(texts) - {bare}:
        assert (bands[doc], sketches[doc]) == _made_with(texts[doc], _sha1_shingles)
    upgrade(engine)
    texts, bands, sketches = _index_rows(engine)
    assert bare not in bands and bare not in sketches
    for doc in set(texts) - {bare}:
        made = similarity.sketch(texts[doc])
        assert bands[doc] == set(made.bands)
        assert sketches[doc] == (made.signature.astype("<u4").tobytes(), made.shingles.size)
    with session_scope(engine) as session:
        pages.save_pages(session, [item("https://d/1", STORY * 2)], None)
        stories = _stories(session)
    assert stories["https://d/1"][0] == stories["https://a/1"][0] is not None
    engine.dispose()


def _band_layout(engine) -> tuple[list[str], bool]:
    """document_bands' primary key columns in order, and whether an index on key exists."""
    inspector = sa.inspect(engine)
    primary = inspector.get_pk_constraint("document_bands")["constrained_columns"]
    indexed = any(
        i["name"] == "ix_document_bands_key" for i in inspector.get_indexes("document_bands")
    )
    return primary, indexed


def test_migration_0016_keeps_band_keys_once_and_replaces_them_by_sketch(db_url):
    """A 0015 database migrated to 0016: the same band rows under a (key, document_id) key
    and no second index; a rewritten document's rows are exactly its new text's keys (none
    of its old ones left: they are found through its old sketch); a new copy of a story is
    found; downgrade restores the layout with every row."""
    engine = make_engine(db_url)
    upgrade(engine)  # the product writes today's columns: stored at head, then taken to 0015
    with session_scope(engine) as session:
        pages.save_pages(
            session,
            [item("https://a/1", STORY * 2 + PARAGRAPH), item("https://b/1", STORY * 2)],
            None,
        )
        pages.save_pages(session, [item("https://c/1", OTHER * 3)], None)
    downgrade(engine, "0015")
    before = _key_rows(engine)["document_bands"]
    assert len(before) == 3 * similarity.BANDS
    assert _band_layout(engine) == (["document_id", "key"], True)
    upgrade(engine, "0016")
    assert _key_rows(engine)["document_bands"] == before
    assert _band_layout(engine) == (["key", "document_id"], False)
    if engine.dialect.name == "sqlite":
        assert "document_bands" in _without_rowid(engine)
    rewritten = OTHER * 2 + PARAGRAPH * 3
    _todays_document_columns(engine)
    with session_scope(engine) as session:  # re-extraction: c/1 says something else now
        pages.save_pages(session, [item("https://c/1", rewritten)], None)
        pages.save_pages(session, [item("https://d/1", STORY * 2)], None)
        stories = _stories(session)
        ids = dict(session.execute(sa.select(Page.url, Document.id).join(Document)).all())
    assert stories["https://d/1"][0] == stories["https://a/1"][0]
    bands = _key_rows(engine)["document_bands"]
    text = item("https://c/1", rewritten).document.text
    assert {k for d, k in bands if d == ids["https://c/1"]} == set(similarity.sketch(text).bands)
    assert len(bands) == 4 * similarity.BANDS  # no old key of c/1 left
    downgrade(engine, "0015")
    assert _key_rows(engine)["document_bands"] == bands
    assert _band_layout(engine) == (["document_id", "key"], True)
    engine.dispose()


def _contents_and_versions(engine) -> tuple[set, set, set]:
    with engine.connect() as db:
        return tuple(
            set(map(tuple, db.execute(sa.text(sql))))
            for sql in (
                "select content_hash, first_document_id from contents",
                "select page_id, version, body_sha256 from page_versions",
                "select document_id, version, content_hash from document_versions",
            )
        )


def _indexes(engine, table: str) -> set[str]:
    return {i["name"] for i in sa.inspect(engine).get_indexes(table)}


def test_migration_0017_keeps_contents_and_versions_without_their_extra_copies(db_url):
    """A 0016 database migrated to 0017 keeps every contents row (SQLite: WITHOUT ROWID) and
    version row, without the two indexes their unique keys cover; lookups by page and
    document use those keys; duplicates and edits are stored as before; downgrade restores
    the layout with every row."""
    engine = make_engine(db_url)
    upgrade(engine)
    with session_scope(engine) as session:
        pages.save_pages(session, [item("https://a/1"), item("https://b/1")], None)
        pages.save_pages(session, [item("https://a/1", OTHER)], None)  # an edit: version 2
    downgrade(engine, "0016")
    before = _contents_and_versions(engine)
    assert [len(rows) for rows in before] == [2, 1, 1]
    assert "ix_page_versions_page_id" in _indexes(engine, "page_versions")
    upgrade(engine, "0017")
    assert _contents_and_versions(engine) == before
    assert "ix_page_versions_page_id" not in _indexes(engine, "page_versions")
    assert "ix_document_versions_document_id" not in _indexes(engine, "document_versions")
    if engine.dialect.name == "sqlite":
        assert "contents" in _without_rowid(engine)
        with engine.connect() as db:
            for table, column in (
                ("page_versions", "page_id"),
                ("document_versions", "document_id"),
            ):
                plan = " ".join(
                    str(r[-1])
                    for r in db.execute(
                        sa.text(f"explain query plan select * from {table} where {column} = 1")  # noqa: S608
                    )
                )
                assert f"USING INDEX sqlite_autoindex_{table}_1" in plan, plan
    _todays_document_columns(engine)
    with session_scope(engine) as session:
        pages.save_pages(session, [item("https://c/1", OTHER), item("https://a/1")], None)
    with session_scope(engine) as session:
        first = dict(session.execute(sa.select(Page.url, Document.id).join(Document)).all())
        stories = _stories(session)
    grown = _contents_and_versions(engine)
    assert [len(rows) for rows in grown] == [2, 2, 2]  # a/1 edited back: version 3
    hashes = {
        u: item(f"https://{u}", t).document.content_hash for u, t in (("a/1", TEXT), ("c/1", OTHER))
    }
    # Each text names the first document that has it now (a/1 had OTHER before c/1 came).
    assert grown[0] == {
        (hashes["a/1"], first["https://b/1"]),
        (hashes["c/1"], first["https://c/1"]),
    }
    assert stories["https://a/1"][0] == stories["https://b/1"][0]
    downgrade(engine, "0016")
    assert _contents_and_versions(engine) == grown
    assert "ix_document_versions_document_id" in _indexes(engine, "document_versions")
    engine.dispose()


def test_a_new_sqlite_database_is_made_as_the_migrations_make_it(tmp_path):
    """A new file gets the schema from pipelines/db/sqlite_schema.sql, without Alembic; the
    same meaning as every migration run in turn (if this fails after a new migration:
    `python -m tests.support.schema_snapshot --write`)."""
    made, migrated = tmp_path / "made.db", tmp_path / "migrated.db"
    revision = schema_snapshot.migrated(migrated)
    engine = make_engine(f"sqlite:///{made}")
    upgrade(engine)
    engine.dispose()
    assert schema_snapshot.structure(made) == schema_snapshot.structure(migrated)
    assert revision == head_revision(make_engine(f"sqlite:///{made}"))
    code = (
        "import sys\n"
        "from pipelines.db.session import open_database\n"
        f"open_database('sqlite:///{tmp_path / 'third.db'}')\n"
        "assert 'alembic' not in sys.modules, 'a new database went through Alembic'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_a_database_with_tables_is_migrated_by_alembic_not_by_the_schema_script(tmp_path):
    """Anything but an empty file (here: the schema at 0012, without its version row made
    first) is left to Alembic: the script's CREATE TABLE never meets a table it would clash
    with, and a partial schema is never taken for a new database."""
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0012")
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)
    engine.dispose()
    fresh = tmp_path / "fresh.db"
    schema_snapshot.migrated(fresh)
    assert schema_snapshot.structure(path) == schema_snapshot.structure(fresh)


def test_a_postgresql_server_that_never_answers_fails_in_seconds(monkeypatch):
    """No connect timeout and no keepalives: a crawl into a stalled server waited silently
    for as long as the operating system's TCP defaults."""
    import socket
    import time

    from pipelines.db import session as sessions

    monkeypatch.setattr(sessions, "CONNECT_TIMEOUT_S", 2)
    with socket.socket() as silent:  # accepts connections (the kernel does), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        started = time.monotonic()
        try:
            sessions.open_database(f"postgresql://root@127.0.0.1:{port}/corpus")
        except sessions.DatabaseError as exc:
            assert "timeout" in str(exc)
        else:
            raise AssertionError("connected to a server that never answered")
    assert time.monotonic() - started < 10
