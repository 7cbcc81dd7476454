"""Fit page_signals' listing model: small boosted trees over per-page features, with numpy.

    .venv/bin/python -m bench.signals_fit --cache /tmp/pages.pickle [--jobs 2]
        [--fold-seeds 4]
        [--depth 2 --rounds 150 --rate 0.1 --min-leaf 30 --article-weight 3 --margin 0.1
         --subsample 1.0 --bags 1 --bag-by page --colsample 1.0]

Reads what the article-or-not decision sees on every dev page (bench/page_kind_data, captured
once), computes page_signals' features for each page, and fits a small ensemble of boosted
regression trees (logistic loss) on the pages page_kind lets through: listings and collections
against articles (weighted up) and the other kinds of page with content of their own (forum
threads, products, services, documentation: weighted down, but kept, so the model learns that a
pager or a price is not a listing by itself).
Held-out figures: eight folds by site (no page of a site is scored by a model that saw that
site); each fold's threshold is set on its fitting pages only (above every article of them but
`--spare`), so the held-out recall is what an unseen article on an unseen site meets. Then a
trade-off curve (held-out junk rate against article recall for several thresholds). The
production model adds the page's chrome words to these trees: bench/signals_vocab.py measures
it (configuration boost) and writes it (--write).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import zlib
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

from bench import page_kind_data
from pipelines.processing import page_kind, page_signals
from pipelines.processing.markup import read_markup
from pipelines.processing.page_model import MODEL_FILE
from tests.support import real_pages

L2 = 1.0


@dataclass(frozen=True)
class Params:
    """The fit's knobs (each a command-line option of the same name)."""

    depth: int = 2  # of each tree
    rounds: int = 150  # trees
    rate: float = 0.1  # each tree's leaf values are scaled by this
    min_leaf: int = 30  # pages a leaf holds at least
    article_weight: float = 3.0  # a lost article costs more than a kept listing
    other_weight: float = 0.5  # a forum thread, product, service or documentation page lost
    margin: float = 0.1  # the cut's distance above the top article
    subsample: float = 1.0  # share of the pages each tree is grown on (stochastic boosting)
    bags: int = 1  # models averaged, each fitted on a random 80 % of the pages (bagging)
    bag_by: str = "page"  # what a bag draws 80 % of: "page", or "site" (all of a site's pages)
    colsample: float = 1.0  # share of the features each tree may split on, drawn per tree


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


def _tree(x, grad, hess, depth, min_leaf, order=None, members=None, allowed=None) -> dict:
    """One regression tree by exact greedy splits on gradient statistics (XGBoost's gain).

    `order`: each feature's pages in stable sorted order (n x features), computed once per
    fit; a node's pages in each feature's order are that order less the pages outside the
    node, so no node sorts again (all features' candidate cuts in a few array operations)."""
    if order is None:
        order = np.argsort(x, axis=0, kind="stable")
    if members is None:
        members = np.ones(len(grad), dtype=bool)
    g, h = grad[members], hess[members]
    leaf = {"value": float(-g.sum() / (h.sum() + L2))}
    n = len(g)
    if depth == 0 or n < 2 * min_leaf:
        return leaf
    inside = members[order]  # n_all x features: which sorted positions are in the node
    at = order.T[inside.T].reshape(x.shape[1], n)  # features x n: the node's pages, sorted
    xs = np.take_along_axis(x.T, at, axis=1)
    gs, hs = np.cumsum(grad[at], axis=1), np.cumsum(hess[at], axis=1)
    gl, hl = gs[:, :-1], hs[:, :-1]  # left of a cut after position i
    parent = g.sum() ** 2 / (h.sum() + L2)
    gain = gl**2 / (hl + L2) + (gs[:, -1:] - gl) ** 2 / (hs[:, -1:] - hl + L2) - parent
    position = np.arange(n - 1)
    gain[(xs[:, :-1] == xs[:, 1:]) | (position < min_leaf - 1) | (position >= n - min_leaf)] = -1.0
    if allowed is not None:
        gain[~allowed] = -1.0
    j, i = np.unravel_index(int(np.argmax(gain)), gain.shape)
    if gain[j, i] <= 0.0:
        return leaf
    cut = (xs[j, i] + xs[j, i + 1]) / 2
    left = x[:, j] <= cut
    return {
        "feature": int(j),
        "cut": float(cut),
        "left": _tree(x, grad, hess, depth - 1, min_leaf, order, members & left, allowed),
        "right": _tree(x, grad, hess, depth - 1, min_leaf, order, members & ~left, allowed),
    }


