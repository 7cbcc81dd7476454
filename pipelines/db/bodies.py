"""Page bodies as stored: zstd frames, compressed with the site's trained dictionary once it
has one.

A school's pages share most of their template (navigation, footer, scripts), which plain
zstd cannot exploit on one page at a time; a dictionary trained on a sample of the site's
own pages can. On the fixture sites a body shrinks to about 0.12 of its size with the
dictionary against 0.45 without.

Every frame names its dictionary (zstd writes the dictionary ID into the frame header), so a
body is read back without knowing when or how it was stored, and bodies stored before a
dictionary existed, or in `page_versions`, stay readable as they are. `pages.body_dict` says
the same in a column, so the pages still to be recompressed are found by an index, not by
reading every body.

Dictionaries are trained after a crawl run (crawler.service), never during one: training
and recompressing cost a second or two per site, once.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime

import sqlalchemy as sa
import zstandard
from sqlalchemy.orm import Session

from .models import BodyDictionary, Page

LEVEL = 10
MIN_PAGES = 20  # fewer pages than this: not worth a dictionary (and training may fail)
MIN_SAMPLE_BYTES = 64 * 1024
SAMPLE_PAGES = 400  # the most recent pages of the site a dictionary is trained on
SEARCH_PAGES = 100  # … of which zstd's search for the segment size looks at this many
MAX_DICT_BYTES = 110 * 1024  # zstd's own default size
RECOMPRESS_BATCH = 200
NO_DICTIONARY_TTL = 300.0  # seconds a "this site has no dictionary" answer is trusted

PLAIN = zstandard.ZstdCompressor(level=LEVEL)
_PLAIN_READER = zstandard.ZstdDecompressor()
# (database URL, dictionary id) -> dictionary, and a reader with it; stored dictionaries
# never change. Reading is per page on re-extraction's path: one reader per dictionary.
_dictionaries: dict[tuple[str, int], zstandard.ZstdCompressionDict] = {}
_readers: dict[tuple[str, int], zstandard.ZstdDecompressor] = {}
# (database URL, site) -> (dictionary id or None, when looked up)
_site_dictionary: dict[tuple[str, str], tuple[int | None, float]] = {}


def _db(session: Session) -> str:
    return session.get_bind().url.render_as_string(hide_password=True)


def _dictionary(session: Session, dict_id: int) -> zstandard.ZstdCompressionDict:
    key = (_db(session), dict_id)
    if key not in _dictionaries:
        data = session.scalar(sa.select(BodyDictionary.data).where(BodyDictionary.id == dict_id))
        if data is None:
            raise LookupError(f"page body needs compression dictionary {dict_id}, not stored")
        found = zstandard.ZstdCompressionDict(data)
        found.precompute_compress(level=LEVEL)
        _dictionaries[key] = found
    return _dictionaries[key]


def site_dictionary(session: Session, site: str) -> int | None:
    """The id of the dictionary the site's bodies are compressed with now, if any."""
    key = (_db(session), site)
    cached = _site_dictionary.get(key)
    if cached and (cached[0] is not None or time.monotonic() - cached[1] < NO_DICTIONARY_TTL):
        return cached[0]
    dict_id = session.scalar(
        sa.select(BodyDictionary.id)
        .where(BodyDictionary.site == site)
        .order_by(BodyDictionary.trained_at.desc(), BodyDictionary.id.desc())
        .limit(1)
    )
    _site_dictionary[key] = (dict_id, time.monotonic())
    return dict_id


def compressor(session: Session, site: str) -> tuple[int | None, zstandard.ZstdCompressor]:
    """(dictionary id or None, a compressor) for the site's bodies."""
    dict_id = site_dictionary(session, site)
    if dict_id is None:
        return None, PLAIN
    return dict_id, zstandard.ZstdCompressor(level=LEVEL, dict_data=_dictionary(session, dict_id))


