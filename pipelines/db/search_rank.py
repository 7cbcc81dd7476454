"""SQLite search ranking: FTS5's bm25, worked out here over the rows the index found.

The trigram index keeps no positions (migration 0015), so FTS5 cannot count how often a term
occurs in a row; its own bm25() would re-read and re-tokenize every row it ranks (ten times
the cost of the search) and weigh each trigram as a term of its own. This module scores the
way bm25() scored the index with positions (fts5_aux.c): for each term, its occurrences in
the row's search text (overlapping, as FTS5 counts phrase instances), the row's length in
trigrams against the average, and the term's inverse document frequency. A term of 1-2
characters stood for the OR of the trigrams starting with it, each weighed on its own: so it
is here. The document frequency of a 3-character term, and of each trigram of a short one, is
the index's own (fts5vocab); that of a longer term, which only a scan could count, is that of
its rarest trigram (an upper bound: exact for most Chinese words).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .query_sql import MIN_TRIGRAM as TRIGRAM
from .query_sql import term_trigrams

K1, B = 1.2, 0.75  # FTS5's bm25 constants
FEW_TRIGRAMS = 8  # a short term standing for up to this many trigrams counts each of them

_vocab = sa.table("documents_fts_vocab", sa.column("term", sa.Text), sa.column("doc", sa.Integer))


def _varint(blob: bytes, at: int) -> tuple[int, int]:
    """SQLite's variable-length integer at `at`: (value, next offset)."""
    value = 0
    for i in range(8):
        byte = blob[at + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    return (value << 8) | blob[at + 8], at + 9


def averages(session: Session) -> tuple[int, float]:
    """(rows, average trigrams per row) of the index: FTS5's own figures, kept in the record
    it keeps them in (rowid 1 of its data table: the row count, then the token count)."""
    block = session.scalar(sa.text("SELECT block FROM documents_fts_data WHERE id = 1"))
    if not block:
        return 0, 0.0
    rows, at = _varint(block, 0)
    tokens, _ = _varint(block, at)
    return rows, tokens / rows if rows else 0.0


def document_counts(session: Session, trigrams: Iterable[str]) -> dict[str, int]:
    """How many rows hold each trigram (those no row holds are left out)."""
    wanted = sorted(set(trigrams))
    if not wanted:
        return {}
    return dict(
        session.execute(
            sa.select(_vocab.c.term, _vocab.c.doc).where(_vocab.c.term.in_(wanted))
        ).all()
    )


def occurrences(text: bytes, term: bytes) -> int:
    """Overlapping occurrences, as FTS5 counts a phrase's instances ("aaa" twice in "aaaa").
    In UTF-8 bytes: a character's bytes never start inside another's, so the count is the
    text's, without decoding it."""
    count, at = 0, text.find(term)
    while at >= 0:
        count += 1
        at = text.find(term, at + 1)
    return count


def _counter(term: str):
    """How to count the term's occurrences in a UTF-8 text: bytes.count (in C) gives the
    overlapping count too unless a proper prefix of the term is also a suffix ("aa", "abab")."""
    encoded = term.encode()
    if any(term[:k] == term[-k:] for k in range(1, len(term))):
        return lambda text: occurrences(text, encoded)
    return lambda text: text.count(encoded)


def _idf(rows: int, holding: int) -> float:
    idf = math.log((rows - holding + 0.5) / (holding + 0.5))
    return idf if idf > 0 else 1e-6


class Ranker:
    """bm25 for the positive terms of one query; `short` gives the trigrams a 1-2 character
    term stood for (None when too many to spell out: such a term is not weighed, as it was
    not in the index's expression)."""

    def __init__(
        self, session: Session, terms: Sequence[str], short: Mapping[str, list[str] | None]
    ):
        self.rows, self.average = averages(session)
        long_terms = [t for t in terms if len(t) >= TRIGRAM]
        spelled = {t: short.get(t) or [] for t in terms if len(t) < TRIGRAM}
        counts = document_counts(
            session,
            [g for t in long_terms for g in term_trigrams(t)]
            + [g for grams in spelled.values() for g in grams],
        )
        self.long = [
            (_counter(t), _idf(self.rows, min(counts.get(g, 0) for g in term_trigrams(t))))
            for t in long_terms
        ]
        # A short term of a few trigrams: each counted on its own, in C; of many: its
        # occurrences read once, each with the trigram it starts.
        few = {t: grams for t, grams in spelled.items() if 0 < len(grams) <= FEW_TRIGRAMS}
        self.long += [(_counter(g), _idf(self.rows, counts.get(g, 0))) for g in _flat(few)]
        self.short = [
            (t.encode(), TRIGRAM - len(t))
            for t, grams in spelled.items()
            if len(grams) > FEW_TRIGRAMS
        ]
        self.trigram_idf = {  # by UTF-8 bytes: texts are read as bytes
            g.encode(): _idf(self.rows, counts.get(g, 0))
            for grams in spelled.values()
            for g in grams
        }

    def score(self, search_text: bytes, size: bytes) -> float:
        """Lower is better, as bm25() returns it. `search_text` in UTF-8, `size` the row's
        length in trigrams as the index keeps it (documents_fts_docsize.sz)."""
        length, _ = _varint(size, 0)
        norm = K1 * (1 - B + B * length / self.average) if self.average else K1
        total = 0.0
        for count, idf in self.long:
            frequency = count(search_text)
            if frequency:
                total += idf * frequency * (K1 + 1.0) / (frequency + norm)
        for term, more in self.short:
            if term not in search_text:
                continue
            found = Counter(_following(search_text, term, more))
            for gram, frequency in found.items():
                idf = self.trigram_idf.get(gram)
                if idf is not None:
                    total += idf * frequency * (K1 + 1.0) / (frequency + norm)
        return -total


def _flat(grams: Mapping[str, list[str]]) -> list[str]:
    return [g for found in grams.values() for g in found]


def _following(text: bytes, term: bytes, more: int):
    """Each occurrence of `term` in a UTF-8 text with the `more` characters after it: the
    trigram it starts (a short term is followed by characters wherever it occurs: the search
    text ends with a newline; a trigram cut by the end is not one the index has)."""
    at = text.find(term)
    while at >= 0:
        end = at + len(term)
        for _ in range(more):
            lead = text[end] if end < len(text) else 0
            end += 1 if lead < 0xC0 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        yield text[at:end]
        at = text.find(term, at + 1)