def _predict_tree(node: dict, x) -> np.ndarray:
    if "value" in node:
        return np.full(len(x), node["value"])
    left = x[:, node["feature"]] <= node["cut"]
    out = np.empty(len(x))
    out[left] = _predict_tree(node["left"], x[left])
    out[~left] = _predict_tree(node["right"], x[~left])
    return out


def fit(x, y, weight, params: Params = DEFAULT, sites=None) -> tuple[float, list[dict]]:
    """Boosted trees on logistic loss, each page weighted; returns (bias, trees) with leaf
    values scaled by rate. With `bags` above 1, the average of that many such models, each
    fitted on a random 80 % of the pages (one model of their trees, each scaled 1/bags); of
    the sites with `bag_by` "site" (`sites`: each page's)."""
    if params.bag_by not in ("page", "site"):
        raise ValueError(f"bag_by is 'page' or 'site', not {params.bag_by!r}")
    if params.bags <= 1:
        return _boost(x, y, weight, params)
    biases, trees = [], []
    for bag in range(params.bags):
        take = bag_members(len(y), bag, sites if params.bag_by == "site" else None)
        bias, grown = _boost(x[take], y[take], weight[take], params)
        biases.append(bias)
        for tree in grown:
            _scale(tree, 1 / params.bags)
        trees += grown
    return float(np.mean(biases)), trees


def bag_members(n: int, bag: int, sites=None) -> np.ndarray:
    rng = np.random.default_rng(1000 + bag)
    if sites is None:
        return rng.random(n) < 0.8
    names, which = np.unique(np.asarray(sites), return_inverse=True)
    return (rng.random(len(names)) < 0.8)[which]


def _boost(x, y, weight, params: Params) -> tuple[float, list[dict]]:
    share = (weight * y).sum() / weight.sum()
    bias = float(np.log(share / (1 - share)))
    score = np.full(len(y), bias)
    trees = []
    order = np.argsort(x, axis=0, kind="stable")
    rng = np.random.default_rng(0)
    for _ in range(params.rounds):
        p = 1 / (1 + np.exp(-score))
        grad, hess = weight * (p - y), weight * p * (1 - p)
        members = rng.random(len(y)) < params.subsample if params.subsample < 1 else None
        allowed = rng.random(x.shape[1]) < params.colsample if params.colsample < 1 else None
        tree = _tree(x, grad, hess, params.depth, params.min_leaf, order, members, allowed)
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


@dataclass(frozen=True)
class Page:
    set_name: str
    name: str
    page_type: str  # article, listing, collection, forum, product, service, documentation
    site: str  # the URL's host (held-out folds keep a site's pages together)
    lenient: bool  # a list-shaped URL and no article markup: the lower cut (page_signals.cut)
    passed: bool  # page_kind let it through to the model

    @property
    def article(self) -> bool:
        return self.page_type == "article"


@dataclass
class Data:
    names: list[str]
    x: np.ndarray
    y: np.ndarray  # 1 listing/collection, 0 a page to keep
    pages: list[Page]
    params: Params = DEFAULT

    def mask(self, test) -> np.ndarray:
        return np.array([bool(test(p)) for p in self.pages])

    @property
    def weight(self) -> np.ndarray:
        """A lost article costs most, a listing kept least; another kind of page with content of
        its own (forum thread, product, service, documentation) lies between."""
        return np.array(
            [
                1.0 if y else self.params.article_weight if p.article else self.params.other_weight
                for y, p in zip(self.y, self.pages, strict=True)
            ]
        )

    def subset(self, mask) -> Data:
        pages = [p for p, m in zip(self.pages, mask, strict=True) if m]
        return Data(self.names, self.x[mask], self.y[mask], pages, self.params)


