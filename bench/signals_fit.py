"""Fit page_signals' listing model: small boosted trees over per-page features, with numpy.

    .venv/bin/python -m bench.signals_fit --cache /tmp/pages.pickle [--write] [--jobs 2]
        [--depth 2 --rounds 150 --rate 0.1 --min-leaf 30 --article-weight 3 --margin 0.1]

Reads what the article-or-not decision sees on every dev page (bench/page_kind_data, captured
once), computes page_signals' features for each page, and fits a small ensemble of boosted
regression trees (logistic loss, articles weighted up) on the pages page_kind lets through.
Held-out figures: fit on the even-numbered pages of every set, score the odd ones, and the
other way round; the threshold is set on the fitting half only (above every article of it
but `--spare`), so the held-out recall is what an unseen article meets. Then a trade-off
curve (held-out junk rate against article recall for several thresholds), and with --write
the model fitted on all pages goes to pipelines/processing/page_model.json.
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np

from bench import page_kind_data
from pipelines.processing import page_kind, page_signals
from pipelines.processing.markup import read_markup
from pipelines.processing.page_model import MODEL_FILE

ROOT = Path(__file__).resolve().parents[1]
L2 = 1.0


@dataclass(frozen=True)
class Params:
    """The fit's knobs (each a command-line option of the same name)."""

    depth: int = 2  # of each tree
    rounds: int = 150  # trees
    rate: float = 0.1  # each tree's leaf values are scaled by this
    min_leaf: int = 30  # pages a leaf holds at least
    article_weight: float = 3.0  # a lost article costs more than a kept listing
    margin: float = 0.1  # the cut's distance above the top article


DEFAULT = Params()


def features(row: page_kind_data.Row) -> dict[str, float] | None:
    """page_signals' features of a captured page; None when page_kind rejected it first."""
    if row.lines is None or row.tree_html is None:
        return None
    tree = row.tree()
    markup = read_markup(tree)
    if page_kind.classify_lines(list(row.lines), set(row.anchors), markup)[0] is not None:
        return None
    layout = page_signals.layout_signals(tree, row.url, markup)
    lines = list(row.lines)
    found = page_signals.signals(
        layout, lines, set(row.anchors), *page_kind.text_shape(lines, set(row.anchors))
    )
    return asdict(found)


def _tree(x, grad, hess, depth: int, min_leaf: int) -> dict:
    """One regression tree by exact greedy splits on gradient statistics (XGBoost's gain)."""
    leaf = {"value": float(-grad.sum() / (hess.sum() + L2))}
    if depth == 0 or len(grad) < 2 * min_leaf:
        return leaf
    best = (0.0, None, None)
    parent = grad.sum() ** 2 / (hess.sum() + L2)
    for j in range(x.shape[1]):
        order = np.argsort(x[:, j], kind="stable")
        xs, gs, hs = x[order, j], np.cumsum(grad[order]), np.cumsum(hess[order])
        gl, hl = gs[:-1], hs[:-1]  # left of a cut after position i
        gain = gl**2 / (hl + L2) + (gs[-1] - gl) ** 2 / (hs[-1] - hl + L2) - parent
        at = np.arange(len(gl))
        gain[(xs[:-1] == xs[1:]) | (at < min_leaf - 1) | (at >= len(xs) - min_leaf)] = -1.0
        i = int(np.argmax(gain))
        if gain[i] > best[0]:
            best = (float(gain[i]), j, (xs[i] + xs[i + 1]) / 2)
    if best[1] is None:
        return leaf
    _gain, j, cut = best
    left = x[:, j] <= cut
    return {
        "feature": int(j),
        "cut": float(cut),
        "left": _tree(x[left], grad[left], hess[left], depth - 1, min_leaf),
        "right": _tree(x[~left], grad[~left], hess[~left], depth - 1, min_leaf),
    }


def _predict_tree(node: dict, x) -> np.ndarray:
    if "value" in node:
        return np.full(len(x), node["value"])
    left = x[:, node["feature"]] <= node["cut"]
    out = np.empty(len(x))
    out[left] = _predict_tree(node["left"], x[left])
    out[~left] = _predict_tree(node["right"], x[~left])
    return out


