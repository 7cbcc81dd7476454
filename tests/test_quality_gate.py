"""Quality gate: extraction on a fixed sample of real pages keeps its floors.

A future heuristic that loses articles or lets listings through fails here, in `make test`,
before anyone runs the full benchmark. The floors sit a little under what the sample scores
today (bench/extraction.py gives the full-set figures).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import real_pages

REAL = Path(__file__).parent / "fixtures" / "real"
# Measured on this sample at EXTRACTOR_VERSION 3 (the same at 5): scrapinghub 0.972/0.997
# (en/other), wcxb articles 0.941, zh 0.835 (two zh gold texts cover only part of their page).
F1_FLOOR = {"scrapinghub_aeb": 0.95, "zh_cwced_dev": 0.82, "wcxb_dev": 0.92}
ARTICLE_RECALL_FLOOR = 1.0  # every article page of the sample gets a document
# Listing/collection pages stored as documents: 9 of 10 at EXTRACTOR_VERSION 3; 11 of 20 at 4
# (page_signals; 51 % on all 216 dev pages); 6 of 20 at 5 (the boosted-tree listing model,
# fitted on all dev pages, these included: 42 % held out, the 20 % is not met yet);
# 1 of 20 at 8 (fitted on every page type, with story cards: 25.5 % held out by site).
# The ceiling stops it from getting worse and is to be lowered as junk is fixed.
JUNK_CEILING = 0.15


@pytest.fixture(scope="module")
def groups():
    return real_pages.run(REAL, None, others=False)


def test_f1_floors(groups):
    for set_name, floor in F1_FLOOR.items():
        scores = real_pages.Scores()
        for key, group in groups.items():
            if key.startswith(set_name) and real_pages.article_group(key):
                scores.f += group.ours.f
        assert scores.f, set_name
        mean = sum(scores.f) / len(scores.f)
        assert mean >= floor, f"{set_name}: F1 {mean:.3f} < {floor}"


def test_every_article_gets_a_document(groups):
    for key, group in groups.items():
        rate = group.article_recall
        if rate.n:
            assert rate.hits / rate.n >= ARTICLE_RECALL_FLOOR, (
                f"{key}: articles lost {rate.n - rate.hits}: {dict(group.reasons)}"
            )


def test_listing_pages_are_mostly_not_documents(groups):
    junk = real_pages.junk_rate(groups)
    assert junk.n >= 20 and junk.hits / junk.n <= JUNK_CEILING, junk.text()


def test_wcxb_totals_count_content_pages_apart_from_listings(groups):
    totals = real_pages.set_totals(groups)
    wcxb = {k: g for k, g in groups.items() if k.startswith("wcxb_dev [en]")}
    content = [g for k, g in wcxb.items() if not k.endswith(real_pages.JUNK_TYPES)]
    every_page = totals["wcxb_dev [en] all pages"]
    content_pages = totals["wcxb_dev [en] content pages"]
    assert len(every_page.ours.f) == sum(len(g.ours.f) for g in wcxb.values())
    assert len(content_pages.ours.f) == sum(len(g.ours.f) for g in content)
    assert len(content_pages.ours.f) < len(every_page.ours.f)  # the sample has listings
    assert content_pages.junk.n == 0
    assert every_page.junk.n == sum(g.junk.n for g in wcxb.values()) > 0