NO_TEXT = "article-no-gold-text"  # real_pages.no_article_to_keep: a kind of its own


def _page_type(row: page_kind_data.Row, eval_dir: Path | None) -> str:
    gold = eval_dir / row.set_name / f"{row.name}.json" if eval_dir else None
    if row.page_type != "article" or not gold or not gold.exists():
        return row.page_type
    text = json.loads(gold.read_text(encoding="utf-8"))["text"]
    return NO_TEXT if real_pages.no_article_to_keep(row.page_type, text) else row.page_type


def dataset(rows, params: Params = DEFAULT, eval_dir: Path | None = None) -> Data:
    names: list[str] = []
    feats, labels, pages = [], [], []
    for row in rows:
        found = features(row)
        # As process() sees it (no URL class from a crawl): a list-shaped URL and no article
        # markup lower the page's cut (page_signals.cut).
        lenient = bool(found and not found["ld_article"] and page_signals.listing_url(row.url))
        host = (urlsplit(row.url).hostname or "").removeprefix("www.") if row.url else ""
        site = host or f"{row.set_name}/{row.name.split('/')[0]}"
        page_type = _page_type(row, eval_dir)
        pages.append(Page(row.set_name, row.name, page_type, site, lenient, found is not None))
        if found is not None:
            names = names or list(found)
            feats.append([found[k] for k in names])
        else:
            feats.append(None)
        labels.append(row.label)
    width = len(names)
    x = np.array([f if f is not None else [0.0] * width for f in feats], dtype=float)
    return Data(names, x, np.array(labels, dtype=float), pages, params)


def threshold(scores, is_article, spare: int, margin: float = DEFAULT.margin) -> float:
    """Above the (spare+1)-th highest article score of the fitting pages: the cut is set by
    articles alone (an article lost is what the cut guards against)."""
    top = np.sort(scores[is_article])[::-1]
    return float(top[min(spare, len(top) - 1)] + margin)


# Eight folds, not four: each out-of-fold model sees 7/8 of the pages, so its scores are
# nearer the final model's and the cut set on them moves less with the pages at hand (with
# four, the two halves of the held-out check set cuts of 1.89 and 0.79).
FOLDS = 8


def fit_with_cut(data: Data, spare: int) -> tuple[tuple[float, list[dict]], float]:
    """The model on all given pages, and a threshold from out-of-fold scores: each page
    scored by a model that never saw it (FOLDS-fold), so the cut is set on scores like the
    ones unseen pages get, not on the fitted pages' own (overconfident) scores."""
    folds = np.arange(len(data.y)) % FOLDS
    oof = np.zeros(len(data.y))
    weight = data.weight
    sites = np.array([p.site for p in data.pages])
    for k in range(FOLDS):
        train = folds != k
        model = fit(data.x[train], data.y[train], weight[train], data.params, sites[train])
        oof[~train] = predict(model, data.x[~train])
    articles = data.mask(lambda p: p.article)
    cut = threshold(oof, articles, spare, data.params.margin)
    return fit(data.x, data.y, weight, data.params, sites), cut


def site_fold(site: str, seed: int = 0, folds: int = FOLDS) -> int:
    """The held-out fold of a site: seed 0 the figures reported so far; another seed draws
    other folds (md5 of seed and site: crc32 with a suffix only permutes the same folds)."""
    if not seed:
        return zlib.crc32(site.encode()) % folds
    return int(hashlib.md5(f"{seed}:{site}".encode()).hexdigest(), 16) % folds


