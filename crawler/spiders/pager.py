"""A list page's pager: which links lead to the next list pages.

A pager's links the site's patterns do not know are list pages all the same when they lead
to the page itself with another page number (`sibling_pages`): XOOPS's `index.php?g2p=2`
under a followed `index.php`, `list_2.htm` under `list.htm`. Without them a crawl read a
column's first page and stopped there, and the run said nothing.

A routine walk stops at the first list page that brings nothing new, but a pager that links
every list page (VSB, WebPlus: "1 2 3 … 41 下页 尾页") had one new story on the first page send
the run to all of them at once, before any could say it brought nothing new. A routine walk
therefore goes on through the pager's "next" link alone, where the page has one the profile
follows; first runs and `--full` still take every pager link at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

from scrapy.http import HtmlResponse

# Links to the next pages of a list, in the shapes CMSes give them.
PAGINATION = re.compile(
    r"[?&](?:page|p|pn|pageno|pageindex)=\d+|/list\d+\.\w+$|/index_\d+\.\w+$|/page/\d+/?$"
    r"|_\d+\.s?html?$",
    re.I,
)
# A pager's link to the next list page, by its text ("下页", "下一页", "Next", "›"), and any
# pager link (a page number, first, last, previous, next).
NEXT_PAGE = re.compile(
    r"^\s*(?:下一?[页頁]|[后後][页頁]|next(?:\s+page)?|[›»>＞]|>>)\s*[›»>]?\s*$", re.I
)
PAGER = re.compile(
    r"^\s*(?:\d+|[首尾末上前下后後]一?[页頁]|first|last|prev(?:ious)?(?:\s+page)?|"
    r"next(?:\s+page)?|[‹«<›»>＞]{1,2}|\.\.\.|…)\s*[‹«<›»>]?\s*$",
    re.I,
)

Target = Callable[[str], "tuple[str, str | None]"]  # a link's canonical URL and class


def pager_links(response: HtmlResponse, target: Target) -> tuple[set[str], set[str]]:
    """(the pager's "next" links, all its links) of a list page, by the links' texts; nothing
    when the page has no "next" link to a list page. Read from every anchor: Scrapy's link
    extractor keeps one text per URL ("2", not the "下页" that links the same page)."""
    texts: dict[str, list[str]] = {}
    for anchor in response.xpath("//a[@href]"):
        try:
            url, kind = target(response.urljoin(anchor.attrib["href"]))
        except ValueError:  # a malformed link ("http://x.[y/") is no pager link
            continue
        if kind == "listing":  # a script's pager (javascript:goPage(2)) is not followed
            texts.setdefault(url, []).append(anchor.xpath("normalize-space(.)").get() or "")
    following = {url for url, said in texts.items() if any(map(NEXT_PAGE.match, said))}
    if not following:
        return set(), set()
    return following, {url for url, said in texts.items() if all(map(PAGER.match, said))}


_NUMBER = re.compile(r"[_-]?\d+")


def _page_number_apart(url: str, page_url: str) -> bool:
    """`url` is `page_url` with another page number: the same host and path and a query
    that differs in one parameter, a number (`?g2p=2`, `?ncsn=5&page=3`); or a path that
    differs in its numbers alone (`list2.htm` from `list.htm`, `index_2.htm` from
    `index.htm`; not `/news/2.htm` from `/news.htm`)."""
    there, here = urlsplit(url), urlsplit(page_url)
    if there.netloc != here.netloc or url == page_url:
        return False
    if there.path != here.path:
        same_shape = _NUMBER.sub("", there.path) == _NUMBER.sub("", here.path)
        return same_shape and there.query == here.query
    ours, theirs = dict(parse_qsl(here.query)), dict(parse_qsl(there.query))
    changed = {k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k)}
    return len(changed) == 1 and theirs.get(changed.pop(), "").isdigit()


def sibling_pages(response: HtmlResponse, target: Target) -> tuple[list[str], list[str]]:
    """(the "next" links, all links) of the list page's pager that the site's patterns do not
    follow (class None) and that lead to this page with another page number, by their text
    (a number, 下一页, Next, ›): its next pages, to be walked as list pages. In page order."""
    here = target(response.url)[0]
    texts: dict[str, list[str]] = {}
    for anchor in response.xpath("//a[@href]"):
        text = anchor.xpath("normalize-space(.)").get() or ""
        if not PAGER.match(text):
            continue
        try:
            url, kind = target(response.urljoin(anchor.attrib["href"]))
        except ValueError:  # a malformed link is no pager link
            continue
        if kind is None and _page_number_apart(url, here):
            texts.setdefault(url, []).append(text)
    following = [url for url, said in texts.items() if any(map(NEXT_PAGE.match, said))]
    return following, list(texts)
