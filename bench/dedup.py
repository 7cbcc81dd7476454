"""Duplicate and near-duplicate benchmark (issue 4): planted pairs through the real write path.

    .venv/bin/python -m bench.dedup                       # 10k, 30k, 100k on fresh SQLite files
    .venv/bin/python -m bench.dedup --max 30000           # a shorter growth series
    .venv/bin/python -m bench.dedup --quick               # 500 and 2,000 documents
    .venv/bin/python -m bench.dedup --db postgresql+psycopg://postgres@127.0.0.1/test_bench

The corpus is `tests.support.story_corpus`'s: school news in English and Chinese with planted
exact, traditional-script, cut, added, aggregated and translated copies, and distinct articles
that must NOT merge (articles sharing one school introduction, notices of one template).

The documents go through `pages.save_pages` in batches, exactly as the crawl's storage
pipeline calls it (content-hash linking and the persistent MinHash-LSH story assignment),
then one query reads back (url, story_id, content_hash) and pairs are scored against the
ground truth. Each size runs in a fresh child process, so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from bench.story_variants import by_pair_type, containment_band
from crawler.items import PageItem
from pipelines.db import documents, pages, stories
from pipelines.db.session import open_database, session_scope
from pipelines.processing import Document, content_hash, normalise, similarity, story_match
from tests.support.story_corpus import EN, Spec, generate, render

ROOT = Path(__file__).resolve().parents[1]
GROWTH = (10_000, 30_000, 100_000, 300_000, 1_000_000)
BATCH = 500  # pages per save_pages call (the crawl's default is 50; 500 stays under SQLite's
             # 32,766 bound parameters: 500 documents x 25 band keys x 2 columns)

# -- storing through the crawl's write path --------------------------------------------------

FETCHED = datetime(2026, 1, 1, tzinfo=UTC)
HTML = "<html><head><title>{t}</title></head><body><h1>{t}</h1>{p}</body></html>"


@dataclass
class Clock:
    """Seconds and calls of one function, timed where the write path calls it."""

    calls: int = 0
    seconds: float = 0.0

    def wrap(self, func: Callable) -> Callable:
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
                self.calls += 1
        return timed


@dataclass
class StoreStats:
    documents: int = 0
    seconds: float = 0.0  # save_pages + commit: the crawl's storage cost
    cpu_seconds: float = 0.0  # … in this process's CPU time (steadier on a shared machine)
    render_seconds: float = 0.0  # building the documents (bench only)
    hash: Clock = field(default_factory=Clock)  # content_hash (extraction's share in a crawl)
    shingles: Clock = field(default_factory=Clock)  # inside assign_stories, per document and
    minhash: Clock = field(default_factory=Clock)  # again per out-of-batch candidate verified
    screen: Clock = field(default_factory=Clock)  # stored candidates screened on their sketch
    verify: Clock = field(default_factory=Clock)
    batch_seconds: list[float] = field(default_factory=list)
    batch_rss_mb: list[float] = field(default_factory=list)  # resident set after each batch


def page_item(spec: Spec, stats: StoreStats | None = None) -> PageItem:
    """The crawl's PageItem with the Document extraction would have produced (no HTML parse)."""
    rendered = render(spec)
    traditional = "s2t" in {e[0] for e in spec.edits}
    start = time.perf_counter()
    digest = content_hash(rendered.text)
    if stats:
        stats.hash.seconds += time.perf_counter() - start
        stats.hash.calls += 1
    document = Document(
        url=spec.url, title=rendered.title, text=rendered.text, published=rendered.published,
        author=None, source=None,
        language="en" if spec.lang == EN else ("zh-tw" if traditional else "zh-cn"),
        script="Latn" if spec.lang == EN else ("Hant" if traditional else "Hans"),
        content_hash=digest, declared_encoding="utf-8", used_encoding="utf-8",
        has_replacement_chars=False, extractor_version="bench/dedup",
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in rendered.text.split("\n"))
    body = HTML.format(t=rendered.title, p=paragraphs).encode("utf-8")
    headers = {"Content-Type": "text/html; charset=utf-8"}
    return PageItem(spec.site, spec.url, spec.url, "article", 200, headers, body, FETCHED,
                    document)


