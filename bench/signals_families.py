"""Candidate feature families for the listing model, measured held out beside page_signals'.

    .venv/bin/python -m bench.signals_families --cache /tmp/pages.pickle \
        --families readability,line_shapes [--drop NAME,…] [--fold-seeds 4] [--jobs 2]

Computes each family's features on the captured pages (bench/page_kind_data) that page_kind
lets through, appends them to page_signals' features and prints bench/signals_fit's held-out
counts over several draws of the site folds. None of these families is in the pipeline:
held out (session 12, issue 11) none lowered wcxb's junk kept at 99.5 % article recall
beyond what another draw of the folds moves it; kept so that the result can be checked.

- readability: readability-lxml's main text beside trafilatura's kept lines (length ratio,
  shared words): the two agree on articles and not on listings (median overlap .96 vs .27),
  but the listing-like articles that set the cut are pages where they disagree too.
- line_shapes: what the kept lines are made of (an item link, a whole link, a date, "…",
  short/medium/long) and the longest run of lines repeating a shape with period 1-3.
- headline_slug: the URL's last path segment's words in the <h1> and <title>; an <h1> of a
  few words all found in the path (a section's name).
- cohesion: how much the kept blocks share their words (an article is about one thing, a
  front page's stories are not) and the headline's words in the body.

The page-vocabulary family (session 13) is stacked from a model fit out of fold, so it has a
bench of its own: bench/signals_vocab.py.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import re
import time
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import numpy as np

from bench import page_kind_data, signals_fit
from pipelines.processing import page_kind, page_signals
from pipelines.processing.han import han_count
from tests.support import real_pages

_TOKEN = re.compile(r"\w+")
_WORD = re.compile(r"[a-z0-9]+")
_CONTENT = re.compile(r"[^\W\d_]{4,}")
_SLUG_STOP = {"the", "a", "an", "of", "and", "to", "in", "for", "on", "at", "is", "with", "by"}
_SLUG_STOP |= {"html", "htm", "php", "aspx", "index"}
_STOPWORDS = set(
    "that this with from have will your more about they their there what when which were been "
    "also into than then them these those some such only other over most just like make made "
    "each very much many here where would could should being after before while through under "
    "between both same well back even because does doing done within without across read view "
    "learn click find first last next news home page".split()
)


def readability(row: page_kind_data.Row) -> dict[str, float]:
    from lxml import html as lxml_html
    from readability import Document

    try:
        summary = Document(row.tree_html).summary(html_partial=True)
        text = lxml_html.fragment_fromstring(summary).text_content() if summary.strip() else ""
    except Exception:  # readability raises on pages with no body it can score
        text = ""
    theirs = _TOKEN.findall(text.lower())
    ours = _TOKEN.findall("\n".join(row.lines).lower())
    shared = len(set(theirs) & set(ours))
    return {
        "rd_len_ratio": max(-4.0, min(4.0, math.log2((len(theirs) + 1) / (len(ours) + 1)))),
        "rd_contains_ours": shared / max(len(set(ours)), 1),
        "rd_in_ours": shared / max(len(set(theirs)), 1),
        "rd_jaccard": shared / max(len(set(theirs) | set(ours)), 1),
    }


def _shapes(lines: list[str], anchors) -> list[tuple]:
    links, _ = page_kind._item_links(lines, set(anchors))
    shapes = []
    for line, link in zip(lines, links, strict=True):
        bare = page_kind._ITEM_PREFIX.sub("", line).strip()
        words = len(line.split())
        item_like = bool(link) or words < 8
        shapes.append(
            (
                bool(link),
                bool(link) and len(bare) <= len(link) + 2,
                bool(page_signals._TEXT_DATE.search(line)),
                line.rstrip().endswith(("...", "…")),
                0 if words < 8 else 1 if words < 40 else 2,
                # Paragraphs of prose are each their own shape: a run is of list-like lines.
                None if item_like else len(shapes),
            )
        )
    return shapes


def _longest_periodic(shapes: list[tuple], period: int) -> int:
    """The longest stretch of lines each shaped as the line `period` before it."""
    best = run = 0
    for i in range(period, len(shapes)):
        run = (run + 1 if run else period + 1) if shapes[i] == shapes[i - period] else 0
        best = max(best, run)
    return best


def line_shapes(row: page_kind_data.Row) -> dict[str, float]:
    shapes = _shapes(list(row.lines), row.anchors)
    n = max(len(shapes), 1)
    counts = Counter(s[:5] for s in shapes)
    longest = max(_longest_periodic(shapes, p) for p in (1, 2, 3))
    return {
        "shape_entropy": -sum(c / n * math.log2(c / n) for c in counts.values()),
        "shape_run": math.log2(1 + longest),
        "shape_run_share": longest / n,
        "shape_top_share": max(counts.values()) / n if counts else 0.0,
        "date_line_share": sum(1 for s in shapes if s[2]) / n,
        "whole_link_share": sum(1 for s in shapes if s[1]) / n,
    }


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if not w.isdigit()]


def headline_slug(row: page_kind_data.Row) -> dict[str, float]:
    tree = row.tree()
    try:
        parts = urlsplit(row.url)
    except ValueError:
        parts = None
    path = parts.path if parts and parts.netloc else ""
    segments = [unquote(s) for s in path.split("/") if s]
    last = re.sub(r"\.\w{2,5}$", "", segments[-1]) if segments else ""
    slug = [w for w in _words(last) if w not in _SLUG_STOP]
    h1s = list(tree.iter("h1"))
    h1 = set(_words(h1s[0].text_content())) if h1s else set()
    title = set(_words(tree.findtext(".//title") or ""))
    h1_words = [w for w in h1 if w not in _SLUG_STOP]
    in_path = {w for s in segments for w in _words(s)}
    return {
        "slug_words": math.log2(1 + len(slug)),
        "slug_in_h1": sum(w in h1 for w in slug) / len(slug) if slug and h1 else -1.0,
        "slug_in_title": sum(w in title for w in slug) / len(slug) if slug and title else -1.0,
        "h1_in_path": float(0 < len(h1_words) <= 3 and all(w in in_path for w in h1_words)),
    }


def _content_words(text: str) -> set[str]:
    words = {w for w in _CONTENT.findall(text.lower()) if w not in _STOPWORDS}
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    return words | {a + b for a, b in zip(han, han[1:], strict=False)}


def cohesion(row: page_kind_data.Row) -> dict[str, float]:
    blocks = [line for line in row.lines if len(line.split()) >= 5 or han_count(line) >= 10]
    sets = [s for s in map(_content_words, blocks) if s]
    n = len(sets)
    spread = Counter(w for s in sets for w in s)
    if n >= 2:
        support = sum(sum(spread[w] > 1 for w in s) for s in sets) / sum(map(len, sets))
        top = max(spread.values()) / n
        pairs = [
            len(a & b) / max(min(len(a), len(b)), 1) for a, b in zip(sets, sets[1:], strict=False)
        ]
        adjacent = sum(pairs) / len(pairs)
    else:
        support = top = adjacent = 1.0
    tree = row.tree()
    h1s = list(tree.iter("h1"))
    title = (tree.findtext(".//title") or "").strip()
    head = h1s[0].text_content() if h1s else page_signals.TITLE_SEPARATORS.split(title, 1)[0]
    head_words, body = _content_words(head), set().union(*sets) if sets else set()
    return {
        "coh_support": support,
        "coh_top": top,
        "coh_adjacent": adjacent,
        "coh_head_in_body": len(head_words & body) / len(head_words) if head_words else -1.0,
        "coh_blocks": math.log2(1 + n),
    }


FAMILIES = {f.__name__: f for f in (readability, line_shapes, headline_slug, cohesion)}


def _one(job: tuple[str, page_kind_data.Row | None]) -> tuple[dict[str, float] | None, float]:
    """(the family's features of a page page_kind let through, or None; CPU seconds)."""
    family, row = job
    if row is None:
        return None, 0.0
    start = time.process_time()
    found = FAMILIES[family](row)
    return found, time.process_time() - start


def family_columns(family: str, rows, data: signals_fit.Data, jobs: int) -> dict[str, np.ndarray]:
    jobs_ = [
        (family, row if page.passed else None) for row, page in zip(rows, data.pages, strict=True)
    ]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        found = pool.map(_one, jobs_, chunksize=8)
    cpu = [c for f, c in found if f is not None]
    print(
        f"{family}: {len(cpu)} pages, CPU {sum(cpu):.1f} s, mean {np.mean(cpu) * 1000:.0f} ms, "
        f"p90 {np.percentile(cpu, 90) * 1000:.0f} ms, max {max(cpu) * 1000:.0f} ms a page"
    )
    names = next(list(f) for f, _ in found if f)
    return {n: np.array([(f or {}).get(n, 0.0) for f, _ in found]) for n in names}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    real_pages.add_shared_argument(parser)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--families", default="", help=", ".join(FAMILIES))
    parser.add_argument("--drop", default="", help="features left out (any family's)")
    parser.add_argument("--fold-seeds", type=int, default=4)
    parser.add_argument("--spare", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    rows = page_kind_data.load(args.cache, args.shared / "eval", None, args.jobs)
    data = signals_fit.dataset(rows, signals_fit.DEFAULT, args.shared / "eval")
    names, x = list(data.names), data.x
    for family in filter(None, args.families.split(",")):
        for name, column in family_columns(family, rows, data, args.jobs).items():
            names.append(name)
            x = np.column_stack([x, column])
    keep = [i for i, name in enumerate(names) if name not in args.drop.split(",")]
    data = signals_fit.Data([names[i] for i in keep], x[:, keep], data.y, data.pages)
    print(f"features {len(data.names)}: base + {args.families or 'nothing'} - {args.drop or '-'}")
    signals_fit.seeds_report(data, args.spare, args.fold_seeds, args.jobs)


if __name__ == "__main__":
    main()
