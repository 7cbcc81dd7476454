"""Trap links told by their URL alone: session ids to strip, calendar walks, dates out of range.

Pure functions of a URL, without Scrapy: the registry canonicalises every link with
`strip_session_ids`, and commands that never crawl (reextract, export, query) import the
registry without paying for Scrapy's import. `crawler.traps` applies them in a crawl.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SESSION_PARAMS = frozenset(
    {
        "jsessionid",
        "phpsessid",
        "sid",
        "sessionid",
        "session_id",
        "aspsessionid",
        "cfid",
        "cftoken",
        "sessid",
    }
)
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sessionid)=[^/?#]*", re.I)
# A name that says calendar (path segment or script name), in English, pinyin or Chinese.
_CALENDAR = re.compile(
    r"calendar|kalender|event|agenda|schedule|rili|richeng|日历|日程"
    r"|(?:^|/)cal(?:/|\.|$)",
    re.I,
)
# A year with a month, maybe a day (2026-11, 2026/11/05, 20261105) anywhere in the URL.
_YEAR_MONTH = re.compile(
    r"(?<!\d)((?:19|20)\d{2})[-/_]?(?:0[1-9]|1[0-2])"
    r"(?:[-/_]?(?:0[1-9]|[12]\d|3[01]))?(?!\d)"
)
_YEAR_PARAM = re.compile(r"[?&](?:y|year|yr)=(\d{4})\b", re.I)
_DATE_PARAM = re.compile(r"[?&](?:y|year|month|m|date|day|d|ym|ymd)=\d", re.I)
OLDEST_YEAR = 1990  # no school site has news older than the web
FUTURE_YEARS = 1  # a school year's calendar may reach into next year; beyond that is a walk


def strip_session_ids(url: str) -> str:
    parts = urlsplit(url)
    path = _PATH_SESSION.sub("", parts.path)
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if k.lower() not in SESSION_PARAMS]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    if path == parts.path and query == parts.query:
        return url
    return urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))


# A script's path names no page by itself: its query says which (show.php?id=5, view.asp?d=2).
_SCRIPT = re.compile(r"\.(?:php\d?|aspx?|asp|jspx?|cgi|pl|do|action|cfm|nsf)$", re.I)
# A page number in a story's query names its other pages (…/123.html?page=2, split stories).
_PAGE_NUMBER = re.compile(r"(?:^|&)(?:page|p|pn|pageno|pageindex|start)=\d+(?:&|$)", re.I)


def query_matters(path: str, query: str) -> bool:
    """Whether a query may name another page than its path alone: a script's (show.php?id=5),
    or a page number (a split story's ?page=2). Elsewhere a site's patterns decide: a path they
    take for an article by itself is that article whatever query a link adds (Site.canonical)."""
    return bool(_SCRIPT.search(path) or _PAGE_NUMBER.search(query))


def years_in(url: str) -> list[int]:
    parts = urlsplit(url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    return [int(m.group(1)) for m in _YEAR_MONTH.finditer(target)] + [
        int(m.group(1)) for m in _YEAR_PARAM.finditer(target)
    ]


def trap_kind(url: str, kind: str, now: datetime) -> str | None:
    """'calendar' or 'date_range' when `url` is a list page link that walks a trap. Article
    links are never cut here: an ID can look like a date (/2401/05c9….html), and a walk is
    only endless through its list pages."""
    if kind != "listing":
        return None
    if any(year < OLDEST_YEAR or year > now.year + FUTURE_YEARS for year in years_in(url)):
        return "date_range"
    parts = urlsplit(url)
    dated = bool(years_in(url)) or bool(_DATE_PARAM.search("?" + parts.query))
    if dated and _CALENDAR.search(parts.path):
        return "calendar"
    return None