def _batches(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def store(specs: Sequence[Spec], url: str, batch: int = BATCH,
          progress: Callable[[StoreStats], None] | None = None) -> StoreStats:
    """Save every document with `pages.save_pages`, one transaction per batch like the crawl."""
    stats = StoreStats(documents=len(specs))
    originals = stories.shingles, stories.signature, stories.worth_verifying, story_match.link
    # Time the similarity work where assign_stories does it (names bound in its modules).
    stories.shingles = stats.shingles.wrap(stories.shingles)
    stories.signature = stats.minhash.wrap(stories.signature)
    stories.worth_verifying = stats.screen.wrap(stories.worth_verifying)
    story_match.link = stats.verify.wrap(story_match.link)
    engine = open_database(url)
    try:
        for chunk in _batches(specs, batch):
            start = time.perf_counter()
            items = [page_item(spec, stats) for spec in chunk]
            stats.render_seconds += time.perf_counter() - start
            start, cpu = time.perf_counter(), time.process_time()
            with session_scope(engine) as session:
                pages.save_pages(session, items, run_id=None)
            stats.batch_seconds.append(time.perf_counter() - start)
            stats.cpu_seconds += time.process_time() - cpu
            stats.batch_rss_mb.append(_current_rss_mb())
            if progress:
                progress(stats)
    finally:
        stories.shingles, stories.signature, stories.worth_verifying, story_match.link = originals
        engine.dispose()
    stats.seconds = sum(stats.batch_seconds)
    return stats


def read_back(url: str) -> dict[str, tuple[int | None, str]]:
    """url -> (story_id, content_hash), in one query."""
    engine = open_database(url, migrate=False)
    try:
        with session_scope(engine) as session:
            return {u: (story, digest) for u, story, digest in documents.story_assignments(session)}
    finally:
        engine.dispose()


# -- scoring ---------------------------------------------------------------------------------

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
        if (same := (total[a] ** 2 - square[a]) // 2):
            out[f"{a}×{a}"] += same
        for b in kinds[i + 1:]:
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


def score(specs: Sequence[Spec], stored: dict[str, tuple[int | None, str]],
          examples: int = 6) -> Quality:
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
        exact=pair_score(digest, truth_exact), story=story, near_only=near,
        false_exact=dict(false_exact), false_merges=dict(false_merges),
        missed_exact=dict(missed_exact), missed_story=dict(missed_story),
        truth_story=dict(all_story), unassigned=sum(s is None for s in story_id),
        examples=[_describe(e) for e in found],
    )


@cache
def _containment(a: Spec, b: Spec) -> float:
    return similarity.overlap(similarity.shingles(render(a).text),
                              similarity.shingles(render(b).text))[1]


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
    return {"level": example["level"], "a": a.url, "b": b.url,
            "variants": f"{a.kind}/{a.variant} vs {b.kind}/{b.variant}",
            **pair_similarity(render(a).text, render(b).text)}


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
    return {"documents": n, "shingles_ms": 1000 * (shingled - start) / n,
            "band_keys_ms": 1000 * (done - shingled) / n,
            "mean_shingles": sum(map(len, sets)) / n}


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
            row = distinct.setdefault(key, {"pairs": 0, "max_jaccard": 0.0,
                                            "max_containment": 0.0, "would_merge": 0})
            row["pairs"] += 1
            row["max_jaccard"] = max(row["max_jaccard"], round(jaccard, 3))
            if length_ratio >= similarity.MIN_LENGTH_RATIO:
                row["max_containment"] = max(row["max_containment"], round(containment, 3))
            row["would_merge"] += verdict
        elif sample[a].exact != sample[b].exact:
            key = "×".join(sorted((_variant(sample[a]), _variant(sample[b]))))
            row = true_near.setdefault(key, {"pairs": 0, "min_score": 1.0, "rejected": 0})
            row["pairs"] += 1
            score_ = max(jaccard if jaccard >= similarity.JACCARD else 0,
                         containment if length_ratio >= similarity.MIN_LENGTH_RATIO else 0)
            row["min_score"] = min(row["min_score"], round(score_, 3))
            row["rejected"] += not verdict
    # True near pairs that never shared a band are LSH misses, invisible above: count them.
    by_story: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sample):
        by_story[s.story].append(i)
    lsh_missed = sum(
        1 for members in by_story.values() for a, b in itertools.combinations(members, 2)
        if sample[a].exact != sample[b].exact and (a, b) not in pairs and (b, a) not in pairs
    )
    return {"documents": len(sample), "candidate_pairs": len(pairs), "distinct": distinct,
            "true_near": true_near, "true_near_never_candidates": lsh_missed}


# -- one size, in its own process ------------------------------------------------------------

