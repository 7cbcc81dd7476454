"""The duplicate benchmark on a small corpus: planted copies found, distinct articles kept apart.

Runs the story corpus (tests.support.story_corpus) through the bench's write path
(pages.save_pages in several batches, so the persistent LSH index is searched across batches,
as in a crawl) and its scoring: this file tests the bench, so it imports it on purpose.
"""

from __future__ import annotations

from tests.support.dedup_score import PairScore, pair_score, score
from tests.support.dedup_store import read_back, store
from tests.support.story_corpus import generate, render


def test_generator_is_deterministic_and_plants_every_category():
    specs = generate(300, seed=4)
    assert specs == generate(300, seed=4)
    assert len(specs) == 300 and len({s.url for s in specs}) == 300
    assert {s.variant.removesuffix("-copy") for s in specs} == {
        "original",
        "exact",
        "traditional",
        "cut",
        "added",
        "aggregated",
        "translated",
    }
    assert {s.kind for s in specs} == {"news", "intro", "notice"}
    traditional = next(s for s in specs if s.variant == "traditional")
    original = next(s for s in specs if s.exact == traditional.exact and s is not traditional)
    assert render(traditional).text != render(original).text  # really another script


def test_pair_score_counts_pairs_without_listing_them():
    # predicted {a,b,c} {d}; truth {a,b} {c,d}: 3 predicted pairs, 2 true, 1 shared
    assert pair_score([1, 1, 1, 2], ["x", "x", "y", "y"]) == PairScore(3, 2, 1)


def test_planted_duplicates_are_found_and_nothing_else_merges(tmp_path):
    specs = generate(300, seed=4)
    url = f"sqlite:///{tmp_path / 'dedup.db'}"
    stats = store(specs, url, batch=100)
    quality = score(specs, read_back(url))
    assert stats.documents == 300 and quality.unassigned == 0
    assert quality.exact.truth > 50 and quality.near_only.truth > 50  # both kinds are planted
    assert quality.exact.recall >= 0.95, quality.missed_exact
    assert quality.story.recall >= 0.95, quality.missed_story
    assert quality.near_only.recall >= 0.95, quality.missed_story
    assert quality.false_exact == {}, quality.examples
    assert quality.false_merges == {}, quality.examples
