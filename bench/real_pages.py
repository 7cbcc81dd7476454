"""The shared real-page sets (shared/eval): cases, the three extractors, one row per group.

Kept apart from bench/extraction.py so the quality gate in tests/ can score a small sample
with the very same code.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura
from lxml import html as lxml_html

from bench.scoring import Rate, Scores, same_title
from pipelines.processing import NotADocument, RawPage, process

SETS = ("scrapinghub_aeb", "zh_cwced_dev", "wcxb_dev")
JUNK_TYPES = ("listing", "collection")


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


def cases(folder: Path, sample: int | None = None) -> Iterator[Case]:
    """The set's cases in name order; with `sample`, every k-th so all kinds stay in."""
    golds = sorted(folder.glob("*.json"))
    if sample and sample < len(golds):
        step = len(golds) / sample
        golds = [golds[int(i * step)] for i in range(sample)]
    for gold_file in golds:
        html_file = gold_file.with_suffix(".html")
        if html_file.exists():
            body = html_file.read_bytes()
        else:
            body = gzip.decompress(gold_file.with_suffix(".html.gz").read_bytes())
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        yield Case(folder.name, gold_file.stem, body, gold)


def schoolnews(case: Case):
    """(document or None, reason): raw bytes and URL only, no headers, as `extract FILE`."""
    try:
        return process(RawPage(url=case.gold.get("url") or "", body=case.body)), None
    except NotADocument as reason:
        return None, str(reason)


def plain_trafilatura(case: Case) -> str:
    return trafilatura.extract(case.body, url=case.gold.get("url")) or ""


_BLOCK_END = re.compile(r"(</(?:p|div|li|h\d|tr|td|th|blockquote|pre|section|article)>|<br\s*/?>)",
                        re.I)


def readability(case: Case) -> str:
    from readability import Document as Readable  # a bench/dev dependency

    try:
        summary = Readable(case.body).summary(html_partial=True)
        return lxml_html.fromstring(_BLOCK_END.sub(r"\1\n", summary)).text_content()
    except Exception:  # noqa: BLE001 - a crash of the other extractor is an empty answer
        return ""


@dataclass
class Group:
    """One row of the table: a set and a language (wcxb: articles and other pages apart)."""

    ours: Scores = field(default_factory=Scores)
    trafilatura: Scores = field(default_factory=Scores)
    readability: Scores = field(default_factory=Scores)
    article_recall: Rate = field(default_factory=Rate)
    junk: Rate = field(default_factory=Rate)
    title: Rate = field(default_factory=Rate)
    reasons: Counter = field(default_factory=Counter)
    worst: list = field(default_factory=list)


def group_key(case: Case) -> str:
    key = f"{case.set_name} [{case.lang}]"
    if case.set_name == "wcxb_dev":
        key += " article" if case.page_type == "article" else " other"
    return key


def score(case: Case, group: Group, others: bool = True) -> None:
    doc, reason = schoolnews(case)
    gold_text = case.gold["text"]
    f1 = group.ours.add(doc.text if doc else "", gold_text)
    group.worst.append((f1, case.name, reason))
    if others:
        group.trafilatura.add(plain_trafilatura(case), gold_text)
        group.readability.add(readability(case), gold_text)
    if case.page_type == "article":
        group.article_recall.add(doc is not None)
        if doc is None:
            group.reasons[reason.split("(")[0].strip()] += 1
    if case.page_type in JUNK_TYPES:
        group.junk.add(doc is not None)
    if case.gold.get("title") and doc is not None:
        group.title.add(same_title(doc.title, case.gold["title"]))
    elif case.gold.get("title"):
        group.title.add(False)


def run(eval_dir: Path, sample: int | None, sets=SETS, others: bool = True) -> dict[str, Group]:
    groups: dict[str, Group] = defaultdict(Group)
    for set_name in sets:
        if (eval_dir / set_name).is_dir():
            for case in cases(eval_dir / set_name, sample):
                score(case, groups[group_key(case)], others)
    return dict(groups)


def junk_rate(groups: dict[str, Group]) -> Rate:
    total = Rate()
    for group in groups.values():
        total.hits += group.junk.hits
        total.n += group.junk.n
    return total
