"""Which themes of the taxonomy (topics.toml) a document is about: those its title names or
its text mentions MENTIONS times. A pure function of the title and text, called by process();
the taxonomy's fingerprint is part of extractor_version, so editing it makes `reextract`
re-tag every document.

Matching is on the search form (NFKC, one Chinese script, one case): a traditional page and a
simplified term meet. Chinese terms match anywhere (no spaces between words); Latin terms
match whole words, allowing an English ending (visit: visits, visited, visiting).
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

from .fingerprint import normalise

BUNDLED = Path(__file__).with_name("topics.toml")
# A theme the title does not name must come up this often in the text: one passing 协议 or
# 交流 in a sports-day report is no agreement or exchange. On the labelled fixture articles
# (tests/data/topic_labels.json) any mention tagged 129 themes, 60 of them right; the title or
# three mentions tag 72, 60 right (one label is missed either way).
MENTIONS = 3
_LATIN = re.compile(r"[a-z0-9]")


class TaxonomyError(ValueError):
    """The taxonomy file cannot be used (the message names the file and the problem)."""


@dataclass(frozen=True)
class Topic:
    slug: str
    label: str
    terms: tuple[str, ...]  # as written in the file
    forms: tuple[str, ...]  # the distinct terms in the search form, longest first


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...]
    version: str  # first 8 hex digits of the file's sha256


def _term_pattern(term: str) -> str:
    form = re.escape(normalise(term))
    if _LATIN.search(normalise(term)):
        return rf"(?<![a-z0-9]){form}(?:s|es|ed|ing)?(?![a-z0-9])"
    return form


def load(path: Path | str | None = None) -> Taxonomy:
    """The taxonomy at `path` ($SCHOOLNEWS_TOPICS, else the bundled topics.toml)."""
    path = Path(path or os.environ.get("SCHOOLNEWS_TOPICS") or BUNDLED)
    try:
        blob = path.read_bytes()
        data = tomllib.loads(blob.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TaxonomyError(f"{path}: {exc}") from None
    topics = []
    for slug, entry in data.items():
        terms = entry.get("terms") if isinstance(entry, dict) else None
        if not terms or not all(isinstance(t, str) and t.strip() for t in terms):
            raise TaxonomyError(f'{path}: [{slug}] needs terms = ["…", …] (non-empty strings)')
        forms = tuple(sorted({normalise(t) for t in terms}, key=len, reverse=True))
        topics.append(Topic(slug, entry.get("label", slug), tuple(terms), forms))
    return Taxonomy(tuple(topics), hashlib.sha256(blob).hexdigest()[:8])


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    return load()


def tag(title: str | None, text: str, taxonomy: Taxonomy | None = None) -> dict[str, list[str]]:
    """{topic slug: the distinct matched terms (search form), in order of appearance}."""
    taxonomy = taxonomy or default_taxonomy()
    form = normalise(title or "") + "\n" + normalise(text)
    # A term can only match where it stands as a substring: each topic's pattern is built
    # from those alone (the same matches as from all the terms, and an alternation of a
    # hundred lookbehind branches scanned over every position cost more than extraction).
    # Which terms are substrings: one Aho-Corasick pass over the text, every occurrence,
    # overlapping ones too (so the same set as `term in form` for each term, which cost a
    # pass over the text per term: 8 % of process() on the bench's English pages).
    substrings = {term for _, term in _automaton(taxonomy).iter(form)}
    title_end = form.index("\n")
    found: dict[str, list[str]] = {}
    for topic in taxonomy.topics:
        present = tuple(f for f in topic.forms if f in substrings)
        if not present:
            continue
        matches = list(_pattern(present).finditer(form))
        in_text = sum(m.start() > title_end for m in matches)
        if in_text >= MENTIONS or len(matches) > in_text:
            found[topic.slug] = list(dict.fromkeys(m.group(0) for m in matches))
    return found


@lru_cache(maxsize=8)
def _automaton(taxonomy: Taxonomy) -> ahocorasick.Automaton:
    """Every search-form term of the taxonomy, to find all those a text holds in one pass."""
    automaton = ahocorasick.Automaton()
    for topic in taxonomy.topics:
        for form in topic.forms:
            automaton.add_word(form, form)
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=4096)
def _pattern(forms: tuple[str, ...]) -> re.Pattern:
    """Any of these search-form terms (longest first, as the alternation tries them)."""
    return re.compile("|".join(_term_pattern(f) for f in forms))