def _rss_mb() -> float:
    """Peak resident set so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _current_rss_mb() -> float:
    """Resident set now: whether memory keeps climbing batch after batch."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _prepare(url: str | None, n: int, workdir: Path) -> str:
    """A fresh, empty database for one size."""
    if url is None:
        url = f"sqlite:///{workdir / f'dedup-{n}.db'}"
    if url.startswith("sqlite"):
        path = Path(url.split("///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return url
    import psycopg  # PostgreSQL only: recreate the (scratch) database

    name = url.rsplit("/", 1)[1].split("?")[0]
    if "bench" not in name and "test" not in name:
        raise SystemExit(f"refusing to drop database {name!r}: its name must contain "
                         "'bench' or 'test'")
    admin = url.replace("+psycopg", "", 1).rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def _db_bytes(url: str) -> int:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1]
        return sum(os.path.getsize(f"{path}{s}") for s in ("", "-wal")
                   if os.path.exists(f"{path}{s}"))
    import psycopg

    plain = url.replace("+psycopg", "", 1)
    with psycopg.connect(plain) as conn:
        return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]


def run_one(n: int, seed: int, url: str | None, workdir: Path, batch: int = BATCH,
            with_margins: bool = False, variants: bool = True) -> dict:
    rss_start = _rss_mb()
    specs = generate(n, seed, variants)
    url = _prepare(url, n, workdir)
    rss_before = _rss_mb()
    every = max(n // batch // 20, 1)  # batches between progress lines

    def progress(stats: StoreStats) -> None:
        # Timings as the run goes, so an interrupted run still shows how cost grows.
        done = len(stats.batch_seconds)
        if done % every == 0:
            recent = stats.batch_seconds[-every:]
            print(f"  [{n:,}] stored {min(done * batch, n):,}: {sum(stats.batch_seconds):.0f} s, "
                  f"last {len(recent) * batch} at {1000 * sum(recent) / (len(recent) * batch):.1f}"
                  f" ms/doc, {stats.verify.calls:,} verifications, {stats.shingles.calls:,} "
                  f"shingle sets, RSS {stats.batch_rss_mb[-1]:.0f} MB", file=sys.stderr,
                  flush=True)

    stats = store(specs, url, batch, progress)
    rss_store_peak = _rss_mb()
    stored = read_back(url)
    rss_peak = _rss_mb()
    quality = score(specs, stored)
    result = {
        "n": n, "seed": seed, "batch": batch, "backend": url.split(":", 1)[0],
        "store_seconds": stats.seconds, "render_seconds": stats.render_seconds,
        "store_cpu_seconds": stats.cpu_seconds,
        "hash": asdict(stats.hash), "shingles": asdict(stats.shingles),
        "minhash": asdict(stats.minhash), "screen": asdict(stats.screen),
        "verify": asdict(stats.verify),
        "first_batches_ms_per_doc": 1000 * sum(stats.batch_seconds[:4]) / (4 * batch),
        "last_batches_ms_per_doc": 1000 * sum(stats.batch_seconds[-4:]) / (4 * batch),
        "rss_start_mb": rss_start, "rss_before_store_mb": rss_before, "rss_peak_mb": rss_peak,
        "rss_store_peak_mb": rss_store_peak,
        "rss_first_batch_mb": stats.batch_rss_mb[0], "rss_last_batch_mb": stats.batch_rss_mb[-1],
        "db_bytes": _db_bytes(url),
        "quality": _quality_dict(quality),
        "in_memory": in_memory(specs),
        "variants": dict(Counter(s.variant for s in specs)),
        "kinds": dict(Counter(s.kind for s in specs)),
    }
    if with_margins:
        result["margins"] = margins(specs)
    return result


def _store_rss(r: dict) -> float:
    """Memory the write path added: peak while storing minus before (older JSON: whole peak)."""
    return r.get("rss_store_peak_mb", r["rss_peak_mb"]) - r["rss_before_store_mb"]


def _quality_dict(q: Quality) -> dict:
    out = asdict(q)
    for name in ("exact", "story", "near_only"):
        score_ = getattr(q, name)
        out[name].update(precision=score_.precision, recall=score_.recall, f1=score_.f1)
    return out


# -- the report ------------------------------------------------------------------------------

def _per10k(value: float, n: int) -> float:
    return value * 10_000 / n


def report(results: list[dict]) -> None:
    first = results[0]
    print("\n== Quality: pairs (precision / recall / F1); targets recall >= 0.95, no false merge")
    print(f"{'docs':>8} {'exact P':>8} {'exact R':>8} {'exact F1':>8} {'story P':>8} "
          f"{'story R':>8} {'story F1':>8} {'near R':>7} {'true pairs':>10} "
          f"{'false merges':>12} {'no story':>8}")
    for r in results:
        q = r["quality"]
        print(f"{r['n']:>8,} {q['exact']['precision']:>8.4f} {q['exact']['recall']:>8.4f} "
              f"{q['exact']['f1']:>8.4f} {q['story']['precision']:>8.4f} "
              f"{q['story']['recall']:>8.4f} {q['story']['f1']:>8.4f} "
              f"{q['near_only']['recall']:>7.4f} {q['story']['truth']:>10,} "
              f"{sum(q['false_merges'].values()):>12,} {q['unassigned']:>8}")
    print("  exact = equal content_hash vs same planted text; story = same story_id vs same "
          "planted story;\n  near R = recall on the story pairs whose texts differ "
          "(cut/added copies: what the LSH must find)")

    for r in results:
        q = r["quality"]
        print(f"\n-- {r['n']:,} documents: pairs by planted category "
              "(missed story / total, missed exact)")
        for category, total in sorted(q["truth_story"].items()):
            print(f"  {category:<24} {q['missed_story'].get(category, 0):>6} / {total:<7,} "
                  f"exact missed {q['missed_exact'].get(category, 0)}")
        print("  by pair type (recall, missed / total):")
        for kind, (missed, total) in by_pair_type(q["truth_story"], q["missed_story"]).items():
            print(f"    {kind:<30} {1 - missed / total:.4f}  {missed:>6} / {total:,}")
        merges = q["false_merges"] or {"(none)": 0}
        print("  false merges (pairs of distinct stories in one story_id), by kind: "
              + ", ".join(f"{k} {v}" for k, v in sorted(merges.items())))
        if q["false_exact"]:
            print("  false exact (distinct texts with one hash): " + ", ".join(
                f"{k} {v}" for k, v in sorted(q["false_exact"].items())))
        for e in q["examples"][:6]:
            print(f"  e.g. {e['level']}: {e['variants']}  J={e['jaccard']} C={e['containment']} "
                  f"len={e['length_ratio']} same_story={e['same_story']} "
                  f"normalised_equal={e['normalised_equal']}")

    print("\n== Cost of the write path (save_pages: content-hash linking + LSH story "
          "assignment), per size")
    print(f"{'docs':>8} {'store s':>8} {'s/10k':>7} {'docs/s':>7} {'shingle s':>9} "
          f"{'(calls)':>9} {'minhash s':>9} {'screened':>9} {'verify s':>8} {'(calls)':>9} "
          f"{'DB+rest s':>9} "
          f"{'ms/doc first':>12} {'last':>6} {'RSS MB':>7} {'+store MB':>9} {'climb MB':>8} "
          f"{'DB MB':>7} {'DB MB/10k':>9}")
    for r in results:
        n, s = r["n"], r["store_seconds"]
        screen = r.get("screen", {"calls": 0, "seconds": 0.0})
        similarity_s = (r["shingles"]["seconds"] + r["minhash"]["seconds"]
                        + screen["seconds"] + r["verify"]["seconds"])
        print(f"{n:>8,} {s:>8.1f} {_per10k(s, n):>7.1f} {n / s:>7.0f} "
              f"{r['shingles']['seconds']:>9.1f} {r['shingles']['calls']:>9,} "
              f"{r['minhash']['seconds']:>9.1f} {screen['calls']:>9,} "
              f"{r['verify']['seconds']:>8.1f} "
              f"{r['verify']['calls']:>9,} {s - similarity_s:>9.1f} "
              f"{r['first_batches_ms_per_doc']:>12.2f} {r['last_batches_ms_per_doc']:>6.2f} "
              f"{r['rss_peak_mb']:>7.0f} {_store_rss(r):>9.0f} "
              f"{r['rss_last_batch_mb'] - r['rss_first_batch_mb']:>8.0f} "
              f"{r['db_bytes'] / 2**20:>7.1f} {_per10k(r['db_bytes'] / 2**20, n):>9.1f}")
    print("  screened: stored candidates checked on their MinHash sketch before being fetched;\n"
          "  shingle calls beyond the document count are out-of-batch candidates re-shingled "
          "for verification;\n  ms/doc first/last: the first and last 4 batches (growth within "
          "one run);\n  RSS MB: peak of the whole child (corpus generation and scoring included); "
          "+store MB: peak while storing minus RSS before storing;\n  climb MB: resident set "
          "after the last batch minus after the first (what grows with the stored corpus)")
    for r in results:
        if "store_cpu_seconds" in r:
            print(f"  {r['n']:,}: store CPU {r['store_cpu_seconds']:.1f} s, "
                  f"{_per10k(r['store_cpu_seconds'], r['n']):.1f} s per 10k (this process)")
    print(f"  outside the write path (extraction's share in a crawl): content_hash "
          f"{1000 * first['hash']['seconds'] / first['hash']['calls']:.2f} ms/doc")

    print("\n== In memory alone (no database): per document, over a sample")
    for r in results:
        m = r["in_memory"]
        total = m["shingles_ms"] + m["band_keys_ms"]
        print(f"{r['n']:>8,}: shingles {m['shingles_ms']:.2f} ms + band_keys "
              f"{m['band_keys_ms']:.2f} ms = {total:.2f} ms/doc, {total * 10:.1f} s per 10k "
              f"(sample {m['documents']:,}, {m['mean_shingles']:.0f} shingles/doc)")

    if len(results) > 1:
        print(f"\n== Growth from {first['n']:,} (ratio of the per-10k figure; 1.0 = linear)")
        for r in results[1:]:
            t = _per10k(r["store_seconds"], r["n"]) / _per10k(first["store_seconds"], first["n"])
            v = (r["verify"]["calls"] / r["n"]) / max(first["verify"]["calls"] / first["n"], 1e-9)
            rss = _store_rss(r) / max(_store_rss(first), 1e-9)
            db = _per10k(r["db_bytes"], r["n"]) / _per10k(first["db_bytes"], first["n"])
            print(f"  {r['n']:>8,}: time/10k x{t:.2f}  verifications/doc x{v:.2f}  "
                  f"store RSS x{rss:.2f} ({_store_rss(r):.0f} vs {_store_rss(first):.0f} MB)  "
                  f"DB/10k x{db:.2f}")

    for r in results:
        if "margins" in r:
            m = r["margins"]
            print(f"\n== Similarity margins ({m['documents']:,}-document sample of the "
                  f"{r['n']:,} run, {m['candidate_pairs']:,} LSH candidate pairs)")
            print(f"  thresholds: JACCARD {similarity.JACCARD}, CONTAINMENT "
                  f"{similarity.CONTAINMENT} when length ratio >= {similarity.MIN_LENGTH_RATIO}")
            for kind, row in sorted(m["distinct"].items()):
                print(f"  distinct {kind:<14} {row['pairs']:>8,} candidate pairs, max Jaccard "
                      f"{row['max_jaccard']:.3f}, max containment {row['max_containment']:.3f}"
                      f", would merge {row['would_merge']}")
            for kind, row in sorted(m["true_near"].items()):
                print(f"  true near {kind:<20} {row['pairs']:>6,} pairs, lowest score "
                      f"{row['min_score']:.3f}, rejected {row['rejected']}")
            print(f"  true near pairs that shared no band: {m['true_near_never_candidates']}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")],
                        help="comma-separated corpus sizes (default: 10k, 30k, 100k up to --max)")
    parser.add_argument("--max", type=int, default=100_000, help="largest size of the series")
    parser.add_argument("--quick", action="store_true", help="500 and 2,000 documents")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--batch", type=int, default=BATCH, help="pages per save_pages call")
    parser.add_argument("--db", help="SQLAlchemy URL of a scratch database, recreated per size "
                        "(default: a fresh SQLite file per size in a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite files")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--no-variants", dest="variants", action="store_false",
                        help="without aggregator rewrites and translations (the same corpus "
                        "minus those: to compare the cost with code that predates them)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child: one size
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--margins", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.one:  # in a child process: one size, figures as JSON on stdout
        result = run_one(args.one, args.seed, args.db, args.workdir, args.batch, args.margins,
                         args.variants)
        print(json.dumps(result, default=str))
        return 0

    sizes = args.sizes or ([500, 2000] if args.quick else [s for s in GROWTH if s <= args.max])
    workdir = Path(tempfile.mkdtemp(prefix="dedup-bench-"))
    results = []
    try:
        for i, n in enumerate(sizes):
            print(f"running {n:,} documents ...", file=sys.stderr, flush=True)
            command = [sys.executable, "-m", "bench.dedup", "--one", str(n),
                       "--seed", str(args.seed), "--batch", str(args.batch),
                       "--workdir", str(workdir)]
            command += ["--db", args.db] if args.db else []
            command += ["--margins"] if i == 0 else []
            command += [] if args.variants else ["--no-variants"]
            started = time.perf_counter()
            child = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True,
                                   cwd=ROOT)
            results.append(json.loads(child.stdout.strip().splitlines()[-1]))
            print(f"  done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    finally:
        if args.keep:
            print(f"databases kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"dedup benchmark: seed {args.seed}, batch {args.batch}, "
          f"{results[0]['backend']}, sizes {', '.join(f'{n:,}' for n in sizes)}")
    mix = results[-1]
    print(f"largest corpus: {mix['kinds']} ; copies {mix['variants']}")
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
