"""The dedup bench's scoring: pair precision and recall against the planted ground
truth, by category, and the similarity margins of the closest distinct pairs."""

from __future__ import annotations

import itertools
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache

from pipelines.processing import normalise, similarity
from tests.support.story_corpus import Spec, render
from tests.support.story_variants import containment_band


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


@dataclass
class PairScore:
    predicted: int  # pairs the database puts together
    truth: int  # pairs the ground truth puts together
    correct: int  # both

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.truth if self.truth else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def pair_score(predicted: Sequence, truth: Sequence) -> PairScore:
    """Pair counts of two labellings of the same documents, without listing the pairs."""
    return PairScore(
        predicted=sum(_pairs(n) for n in Counter(predicted).values()),
        truth=sum(_pairs(n) for n in Counter(truth).values()),
        correct=sum(_pairs(n) for n in Counter(zip(predicted, truth, strict=True)).values()),
    )


def _kind_pairs(members: Counter, kind_of: dict) -> Counter:
    """Pairs of one predicted group that join different true groups, by (kind, kind)."""
    total: Counter = Counter()
    square: Counter = Counter()
    for label, n in members.items():
        total[kind_of[label]] += n
        square[kind_of[label]] += n * n
    out: Counter = Counter()
    kinds = sorted(total)
    for i, a in enumerate(kinds):
        if same := (total[a] ** 2 - square[a]) // 2:
            out[f"{a}×{a}"] += same
        for b in kinds[i + 1 :]:
            out[f"{a}×{b}"] += total[a] * total[b]
    return out


@dataclass
class Quality:
    exact: PairScore
    story: PairScore
    near_only: PairScore  # same story but not the same text: what the LSH has to find
    false_exact: dict[str, int]  # wrongly equal content hashes, by kind pair
    false_merges: dict[str, int]  # wrongly shared stories, by kind pair
    missed_exact: dict[str, int]  # true exact pairs with different hashes, by variant pair
    missed_story: dict[str, int]  # true story pairs in different stories, by variant pair
    truth_story: dict[str, int]  # all true story pairs, by variant pair (the denominators)
    unassigned: int  # documents without a story (must be 0)
    examples: list[dict]  # a few failing pairs (urls, category)


def _variant(spec: Spec) -> str:
    return spec.variant.removesuffix("-copy")


def score(
    specs: Sequence[Spec], stored: dict[str, tuple[int | None, str]], examples: int = 6
) -> Quality:
    specs = [s for s in specs if s.url in stored]
    story_id = [stored[s.url][0] for s in specs]
    digest = [stored[s.url][1] for s in specs]
    truth_story = [s.story for s in specs]
    truth_exact = [s.exact for s in specs]
    kind_of_story = {s.story: s.kind for s in specs}
    kind_of_exact = {s.exact: s.kind for s in specs}

    false_exact: Counter = Counter()
    false_merges: Counter = Counter()
    found: list[dict] = []
    for labels, truth, kind_of, sink, level in (
        (digest, truth_exact, kind_of_exact, false_exact, "exact"),
        (story_id, truth_story, kind_of_story, false_merges, "story"),
    ):
        groups: dict = defaultdict(list)
        for i, label in enumerate(labels):
            groups[label].append(i)
        for members in groups.values():
            counts = Counter(truth[i] for i in members)
            if len(counts) > 1:
                sink.update(_kind_pairs(counts, kind_of))
                if len(found) < examples:
                    a, b = (next(i for i in members if truth[i] == t) for t in list(counts)[:2])
                    found.append({"level": f"false {level}", "a": specs[a], "b": specs[b]})

    # True pairs are few (stories have at most ~10 copies): list them to name what was missed.
    by_story: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(specs):
        by_story[s.story].append(i)
    missed_exact: Counter = Counter()
    missed_story: Counter = Counter()
    all_story: Counter = Counter()
    near = PairScore(0, 0, 0)
    for members in by_story.values():
        for a, b in itertools.combinations(members, 2):
            category = "×".join(sorted((_variant(specs[a]), _variant(specs[b]))))
            category += containment_band(category, specs[a], specs[b], _containment)
            all_story[category] += 1
            merged = story_id[a] == story_id[b] and story_id[a] is not None
            if truth_exact[a] == truth_exact[b]:
                if digest[a] != digest[b]:
                    missed_exact[category] += 1
                    if len(found) < examples * 2:
                        found.append({"level": "missed exact", "a": specs[a], "b": specs[b]})
            else:
                near.truth += 1
                near.correct += merged
            if not merged:
                missed_story[category] += 1
                if len(found) < examples * 2:
                    found.append({"level": "missed story", "a": specs[a], "b": specs[b]})
    story = pair_score(story_id, truth_story)
    near.predicted = near.correct + story.predicted - story.correct  # + every false merge
    return Quality(
        exact=pair_score(digest, truth_exact),
        story=story,
        near_only=near,
        false_exact=dict(false_exact),
        false_merges=dict(false_merges),
        missed_exact=dict(missed_exact),
        missed_story=dict(missed_story),
        truth_story=dict(all_story),
        unassigned=sum(s is None for s in story_id),
        examples=[_describe(e) for e in found],
    )


