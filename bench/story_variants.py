"""The dedup bench's scoring of story variants by pair type (issue 16); the variants
themselves (aggregator rewrites, translations) are planted by `tests.support.story_rewrites`.
"""

from __future__ import annotations

from collections.abc import Callable

# -- scoring by pair type ---------------------------------------------------------------------

PAIR_TYPES = {  # variant pair -> the type the targets name
    "exact": "exact",
    "traditional": "cross-script",
    "cut": "near (cut/added)",
    "added": "near (cut/added)",
    "aggregated": "aggregator rewrite",
    "translated": "cross-language",
}


AGGREGATOR_CONTAINMENT = 0.85  # the target: rewrites at least this much inside


def containment_band(category: str, a, b, containment: Callable) -> str:
    """` C>=0.85` or ` C<0.85` for a same-language pair with an aggregator rewrite in it."""
    variants = category.split("×")
    if "aggregated" not in variants or "translated" in variants:
        return ""
    return " C>=0.85" if containment(a, b) >= AGGREGATOR_CONTAINMENT else " C<0.85"


def pair_type(category: str) -> str:
    """`aggregated×original C>=0.85` -> `aggregator rewrite C>=0.85`; a translation in the
    pair wins, then an aggregated copy, a traditional one, a cut or added one."""
    category, _, band = category.partition(" ")
    variants = category.split("×")
    for variant in ("translated", "aggregated", "traditional", "cut", "added", "exact"):
        if variant in variants:
            return f"{PAIR_TYPES[variant]} {band}".strip()
    return "exact"


def by_pair_type(truth: dict[str, int], missed: dict[str, int]) -> dict[str, tuple[int, int]]:
    """(missed, total) story pairs per pair type."""
    out: dict[str, list[int]] = {}
    for category, total in truth.items():
        row = out.setdefault(pair_type(category), [0, 0])
        row[0] += missed.get(category, 0)
        row[1] += total
    return {k: (v[0], v[1]) for k, v in sorted(out.items())}
