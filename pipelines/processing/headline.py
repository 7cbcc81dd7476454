"""Where a story's headline is read: the site's own selector, else the page's <title> and
headings (metadata.clean_title), else, where those give none or the site's name, the heading
over the page's labelled date line, else, on Chinese pages whose <title> names a column or
the site, the line above the page's date line.

`lead` is the first lines of trafilatura's text, where a headline the <title> does not give
stands; `visible` the page's visible text, where its date line stands.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple
from urllib.parse import urlsplit

from . import dates, list_forms, metadata, page_kind
from .rules import ExtractionRules


class Candidates(NamedTuple):
    """What a page offers as its headline: the <title> (or the metadata's), its headings, its
    one <h1>, and `lead`, the first lines of trafilatura's text."""

    shown: str | None
    heads: list[str]
    h1: str | None
    lead: list[str]


def title(
    offered: Candidates, rules: ExtractionRules, tree, visible: str, url: str, cjk: bool
) -> str | None:
    """The headline (metadata.clean_title) of what the page offers, unless it is none or
    holds the site's name (Blackboard's <title> "District / Homepage" on every story): then
    the heading over the page's labelled date line. Where the headline found is no story's
    (a column's name, the site's) on a Chinese page, the line above its date line, where old
    Chinese CMSes print it in a table cell (an English headline is often a link to its own
    page, so not on English pages)."""
    if rules.headline and (chosen := _selected(tree, rules.headline)):
        return chosen  # the site's entry says where its headline stands
    if named := list_forms.title(tree):
        return named  # a SharePoint list item's Title field (its <h1> names the list)
    found = metadata.clean_title(
        offered.shown, offered.heads, rules.site_names, offered.h1, offered.lead
    )
    links = functools.cache(lambda: _link_texts_elsewhere(tree, url))

    def linked(text: str) -> bool:
        # One XPath in C first (a link of that text, no-break and ideographic spaces as
        # spaces): the whole set, a walk in Python, only then.
        return bool(tree.xpath(_LINK_OF_TEXT, t=text)) and text in links()

    if _whole_title_shown(found, offered.shown, rules.site_names, visible, linked) and not (
        _names_host(offered.shown, found, url)
    ):
        return offered.shown.strip()
    # Asked at most once: a doubtful headline asks first, a short Chinese one again.
    over_date = functools.cache(lambda: _heading_over_date(visible, offered.heads, links()))
    doubtful = _doubtful(found, offered.shown, rules.site_names, linked)
    if doubtful and (dated := over_date()):
        return dated
    if not cjk or (found is not None and len(found) > metadata.SHORT_NAME):
        return found  # most pages: no link text read
    if (dated := over_date()) and dated != found:
        # A short heading elsewhere, the story's over its date line: Rpage heads its sidebar
        # 最新消息 (before the story, and no link), its headline an <h3> over 發布日期.
        return dated
    if found is None or metadata.names_no_story(found, offered.shown, links()):
        return metadata.headline_above_date(visible, links()) or found
    return found


_LINK_OF_TEXT = "//a[normalize-space(translate(., '\u00a0\u3000', '  '))=$t]"
# What a <title> adds to the site's name on every page of some CMSes ("District / Homepage").
_HOME = re.compile(
    r"[\s/|:·_–—-]*(?:home\s*page|home|index|welcome|首页|首頁|主页|主頁)[\s/|:·_–—-]*", re.I
)


def _doubtful(found: str | None, shown: str | None, site_names: tuple[str, ...], linked) -> bool:
    """No headline found, or the site's name: one of its known names, or the <title> less
    the headline is the home page's word (the <title> names the site alone, on every page) or
    a column's name, a link's text elsewhere on the page ("School Name - School News" on
    every story of an old school site, its menu linking "School News"), or the headline found
    is that column's name (the site's name, known, left out of such a <title>). `linked`:
    whether a text is one of those, asked only then."""
    if found is None or any(name in found for name in site_names if name):
        return True
    rest = (shown or "").replace(found, "", 1)
    if rest == (shown or "") or not rest.strip():
        return False
    if _HOME.fullmatch(rest) is not None:
        return True
    return linked(_SEPARATED.sub("", rest)) or linked(found)


_SEPARATED = re.compile(r"^[\s/|:·_–—-]+|[\s/|:·_–—-]+$")


def _whole_title_shown(found, shown, site_names, visible: str, linked) -> bool:
    """The page shows its whole <title> as a line of its own, where the headline found is
    a part of it: the <title> is the headline, its separator the headline's own. ischool's
    story page shows it in a <span id="news_title">, no heading: '期中考試時程公告-期中考試'
    lost '-期中考試' as if it named the site (20 of 43 stories of a trial). Not when the
    <title> holds a known site name or the part left out names an institution or is a link's
    text (a column's name in the menu): then it is the site's or the column's."""
    if not found or not shown or found == (shown := " ".join(shown.split())):
        return False
    if found not in shown or any(name in shown for name in site_names if name):
        return False
    rest = _SEPARATED.sub("", shown.replace(found, "", 1))
    if not rest or metadata.names_institution(rest) or linked(rest):
        return False
    return shown in {" ".join(line.split()) for line in visible.splitlines()}


_ALNUM = re.compile(r"[^a-z0-9]")


def _names_host(shown: str, found: str, url: str) -> bool:
    """The <title>'s part left out of the headline spells the site's host name ('CNX
    Software' on www.cnx-software.com, 'LessWrong' on lesswrong.com): the site's, even where
    the page prints its whole <title> (a share box, a breadcrumb). Two wcxb articles took
    '— LessWrong' and '- CNX Software' into their headlines without this."""
    rest = _ALNUM.sub("", " ".join(shown.split()).replace(found, "", 1).lower())
    try:
        host = _ALNUM.sub("", (urlsplit(url).hostname or "").lower())
    except ValueError:  # a malformed URL names no host
        return False
    return len(rest) >= 3 and rest in host


_POSTED = ("posted", "published", "date")  # an English date line's label


def _heading_over_date(visible: str, heads: list[str], links: set[str]) -> str | None:
    """The heading just above the page's first labelled date line ("Castillo Named Educator
    of the Year" over "Posted on: 12/03/2026", "发布时间：2025-4-18"). Only a heading of the
    page, and no link's text elsewhere on it (a sidebar's entry over its date, a column's
    name). A bare English date ("December 3, 2026") is no label: an events box prints those.
    Asked only where the headline found is doubtful: on the shared sets' articles the heading
    over a date line is as often an author's box ("Paramita (Guha) Ghosh" over "Published").
    """
    above = ""
    lines = (" ".join(line.split()) for line in visible.splitlines())
    for line in [line for line in lines if line][:200]:
        if dates.labelled(line) or (
            line.lower().startswith(_POSTED) and dates.EN_DATE_LINE.match(line)
        ):
            return above if above in heads and above not in links else None
        above = line
    return None


def _link_texts_elsewhere(tree, url: str) -> set[str]:
    """The texts of the page's links, but those to the page itself: a sidebar of the latest
    lists the story's own headline, which is no column's name."""
    texts = set()
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if href and (resolved := page_kind.resolve(url, href)) and resolved[0] == url:
            continue
        texts.add(" ".join(anchor.text_content().split()))
    return texts


def _selected(tree, selector: str) -> str | None:
    """The text of the first element the CSS selector picks that has any."""
    for element in tree.cssselect(selector):
        if text := " ".join(element.text_content().split()):
            return text
    return None
