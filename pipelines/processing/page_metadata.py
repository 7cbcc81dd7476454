"""trafilatura's metadata of a page (title, author, htmldate's date), read on first use: the
date, title and author a page gives in its markup, when it prints none by its headline."""

from __future__ import annotations

import contextlib
import copy
import functools
import re
from datetime import date

import htmldate
import trafilatura
from trafilatura import metadata as trafilatura_metadata

from . import dates, day_order, list_forms, metadata, utc_day, versions, wechat

_ISO_DAY = re.compile(r"(?:19|20)\d\d-[01]\d-[0-3]\d")


class PageMetadata:
    """trafilatura's metadata of a tree (title, author, htmldate's date), read on first use.

    Exactly what `bare_extraction(with_metadata=True)` would have read from the same tree, at
    a third of its cost, paid only on pages that do not print a title, a date by the headline
    or a byline themselves (htmldate alone costs more than the rest of the metadata).
    """

    def __init__(self, tree, url: str, latest: date | None) -> None:
        self._tree, self._url, self._found, self._latest = tree, url, None, latest
        # Bound date search by the fetch time, not today: re-extraction must not drift.
        self._dates = {
            "extensive_search": False,
            "original_date": True,
            "outputformat": "%Y-%m-%d",
            **({"max_date": latest.isoformat()} if latest else {}),
        }

    def get(self, field: str) -> str | None:
        if field == "author" and self._found is None:
            return self._author()
        if self._found is None:
            self._found = trafilatura.extract_metadata(
                self._tree, self._url, self._dates, False, set()
            )
        return getattr(self._found, field)

    @functools.cached_property
    def _versions(self) -> frozenset[str]:
        return versions.software_versions(self._tree)

    @property
    def tree(self):
        return self._tree

    @functools.cached_property
    def _script_days(self) -> frozenset[str]:
        """The ISO days the page's scripts write (not its JSON-LD): SharePoint's server clock,
        `clientServerTimeDelta: new Date("2026-12-07T11:00:00Z")` on every page."""
        return frozenset(
            day
            for script in self._tree.iter("script")
            if "json" not in (script.get("type") or "").lower()
            for day in _ISO_DAY.findall(script.text or "")
        )

    @functools.cached_property
    def _date_tree(self):
        """The tree htmldate reads again: without the software versions the page names and,
        when they write a day, its scripts: a script's clock is never a publication date."""
        tree = versions.without_versions(self._tree, self._versions)
        if not self._script_days:
            return tree
        tree = copy.deepcopy(tree) if tree is self._tree else tree
        for script in list(tree.iter("script")):
            if "json" not in (script.get("type") or "").lower():
                script.drop_tree()
        return tree

    def markup_date(self) -> date | None:
        """htmldate's date from the page's markup, in the page's day order (day_order), the
        site's day when the markup gives a UTC time (utc_day); read again without the software
        versions the page names, when it names any (versions)."""
        found = dates.parse_iso_date(self.get("date"))
        if found is not None and (self._versions or found.isoformat() in self._script_days):
            found = dates.parse_iso_date(
                htmldate.find_date(self._date_tree, **{**self._dates, "url": self.get("url")})
            )
        return utc_day.local_day(day_order.in_page_order(found, self._tree), self._tree)

    def script_date(self) -> date | None:
        """The day a WeChat article's script publishes it (its page prints none)."""
        return wechat.published(self._tree, self._latest)

    def searched_date(self) -> date | None:
        """A date htmldate finds in the whole page's text, the last guess. On the 36 wcxb_dev
        article pages where nothing else found one, it found the right day on 23 and a wrong
        one on 13. Never a day 1st: that is how it writes a month or a year alone (a copyright
        line), 8 of the 13 wrong and 1 of the 23 right; a made-up day is worse than none."""
        found = htmldate.find_date(
            self._date_tree, url=self._url, **{**self._dates, "extensive_search": True}
        )
        day = dates.parse_iso_date(found)
        return day if day is not None and day.day != 1 else None

    def _author(self) -> str | None:
        """extract_metadata's own author steps alone (meta tags, JSON-LD, then the page's
        bylines): the author is wanted on most pages, the date rarely (test_processing
        checks the two agree)."""
        meta = trafilatura_metadata.examine_meta(self._tree)
        if meta.author and " " not in meta.author:
            meta.author = None
        with contextlib.suppress(Exception):  # as extract_metadata: bugs in its JSON-LD reader
            meta = trafilatura_metadata.extract_meta_json(self._tree, meta)
        if meta.author:
            return meta.author
        if not metadata.may_name_author(self._tree):
            return None  # what extract_author would find, without its copy and XPath walks
        return trafilatura_metadata.extract_author(self._tree)


def published_date(
    visible: str,
    title: str | None,
    found: PageMetadata,
    url: str,
    latest: date | None,
    lines: list[str],
) -> date | None:
    """A full date printed by the headline is the page's own word; URLs, a notice's signing
    day and a search of the whole page are the last guesses."""
    visible = dates.in_arabic(visible)  # 二〇二四年五月二十日 as 2024年5月20日
    return (
        dates.date_near_headline(visible, title, latest)
        or dates.labelled_date(visible, latest)
        or list_forms.created(found.tree)
        or found.script_date()
        or found.markup_date()
        or dates.url_date(url, latest)
        or dates.signed_date(lines, latest)
        or found.searched_date()
    )
