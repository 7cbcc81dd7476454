"""Extraction benchmark: the pipeline's `process` beside trafilatura and readability-lxml.

    .venv/bin/python bench/extraction.py [--shared /work/shared] [--sample N] [--worst 5]

Scores the public sets in shared/eval (real pages with human gold text: scrapinghub_aeb,
zh_cwced_dev, wcxb_dev) per set and language, side by side in one run: token P/R/F1 of the
three extractors, article recall (article pages that got a document), junk rate (wcxb
listing/collection pages stored as documents), title exact rate and, on article pages whose
gold gives a full publication date or an author, date and author exact rates (ours, and
trafilatura's metadata); wcxb per page type, then its content pages (every type but listing
and collection) and all its pages together. Then the project's own fixture sites
(crawler/demo_sites/*/gold.json: text, title, date, language, planted noise).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from crawler.registry import load_registry
from pipelines.processing import NO_RULES, NotADocument, RawPage, process
from pipelines.site_rules import rules_for
from tests.support import real_pages
from tests.support.scoring import Scores

ROOT = Path(__file__).resolve().parents[1]


def ours(page: RawPage, rules=NO_RULES):
    try:
        return process(page, rules)
    except NotADocument:
        return None


def _share(rate) -> str:
    return f"{rate.hits / rate.n:.1%}" if rate.n else "-"


def print_real_pages(groups: dict, worst: int) -> None:
    """One row per set and language: F1 (P/R) of the three extractors, recall, junk, titles."""
    print(
        "Real pages (shared/eval): schoolnews = process(raw bytes, URL; no headers, no fetch "
        "time), as `schoolnews extract FILE` runs it; trafilatura/readability get the same bytes"
    )
    print(
        f"{'set [lang]':<28} {'n':>4}  {'F1 ours':>8} {'F1 traf':>8} {'F1 read':>8}  "
        f"{'P/R ours':>11}  {'article recall':>16}  {'junk':>15}  {'title exact':>16}  "
        f"{'date exact ours':>17} {'traf':>6}  {'author exact ours':>17} {'traf':>6}"
    )
    # Each set's rows, then wcxb's totals: its content pages and all its pages.
    rows = {**groups, **real_pages.set_totals(groups)}
    for key in [*sorted(groups), *sorted(rows.keys() - groups.keys())]:
        g = rows[key]
        (p, r, f), tf, rf = g.ours.mean(), g.trafilatura.mean()[2], g.readability.mean()[2]
        others = f"{tf:>8.3f} {rf:>8.3f}" if g.trafilatura.f else f"{'-':>8} {'-':>8}"
        print(
            f"{key:<28} {len(g.ours.f):>4}  {f:>8.3f} {others}  {p:.3f}/{r:.3f}  "
            f"{g.article_recall.text():>16}  {g.junk.text():>15}  {g.title.text():>16}  "
            f"{g.date.text():>17} {_share(g.trafilatura_date):>6}  "
            f"{g.author.text():>17} {_share(g.trafilatura_author):>6}"
        )
    print(f"junk rate, wcxb listing+collection: {real_pages.junk_rate(groups).text()}")
    for key in sorted(groups):
        g = groups[key]
        if g.reasons:
            print(f"    {key}: articles with no document: {dict(g.reasons)}")
        if g.no_gold_text:
            print(
                f"    {key}: {g.no_gold_text} article pages with an empty gold text, not in recall"
            )
        for f1, name, reason in sorted(g.worst, key=lambda x: x[0])[:worst]:
            print(f"    {key} worst: F1 {f1:.3f}  {name}" + (f"  ({reason})" if reason else ""))


def fixture_sites(sites_dir: Path, worst: int) -> None:
    registry = load_registry()
    total = Scores()
    counts = {"pages": 0, "title": 0, "date": 0, "language": 0, "noisy": 0, "missing": 0}
    failures = []
    for gold_file in sorted(sites_dir.glob("*/gold.json")):
        slug = gold_file.parent.name
        site_json = json.loads((gold_file.parent / "site.json").read_text(encoding="utf-8"))
        rules = rules_for(slug, registry)
        scores = Scores()
        for case in json.loads(gold_file.read_text(encoding="utf-8")):
            counts["pages"] += 1
            path = case["url"].split(site_json["host"], 1)[1]
            path = path.replace("?", "@")
            file = gold_file.parent / "mirror" / (path.lstrip("/") or "index.html")
            if path.endswith("/"):
                file = file / "index.html"
            headers = {"Content-Type": site_json.get("content_type", "text/html")}
            doc = ours(
                RawPage(
                    url=case["url"],
                    body=file.read_bytes(),
                    headers=headers,
                    fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
                ),
                rules,
            )
            if doc is None:
                counts["missing"] += 1
                failures.append(f"{slug}: no document {case['url']}")
                scores.add("", case["text"])
                continue
            scores.add(doc.text, case["text"])
            published = doc.published.isoformat() if doc.published else None
            checks = {
                "title": doc.title == case["title"],
                "date": published == case["published"],
                "language": doc.language == case["language"],
            }
            for key, ok in checks.items():
                counts[key] += ok
                if not ok:
                    got = {"title": doc.title, "date": published, "language": doc.language}[key]
                    want = {
                        "title": case["title"],
                        "date": case["published"],
                        "language": case["language"],
                    }[key]
                    failures.append(f"{slug}: {key} {got!r} != {want!r}  {case['url']}")
            noise = [n for n in case.get("noise", []) if n and n in doc.text]
            if noise:
                counts["noisy"] += 1
                failures.append(f"{slug}: noise {noise[:3]} in {case['url']}")
        print(scores.line(f"fixtures {slug}"))
        total.p += scores.p
        total.r += scores.r
        total.f += scores.f
    print(total.line("fixtures all sites"))
    n = counts["pages"] or 1
    print(
        f"    title exact {counts['title'] / n:.1%}  date exact {counts['date'] / n:.1%}  "
        f"language {counts['language'] / n:.1%}  pages with noise {counts['noisy']}  "
        f"no document {counts['missing']}  (of {counts['pages']})"
    )
    for line in failures[: worst * 4]:
        print("    " + line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    real_pages.add_shared_argument(parser)
    parser.add_argument("--sample", type=int, help="score every k-th page, N per set")
    parser.add_argument("--sets", default=",".join(real_pages.SETS))
    parser.add_argument(
        "--ours-only",
        action="store_true",
        help="skip trafilatura and readability (faster while iterating)",
    )
    parser.add_argument("--jobs", type=int, default=1, help="processes scoring pages")
    parser.add_argument("--worst", type=int, default=5)
    parser.add_argument("--only", choices=("eval", "fixtures"))
    args = parser.parse_args()
    if args.only != "fixtures":
        eval_dir = args.shared / "eval"
        if not eval_dir.is_dir():
            sys.exit(f"no eval sets in {eval_dir}: pass --shared DIR or set SCHOOLNEWS_SHARED")
        groups = real_pages.run(
            eval_dir, args.sample, args.sets.split(","), others=not args.ours_only, jobs=args.jobs
        )
        print_real_pages(groups, args.worst)
    if args.only != "eval":
        fixture_sites(ROOT / "crawler" / "demo_sites", args.worst)


if __name__ == "__main__":
    main()
