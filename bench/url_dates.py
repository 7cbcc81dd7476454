"""How often a date read from a URL is the page's publication date, shape by shape.

    .venv/bin/python -m bench.url_dates [--shared DIR] [--show 5]

A URL is read for a date only in the shapes CMSes really use. This measures each candidate
shape on every page with a known publication date: the shared sets' gold `publish_date`
(zh_cwced_dev, wcxb_dev), the fixture sites' gold (crawler/demo_sites) and the recorded
pages (tests/fixtures/pages: the date the page prints, as stored). For each shape: pages it
matched, right (the same day), off by one day (time zones), wrong, and what
`dates.url_date` (the shapes in use) says on the same pages.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from pipelines.processing import dates
from tests.support import real_pages

ROOT = Path(__file__).resolve().parents[1]

# Candidate shapes, the ones in use and the ones a looser reader would take.
SHAPES = {
    "webplus /YYYY/MMDD/": re.compile(r"/((?:19|20)\d\d)/(\d\d)(\d\d)/"),
    "portal /YYYYMMDD/": re.compile(r"/((?:19|20)\d\d)(\d\d)(\d\d)/"),
    "blog /YYYY/MM/DD/": re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$)"),
    "dashed dir /YYYY-MM-DD/": re.compile(r"/((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})(?:/|$)"),
    "dashed slug /YYYY-MM-DD-…": re.compile(r"/((?:19|20)\d\d)-(\d\d)-(\d\d)[-_]"),
    "month dir /YYYY-MM/DD/": re.compile(r"/((?:19|20)\d\d)-(\d\d)/(\d\d)/"),
    "file YYYYMMDD_n": re.compile(r"/t?((?:19|20)\d\d)(\d\d)(\d\d)_\d+\.\w+$"),
    "file YYYYMMDDnnn": re.compile(r"/[a-z]?((?:19|20)\d\d)(\d\d)(\d\d)\d*\.\w+$"),
    "yymmdd dir /YYMMDD/": re.compile(r"/(\d\d)(\d\d)(\d\d)/"),
    "query date=YYYYMMDD": re.compile(r"[?&]\w*date=((?:19|20)\d\d)-?(\d\d)-?(\d\d)\b"),
    "any /YYYY/MM/DD": re.compile(r"((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})"),
}


def _gold_date(value: str | None) -> date | None:
    match = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", value or "")
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def known_dates(shared: Path) -> Iterator[tuple[str, str, date]]:
    """(source, url, publication date) for every page whose date is known."""
    seen: set[str] = set()
    for set_name in ("zh_cwced_dev", "wcxb_dev", "scrapinghub_aeb"):
        for gold_file in sorted((shared / "eval" / set_name).glob("*.json")):
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            if (day := _gold_date(gold.get("publish_date"))) and gold.get("url"):
                seen.add(gold["url"])
                yield set_name, gold["url"], day
    fixtures = ROOT / "tests" / "fixtures"
    for gold_file in sorted((ROOT / "crawler" / "demo_sites").glob("*/gold.json")):
        for case in json.loads(gold_file.read_text(encoding="utf-8")):
            if (day := _gold_date(case.get("published"))) and case["url"] not in seen:
                seen.add(case["url"])
                yield "fixture sites", case["url"], day
    for expected in sorted((fixtures / "pages").glob("*/*.expected.json")):
        doc = json.loads(expected.read_text(encoding="utf-8"))
        if (day := _gold_date(doc.get("published"))) and doc["url"] not in seen:
            seen.add(doc["url"])
            yield "recorded pages", doc["url"], day


def _shape_date(pattern: re.Pattern[str], url: str) -> date | None:
    path = url.split("://", 1)[-1].partition("/")[2]
    match = pattern.search("/" + path)
    if not match:
        return None
    year, month, day = match.groups()
    year = ("20" if int(year) < 50 else "19") + year if len(year) == 2 else year
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _verdict(found: date, day: date) -> str:
    gap = abs((found - day).days)
    return "right" if gap == 0 else "off by 1 day" if gap == 1 else "wrong"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    real_pages.add_shared_argument(parser)
    parser.add_argument("--show", type=int, default=3, help="wrong examples per shape")
    args = parser.parse_args()
    pages = list(known_dates(args.shared))
    sources: dict[str, int] = {}
    for source, _url, _day in pages:
        sources[source] = sources.get(source, 0) + 1
    print(f"pages with a known publication date: {len(pages)} {sources}")
    readers = {"in use: dates.url_date": None, **SHAPES}
    print(f"{'shape':<32} {'matched':>7} {'right':>6} {'±1 day':>7} {'wrong':>6}")
    for name, pattern in readers.items():
        counts = {"right": 0, "off by 1 day": 0, "wrong": 0}
        wrong = []
        for _source, url, day in pages:
            found = dates.url_date(url, None) if pattern is None else _shape_date(pattern, url)
            if found is None:
                continue
            verdict = _verdict(found, day)
            counts[verdict] += 1
            if verdict == "wrong":
                wrong.append(f"{found} != {day}  {url[:110]}")
        print(
            f"{name:<32} {sum(counts.values()):>7} {counts['right']:>6} "
            f"{counts['off by 1 day']:>7} {counts['wrong']:>6}"
        )
        for line in wrong[: args.show]:
            print("      " + line)


if __name__ == "__main__":
    main()
