"""What a storage change would save, measured on a copy of a database bench.storage kept.

    .venv/bin/python -m bench.storage_ideas DB_FILE

Prints the bytes of the big columns, then, each on its own copy of DB_FILE, VACUUMed, the
whole file against the raw HTML kept (sum(pages.body_size)):
  search_text gone   documents.search_text emptied (the FTS5 index is external-content over
                     it: its triggers are dropped first so the index stays as it is). What a
                     search form computed on read (a registered SQL function, or FTS5 fed
                     from a view) would save; not a change the bench makes possible as is.
  text zstd          documents.text stored as a zstd frame (level 10) instead of TEXT.
  fts optimize       the FTS5 index's segments merged into one ('optimize'): every batch
                     writes a segment, and a term's entry is repeated in each segment.
  all three          search_text gone, text zstd and fts optimize together.
  bodies level 19    every plain page body recompressed at zstd level 19 (now 10).
  bodies shared dict every plain page body compressed with one dictionary trained on the
                     other half of the pages (the dictionary's bytes counted once): what a
                     dictionary shared by the sites too small for their own would give.
Nothing here changes storage: it measures.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import zstandard

from pipelines.db.bodies import MIN_PAGES
from tests.support.storage_size import sizes


def _whole(db_file: Path) -> int:
    return sizes(db_file)[0][1]


def _drop_search_text(db: sqlite3.Connection) -> None:
    for (name,) in db.execute(
        "select name from sqlite_schema where type='trigger' and tbl_name='documents'"
    ).fetchall():
        db.execute(f'DROP TRIGGER "{name}"')
    db.execute("UPDATE documents SET search_text = NULL")


def _zstd_text(db: sqlite3.Connection) -> None:
    packer = zstandard.ZstdCompressor(level=10)
    for (name,) in db.execute(
        "select name from sqlite_schema where type='trigger' and tbl_name='documents'"
    ).fetchall():
        db.execute(f'DROP TRIGGER "{name}"')  # the text is not indexed: nothing to keep in step
    rows = db.execute("select id, text from documents").fetchall()
    db.executemany(
        "update documents set text = ? where id = ?",
        [(packer.compress(text.encode()), doc_id) for doc_id, text in rows],
    )


def _fts_optimize(db: sqlite3.Connection) -> None:
    db.execute("INSERT INTO documents_fts(documents_fts) VALUES ('optimize')")


def _all_three(db: sqlite3.Connection) -> None:
    _drop_search_text(db)
    _zstd_text(db)
    _fts_optimize(db)


def _plain_bodies(db: sqlite3.Connection) -> list[tuple[int, bytes]]:
    reader = zstandard.ZstdDecompressor()
    return [
        (page_id, reader.decompress(body))
        for page_id, body in db.execute("select id, body from pages where body_dict is null")
    ]


def _level_19(db: sqlite3.Connection) -> None:
    packer = zstandard.ZstdCompressor(level=19)
    db.executemany(
        "update pages set body = ? where id = ?",
        [(packer.compress(raw), page_id) for page_id, raw in _plain_bodies(db)],
    )


def _shared_dictionary(db: sqlite3.Connection) -> None:
    """Half the pages (every other id) train it; it compresses the other half, whose bodies
    alone are compared (the trained half is left as it is, and the dictionary stored once)."""
    found = _plain_bodies(db)
    train = [raw for i, (_, raw) in enumerate(found) if i % 2 == 0]
    trained = zstandard.train_dictionary(110 * 1024, train[:400], level=10)
    packer = zstandard.ZstdCompressor(level=10, dict_data=trained)
    db.executemany(
        "update pages set body = ? where id = ?",
        [(packer.compress(raw), page_id) for i, (page_id, raw) in enumerate(found) if i % 2],
    )
    db.execute(
        "insert into body_dictionaries (id, site, data, samples, trained_at) "
        "values (?, '*shared*', ?, ?, '2026-01-01')",
        (trained.dict_id(), trained.as_bytes(), len(train)),
    )


def _half_bodies(db_file: Path) -> int:
    with sqlite3.connect(db_file) as db:
        ids = [r[0] for r in db.execute("select id from pages where body_dict is null")]
        odd = ids[1::2]
        return db.execute(
            f"select sum(length(body)) from pages where id in ({','.join(map(str, odd))})"  # noqa: S608
        ).fetchone()[0]


def trial(db_file: Path, change: Callable[[sqlite3.Connection], None], tmp: Path) -> Path:
    copy = tmp / "copy.db"
    shutil.copyfile(db_file, copy)
    with closing(sqlite3.connect(copy)) as db:
        change(db)
        db.commit()
    return copy


def main() -> None:
    db_file = Path(sys.argv[1])
    with sqlite3.connect(db_file) as db:
        kept = db.execute("select sum(body_size) from pages").fetchone()[0]
        print(f"raw HTML kept {kept / 2**20:.2f} MB; column bytes against it:")
        for label, sql in (
            ("pages.body (zstd)", "select sum(length(body)) from pages"),
            ("pages.headers", "select sum(length(headers)) from pages"),
            ("documents.text", "select sum(length(cast(text as blob))) from documents"),
            (
                "documents.search_text",
                "select sum(length(cast(search_text as blob))) from documents",
            ),
            ("documents.title", "select sum(length(cast(title as blob))) from documents"),
            ("document_sketches.signature", "select sum(length(signature)) from document_sketches"),
        ):
            size = db.execute(sql).fetchone()[0] or 0
            print(f"  {label:<32}{size / 2**20:>8.2f} MB {size / kept:>7.3f}x")
        same, docs = db.execute(
            "select sum(search_text = coalesce(title, '') || char(10) || text || char(10)), "
            "count(*) from documents"
        ).fetchone()
        print(f"  search_text equal to title + text (nothing folded): {same} of {docs} documents")
    base = _whole(db_file)
    print(f"\nwhole file {base / 2**20:.2f} MB {base / kept:.3f}x raw; on a copy:")
    with tempfile.TemporaryDirectory() as tmp:
        for label, change in (
            ("search_text gone", _drop_search_text),
            ("text zstd", _zstd_text),
            ("fts optimize", _fts_optimize),
            ("all three", _all_three),
            ("bodies level 19", _level_19),
        ):
            size = _whole(trial(db_file, change, Path(tmp)))
            print(
                f"  {label:<20}{size / 2**20:>8.2f} MB {size / kept:>7.3f}x raw "
                f"({(base - size) / base:+.1%} of the file saved)"
            )
        with closing(sqlite3.connect(db_file)) as db:
            plain = len(_plain_bodies(db))
        if plain < 2 * MIN_PAGES:  # half of them train it: too few, and training fails
            print(
                f"  {'bodies shared dict':<20}not measured: {plain} bodies without a "
                "dictionary (the sites here have their own)"
            )
            return
        before = _half_bodies(db_file)
        copy = trial(db_file, _shared_dictionary, Path(tmp))
        after = _half_bodies(copy)
        size = _whole(copy)
        print(
            f"  {'bodies shared dict':<20}held-out half's bodies {before / 2**20:.2f} -> "
            f"{after / 2**20:.2f} MB ({(before - after) / before:.1%} smaller); whole file "
            f"{size / 2**20:.2f} MB (half the pages changed, dictionary included)"
        )


if __name__ == "__main__":
    main()