def held_out(data: Data, spare: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Scores of every page from a model that saw no page of its site, and the cut that
    model's own fit chose: FOLDS folds by site (pages of one site are alike, so a split by
    page would score a site's listings with a model that learnt them)."""
    scores, cuts = np.zeros(len(data.y)), np.zeros(len(data.y))
    fold = np.array([site_fold(p.site, seed) for p in data.pages])
    passed = data.mask(lambda p: p.passed)
    lenient = data.mask(lambda p: p.lenient)
    for k in range(FOLDS):
        model, cut = fit_with_cut(data.subset(passed & (fold != k)), spare)
        test = fold == k
        scores[test] = predict(model, data.x[test])
        cuts[test] = [page_signals.cut(cut, bool(u)) for u in lenient[test]]
    return scores, cuts


def _tally(data: Data, kept) -> dict[str, list[int]]:
    """Per set and page type: [pages kept, pages]."""
    out: dict[str, list[int]] = {}
    for page, keep in zip(data.pages, kept, strict=True):
        t = out.setdefault(f"{page.set_name} {page.page_type}", [0, 0])
        t[0] += bool(keep and page.passed)
        t[1] += 1
    return out


def _print_tally(data: Data, kept) -> None:
    junk = [0, 0]
    for key, (k, n) in sorted(_tally(data, kept).items()):
        what = "junk kept" if key.rsplit(" ", 1)[1] in real_pages.JUNK_TYPES else "kept"
        print(f"   {key:<32} {what} {k}/{n} = {k / n:.2%}")
        if key.startswith("wcxb_dev") and what == "junk kept":
            junk = [junk[0] + k, junk[1] + n]
    if junk[1]:
        share = junk[0] / junk[1]
        print(f"   wcxb_dev listing+collection junk kept {junk[0]}/{junk[1]} = {share:.1%}")


def report(data: Data, spare: int) -> None:
    print("== page_kind alone (no listing model):")
    _print_tally(data, np.ones(len(data.y), dtype=bool))
    print(f"== held out ({FOLDS} folds by site), spare {spare}:")
    scores, cuts = held_out(data, spare)
    _print_tally(data, scores < cuts)
    separation(data, scores - cuts)
    print("== held-out trade-off: threshold shift -> article recall (all sets), junk rate")
    passed = data.mask(lambda p: p.passed)
    articles, junk = data.mask(lambda p: p.article), data.y == 1
    wcxb = data.mask(lambda p: p.set_name == "wcxb_dev")
    for shift in (-1.0, -0.5, -0.25, 0.0, 0.5, 1.0, 2.0):
        kept = passed & (scores - cuts < shift)
        a, n = int((kept & articles).sum()), int(articles.sum())
        j, m = int((kept & junk & wcxb).sum()), int((junk & wcxb).sum())
        print(f"   {shift:+.2f}: recall {a}/{n} = {a / n:.2%}, wcxb junk {j}/{m} = {j / m:.1%}")


OTHER_KINDS = ("forum", "product", "service", "documentation")


def counts(data: Data, kept=None) -> tuple[int, int, int]:
    """(wcxb articles, wcxb listing/collection pages, pages of other kinds) among `kept` (a
    boolean mask; None: all pages, the totals)."""
    kept = np.ones(len(data.y), dtype=bool) if kept is None else kept
    wcxb = data.mask(lambda p: p.set_name == "wcxb_dev")
    other = data.mask(lambda p: p.page_type in OTHER_KINDS)
    articles = data.mask(lambda p: p.article)
    return (
        int((kept & wcxb & articles).sum()),
        int((kept & wcxb & (data.y == 1)).sum()),
        int((kept & other).sum()),
    )


def kept_counts(data: Data, scores, cuts) -> tuple[int, int, int]:
    """`counts` of the pages page_kind lets through and the model keeps (score under cut)."""
    return counts(data, data.mask(lambda p: p.passed) & (scores < cuts))


def _held_out_counts(data: Data, spare: int, seed: int) -> tuple[int, int, int]:
    """(wcxb articles kept, wcxb junk kept, pages of other kinds kept), held out with `seed`."""
    return kept_counts(data, *held_out(data, spare, seed))


def seeds_report(data: Data, spare: int, seeds: int, jobs: int) -> None:
    """The held-out counts over several draws of the site folds. One draw moves by several
    pages with the folds the few listing-like articles fall in (seeds 0-3, same features and
    settings: wcxb junk kept 60, 66, 62, 65 of 216), as much as most features tried change
    it: compare candidates on the mean of the same draws."""
    with multiprocessing.get_context("fork").Pool(max(1, min(jobs, seeds))) as pool:
        draws = pool.starmap(_held_out_counts, [(data, spare, s) for s in range(seeds)])
    n_art, n_junk, n_other = counts(data)
    print(f"== held out over {seeds} draws of the site folds (seed: wcxb articles, junk, other)")
    for seed, (a, j, o) in enumerate(draws):
        print(f"   seed {seed}: articles {a}/{n_art}, junk {j}/{n_junk}, other kinds {o}/{n_other}")
    a, j, o = (sum(c[i] for c in draws) / seeds for i in range(3))
    print(f"   mean: articles {a:.1f}/{n_art}, junk {j:.1f}/{n_junk}, other {o:.1f}/{n_other}")


def write_trees(names: list[str], model: tuple[float, list[dict]], cut: float) -> None:
    """The trees and their cut, for page_model (bench.signals_vocab --write fits them)."""
    bias, trees = model
    document = {"features": names, "bias": bias, "threshold": round(cut, 4), "trees": trees}
    MODEL_FILE.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_FILE.name} (threshold {cut:.2f}, {len(trees)} trees)")


