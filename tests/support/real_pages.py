"""The shared real-page sets (shared/eval): cases, the three extractors, one row per group.

Kept apart from bench/extraction.py so the quality gate in tests/ can score a small sample
with the very same code.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import trafilatura
from lxml import html as lxml_html

from pipelines.processing import NotADocument, RawPage, process
from tests.support.scoring import Rate, Scores, same_title

SETS = ("scrapinghub_aeb", "zh_cwced_dev", "wcxb_dev")
JUNK_TYPES = ("listing", "collection")
REPO = Path(__file__).resolve().parents[2]
SITES_DIR = REPO / "crawler" / "demo_sites"
FIXTURE_SET = "fixture_sites"  # the generated school-CMS sites, as files without a URL


def add_shared_argument(parser: argparse.ArgumentParser) -> None:
    """`--shared DIR`, the folder holding eval/, for every bench that reads the real pages."""
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path(os.environ.get("SCHOOLNEWS_SHARED", REPO.parent / "shared")),
        help="shared folder holding eval/ (default $SCHOOLNEWS_SHARED, else <repo>/../shared)",
    )


@dataclass(frozen=True)
class Case:
    set_name: str
    name: str
    body: bytes
    gold: dict

    @property
    def page_type(self) -> str:
        # scrapinghub and zh_cwced hold article pages only; wcxb labels each page.
        return self.gold.get("page_type", "article")

    @property
    def lang(self) -> str:
        return self.gold.get("lang") or "?"


def gold_files(folder: Path, sample: int | None = None) -> list[Path]:
    """The set's cases in name order; with `sample`, every k-th so all kinds stay in."""
    golds = sorted(folder.glob("*.json"))
    if sample and sample < len(golds):
        step = len(golds) / sample
        golds = [golds[int(i * step)] for i in range(sample)]
    return golds


def load_case(gold_file: Path) -> Case:
    html_file = gold_file.with_suffix(".html")
    if html_file.exists():
        body = html_file.read_bytes()
    else:
        body = gzip.decompress(gold_file.with_suffix(".html.gz").read_bytes())
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    return Case(gold_file.parent.name, gold_file.stem, body, gold)


def _mirror_path(url: str, host: str) -> str:
    """The mirror file's path for a URL (tests/fixtures/README.md: `/` -> index.html, ? -> @)."""
    path = url.split(host, 1)[1].replace("?", "@").lstrip("/")
    return path + "index.html" if not path or path.endswith("/") else path


def fixture_site_cases(sites_dir: Path = SITES_DIR) -> list[Case]:
    """The fixture sites' pages as `schoolnews extract FILE` gets them (no URL, no headers):
    every gold article (page_type article) and every other HTML page of the mirrors (news
    indexes, pagination, tags, search, calendars, home pages: page_type listing). A file
    that serves a gold article under another name (`page.psp`) is neither."""
    found = []
    for site in sorted(p for p in sites_dir.iterdir() if (p / "site.json").exists()):
        host = json.loads((site / "site.json").read_text(encoding="utf-8"))["host"]
        gold = {
            _mirror_path(c["url"], host): c
            for c in json.loads((site / "gold.json").read_text(encoding="utf-8"))
        }
        for file in sorted((site / "mirror").rglob("*")):
            path = str(file.relative_to(site / "mirror"))
            if file.is_dir() or file.suffix in (".pdf", ".jpg", ".png", ".xml", ".txt"):
                continue
            if path not in gold and path.replace(".psp", ".htm") in gold:
                continue
            case = gold.get(path)
            info = {"url": "", "page_type": "listing", "text": "", "lang": None}
            if case:
                info.update(page_type="article", text=case["text"], title=case["title"])
                info["lang"] = case["language"].split("-")[0]
            found.append(Case(FIXTURE_SET, f"{site.name}/{path}", file.read_bytes(), info))
    return found


def cases(folder: Path, sample: int | None = None) -> Iterator[Case]:
    for gold_file in gold_files(folder, sample):
        yield load_case(gold_file)


def schoolnews(case: Case):
    """(document or None, reason): raw bytes and URL only, no headers, as `extract FILE`."""
    try:
        return process(RawPage(url=case.gold.get("url") or "", body=case.body)), None
    except NotADocument as reason:
        return None, str(reason)


