"""A list page's pager: which links lead to the next list pages.

A pager's links the site's patterns do not know are list pages all the same when they lead
to the page itself with another page number (`sibling_pages`): XOOPS's `index.php?g2p=2`
under a followed `index.php`, `list_2.htm` under `list.htm`; and so are the pages a script
pager writes (`script_pages`: TRS WCM's createPageHTML). Without them a crawl read a
column's first page and stopped there, and the run said nothing.

A routine walk stops at the first list page that brings nothing new, but a pager that links
every list page (VSB, WebPlus: "1 2 3 … 41 下页 尾页") had one new story on the first page send
the run to all of them at once, before any could say it brought nothing new. A routine walk
therefore goes on through the pager's "next" link alone, where the page has one the profile
follows; first runs and `--full` still take every pager link at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from urllib.parse import parse_qsl, urlsplit

from scrapy.http import HtmlResponse

from crawler.page_links import absolute_url

# Links to the next pages of a list, in the shapes CMSes give them.
PAGINATION = re.compile(
    r"[?&](?:page|p|pn|pageno|pageindex)=\d+|/list\d+\.\w+$|/index_\d+\.\w+$|/page/\d+/?$"
    r"|_\d+\.s?html?$",
    re.I,
)
# A pager's link to the next list page, by its text ("下页", "下一页", "Next", "Next >>", "›",
# WordPress's "Older posts" and "« Older Entries"), and any pager link (a page number, first,
# last, previous, next, newer). Joomla labels its first and last pages "Start" and "End"
# (« Start, End »): not known, "End" was an ordinary list page to a routine walk, which
# fetched the category's last page besides following "Next". Weebly's "<< Previous" (its
# older posts) was no pager label either: one arrow was allowed, not two.
_OLDER = r"older(?:\s+(?:posts|entries|stories|news|articles))?"
NEXT_PAGE = re.compile(
    r"^\s*(?:(?:下一?[页頁]|[后後][页頁]|next(?:\s+page)?|[›»>＞]|>>)\s*[›»>]{0,2}"
    rf"|[‹«<]{{0,2}}\s*{_OLDER}\s*[›»>]{{0,2}})\s*$",
    re.I,
)
PAGER = re.compile(
    r"^\s*[‹«<]{0,2}\s*(?:\d+|[首尾末上前下后後]一?[页頁]|最后一?[页頁]|第一[页頁]|"
    r"(?:first|last|start|end|prev(?:ious)?|next)(?:\s+page)?|"
    r"(?:older|newer)(?:\s+(?:posts|entries|stories|news|articles))?|"
    r"[‹«<›»>＞]{1,2}|\.\.\.|…)\s*[‹«<›»>]{0,2}\s*$",
    re.I,
)
# A pager's link to the previous page ("Previous", "<< Previous", "‹ Prev", "«"): on the first
# page of a list there is no newer page, so where a pager offers no "next" link it leads to
# older stories (Weebly: /news.html's "<< Previous" is /news/previous/2, the older posts). On a
# CMS's last page it leads back to a page the walk read before: asked once, never again.
PREVIOUS_PAGE = re.compile(r"^\s*(?:[‹«<]{0,2}\s*prev(?:ious)?(?:\s+page)?|[‹«<]{1,2})\s*$", re.I)

Target = Callable[[str], "tuple[str, str | None]"]  # a link's canonical URL and class

# An icon link's label says what its text would (Joomla 4: "Go to next page", "Go to page 2",
# "Go to end page"; its pager's anchors hold an icon alone): without it, no pager was found.
_LABEL_LEAD = re.compile(r"^\s*(?:go\s+to\s+)?(?:the\s+)?(?:page\s+(?=\d))?", re.I)


def link_text(text: str, attrs) -> str:
    """The anchor's text, or its aria-label or title when it shows none (an icon)."""
    if text:
        return text
    return _LABEL_LEAD.sub("", attrs.get("aria-label") or attrs.get("title") or "").strip()


def pager_links(response: HtmlResponse, target: Target) -> tuple[set[str], set[str]]:
    """(the pager's "next" links, all its links) of a list page, by the links' texts; nothing
    when the page has no "next" link to a list page (pager_walk)."""
    following, every, _ = pager_walk(response, target)
    return following, every