def fit(x, y, params: Params = DEFAULT) -> tuple[float, list[dict]]:
    """Boosted trees on logistic loss; returns (bias, trees) with leaf values scaled by rate."""
    weight = np.where(y == 1, 1.0, params.article_weight)
    share = (weight * y).sum() / weight.sum()
    bias = float(np.log(share / (1 - share)))
    score = np.full(len(y), bias)
    trees = []
    for _ in range(params.rounds):
        p = 1 / (1 + np.exp(-score))
        tree = _tree(x, weight * (p - y), weight * p * (1 - p), params.depth, params.min_leaf)
        _scale(tree, params.rate)
        trees.append(tree)
        score += _predict_tree(tree, x)
    return bias, trees


def _scale(node: dict, rate: float) -> None:
    if "value" in node:
        node["value"] *= rate
    else:
        _scale(node["left"], rate)
        _scale(node["right"], rate)


def predict(model: tuple[float, list[dict]], x) -> np.ndarray:
    bias, trees = model
    return bias + sum(_predict_tree(t, x) for t in trees)


def dataset(rows) -> tuple[list[str], np.ndarray, np.ndarray, list[tuple]]:
    """Feature names, matrix, labels, and per page (set, name, parity, lenient cut, passed
    page_kind)."""
    names: list[str] = []
    feats, labels, info = [], [], []
    index: dict[str, int] = {}
    for row in rows:
        if row.label is None:
            continue
        number = index[row.set_name] = index.get(row.set_name, -1) + 1
        parity = int(row.name[-4:]) % 2 if row.set_name == "wcxb_dev" else number % 2
        found = features(row)
        # As process() sees it (no URL class from a crawl): a list-shaped URL and no article
        # markup lower the page's cut (page_signals.cut).
        lenient = bool(found and not found["ld_article"] and page_signals.listing_url(row.url))
        info.append((row.set_name, row.name, parity, lenient, found is not None))
        if found is not None:
            names = names or list(found)
            feats.append([found[k] for k in names])
        else:
            feats.append(None)
        labels.append(row.label)
    width = len(names)
    x = np.array([f if f is not None else [0.0] * width for f in feats], dtype=float)
    return names, x, np.array(labels, dtype=float), info


def threshold(scores, y, spare: int, margin: float = DEFAULT.margin) -> float:
    """Above the (spare+1)-th highest article score of the fitting pages."""
    top = np.sort(scores[y == 0])[::-1]
    return float(top[min(spare, len(top) - 1)] + margin)


def tally(scores, y, info, cut, mask) -> dict[str, list[int]]:
    """Per set: [articles kept, articles, junk kept, junk] among `mask` pages."""
    out: dict[str, list[int]] = {}
    for i, (set_name, _name, _parity, _lenient, passed) in enumerate(info):
        if not mask[i]:
            continue
        kept = passed and scores[i] < cut
        t = out.setdefault(set_name, [0, 0, 0, 0])
        if y[i] == 0:
            t[0] += kept
            t[1] += 1
        else:
            t[2] += kept
            t[3] += 1
    return out


# Eight folds, not four: each out-of-fold model sees 7/8 of the pages, so its scores are
# nearer the final model's and the cut set on them moves less with the pages at hand (with
# four, the two halves of the held-out check set cuts of 1.89 and 0.79).
FOLDS = 8


def fit_with_cut(
    x, y, spare: int, params: Params = DEFAULT
) -> tuple[tuple[float, list[dict]], float]:
    """The model on all given pages, and a threshold from out-of-fold scores: each page
    scored by a model that never saw it (FOLDS-fold), so the cut is set on scores like the
    ones unseen pages get, not on the fitted pages' own (overconfident) scores."""
    folds = np.arange(len(y)) % FOLDS
    oof = np.zeros(len(y))
    for k in range(FOLDS):
        model = fit(x[folds != k], y[folds != k], params)
        oof[folds == k] = predict(model, x[folds == k])
    return fit(x, y, params), threshold(oof, y, spare, params.margin)


def held_out(x, y, info, spare: int, params: Params = DEFAULT) -> tuple[np.ndarray, np.ndarray]:
    """Scores of every page from the model fitted on the other half, and each half's cut."""
    scores, cuts = np.zeros(len(y)), np.zeros(len(y))
    passed = np.array([p for *_, p in info])
    parity = np.array([p for _s, _n, p, _u, _ in info])
    lenient = np.array([u for _s, _n, _p, u, _ in info])
    for half in (0, 1):
        fit_mask = passed & (parity == half)
        model, cut = fit_with_cut(x[fit_mask], y[fit_mask], spare, params)
        test = parity != half
        scores[test] = predict(model, x[test])
        cuts[test] = [page_signals.cut(cut, u) for u in lenient[test]]
        print(f"   fit on {'even' if half == 0 else 'odd'} pages: threshold {cut:.2f}")
    return scores, cuts


