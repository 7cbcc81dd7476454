"""ASP.NET WebForms pagers: a column's later pages, asked for by posting its form back.

Old school sites built on ASP.NET page their columns with links such as
`javascript:__doPostBack('AspNetPager1','2')` (Webdiyer's AspNetPager, the commonest pager of
Chinese ASP.NET sites), `__doPostBack('GridView1','Page$2')` (a GridView) or a LinkButton
"下一页" (`__doPostBack('ctl00$main$btnNext','')`). The browser then POSTs the page's form to
the same URL with `__EVENTTARGET` and `__EVENTARGUMENT` set, and the server answers with page
2. No link extractor sees such a link: a crawl read a column's first page and stored its
articles alone, without a word about the rest.

A list page's postback pager is followed by its "next" link (`NEXT_PAGE`), or, where it has
none, by its page numbers. Pages reached this way have no URL of their own (the form's URL
answers page 1 to a GET), so they are read for their links and not stored. A walk cannot
loop: a numbered page is asked for once per (URL, pager, number), and a "next" link whose
argument names no page (a LinkButton's empty one) once per set of article links the page
it is on holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import scrapy
from form2request import form2request
from scrapy.http import HtmlResponse

from crawler.spiders.pager import NEXT_PAGE

_POSTBACK = re.compile(r"""__doPostBack\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]*)['"]\s*\)""")
_PAGE_NUMBER = re.compile(r"^\s*\d+\s*$")
# The ASP.NET form: the one holding the view state (a page may have a search form first).
_FORM = "//form[.//input[@name='__VIEWSTATE' or @name='__EVENTTARGET']]"


def postback_pager(response: HtmlResponse) -> list[tuple[str, str]]:
    """(event target, argument) of the list page's postback pager links to follow: its
    "next" links, or, when it has none, its page numbers; in page order, each once."""
    nexts: dict[tuple[str, str], None] = {}
    numbers: dict[tuple[str, str], None] = {}
    for anchor in response.xpath("//a[contains(@href, '__doPostBack')]"):
        found = _POSTBACK.search(anchor.attrib["href"])
        if not found:
            continue
        text = anchor.xpath("normalize-space(.)").get() or ""
        if NEXT_PAGE.match(text):
            nexts[found.group(1), found.group(2)] = None
        elif _PAGE_NUMBER.match(text) and found.group(2):
            numbers[found.group(1), found.group(2)] = None
    return list(nexts or numbers)


def has_form(response: HtmlResponse) -> bool:
    return bool(response.xpath(_FORM))


class PostbackWalk:
    """One run's postback requests: which were asked for already, and how to ask (the list
    page's callback and errback)."""

    def __init__(self, callback: Callable, errback: Callable) -> None:
        self._asked: set[tuple[Any, ...]] = set()
        self._args = {"callback": callback, "errback": errback, "meta": {"kind": "listing"}}

    def requests(self, response: HtmlResponse, links: Iterable[str]) -> list[scrapy.Request]:
        """The requests for the list page's next pages by postback (none when it has no
        postback pager or no ASP.NET form). `links`: the page's article links."""
        pager = postback_pager(response)
        if not pager or not has_form(response):
            return []
        listed = frozenset(links)
        asked = []
        for target, argument in pager:
            # An argument naming a page asks for it; one that does not ("", "Next") asks for
            # the page after this one, which only this page's links tell apart (a last page
            # that answers itself links what it linked: not asked for again).
            key = (response.url, target, argument)
            if not re.search(r"\d", argument):
                key += (listed,)
            if key in self._asked:
                continue
            self._asked.add(key)
            data = {"__EVENTTARGET": target, "__EVENTARGUMENT": argument}
            try:  # click=False: as __doPostBack submits it, no button's name and value
                posted = form2request(response.xpath(_FORM)[0], data, click=False)
            except (ValueError, NotImplementedError):  # a multipart or dialog form: not asked
                continue
            asked.append(posted.to_scrapy(**self._args))
        return asked
