"""The listing model: boosted regression trees over page_signals' features, read from JSON.

Fitted offline by `bench/signals_vocab.py --write` on the shared dev sets as a whole (numpy
there; here a walk down each tree in plain Python: 0.19 ms CPU a page for the 750 trees of
five bagged fits, against 0.03 ms for one fit's 150; a wcxb page's whole
extraction takes a median 134 ms on a loaded machine). The score is a
log-odds that the page is a listing or collection page, to which page_signals adds the chrome
words' (page_vocab); `threshold` sits above that sum for every article of the dev sets (out of
fold), because an article lost is worse than a listing kept.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("page_model.json")


@cache
def model() -> dict:
    return json.loads(MODEL_FILE.read_text(encoding="utf-8"))


def _leaf(node: dict, values: list[float]) -> float:
    while "value" not in node:
        node = node["left"] if values[node["feature"]] <= node["cut"] else node["right"]
    return node["value"]


def score(found: dict[str, float]) -> float:
    fitted = model()
    values = [found[name] for name in fitted["features"]]
    return fitted["bias"] + sum(_leaf(tree, values) for tree in fitted["trees"])


def threshold() -> float:
    return model()["threshold"]
