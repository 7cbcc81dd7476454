"""Token scoring shared by the benchmarks (the convention of shared/eval/README.md).

Bag-of-tokens precision/recall/F1 per page, averaged over pages; tokens are single characters
for Chinese (Han) and lowercase whitespace-separated words otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def tokens(text: str) -> Counter:
    out: Counter = Counter()
    for word in (text or "").lower().split():
        han = _HAN.findall(word)
        out.update(han)
        rest = _HAN.sub(" ", word).split()
        out.update(rest)
    return out


def prf(predicted: str, gold: str) -> tuple[float, float, float]:
    p, g = tokens(predicted), tokens(gold)
    overlap = sum((p & g).values())
    if not p and not g:
        return 1.0, 1.0, 1.0
    precision = overlap / sum(p.values()) if p else 0.0
    recall = overlap / sum(g.values()) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Scores:
    p: list[float] = field(default_factory=list)
    r: list[float] = field(default_factory=list)
    f: list[float] = field(default_factory=list)

    def add(self, predicted: str, gold: str) -> float:
        precision, recall, f1 = prf(predicted, gold)
        self.p.append(precision)
        self.r.append(recall)
        self.f.append(f1)
        return f1

    def mean(self) -> tuple[float, float, float]:
        n = len(self.f) or 1
        return sum(self.p) / n, sum(self.r) / n, sum(self.f) / n

    def line(self, label: str) -> str:
        p, r, f = self.mean()
        return f"{label:<34} n={len(self.f):<4} P {p:.3f}  R {r:.3f}  F1 {f:.3f}"


def same_title(predicted: str | None, gold: str | None) -> bool:
    """Exact title match, whitespace and case folded."""
    fold = lambda s: " ".join((s or "").split()).casefold()  # noqa: E731
    return bool(predicted) and fold(predicted) == fold(gold)


@dataclass
class Rate:
    """A share of pages: hits of n."""

    hits: int = 0
    n: int = 0

    def add(self, hit: bool) -> None:
        self.hits += bool(hit)
        self.n += 1

    def text(self) -> str:
        return f"{self.hits / self.n:.1%} ({self.hits}/{self.n})" if self.n else "-"
