"""Fit page_signals' weights: a tiny logistic regression over per-page features.

Captures, for every page of the dev sets, the Signals that `process` hands to
`page_signals.listing_reason` (pages rejected earlier never get there), caches them, then:
fits on wcxb_dev's even-numbered pages plus every other article set, picks the threshold that
loses no article of the fitting half, and reports junk rate and article recall on the odd half;
then fits on everything and prints the weights to paste into page_signals.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import pickle
from dataclasses import asdict
from pathlib import Path

from bench import real_pages
from pipelines.processing import page_signals

MIN_EVIDENCE = page_signals.MIN_EVIDENCE
MARGIN = 0.1  # the threshold sits this far above the highest-scoring article of the fit set


def _capture_one(gold_file: Path) -> tuple:
    case = real_pages.load_case(gold_file)
    seen: list = []
    original = page_signals.listing_reason

    def spy(found):
        seen.append(found)
        return original(found)

    page_signals.listing_reason = spy
    try:
        doc, reason = real_pages.schoolnews(case)
    finally:
        page_signals.listing_reason = original
    # Whether page_kind alone (before page_signals) already rejected the page.
    earlier = not seen or (reason is not None and not reason.startswith("a listing page"))
    return (case.set_name, case.page_type, case.name, asdict(seen[-1]) if seen else None, earlier)


def capture(eval_dir: Path, sample: int | None, jobs: int) -> list[tuple]:
    files = [f for s in real_pages.SETS for f in real_pages.gold_files(eval_dir / s, sample)
             if _label(json.loads(f.read_text(encoding="utf-8")).get("page_type", "article"))
             is not None]  # forum, product, … pages take no part in the fit
    if jobs > 1:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return list(pool.imap(_capture_one, files, chunksize=4))
    return [_capture_one(f) for f in files]


def _label(page_type: str) -> int | None:
    """1 listing/collection, 0 article; other kinds do not take part in the fit."""
    return 1 if page_type in real_pages.JUNK_TYPES else 0 if page_type == "article" else None


def fit(rows: list[tuple], epochs: int = 600, rate: float = 0.5, l2: float = 0.03,
        article_weight: float = 1.0):
    """Logistic regression by batch gradient descent on standardised features, articles
    weighted up (a loss costs more); returns weights and bias for the raw features."""
    data = [(feat, _label(t)) for _s, t, _n, feat, earlier in rows
            if feat is not None and not earlier and _label(t) is not None]
    names = list(data[0][0])
    mean = {k: sum(f[k] for f, _ in data) / len(data) for k in names}
    std = {k: (sum((f[k] - mean[k]) ** 2 for f, _ in data) / len(data)) ** 0.5 or 1.0
           for k in names}
    scaled = [({k: (f[k] - mean[k]) / std[k] for k in names}, y) for f, y in data]
    weights, bias = dict.fromkeys(names, 0.0), 0.0
    for _ in range(epochs):
        grad, gbias = dict.fromkeys(names, 0.0), 0.0
        for feat, y in scaled:
            z = bias + sum(weights[k] * feat[k] for k in names)
            err = (1 / (1 + math.exp(-max(-30, min(30, z))))) - y
            err *= 1.0 if y else article_weight
            gbias += err
            for k in names:
                grad[k] += err * feat[k]
        bias -= rate * gbias / len(data)
        for k in names:
            weights[k] -= rate * (grad[k] / len(data) + l2 * weights[k])
    raw = {k: weights[k] / std[k] for k in names}
    return raw, bias - sum(raw[k] * mean[k] for k in names)


def _score(feat: dict, weights: dict, bias: float) -> float:
    return bias + sum(weights[k] * feat[k] for k in weights)


def _evidence(feat: dict, weights: dict) -> float:
    """page_signals' rule: shortness alone never rejects."""
    return sum(max(0.0, weights[k] * feat[k]) for k in weights if k != "long_prose")


def threshold(rows, weights, bias) -> float:
    """Just above the highest-scoring article the fit rows hold: no article lost on them."""
    top = max((_score(f, weights, bias) for _s, t, _n, f, e in rows
               if f is not None and not e and t == "article"), default=0.0)
    return top + MARGIN


def evaluate(rows, weights, bias, cut) -> dict[str, str]:
    counts: dict[str, list[int]] = {}
    for set_name, page_type, _n, feat, earlier in rows:
        kept = not earlier and feat is not None and (
            _score(feat, weights, bias) < cut or _evidence(feat, weights) < MIN_EVIDENCE)
        kind = "junk" if page_type in real_pages.JUNK_TYPES else page_type
        if kind not in ("junk", "article"):
            continue
        hit = counts.setdefault(f"{set_name} {kind}", [0, 0])
        hit[0] += kept
        hit[1] += 1
    return {k: f"kept {a}/{n} = {a / n:.1%}" for k, (a, n) in sorted(counts.items())}


def _half(rows, parity: int) -> list[tuple]:
    return [r for i, r in enumerate(rows) if r[0] != "wcxb_dev" or int(r[2][-4:]) % 2 == parity]


def report(title: str, fit_rows, test_rows) -> tuple[dict, float, float]:
    weights, bias = fit(fit_rows)
    cut = threshold(fit_rows, weights, bias)
    print(f"== {title}: threshold {cut:.2f}")
    for key, value in evaluate(test_rows, weights, bias, cut).items():
        print(f"   {key:<30} {value}")
    return weights, bias, cut


def main(eval_dir: Path, cache: Path | None, sample: int | None, jobs: int) -> None:
    if cache and cache.exists():
        rows = pickle.loads(cache.read_bytes())
    else:
        rows = capture(eval_dir, sample, jobs)
        if cache:
            cache.write_bytes(pickle.dumps(rows))
    print(f"pages {len(rows)}; rejected before page_signals: {sum(r[4] for r in rows)}")
    print("== page_kind alone (no page_signals):")
    for key, value in evaluate(rows, {}, 0.0, math.inf).items():
        print(f"   {key:<30} {value}")
    report("fit on wcxb even pages (+ other sets), scored on wcxb odd pages",
           _half(rows, 0), [r for r in rows if r[0] == "wcxb_dev" and int(r[2][-4:]) % 2])
    weights, bias, cut = report("fit on all pages, scored on all", rows, rows)
    print("WEIGHTS = {" + ", ".join(f'"{k}": {v:.2f}' for k, v in weights.items()) + "}")
    print(f"BIAS = {bias:.2f}\nTHRESHOLD = {cut:.2f}")