def plain_trafilatura(case: Case) -> str:
    return trafilatura.extract(case.body, url=case.gold.get("url")) or ""


def gold_date(case: Case) -> date | None:
    """The gold's publication day, when it gives a full date (zh_cwced gives some years alone)."""
    found = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", case.gold.get("publish_date") or "")
    return date(int(found[1]), int(found[2]), int(found[3])) if found else None


def trafilatura_metadata(case: Case) -> tuple[date | None, str | None]:
    """(date, author) plain trafilatura's metadata gives the page (its date: htmldate's
    extensive search)."""
    try:
        found = trafilatura.extract_metadata(case.body, default_url=case.gold.get("url"))
    except Exception:  # noqa: BLE001 - a crash of the other extractor is no metadata
        return None, None
    if found is None:
        return None, None
    return (date.fromisoformat(found.date[:10]) if found.date else None), found.author


def same_name(found: str | None, gold: str) -> bool:
    """The same author's name, up to case, width and punctuation ("伊琳  李清芬", "伊琳 李清芬")."""
    return _name_key(found or "") == _name_key(gold)


def _name_key(name: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", name)).lower().split())


_BLOCK_END = re.compile(
    r"(</(?:p|div|li|h\d|tr|td|th|blockquote|pre|section|article)>|<br\s*/?>)", re.I
)


def readability(case: Case) -> str:
    from readability import Document as Readable  # a bench/dev dependency

    try:
        summary = Readable(case.body).summary(html_partial=True)
        return lxml_html.fromstring(_BLOCK_END.sub(r"\1\n", summary)).text_content()
    except Exception:  # noqa: BLE001 - a crash of the other extractor is an empty answer
        return ""


@dataclass
class Group:
    """One row of the table: a set and a language (wcxb: each page type apart)."""

    ours: Scores = field(default_factory=Scores)
    trafilatura: Scores = field(default_factory=Scores)
    readability: Scores = field(default_factory=Scores)
    article_recall: Rate = field(default_factory=Rate)
    junk: Rate = field(default_factory=Rate)
    title: Rate = field(default_factory=Rate)
    # Article pages whose gold gives a full publication date: the same day found.
    date: Rate = field(default_factory=Rate)
    trafilatura_date: Rate = field(default_factory=Rate)
    # Article pages whose gold names an author: the same name found.
    author: Rate = field(default_factory=Rate)
    trafilatura_author: Rate = field(default_factory=Rate)
    reasons: Counter = field(default_factory=Counter)
    # Article pages whose gold text is empty (wcxb: 2 of 793; its reviewers found no main text
    # in the capture): left out of article recall, which asks whether an article was kept.
    no_gold_text: int = 0
    worst: list = field(default_factory=list)


def group_key(case: Case) -> str:
    """`set [lang]`; wcxb, which labels what each page is: `set [lang] page_type`, so each kind
    of page shows its own F1 (on listings it is the price of declining them)."""
    key = f"{case.set_name} [{case.lang}]"
    if case.set_name == "wcxb_dev":
        key += f" {case.page_type}"
    return key


def article_group(key: str) -> bool:
    """Whether the group holds article pages (the sets other than wcxb hold nothing else)."""
    return not key.startswith("wcxb_dev") or key.endswith(" article")


@dataclass(frozen=True)
class Result:
    """What one page scored: computed in a worker, summed in the parent."""

    key: str
    name: str
    page_type: str
    gold: str
    ours: str | None  # the document's text, None when there is no document
    reason: str | None
    title_ok: bool | None  # None when the gold has no title
    trafilatura: str | None = None
    readability: str | None = None
    date_ok: bool | None = None  # None when the gold has no full date
    trafilatura_date_ok: bool | None = None
    author_ok: bool | None = None  # None when the gold names no author
    trafilatura_author_ok: bool | None = None


def score_case(case: Case, others: bool = True) -> Result:
    doc, reason = schoolnews(case)
    gold_title = case.gold.get("title")
    article = case.page_type == "article"
    day = gold_date(case) if article else None
    author = (case.gold.get("author") or None) if article else None
    their_day, their_author = trafilatura_metadata(case) if others else (None, None)
    return Result(
        key=group_key(case),
        name=case.name,
        page_type=case.page_type,
        gold=case.gold["text"],
        ours=doc.text if doc else None,
        reason=reason,
        title_ok=(doc is not None and same_title(doc.title, gold_title)) if gold_title else None,
        trafilatura=plain_trafilatura(case) if others else None,
        readability=readability(case) if others else None,
        date_ok=None if day is None else doc is not None and doc.published == day,
        trafilatura_date_ok=their_day == day if day and others else None,
        author_ok=None if author is None else doc is not None and same_name(doc.author, author),
        trafilatura_author_ok=same_name(their_author, author) if author and others else None,
    )


def no_article_to_keep(page_type: str, gold_text: str) -> bool:
    """An article page whose gold text is empty (wcxb dev_4681, dev_4893: its reviewers found
    no main text): no article to keep, so neither counted in article recall nor setting the
    listing model's cut (bench/signals_fit)."""
    return page_type == "article" and not gold_text.strip()


def add(group: Group, result: Result) -> None:
    f1 = group.ours.add(result.ours or "", result.gold)
    group.worst.append((f1, result.name, result.reason))
    if result.trafilatura is not None:
        group.trafilatura.add(result.trafilatura, result.gold)
        group.readability.add(result.readability or "", result.gold)
    if no_article_to_keep(result.page_type, result.gold):
        group.no_gold_text += 1  # nothing in the capture to keep: not an article to lose
    elif result.page_type == "article":
        group.article_recall.add(result.ours is not None)
        if result.ours is None:
            group.reasons[result.reason.split("(")[0].strip()] += 1
    if result.page_type in JUNK_TYPES:
        group.junk.add(result.ours is not None)
    if result.title_ok is not None:
        group.title.add(result.title_ok)
    if result.date_ok is not None:
        group.date.add(result.date_ok)
    if result.trafilatura_date_ok is not None:
        group.trafilatura_date.add(result.trafilatura_date_ok)
    if result.author_ok is not None:
        group.author.add(result.author_ok)
    if result.trafilatura_author_ok is not None:
        group.trafilatura_author.add(result.trafilatura_author_ok)


def _score_file(job: tuple[Path, bool]) -> Result:
    gold_file, others = job
    return score_case(load_case(gold_file), others)


def run(
    eval_dir: Path, sample: int | None, sets=SETS, others: bool = True, jobs: int = 1
) -> dict[str, Group]:
    """Score every case of the sets; with jobs > 1, pages are spread over processes."""
    files = [
        f
        for set_name in sets
        if (eval_dir / set_name).is_dir()
        for f in gold_files(eval_dir / set_name, sample)
    ]
    groups: dict[str, Group] = defaultdict(Group)
    work = [(f, others) for f in files]
    if jobs > 1:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = list(pool.imap(_score_file, work, chunksize=4))
    else:
        results = [_score_file(job) for job in work]
    for result in results:
        add(groups[result.key], result)
    return dict(groups)


def set_totals(groups: dict[str, Group]) -> dict[str, Group]:
    """wcxb's page types summed per language: its content pages (every kind but listing and
    collection, the pages meant to be documents) and all its pages. On listings the gold is the
    list's own text, so declining them, as the crawl should, costs F1 there by design: the
    content-pages row is the like-for-like comparison, the all-pages row the price paid."""
    totals: dict[str, Group] = defaultdict(Group)
    for key, group in groups.items():
        if not key.startswith("wcxb_dev"):
            continue
        base = key.rsplit(" ", 1)[0]
        rows = [f"{base} all pages"]
        if not key.endswith(JUNK_TYPES):
            rows.append(f"{base} content pages")
        for row in rows:
            total = totals[row]
            for name in ("ours", "trafilatura", "readability"):
                mine, theirs = getattr(total, name), getattr(group, name)
                mine.p += theirs.p
                mine.r += theirs.r
                mine.f += theirs.f
            total.no_gold_text += group.no_gold_text
            for name in (
                "article_recall",
                "junk",
                "title",
                "date",
                "trafilatura_date",
                "author",
                "trafilatura_author",
            ):
                mine, theirs = getattr(total, name), getattr(group, name)
                mine.hits += theirs.hits
                mine.n += theirs.n
    return dict(totals)


def junk_rate(groups: dict[str, Group]) -> Rate:
    total = Rate()
    for group in groups.values():
        total.hits += group.junk.hits
        total.n += group.junk.n
    return total