def separation(data: Data, margin) -> None:
    """Held-out: wcxb junk kept when the cut lets k more articles go, k = 0, 1, …"""
    passed = data.mask(lambda p: p.passed)
    wcxb = data.mask(lambda p: p.set_name == "wcxb_dev")
    article_margins = np.sort(margin[passed & data.mask(lambda p: p.article)])[::-1]
    junk = margin[passed & wcxb & (data.y == 1)]
    total = int((wcxb & (data.y == 1)).sum())
    lost = int((~passed & data.mask(lambda p: p.article)).sum())
    print(f"== held-out separation (articles already lost by page_kind: {lost})")
    for k in (0, 1, 2, 3, 5, 8, 12, 20):
        cut = article_margins[k] if k < len(article_margins) else -np.inf
        kept = int((junk <= cut).sum())
        print(f"   {k:>2} more articles lost: wcxb junk kept {kept}/{total} = {kept / total:.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    real_pages.add_shared_argument(parser)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument(
        "--spare",
        type=int,
        # Held out by site, spare 2 / 3 / 5 kept 99.75 / 99.62 / 99.50 % of wcxb's articles
        # and 31.5 / 27.3 / 22.2 % of its listings: 3 leaves a margin above 99.5 %.
        default=3,
        help="articles of the fitting pages allowed above the threshold",
    )
    parser.add_argument(
        "--fold-seeds",
        type=int,
        default=1,
        help="also report held-out counts over this many draws of the site folds (seed 0 first)",
    )
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
    data = dataset(rows, params, args.shared / "eval")
    articles = int(data.mask(lambda p: p.article).sum())
    print(
        f"pages {len(data.y)} (articles {articles}, listing/collection {int(data.y.sum())}, "
        f"other kinds {len(data.y) - articles - int(data.y.sum())}); passed page_kind "
        f"{int(data.mask(lambda p: p.passed).sum())}; features {data.names}"
    )
    print(f"fit: {params}")
    report(data, args.spare)
    if args.fold_seeds > 1:
        seeds_report(data, args.spare, args.fold_seeds, args.jobs)


if __name__ == "__main__":
    main()
