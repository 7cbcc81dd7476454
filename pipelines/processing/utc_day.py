"""The site's own day for a publication time its markup gives in UTC.

Ghost stores times in UTC and writes them so (article:published_time and JSON-LD
datePublished "2025-06-30T23:15:00.000Z"), while its theme prints the day in the site's time
zone by the headline (`<time datetime="2025-07-01">Jul 1, 2025</time>`). htmldate reads the
markup's first ten characters: the day in Greenwich, a day early for a post written after
midnight in Europe, or before 8 a.m. in China. The day the page gives for that moment is the
story's.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from .dates import parse_iso_date

_UTC_TIME = re.compile(r"^(?:19|20)\d\d-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]00:?00)$")
_DAY_ALONE = re.compile(r"^(?:19|20)\d\d-\d\d-\d\d$")
_JSONLD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
# The time zones' reach: UTC-12 to UTC+14.
_WEST, _EAST = timedelta(hours=12), timedelta(hours=14)


def _published_utc(tree) -> datetime | None:
    """The publication time the page's markup gives, when it gives it in UTC."""
    values = [
        meta.get("content") or ""
        for meta in tree.iter("meta")
        if (meta.get("property") or "").lower() == "article:published_time"
    ]
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json":
            values += _JSONLD_PUBLISHED.findall(script.text or "")
    value = next((v.strip() for v in values if v.strip()), "")
    if not _UTC_TIME.match(value):
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def local_day(day: date | None, tree) -> date | None:
    """`day`, read from the markup, or the day the page's first `<time>` giving a day alone
    names, when the markup's publication time is in UTC on `day` and that day is the same
    moment's in some time zone (the day before or after)."""
    instant = _published_utc(tree) if day is not None else None
    if instant is None or instant.date() != day:
        return day
    for element in tree.iter("time"):
        value = (element.get("datetime") or "").strip()
        if _DAY_ALONE.match(value):
            shown = parse_iso_date(value)
            reach = (instant - _WEST).date(), (instant + _EAST).date()
            return shown if shown and reach[0] <= shown <= reach[1] else day
    return day
