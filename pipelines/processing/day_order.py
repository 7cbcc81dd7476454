"""Day or month first: a numeric date such as "3/4/2025" read the way the page means it.

htmldate reads an ambiguous numeric date day first (3 April), whatever the page: a US page
means 4 March, and htmldate does so even when the same page gives the date to machines in
ISO form (`<time datetime="2023-10-12…">10/12/2023</time>`, JSON-LD `datePublished`). Those
machine-readable dates settle the order; a page that has none keeps htmldate's reading.
"""

from __future__ import annotations

import re
from datetime import date

from .dates import parse_iso_date

_JSONLD_DATE = re.compile(
    r'"(?:datePublished|dateCreated|dateModified|uploadDate)"\s*:\s*"((?:19|20)\d\d-\d\d-\d\d)'
)
_META_DATES = ("article:published_time", "article:modified_time", "og:updated_time")


def _iso(value: str | None) -> date | None:
    return parse_iso_date((value or "").strip())


def machine_dates(tree) -> set[date]:
    """The ISO dates a page gives machines: `<time datetime>`, JSON-LD's dates, and the
    article meta tags."""
    found = {_iso(t.get("datetime")) for t in tree.iter("time")}
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json":
            found.update(_iso(value) for value in _JSONLD_DATE.findall(script.text or ""))
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key in _META_DATES:
            found.add(_iso(meta.get("content")))
    found.discard(None)
    return found


def in_page_order(day: date | None, tree) -> date | None:
    """`day`, or its month and day exchanged when only that reading is among the page's
    machine-readable dates."""
    if day is None or day.day > 12 or day.day == day.month:
        return day  # not ambiguous
    other = day.replace(month=day.day, day=day.month)
    known = machine_dates(tree)
    return other if other in known and day not in known else day
