"""Day or month first: a numeric date such as "3/4/2025" read the way the page means it.

htmldate reads an ambiguous numeric date day first (3 April), whatever the page: a US page
means 4 March, and htmldate does so even when the same page gives the date to machines in
ISO form (`<time datetime="2023-10-12…">10/12/2023</time>`, JSON-LD `datePublished`). Those
machine-readable dates settle the order; on a page that has none, its own slashed dates do
when one of them reads one way only (11/28/2026), or its language's region (en-US); a page
where nothing says keeps htmldate's reading.
"""

from __future__ import annotations

import re
from datetime import date

from .dates import parse_iso_date

_JSONLD_DATE = re.compile(
    r'"(?:datePublished|dateCreated|dateModified|uploadDate)"\s*:\s*"((?:19|20)\d\d-\d\d-\d\d)'
)
_META_DATES = ("article:published_time", "article:modified_time", "og:updated_time")
_MARKED_DATES = ("dc:date", "dc:created", "datepublished", "datecreated")


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
    # RDFa and microdata on any element: Drupal 7's <span property="dc:date dc:created"
    # content="2023-10-11T16:25:00+01:00">, <span itemprop="datePublished" content="…">.
    for element in tree.xpath("//*[@content][@property or @itemprop]"):
        names = f"{element.get('property') or ''} {element.get('itemprop') or ''}".lower()
        if any(name in names for name in _MARKED_DATES):
            found.add(_iso(element.get("content")))
    found.discard(None)
    return found


# A printed date with slashes, month and day in the page's order: 12/06/2026, 5/3/2024.
_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?![\d/])")


_US_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
).split()
# A US postal address, as a school's footer prints it: "Riverbend, OH 45801", "CA 94103-1234".
_US_ADDRESS = re.compile(rf",\s*(?:{'|'.join(_US_STATES)})\.?\s+\d{{5}}(?:-\d{{4}})?\b")


def printed_month_first(slashed: list[tuple[str, str, str]], tree, text: str) -> bool | None:
    """Whether the page prints month/day/year: one of its slashed dates can be read no other
    way (11/28/2026; 28/11/2026 says day first), else its language's region (en-US), else,
    where the page names no region, a US postal address in it (most school sites say
    lang="en" and print their address in the footer); None when nothing says."""
    month_first = any(int(second) > 12 for _, second, _ in slashed)
    day_first = any(int(first) > 12 for first, _, _ in slashed)
    if month_first != day_first:
        return month_first
    lang = (tree.getroottree().getroot().get("lang") or "").strip().lower()
    if lang.startswith("en-us"):
        return True
    if "-" not in lang and _US_ADDRESS.search(text):
        return True
    return None


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A weekday printed before a slashed date: "Tue, 05/21/2024 - 10:21" (Drupal's "Submitted by").
_WEEKDAY_SLASHED = re.compile(
    r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b", re.I
)


def weekday_says(day: date, text: str) -> date | None:
    """The reading of `day` (as printed, either order) whose weekday the page prints beside
    it ("Wed, 10/11/2023" is 11 October: 10 November 2023 was a Friday), or None."""
    other = day.replace(month=day.day, day=day.month)
    for name, first, second, year in _WEEKDAY_SLASHED.findall(text):
        if {int(first), int(second)} != {day.day, day.month} or int(year) != day.year:
            continue
        fits = [d for d in (day, other) if _WEEKDAYS[d.weekday()] == name[:3].lower()]
        if len(fits) == 1:
            return fits[0]
    return None


def _printed_day_first(day: date, slashed: list[tuple[str, str, str]]) -> bool:
    """Whether the page prints `day` as day/month/year (5/3/2024 for 5 March): the date
    htmldate read from a slashed date."""
    return any(
        (int(first), int(second), int(year)) == (day.day, day.month, day.year)
        for first, second, year in slashed
    )


def in_page_order(day: date | None, tree) -> date | None:
    """`day`, or its month and day exchanged when only that reading is among the page's
    machine-readable dates, or, when they say nothing, when the page prints its dates month
    first (US pages: "Posted: 12/06/2026" is 6 December) and `day` was read from one."""
    if day is None or day.day > 12 or day.day == day.month:
        return day  # not ambiguous
    other = day.replace(month=day.day, day=day.month)
    known = machine_dates(tree)
    if known & {day, other}:
        return other if other in known and day not in known else day
    text = " ".join(tree.itertext())  # read once: the page's printed dates
    if said := weekday_says(day, text):
        return said
    slashed = _SLASHED.findall(text)
    if printed_month_first(slashed, tree, text) and _printed_day_first(day, slashed):
        return other
    return day


def page_month_first(tree) -> bool | None:
    """Whether the page prints its slashed dates month first (printed_month_first over its
    whole text); None when nothing says."""
    text = " ".join(tree.itertext())
    return printed_month_first(_SLASHED.findall(text), tree, text)