def pager_walk(
    response: HtmlResponse, target: Target, backwards: bool = False
) -> tuple[set[str], set[str], bool]:
    """(the links the walk goes on through, all the pager's links, whether those are its
    "previous" links) of a list page. The way on is its "next" link; where it has none, or
    where the walk came to the page through "previous" links (`backwards`: Weebly's older
    pages link "<< Previous" on, "Next >>" back), its "previous" link. Nothing when the page
    has neither. Read from every anchor: Scrapy's link extractor keeps one text per URL ("2",
    not the "下页" that links the same page)."""
    here = target(response.url)[0]
    texts: dict[str, list[str]] = {}
    for anchor in response.xpath("//a[@href]"):
        try:
            url, kind = target(absolute_url(response, anchor.attrib["href"]))
        except ValueError:  # a malformed link ("http://x.[y/") is no pager link
            continue
        if kind == "listing" and url != here:  # a script's pager is not followed
            said = anchor.xpath("normalize-space(.)").get() or ""
            texts.setdefault(url, []).append(link_text(said, anchor.attrib))
    nexts = {url for url, said in texts.items() if any(map(NEXT_PAGE.match, said))}
    previous = {url for url, said in texts.items() if any(map(PREVIOUS_PAGE.match, said))}
    by_previous = bool(previous) and (backwards or not nexts)
    following = previous if by_previous else nexts
    if not following:
        return set(), set(), False
    every = {url for url, said in texts.items() if all(map(PAGER.match, said))}
    return following, every, by_previous


_NUMBER = re.compile(r"[_-]?\d+")


def _page_number_apart(url: str, page_url: str) -> bool:
    """`url` is `page_url` with another page number: the same host and path and a query
    that differs in one parameter, a number (`?g2p=2`, `?ncsn=5&page=3`), or that a bare URL
    gains with the list's name (`/` to `/?q=node&page=1`); or a path that differs in its file
    name's numbers alone (`list2.htm` from `list.htm`, `index_2.htm` from `index.htm`; not
    `/news/2.htm` from `/news.htm`), by page numbers (_page_number)."""
    there, here = urlsplit(url), urlsplit(page_url)
    if there.netloc != here.netloc or url == page_url:
        return False
    if there.path != here.path:  # in its file name alone: not /2024/07/list.htm
        (folder, _, name), (ours, _, own) = there.path.rpartition("/"), here.path.rpartition("/")
        numbers = set(re.findall(r"\d+", name)) - set(re.findall(r"\d+", own))
        same_shape = folder == ours and _NUMBER.sub("", name) == _NUMBER.sub("", own)
        return same_shape and there.query == here.query and all(map(_page_number, numbers))
    ours, theirs = dict(parse_qsl(here.query)), dict(parse_qsl(there.query))
    if not ours:
        # A list's first page at a bare URL: its pager may name the list beside the number
        # (Drupal's front page / pages on to ?q=node&page=1): one number, one name at most.
        numbers = [key for key, value in theirs.items() if _page_number(value)]
        return len(numbers) == 1 and len(theirs) <= 2
    changed = {k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k)}
    return len(changed) == 1 and _page_number(theirs.get(changed.pop(), ""))


def _page_number(value: str) -> bool:
    """A list's page number: a few digits, not a year or a date (a calendar's ?ym=202406,
    ?date=20240612 and /2024/07/ lead to other days, with no end to them)."""
    return value.isdigit() and len(value) <= 4 and not re.fullmatch(r"(?:19|20)\d\d", value)


# TRS WCM (拓尔思: most government and education bureaus' sites) writes a column's pager with
# a script: `createPageHTML(3, 0, "index", "html")`, or `var countPage = 3`, `currentPage = 0`
# and document.write("index_" + i + ".html"). The pages are index.html, index_1.html, … .
_PAGE_CALL = re.compile(
    rb"""createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*["'](\w+)["']\s*,\s*["'](\w+)["']"""
)
# Its later templates (TRS WCM 7 and on, Hycloud 海云) name the pager's <div> first, count the
# pages from 1 and give the record count last: `createPageHTML('page_div', 5, 1, 'index',
# 'html', 89)` on the first page, whose next is index_2.html (page N is index_N). A crawl
# that read only the first form stopped such a column at its first page, saying nothing.
_DIV_CALL = re.compile(
    rb"""createPageHTML\(\s*["'][\w-]+["']\s*,\s*(\d+)\s*,\s*(\d+)\s*,"""
    rb"""\s*["'](\w+)["']\s*,\s*["'](\w+)["']"""
)
_PAGE_COUNT = re.compile(rb"\bcountPage\s*=\s*(\d+)")
_CURRENT_PAGE = re.compile(rb"\bcurrentPage\s*=\s*(\d+)")
_PAGE_FILE = re.compile(r"/(\w+?)(?:_\d+)?\.(\w+)$")
MAX_SCRIPT_PAGES = 1000  # a column's pages a script pager may name (the crawl's bounds apply)