@cache
def _containment(a: Spec, b: Spec) -> float:
    return similarity.overlap(
        similarity.shingles(render(a).text), similarity.shingles(render(b).text)
    )[1]


def pair_similarity(a: str, b: str) -> dict:
    """What same_story sees for two texts: Jaccard, containment, length ratio, verdict."""
    sa_, sb = similarity.shingles(a), similarity.shingles(b)
    jaccard, containment, length_ratio = similarity.overlap(sa_, sb)
    return {
        "jaccard": round(jaccard, 3),
        "containment": round(containment, 3),
        "length_ratio": round(length_ratio, 3),
        "same_story": round(similarity.same_story(sa_, sb), 3),
        "normalised_equal": normalise(a) == normalise(b),
    }


def _describe(example: dict) -> dict:
    a, b = example["a"], example["b"]
    return {
        "level": example["level"],
        "a": a.url,
        "b": b.url,
        "variants": f"{a.kind}/{a.variant} vs {b.kind}/{b.variant}",
        **pair_similarity(render(a).text, render(b).text),
    }


# -- the in-memory part alone, and the similarity margins ------------------------------------


def in_memory(specs: Sequence[Spec], limit: int = 10_000) -> dict:
    """shingles + band_keys per document, without the database (a sample of `limit`)."""
    texts = [render(s).text for s in specs[:limit]]
    start = time.perf_counter()
    sets = [similarity.shingles(t) for t in texts]
    shingled = time.perf_counter()
    for s in sets:
        similarity.band_keys(similarity.signature(s))
    done = time.perf_counter()
    n = len(texts)
    return {
        "documents": n,
        "shingles_ms": 1000 * (shingled - start) / n,
        "band_keys_ms": 1000 * (done - shingled) / n,
        "mean_shingles": sum(map(len, sets)) / n,
    }


def margins(specs: Sequence[Spec], limit: int = 10_000) -> dict:
    """How close the closest distinct pairs come, and how far the farthest true pairs fall.

    Candidate pairs are found the way the database does (documents sharing an LSH band key),
    within a sample; each is scored with the same functions assign_stories uses.
    """
    sample = list(specs[:limit])
    sets = [similarity.shingles(render(s).text) for s in sample]
    index: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for key in set(similarity.band_keys(similarity.signature(s))):
            index[key].append(i)
    pairs = {(a, b) for docs in index.values() for a, b in itertools.combinations(docs, 2)}
    distinct: dict[str, dict] = {}
    true_near: dict[str, dict] = {}
    for a, b in pairs:
        sa_, sb = sets[a], sets[b]
        jaccard, containment, length_ratio = similarity.overlap(sa_, sb)
        verdict = similarity.same_story(sa_, sb) > 0
        if sample[a].story != sample[b].story:
            key = "×".join(sorted((sample[a].kind, sample[b].kind)))
            row = distinct.setdefault(
                key, {"pairs": 0, "max_jaccard": 0.0, "max_containment": 0.0, "would_merge": 0}
            )
            row["pairs"] += 1
            row["max_jaccard"] = max(row["max_jaccard"], round(jaccard, 3))
            if length_ratio >= similarity.MIN_LENGTH_RATIO:
                row["max_containment"] = max(row["max_containment"], round(containment, 3))
            row["would_merge"] += verdict
        elif sample[a].exact != sample[b].exact:
            key = "×".join(sorted((_variant(sample[a]), _variant(sample[b]))))
            row = true_near.setdefault(key, {"pairs": 0, "min_score": 1.0, "rejected": 0})
            row["pairs"] += 1
            score_ = max(
                jaccard if jaccard >= similarity.JACCARD else 0,
                containment if length_ratio >= similarity.MIN_LENGTH_RATIO else 0,
            )
            row["min_score"] = min(row["min_score"], round(score_, 3))
            row["rejected"] += not verdict
    # True near pairs that never shared a band are LSH misses, invisible above: count them.
    by_story: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sample):
        by_story[s.story].append(i)
    lsh_missed = sum(
        1
        for members in by_story.values()
        for a, b in itertools.combinations(members, 2)
        if sample[a].exact != sample[b].exact and (a, b) not in pairs and (b, a) not in pairs
    )
    return {
        "documents": len(sample),
        "candidate_pairs": len(pairs),
        "distinct": distinct,
        "true_near": true_near,
        "true_near_never_candidates": lsh_missed,
    }


def quality_dict(q: Quality) -> dict:
    out = asdict(q)
    for name in ("exact", "story", "near_only"):
        score_ = getattr(q, name)
        out[name].update(precision=score_.precision, recall=score_.recall, f1=score_.f1)
    return out
