"""The search form of a document and of a query: one script, one case, so that matching is
plain substring search (a simplified query finds a traditional page and the other way round).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .fingerprint import normalise

_TERM = re.compile(r'"([^"]*)"|(\S+)')
# Hyphens, dashes and slashes join or part words as spaces do: "school-enterprise",
# "school–enterprise", "school/enterprise" and "school enterprise" are one search form.
# (After NFKC: full-width －／ are - and / by then.)
JOINERS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212/"
# A run of joiners and spaces is one space (the spaces before it too, see _spaced_joiners).
_JOINER_RUN = re.compile(f"[{re.escape(JOINERS)}][{re.escape(JOINERS)}\\s]*")


def search_term(text: str) -> str:
    """The search form of a text: normalised (fingerprint.normalise), joiners as spaces."""
    return _spaced_joiners(normalise(text)).strip()


def _spaced_joiners(text: str) -> str:
    r"""Each run of spaces and joiners holding a joiner as one space: what
    `re.sub(r"\s*[J][J\s]*", " ", text)` gives, at a quarter of its cost on a page's text (that
    pattern is tried at every position; this one only where a joiner stands, and the spaces
    before it are read back from there; str.isspace is r"\s", tests/test_search.py)."""
    out: list[str] = []
    last = 0
    for match in _JOINER_RUN.finditer(text):
        start = match.start()
        while start > last and text[start - 1].isspace():
            start -= 1
        out += (text[last:start], " ")
        last = match.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def search_form(title: str | None, text: str | None) -> str:
    """What documents.search_text holds: the title's and the text's search forms, the title
    ending with a newline and the text with two, so that every one or two characters of
    either start a trigram (a one-character term at the very end of the text too)."""
    return search_term(title or "") + "\n" + search_term(text or "") + "\n\n"


def query_terms(query: str) -> list[str]:
    """The search forms of a query's terms: words, or "quoted phrases", every one required."""
    terms = []
    for phrase, word in _TERM.findall(query):
        term = search_term(phrase or word)
        if term and term not in terms:
            terms.append(term)
    return terms


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    form = normalise(char)
    if form and form in JOINERS:
        return " "
    return form or (" " if char.isspace() else "")


def find_terms(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the (normalised) terms occur in the original `text`, as (start, end) offsets.

    The text is folded character by character (NFKC, simplified, case, joiners as spaces),
    keeping a map back to the original offsets, so snippets show the page's own script and case.
    """
    if not text or not terms:
        return []
    lowered = text.casefold()
    if len(lowered) == len(text) and all(term in lowered for term in terms):
        return _spans(lowered, terms, range(len(text)))  # same script: no folding needed
    folded: list[str] = []
    origin: list[int] = []
    for at, char in enumerate(text):
        form = _fold_char(char)
        if form == " " and folded and folded[-1] == " ":
            continue  # whitespace runs fold to one space, as in normalise()
        for piece in form:
            folded.append(piece)
            origin.append(at)
    return _spans("".join(folded), terms, origin)


def _spans(flat: str, terms: list[str], origin) -> list[tuple[int, int]]:
    """Merged (start, end) of every occurrence of the terms in `flat`, mapped by `origin`."""
    spans = []
    for term in terms:
        start = flat.find(term)
        while start >= 0:
            end = start + len(term)
            spans.append((origin[start], origin[end - 1] + 1))
            start = flat.find(term, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