def decompress(session: Session, blob: bytes) -> bytes:
    """A stored body's bytes, whatever dictionary (or none) it was compressed with."""
    dict_id = zstandard.get_frame_parameters(blob).dict_id
    if not dict_id:
        return _PLAIN_READER.decompress(blob)
    key = (_db(session), dict_id)
    if key not in _readers:
        _readers[key] = zstandard.ZstdDecompressor(dict_data=_dictionary(session, dict_id))
    return _readers[key].decompress(blob)


def train(session: Session, site: str, rng: random.Random | None = None) -> int | None:
    """Train a dictionary for a site that has none yet and enough pages; its id or None.

    The id is random (zstd frames carry it; ids under 32768 are reserved by the format) and
    the primary key keeps it unique.
    """
    if site_dictionary(session, site) is not None:
        return None
    blobs = session.scalars(
        sa.select(Page.body)
        .where(Page.site == site, Page.status < 300)
        .order_by(Page.id.desc())
        .limit(SAMPLE_PAGES)
    ).all()
    samples = [decompress(session, b) for b in blobs]
    total = sum(len(s) for s in samples)
    if len(samples) < MIN_PAGES or total < MIN_SAMPLE_BYTES:
        return None
    rng = rng or random.SystemRandom()
    dict_id = rng.randrange(32768, 2**31)
    size = min(MAX_DICT_BYTES, max(4096, total // 10))
    try:
        trained = _trained(size, samples, dict_id)
    except zstandard.ZstdError:
        return None  # too little variety to learn from: the site stays on plain frames
    session.add(
        BodyDictionary(
            id=dict_id,
            site=site,
            data=trained.as_bytes(),
            samples=len(samples),
            trained_at=datetime.now(UTC),
        )
    )
    session.flush()
    _site_dictionary[(_db(session), site)] = (dict_id, time.monotonic())
    return dict_id


def _trained(size: int, samples: list[bytes], dict_id: int) -> zstandard.ZstdCompressionDict:
    """zstd's trainer, its segment size (k) chosen on SEARCH_PAGES of the samples.

    Left to choose k itself, zstd trains and scores a dictionary for each size it tries, on
    all the samples: 0.31 s CPU for the bench site's 400 pages. The size it picks on a
    quarter of them compresses the other pages of the site as well (bench site: 0.306 of
    the raw size against 0.307; the demo sites have fewer pages than that, so nothing
    changes for them), and one training with it on all the samples makes the whole 0.12-0.15 s.
    Every new site pays this once, at the end of its first crawl.
    """
    if len(samples) > SEARCH_PAGES:
        search = samples[:: len(samples) // SEARCH_PAGES][:SEARCH_PAGES]
        found = zstandard.train_dictionary(size, search, level=LEVEL)
        return zstandard.train_dictionary(
            size, samples, k=found.k, d=found.d, dict_id=dict_id, level=LEVEL
        )
    return zstandard.train_dictionary(size, samples, dict_id=dict_id, level=LEVEL)


def recompress(session: Session, site: str) -> int:
    """Recompress the site's pages stored without its dictionary; how many were."""
    dict_id, packer = compressor(session, site)
    if dict_id is None:
        return 0
    done = 0
    last = 0
    while True:
        rows = session.execute(
            sa.select(Page.id, Page.body)
            .where(
                Page.site == site,
                Page.id > last,
                sa.or_(Page.body_dict.is_(None), Page.body_dict != dict_id),
            )
            .order_by(Page.id)
            .limit(RECOMPRESS_BATCH)
        ).all()
        if not rows:
            return done
        session.execute(
            sa.update(Page),
            [
                {
                    "id": r.id,
                    "body": packer.compress(decompress(session, r.body)),
                    "body_dict": dict_id,
                }
                for r in rows
            ],
        )
        done += len(rows)
        last = rows[-1].id


def compact(session: Session, site: str) -> int:
    """Give the site a dictionary if it has enough pages, and recompress its pages with it."""
    train(session, site)
    return recompress(session, site)