def _pager_call(response: HtmlResponse) -> tuple[int, int, bytes, bytes, int] | None:
    """(page count, this page's place from 0, name, extension, number of the second page) of
    the page's script pager, or None."""
    body = response.body
    if call := _PAGE_CALL.search(body):
        return int(call[1]), int(call[2]), call[3], call[4], 1
    if call := _DIV_CALL.search(body):
        return int(call[1]), max(int(call[2]) - 1, 0), call[3], call[4], 2
    if (found := _PAGE_COUNT.search(body)) and not urlsplit(response.url).query:
        at = _CURRENT_PAGE.search(body)
        file = _PAGE_FILE.search(urlsplit(response.url).path)  # index_1.html: index, html
        name, ext = (file[1].encode(), file[2].encode()) if file else (b"index", b"html")
        return int(found[1]), int(at[1]) if at else 0, name, ext, 1
    return None


def script_pages(response: HtmlResponse) -> tuple[list[str], list[str]]:
    """(the next page, every page) of a list page whose pager a script writes (TRS WCM)."""
    if b"createPageHTML" not in response.body and b"countPage" not in response.body:
        return [], []  # one byte search
    if (call := _pager_call(response)) is None:
        return [], []
    count, current, name, ext, second = call
    stem, ext = name.decode(), ext.decode()
    pages = [
        response.urljoin(f"{stem}_{second + i - 1}.{ext}" if i else f"{stem}.{ext}")
        for i in range(min(count, MAX_SCRIPT_PAGES))
    ]
    return pages[current + 1 : current + 2], pages


Numbered = Iterator[tuple[str, "str | None", str]]  # (canonical URL, class, text)


def _numbered_links(response: HtmlResponse, target: Target) -> Numbered:
    """(canonical URL, class, text) of the page's pager links (a number, 下一页, Next, ›) that
    lead to this page with another page number, in page order. The tree is walked with lxml
    itself: on an article page (story_pages) most anchors are no pager's, and a selector's
    XPath call per anchor cost more than the rest of the test."""
    here = target(response.url)[0]
    for anchor in response.selector.root.iter("a"):
        href = anchor.get("href")
        text = link_text(" ".join(anchor.text_content().split()), anchor.attrib)
        if href is None or not PAGER.match(text):
            continue
        try:
            url, kind = target(absolute_url(response, href))
        except ValueError:  # a malformed link is no pager link
            continue
        if _page_number_apart(url, here):
            yield url, kind, text


def story_pages(response: HtmlResponse, target: Target) -> list[str]:
    """The other pages of an article's own pager (…&page=2, article-130-2.html): the same
    story's other parts, by their pager text (a number, 下一页)."""
    return list(dict.fromkeys(url for url, _, _ in _numbered_links(response, target)))


def sibling_pages(response: HtmlResponse, target: Target) -> tuple[list[str], list[str]]:
    """(the "next" links, all links) of the list page's pager that the site's patterns do not
    follow (class None) and that lead to this page with another page number, by their text
    (a number, 下一页, Next, ›), and the pages a script pager writes: its next pages, to be
    walked as list pages. In page order."""
    here = target(response.url)[0]
    texts: dict[str, list[str]] = {}
    for url, kind, text in _numbered_links(response, target):
        if kind is None:
            texts.setdefault(url, []).append(text)
    following = [url for url, said in texts.items() if any(map(NEXT_PAGE.match, said))]
    written_next, written = script_pages(response)
    for url in written:  # a script pager's pages: any the patterns do not take for articles
        canonical, kind = target(url)
        if kind != "article" and canonical != here:
            texts.setdefault(canonical, [])
            following += [canonical] if url in written_next else []
    return following, list(texts)


def has_next_page(response: HtmlResponse, target: Target) -> bool:
    """Whether the list page has a pager a crawl walks to its next page: a pager link to this
    page with another page number, a "next" link to a list page, a pager a script writes, or
    an ASP.NET pager posting the form back."""
    from crawler.spiders.postback import postback_pager  # it imports this module's patterns

    return bool(
        next(_numbered_links(response, target), None)
        or pager_links(response, target)[0]
        or script_pages(response)[1]
        or postback_pager(response)
    )
