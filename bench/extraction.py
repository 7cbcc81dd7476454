"""Extraction benchmark: the pipeline's `process` beside plain `trafilatura.extract`.

    .venv/bin/python bench/extraction.py [--eval ../shared/eval] [--worst 5]

Scores the public sets in shared/eval (real pages with human gold text) and the project's own
fixture sites (tests/fixtures/sites/*/gold.json: text, title, date, language, planted noise).
Prints token P/R/F1 per set, and for the fixture sites title/date/language rates and noise.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scoring import Scores  # noqa: E402
from crawler.registry import load_registry  # noqa: E402
from pipelines.processing import NO_RULES, NotADocument, RawPage, process  # noqa: E402


def ours(page: RawPage, rules=NO_RULES):
    try:
        return process(page, rules)
    except NotADocument:
        return None


def _full_date(value) -> date | None:
    """Gold dates come as '2003-5-29 09:07', '2018', 'UNKNWON': only full dates count."""
    match = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", str(value or ""))
    return date(*map(int, match.groups())) if match else None


def eval_set(folder: Path, langs: set[str] | None, worst: int) -> None:
    plain, pipeline = Scores(), Scores()
    misses, rejected = [], 0
    # Gold titles here are the raw <title> (site names included) and gold languages are
    # bare ("zh"): a title counts when our headline is inside the gold one.
    rates = {"title": [0, 0], "language": [0, 0], "date": [0, 0]}
    for gold_file in sorted(folder.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        if langs and gold.get("lang") not in langs:
            continue
        body = gold_file.with_suffix(".html").read_bytes()
        plain.add(trafilatura.extract(body, url=gold.get("url")) or "", gold["text"])
        doc = ours(RawPage(url=gold.get("url") or "", body=body,
                           headers={"Content-Type": "text/html"}))
        rejected += doc is None
        f1 = pipeline.add(doc.text if doc else "", gold["text"])
        if doc is not None:
            checks = {
                "title": bool(doc.title) and doc.title in (gold.get("title") or ""),
                "language": doc.language.split("-")[0] == gold.get("lang"),
            }
            if gold_date := _full_date(gold.get("publish_date")):
                checks["date"] = doc.published == gold_date
            for key, ok in checks.items():
                rates[key][0] += bool(ok)
                rates[key][1] += 1
        misses.append((f1, gold_file.stem))
    label = f"{folder.name}" + (f" [{','.join(sorted(langs))}]" if langs else "")
    print(plain.line(f"{label} plain trafilatura"))
    print(pipeline.line(f"{label} schoolnews process") + f"  (not a document: {rejected})")
    print("    " + "  ".join(f"{key} {ok / n:.1%} of {n}" for key, (ok, n) in rates.items() if n))
    for f1, name in sorted(misses)[:worst]:
        print(f"    worst: F1 {f1:.3f}  {name}")


def fixture_sites(sites_dir: Path, worst: int) -> None:
    registry = load_registry()
    total = Scores()
    counts = {"pages": 0, "title": 0, "date": 0, "language": 0, "noisy": 0, "missing": 0}
    failures = []
    for gold_file in sorted(sites_dir.glob("*/gold.json")):
        slug = gold_file.parent.name
        site_json = json.loads((gold_file.parent / "site.json").read_text(encoding="utf-8"))
        rules = registry[slug].extraction_rules() if slug in registry else NO_RULES
        scores = Scores()
        for case in json.loads(gold_file.read_text(encoding="utf-8")):
            counts["pages"] += 1
            path = case["url"].split(site_json["host"], 1)[1]
            path = path.replace("?", "@")
            file = gold_file.parent / "mirror" / (path.lstrip("/") or "index.html")
            if path.endswith("/"):
                file = file / "index.html"
            headers = {"Content-Type": site_json.get("content_type", "text/html")}
            doc = ours(RawPage(url=case["url"], body=file.read_bytes(), headers=headers,
                               fetched_at=datetime(2026, 1, 1, tzinfo=UTC)), rules)
            if doc is None:
                counts["missing"] += 1
                failures.append(f"{slug}: no document {case['url']}")
                scores.add("", case["text"])
                continue
            scores.add(doc.text, case["text"])
            published = doc.published.isoformat() if doc.published else None
            checks = {"title": doc.title == case["title"], "date": published == case["published"],
                      "language": doc.language == case["language"]}
            for key, ok in checks.items():
                counts[key] += ok
                if not ok:
                    got = {"title": doc.title, "date": published, "language": doc.language}[key]
                    want = {"title": case["title"], "date": case["published"],
                            "language": case["language"]}[key]
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
    print(f"    title exact {counts['title'] / n:.1%}  date exact {counts['date'] / n:.1%}  "
          f"language {counts['language'] / n:.1%}  pages with noise {counts['noisy']}  "
          f"no document {counts['missing']}  (of {counts['pages']})")
    for line in failures[:worst * 4]:
        print("    " + line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--worst", type=int, default=5)
    parser.add_argument("--only", choices=("eval", "fixtures"))
    args = parser.parse_args()
    if args.only != "fixtures":
        if (args.eval / "scrapinghub_aeb").is_dir():
            eval_set(args.eval / "scrapinghub_aeb", {"en"}, args.worst)
        if (args.eval / "zh_cwced_dev").is_dir():
            eval_set(args.eval / "zh_cwced_dev", None, args.worst)
    if args.only != "eval":
        fixture_sites(ROOT / "tests" / "fixtures" / "sites", args.worst)


if __name__ == "__main__":
    main()
