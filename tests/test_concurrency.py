"""Several processes storing at once: nothing lost, no content stored twice as first, no
deadlock. On PostgreSQL (the production backend for many writers) and SQLite alike."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

WRITERS, PAGES, BATCH = 3, 60, 12
TEXTS = [
    f"Story {n}: the vocational college and company {n} signed a cooperation "
    f"agreement on apprenticeships, training bases and teacher exchanges this year."
    for n in range(20)
]


def write(args: tuple[str, int]) -> int:
    """One writer: its own pages plus pages every writer stores, in its own order."""
    db_url, writer = args
    items = []
    for n in range(PAGES):
        shared = n % 2 == 0  # half the URLs are fetched by every writer
        url = f"https://school.example/{'shared' if shared else writer}/{n}.htm"
        items.append(
            _article(f"site{writer}", url, n, [TEXTS[n % len(TEXTS)], TEXTS[(n + 7) % len(TEXTS)]])
        )
    if writer % 2:
        items.reverse()  # different orders make lock-order deadlocks likely if unsorted
    _store(db_url, items, BATCH)
    return len(items)


def _article(site: str, url: str, n: int, paragraphs: list[str]):
    """The PageItem a crawl would yield for an article page "News n" with these paragraphs."""
    from crawler.items import PageItem
    from pipelines.processing import RawPage, process

    html = (
        f"<html><head><title>News {n}</title></head><body><h1>News {n}</h1><div>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</div></body></html>"
    ).encode()
    headers = {"Content-Type": "text/html; charset=utf-8"}
    item = PageItem(site, url, url, "article", 200, headers, html, datetime.now(UTC))
    item.document = process(RawPage(url=url, body=html, headers=headers))
    return item


def _store(db_url: str, items: list, batch: int) -> None:
    from pipelines.db import pages
    from pipelines.db.session import open_database, session_scope

    engine = open_database(db_url)
    for start in range(0, len(items), batch):
        with session_scope(engine) as session:
            pages.save_pages(session, items[start : start + batch], None)
    engine.dispose()


@pytest.mark.parametrize("db_url", ["postgresql", "sqlite"], indirect=True)
def test_concurrent_writers_lose_nothing_and_store_content_once(db_url):
    from pipelines.db.session import open_database

    open_database(db_url).dispose()  # migrate once, before the race
    context = multiprocessing.get_context("spawn")
    with context.Pool(WRITERS) as pool:
        written = pool.map(write, [(db_url, w) for w in range(WRITERS)])
    assert written == [PAGES] * WRITERS

    engine = sa.create_engine(db_url)
    with engine.connect() as db:
        pages = db.execute(sa.text("select count(*), count(distinct url) from pages")).one()
        documents = db.execute(sa.text("select count(*) from documents")).scalar()
        hashes = db.execute(sa.text("select count(distinct content_hash) from documents")).scalar()
        contents = db.execute(sa.text("select count(*) from contents")).scalar()
        orphans = db.execute(
            sa.text(
                "select count(*) from contents c left join documents d "
                "on d.id = c.first_document_id and d.content_hash = c.content_hash "
                "where d.id is null"
            )
        ).scalar()
    engine.dispose()
    expected_urls = PAGES // 2 + WRITERS * (PAGES // 2)
    assert pages == (expected_urls, expected_urls)
    assert documents == expected_urls
    assert contents == hashes and orphans == 0


def _upgrade(url: str) -> str | None:
    from pipelines.db.migrate import current_revision
    from pipelines.db.session import open_database

    engine = open_database(url)  # migrates on first use, as every command does
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


@pytest.mark.parametrize("db_url", ["postgresql", "sqlite"], indirect=True)
def test_workers_starting_together_on_a_fresh_database_migrate_it_once(db_url):
    from pipelines.db.migrate import head_revision
    from pipelines.db.session import make_engine

    context = multiprocessing.get_context("spawn")
    with context.Pool(WRITERS) as pool:
        revisions = pool.map(_upgrade, [db_url] * WRITERS)
    engine = make_engine(db_url)
    assert revisions == [head_revision(engine)] * WRITERS
    engine.dispose()


def write_near_copies(args: tuple[str, int]) -> int:
    """One writer: every article of TEXTS with a line of its own (a near copy of the other
    writers' versions), in its own order."""
    db_url, writer = args
    items = [
        _article(
            f"site{writer}",
            f"https://site{writer}.example/{n}.htm",
            n,
            [f"{text} {TEXTS[(n + 7) % len(TEXTS)]}", f"Reposted by site {writer}."],
        )
        for n, text in enumerate(TEXTS)
    ]
    if writer % 2:
        items.reverse()
    _store(db_url, items, 2)  # small batches: many overlapping transactions
    return len(items)


@pytest.mark.parametrize("db_url", ["postgresql", "sqlite"], indirect=True)
def test_near_copies_written_at_once_by_several_writers_share_one_story(db_url):
    from pipelines.db.session import open_database

    open_database(db_url).dispose()
    context = multiprocessing.get_context("spawn")
    with context.Pool(WRITERS) as pool:
        pool.map(write_near_copies, [(db_url, w) for w in range(WRITERS)])
    engine = sa.create_engine(db_url)
    with engine.connect() as db:
        rows = db.execute(
            sa.text("select p.url, d.story_id from documents d join pages p on p.id = d.page_id")
        ).all()
        hashes = db.execute(sa.text("select count(distinct content_hash) from documents")).scalar()
    engine.dispose()
    assert hashes == WRITERS * len(TEXTS)  # near copies, not exact ones
    by_article: dict[str, set] = {}
    for url, story in rows:
        by_article.setdefault(url.rsplit("/", 1)[1], set()).add(story)
    assert len(by_article) == len(TEXTS)
    assert all(len(stories) == 1 and None not in stories for stories in by_article.values()), (
        by_article
    )
