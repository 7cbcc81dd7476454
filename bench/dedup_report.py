"""The dedup bench's printed report: quality by pair type, cost, memory and growth."""

from __future__ import annotations

from pipelines.processing import similarity
from tests.support.story_variants import by_pair_type


def _store_rss(r: dict) -> float:
    """Memory the write path added: peak while storing minus before (older JSON: whole peak)."""
    return r.get("rss_store_peak_mb", r["rss_peak_mb"]) - r["rss_before_store_mb"]


def _per10k(value: float, n: int) -> float:
    return value * 10_000 / n


def report(results: list[dict]) -> None:
    first = results[0]
    print("\n== Quality: pairs (precision / recall / F1); targets recall >= 0.95, no false merge")
    print(
        f"{'docs':>8} {'exact P':>8} {'exact R':>8} {'exact F1':>8} {'story P':>8} "
        f"{'story R':>8} {'story F1':>8} {'near R':>7} {'true pairs':>10} "
        f"{'false merges':>12} {'no story':>8}"
    )
    for r in results:
        q = r["quality"]
        print(
            f"{r['n']:>8,} {q['exact']['precision']:>8.4f} {q['exact']['recall']:>8.4f} "
            f"{q['exact']['f1']:>8.4f} {q['story']['precision']:>8.4f} "
            f"{q['story']['recall']:>8.4f} {q['story']['f1']:>8.4f} "
            f"{q['near_only']['recall']:>7.4f} {q['story']['truth']:>10,} "
            f"{sum(q['false_merges'].values()):>12,} {q['unassigned']:>8}"
        )
    print(
        "  exact = equal content_hash vs same planted text; story = same story_id vs same "
        "planted story;\n  near R = recall on the story pairs whose texts differ "
        "(cut/added copies: what the LSH must find)"
    )

    for r in results:
        q = r["quality"]
        print(
            f"\n-- {r['n']:,} documents: pairs by planted category "
            "(missed story / total, missed exact)"
        )
        for category, total in sorted(q["truth_story"].items()):
            print(
                f"  {category:<24} {q['missed_story'].get(category, 0):>6} / {total:<7,} "
                f"exact missed {q['missed_exact'].get(category, 0)}"
            )
        print("  by pair type (recall, missed / total):")
        for kind, (missed, total) in by_pair_type(q["truth_story"], q["missed_story"]).items():
            print(f"    {kind:<30} {1 - missed / total:.4f}  {missed:>6} / {total:,}")
        merges = q["false_merges"] or {"(none)": 0}
        print(
            "  false merges (pairs of distinct stories in one story_id), by kind: "
            + ", ".join(f"{k} {v}" for k, v in sorted(merges.items()))
        )
        if q["false_exact"]:
            print(
                "  false exact (distinct texts with one hash): "
                + ", ".join(f"{k} {v}" for k, v in sorted(q["false_exact"].items()))
            )
        for e in q["examples"][:6]:
            print(
                f"  e.g. {e['level']}: {e['variants']}  J={e['jaccard']} C={e['containment']} "
                f"len={e['length_ratio']} same_story={e['same_story']} "
                f"normalised_equal={e['normalised_equal']}"
            )

    print(
        "\n== Cost of the write path (save_pages: content-hash linking + LSH story "
        "assignment), per size"
    )
    print(
        f"{'docs':>8} {'store s':>8} {'s/10k':>7} {'docs/s':>7} {'shingle s':>9} "
        f"{'(calls)':>9} {'minhash s':>9} {'screened':>9} {'verify s':>8} {'(calls)':>9} "
        f"{'DB+rest s':>9} "
        f"{'ms/doc first':>12} {'last':>6} {'RSS MB':>7} {'+store MB':>9} {'climb MB':>8} "
        f"{'DB MB':>7} {'DB MB/10k':>9}"
    )
    for r in results:
        n, s = r["n"], r["store_seconds"]
        screen = r.get("screen", {"calls": 0, "seconds": 0.0})
        similarity_s = (
            r["shingles"]["seconds"]
            + r["minhash"]["seconds"]
            + screen["seconds"]
            + r["verify"]["seconds"]
        )
        print(
            f"{n:>8,} {s:>8.1f} {_per10k(s, n):>7.1f} {n / s:>7.0f} "
            f"{r['shingles']['seconds']:>9.1f} {r['shingles']['calls']:>9,} "
            f"{r['minhash']['seconds']:>9.1f} {screen['calls']:>9,} "
            f"{r['verify']['seconds']:>8.1f} "
            f"{r['verify']['calls']:>9,} {s - similarity_s:>9.1f} "
            f"{r['first_batches_ms_per_doc']:>12.2f} {r['last_batches_ms_per_doc']:>6.2f} "
            f"{r['rss_peak_mb']:>7.0f} {_store_rss(r):>9.0f} "
            f"{r['rss_last_batch_mb'] - r['rss_first_batch_mb']:>8.0f} "
            f"{r['db_bytes'] / 2**20:>7.1f} {_per10k(r['db_bytes'] / 2**20, n):>9.1f}"
        )
    print(
        "  screened: stored candidates checked on their MinHash sketch before being fetched;\n"
        "  shingle calls beyond the document count are out-of-batch candidates re-shingled "
        "for verification;\n  ms/doc first/last: the first and last 4 batches (growth within "
        "one run);\n  RSS MB: peak of the whole child (corpus generation and scoring included); "
        "+store MB: peak while storing minus RSS before storing;\n  climb MB: resident set "
        "after the last batch minus after the first (what grows with the stored corpus)"
    )
    for r in results:
        if "store_cpu_seconds" in r:
            print(
                f"  {r['n']:,}: store CPU {r['store_cpu_seconds']:.1f} s, "
                f"{_per10k(r['store_cpu_seconds'], r['n']):.1f} s per 10k (this process)"
            )
    print(
        f"  outside the write path (extraction's share in a crawl): content_hash "
        f"{1000 * first['hash']['seconds'] / first['hash']['calls']:.2f} ms/doc"
    )

    print("\n== In memory alone (no database): per document, over a sample")
    for r in results:
        m = r["in_memory"]
        total = m["shingles_ms"] + m["band_keys_ms"]
        print(
            f"{r['n']:>8,}: shingles {m['shingles_ms']:.2f} ms + band_keys "
            f"{m['band_keys_ms']:.2f} ms = {total:.2f} ms/doc, {total * 10:.1f} s per 10k "
            f"(sample {m['documents']:,}, {m['mean_shingles']:.0f} shingles/doc)"
        )

    if len(results) > 1:
        print(f"\n== Growth from {first['n']:,} (ratio of the per-10k figure; 1.0 = linear)")
        for r in results[1:]:
            t = _per10k(r["store_seconds"], r["n"]) / _per10k(first["store_seconds"], first["n"])
            v = (r["verify"]["calls"] / r["n"]) / max(first["verify"]["calls"] / first["n"], 1e-9)
            rss = _store_rss(r) / max(_store_rss(first), 1e-9)
            db = _per10k(r["db_bytes"], r["n"]) / _per10k(first["db_bytes"], first["n"])
            print(
                f"  {r['n']:>8,}: time/10k x{t:.2f}  verifications/doc x{v:.2f}  "
                f"store RSS x{rss:.2f} ({_store_rss(r):.0f} vs {_store_rss(first):.0f} MB)  "
                f"DB/10k x{db:.2f}"
            )

    for r in results:
        if "margins" in r:
            m = r["margins"]
            print(
                f"\n== Similarity margins ({m['documents']:,}-document sample of the "
                f"{r['n']:,} run, {m['candidate_pairs']:,} LSH candidate pairs)"
            )
            print(
                f"  thresholds: JACCARD {similarity.JACCARD}, CONTAINMENT "
                f"{similarity.CONTAINMENT} when length ratio >= {similarity.MIN_LENGTH_RATIO}"
            )
            for kind, row in sorted(m["distinct"].items()):
                print(
                    f"  distinct {kind:<14} {row['pairs']:>8,} candidate pairs, max Jaccard "
                    f"{row['max_jaccard']:.3f}, max containment {row['max_containment']:.3f}"
                    f", would merge {row['would_merge']}"
                )
            for kind, row in sorted(m["true_near"].items()):
                print(
                    f"  true near {kind:<20} {row['pairs']:>6,} pairs, lowest score "
                    f"{row['min_score']:.3f}, rejected {row['rejected']}"
                )
            print(f"  true near pairs that shared no band: {m['true_near_never_candidates']}")
