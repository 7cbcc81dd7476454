"""bench/storage's measure on a few real pages: stored through the crawl's path, sized
against the raw HTML kept (tests/support/storage_size.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import real_pages, storage_size

REAL = Path(__file__).parent / "fixtures" / "real"


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    cases = [
        case for set_name in real_pages.SETS for case in real_pages.cases(REAL / set_name, sample=2)
    ]
    done = storage_size.extracted([storage_size.page_item(case) for case in cases])
    db_file = tmp_path_factory.mktemp("storage") / "pages.db"
    storage_size.store(done, db_file)
    return cases, done, storage_size.measure("sample", db_file)


def test_every_page_is_kept_and_its_raw_size_is_the_ratios_base(stored):
    cases, done, found = stored
    assert found.pages == len(cases) == 6
    assert found.kept == sum(len(case.body) for case in cases)
    assert found.documents == sum(1 for item, _ in done if item.document is not None) > 0
    assert found.sites == len({item.site for item, _ in done})
    assert found.dictionaries == 0  # one or two pages a site: no dictionary, as in a crawl


def test_sizes_are_after_vacuum_and_against_body_size(stored):
    _, _, found = stored
    size = dict(found.sizes)
    assert found.sizes[0][0] == "whole file"
    assert size["whole file"] >= sum(s for name, s in found.sizes[1:]) * 0.99
    for table in ("pages", "documents", "documents_fts_data", "document_sketches"):
        assert size[table] > 0, table
    # zstd keeps a page in less than its raw size; the file holds more than the pages
    assert 0 < size["pages"] < found.kept < size["whole file"] * 20
    assert found.ratio(size["pages"]) == size["pages"] / found.kept


def test_the_table_prints_each_ratio(stored):
    _, _, found = stored
    printed = storage_size.table(found)
    first, header, *rows = printed.splitlines()
    assert f"{found.pages} pages" in first and f"{found.documents} documents" in first
    assert header.split() == ["table", "or", "index", "MB", "x", "raw"]
    whole = rows[0].split()
    assert whole[:2] == ["whole", "file"]
    assert float(whole[-1]) == pytest.approx(found.ratio(found.sizes[0][1]), abs=0.001)
