"""Page bodies compressed with a per-site zstd dictionary (pipelines.db.bodies), on migrated
SQLite and PostgreSQL schemas: smaller, read back byte for byte, before and after training,
through a downgrade, and by a process that did not train it."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import sqlalchemy as sa

from crawler.items import PageItem
from pipelines.db import archive, bodies, pages
from pipelines.db.migrate import downgrade, upgrade
from pipelines.db.models import BodyDictionary, Page
from pipelines.db.session import make_engine, session_scope

from .conftest import SITES_DIR


def _site_pages(slug: str = "spa") -> list[PageItem]:
    """Every HTML file of a fixture site's mirror, as listing pages of one site."""
    found = []
    for path in sorted((SITES_DIR / slug / "mirror").rglob("*.htm*")):
        url = f"https://{slug}.test/{path.relative_to(SITES_DIR / slug / 'mirror')}"
        headers = {"Content-Type": "text/html; charset=utf-8"}
        found.append(
            PageItem(slug, url, url, "listing", 200, headers, path.read_bytes(), datetime.now(UTC))
        )
    return found


def _stored(engine) -> dict[str, bytes]:
    with session_scope(engine) as session:
        return {p.url: p.body for p in archive.iter_pages(session)}


def _forget_cached_dictionaries() -> None:
    """What a new process starts with: nothing cached (a test of the stored data alone)."""
    bodies._dictionaries.clear()
    bodies._readers.clear()
    bodies._site_dictionary.clear()


def test_a_site_dictionary_shrinks_bodies_and_every_byte_reads_back(engine):
    site = _site_pages()
    first, later = site[:-5], site[-5:]
    with session_scope(engine) as session:
        pages.save_pages(session, first, None)
        plain = session.scalar(sa.select(sa.func.sum(sa.func.length(Page.body))))
    with session_scope(engine) as session:
        assert bodies.compact(session, "spa") == len(first)
    with session_scope(engine) as session:
        packed = session.scalar(sa.select(sa.func.sum(sa.func.length(Page.body))))
        dict_id = session.scalar(sa.select(BodyDictionary.id))
        assert session.scalar(sa.select(sa.func.count()).where(Page.body_dict.is_(None))) == 0
    assert packed < plain * 0.5, (packed, plain)
    with session_scope(engine) as session:  # stored after training: with the dictionary
        pages.save_pages(session, later, None)
        assert set(session.scalars(sa.select(Page.body_dict))) == {dict_id}
    _forget_cached_dictionaries()
    assert _stored(engine) == {p.url: p.body for p in site}
    with session_scope(engine) as session:
        sums = dict(session.execute(sa.select(Page.url, Page.body_sha256)).all())
    assert sums == {p.url: hashlib.sha256(p.body).hexdigest() for p in site}


def test_a_site_with_few_pages_keeps_plain_frames(engine):
    with session_scope(engine) as session:
        pages.save_pages(session, _site_pages()[:3], None)
    with session_scope(engine) as session:
        assert bodies.compact(session, "spa") == 0
        assert session.scalar(sa.select(sa.func.count()).select_from(BodyDictionary)) == 0


def test_downgrade_makes_bodies_plain_again(engine):
    site = _site_pages()
    with session_scope(engine) as session:
        pages.save_pages(session, site, None)
    with session_scope(engine) as session:
        bodies.compact(session, "spa")
    downgrade(engine, "0009")
    _forget_cached_dictionaries()
    with engine.connect() as connection:
        blobs = [row.body for row in connection.execute(sa.text("SELECT body FROM pages"))]
    assert all(bodies.decompress(None, b) for b in blobs)  # plain frames need no database
    upgrade(engine)
    assert _stored(engine) == {p.url: p.body for p in site}


def test_a_crawl_compresses_each_site_with_its_own_dictionary(any_crawled):
    """After `schoolnews crawl --all`: every fixture site with enough pages has a dictionary,
    all its pages use it, and every stored body still matches the hash of what was fetched."""
    engine = make_engine(any_crawled.db_url)
    _forget_cached_dictionaries()
    with session_scope(engine) as session:
        counts = dict(
            session.execute(sa.select(Page.site, sa.func.count()).group_by(Page.site)).all()
        )
        trained = dict(session.execute(sa.select(BodyDictionary.site, BodyDictionary.id)).all())
        used = set(session.execute(sa.select(Page.site, Page.body_dict)).all())
        stored = {p.url: p.body for p in archive.iter_pages(session)}
        sums = dict(session.execute(sa.select(Page.url, Page.body_sha256)).all())
    engine.dispose()
    assert {s for s, n in counts.items() if n >= bodies.MIN_PAGES} <= set(trained)
    assert used == {(site, trained.get(site)) for site in counts}
    assert {url: hashlib.sha256(body).hexdigest() for url, body in stored.items()} == sums


def test_a_large_site_dictionary_is_as_good_as_zstds_own_search():
    """Past SEARCH_PAGES samples, zstd searches the segment size on a subsample only
    (bodies._trained); its dictionary must compress the site's other pages as well."""
    import zstandard

    site = [p.body for p in _site_pages()]
    variants = [  # versions of each page: more samples than the search looks at
        body.replace(b"</title>", f" {n}</title>".encode()) for n in range(6) for body in site
    ]
    samples, held_out = variants[::2], variants[1::2]
    assert len(samples) > bodies.SEARCH_PAGES
    size = sum(map(len, samples)) // 10

    def packed(trained) -> int:
        packer = zstandard.ZstdCompressor(level=bodies.LEVEL, dict_data=trained)
        return sum(len(packer.compress(body)) for body in held_out)

    ours = bodies._trained(size, samples, dict_id=40000)
    theirs = zstandard.train_dictionary(size, samples, dict_id=40000, level=bodies.LEVEL)
    assert ours.dict_id() == 40000
    assert packed(ours) <= packed(theirs) * 1.03, (packed(ours), packed(theirs))