def _line(name: str, t: list[int]) -> str:
    recall = f"articles kept {t[0]}/{t[1]} = {t[0] / t[1]:.2%}" if t[1] else ""
    junk = f"junk kept {t[2]}/{t[3]} = {t[2] / t[3]:.1%}" if t[3] else ""
    return f"   {name:<18} {recall:<34} {junk}"


def report(x, y, info, spare: int, params: Params = DEFAULT) -> None:
    everyone = np.ones(len(y), dtype=bool)
    print("== page_kind alone (no listing model):")
    for name, t in sorted(tally(np.zeros(len(y)), y, info, 1.0, everyone).items()):
        print(_line(name, t))
    print(f"== held out (fit on one half, scored on the other), spare {spare}:")
    scores, cuts = held_out(x, y, info, spare, params)
    kept = scores < cuts
    for name, t in sorted(tally(np.where(kept, 0.0, 2.0), y, info, 1.0, everyone).items()):
        print(_line(name, t))
    separation(scores, y, info)
    print("== held-out trade-off: threshold shift -> article recall (all sets), junk rate")
    for shift in (-1.5, -1.0, -0.5, -0.25, 0.0, 0.5, 1.0, 2.0):
        t = tally(scores - cuts - shift, y, info, 0.0, everyone)
        a, n = sum(v[0] for v in t.values()), sum(v[1] for v in t.values())
        j, m = sum(v[2] for v in t.values()), sum(v[3] for v in t.values())
        w = t.get("wcxb_dev", [0, 1, 0, 1])
        print(
            f"   {shift:+.2f}: recall {a}/{n} = {a / n:.2%} (wcxb {w[0]}/{w[1]}), "
            f"junk {j}/{m} = {j / m:.1%}"
        )


def separation(scores, y, info) -> None:
    """Held-out scores only: junk kept when the threshold lets k articles go, k = 0, 1, …"""
    passed = np.array([p for *_, p in info])
    articles = np.sort(scores[passed & (y == 0)])[::-1]
    junk = scores[passed & (y == 1)]
    lost_before = int(((~passed) & (y == 0)).sum())
    total_junk = int((y == 1).sum())
    print(f"== held-out separation (articles already lost by page_kind: {lost_before})")
    for k in (0, 1, 2, 3, 5, 8, 12, 20):
        cut = articles[k] if k < len(articles) else -np.inf
        kept = int((junk <= cut).sum())
        print(
            f"   {k:>2} more articles lost: junk kept {kept}/{total_junk} = "
            f"{kept / total_junk:.1%}  (score {cut:.2f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path(os.environ.get("SCHOOLNEWS_SHARED", ROOT.parent / "shared")),
    )
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument(
        "--spare",
        type=int,
        default=2,
        help="articles of the fitting half allowed above the threshold",
    )
    parser.add_argument("--write", action="store_true", help="write the model fitted on all")
    for field in fields(Params):
        parser.add_argument(
            "--" + field.name.replace("_", "-"),
            type=type(field.default),
            default=field.default,
            help="default %(default)s",
        )
    args = parser.parse_args()
    params = Params(**{f.name: getattr(args, f.name) for f in fields(Params)})
    rows = page_kind_data.load(args.cache, args.shared / "eval", None, args.jobs)
    names, x, y, info = dataset(rows)
    print(
        f"pages {len(y)} (articles {int((y == 0).sum())}, listing/collection "
        f"{int(y.sum())}); passed page_kind {sum(p for *_, p in info)}; features {names}"
    )
    print(f"fit: {params}")
    report(x, y, info, args.spare, params)
    if args.write:
        passed = np.array([p for *_, p in info])
        model, cut = fit_with_cut(x[passed], y[passed], args.spare, params)
        MODEL_FILE.write_text(
            json.dumps(
                {
                    "features": names,
                    "bias": model[0],
                    "threshold": round(cut, 4),
                    "trees": model[1],
                },
                separators=(",", ":"),
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {MODEL_FILE} (threshold {cut:.2f}, {len(model[1])} trees)")


if __name__ == "__main__":
    main()
