"""The URL shapes `sites probe` writes into a new site's entry when no profile knows them.

Old school CMSes name their pages as they please: articles at ShowArticle.asp?ArticleID=123,
columns at ShowClass.asp?ClassID=2 paging on to ShowClass.asp?ClassID=2&page=2. The probe
reads such pages and writes their shapes (digit runs generalised) as the entry's own patterns,
so the crawl reaches what the probe saw, every column and every later page of it included.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

from scrapy.http import HtmlResponse

from crawler.fetch import canonical_link
from crawler.page_links import absolute_url, denied
from crawler.registry import Site
from crawler.trap_urls import query_matters

# What names a site's news, or more of it, in a menu or over a block of headlines.
_NEWS_WORDS = re.compile(
    r"更多|more\b|新闻|新聞|要闻|要聞|动态|動態|资讯|資訊|公告|通知|快讯|快訊|消息|"
    r"\bnews|\bevents?\b|announcements?|\bpress\b|\bstories\b|\bupdates\b",
    re.I,
)
# A teaser's link to its own story ("Read More »" after a headline and its first words), not
# to more of the news, unless it names them too ("Read more news").
_READ_MORE = re.compile(
    r"\bread\s+(?:the\s+)?(?:more|full|story|article)|continue\s+reading|full\s+(?:story|article)|"
    r"阅读全文|查看全文|阅读更多|详细内容|\[详细\]",
    re.I,
)
_NEWS_NAMES = re.compile(_NEWS_WORDS.pattern.replace(r"更多|more\b|", ""), re.I)
# The same in a URL, for a menu of images with no alt text: Chinese schools name their column
# folders in pinyin initials (/xwzx/ 新闻中心, /tzgg/ 通知公告, /xydt/ 校园动态) or words.
_NEWS_PATH = re.compile(
    r"(?<![a-z])(?:xwzx|xxxw|xwdt|xydt|xyxw|tzgg|xxyw|zhxw|xinwen|dongtai|gonggao|news|notices?)"
    r"(?![a-z])",
    re.I,
)


def _escape(text: str) -> str:
    r"""The text as a pattern matching it: regular expressions' own characters escaped, and
    no others (re.escape writes `zh\-tw`, `406\-1000`, which read badly in an entry)."""
    return re.sub(r"([.^$*+?{}\[\]\\|()])", r"\\\1", text)


_PERCENT_RUN = r"(?:%[0-9A-Fa-f]{2})+"  # characters percent-encoded: ?BigClass=%D1%A7…
# A GUID (ASP.NET CMSes name an app's view by one: Blackboard's ViewID=6446EE88-D30C-…):
# any GUID stands for it. With its digit runs generalised and its letters kept, a district's
# second news app (another ViewID) matched no shape and its 10 stories were never fetched.
_GUID_RUN = r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}(?![0-9A-Fa-f])"
GUID = "[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}"
# A hash of 16 hex digits or more (TYPO3's cHash=<32 hex> on every link with a query: its
# pager's ?tx_news_pi1%5BcurrentPage%5D=2&cHash=b7466cf4…): any hash stands for it. With its
# digit runs generalised and its letters kept, the shape took that one page and no other.
_HASH_RUN = r"(?<![0-9A-Za-z])[0-9A-Fa-f]{16,}(?![0-9A-Za-z])"
HASH = "[0-9A-Fa-f]+"


def _shape(text: str, query: bool = False) -> str:
    """The text as a pattern, each run of digits standing for any, and each GUID and hex
    hash for any; in a `query`, each run of percent-encoded characters (a Chinese column name,
    ?BigClass=%D1%A7…) for any value."""
    runs = (
        rf"{_GUID_RUN}|{_HASH_RUN}|{_PERCENT_RUN}|\d+" if query else rf"{_GUID_RUN}|{_HASH_RUN}|\d+"
    )
    return "".join(
        r"\d+"
        if p.isdigit()
        else GUID
        if re.fullmatch(_GUID_RUN, p)
        else HASH
        if re.fullmatch(_HASH_RUN, p)
        else "[^&#]+"
        if query and re.fullmatch(_PERCENT_RUN, p)
        else _escape(p)
        for p in re.split(f"({runs})", text)
    )


# A story's slug: three words or more joined by hyphens (/news/college-signs-partnership).
_SLUG = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+){2,}$")
SLUG = "[A-Za-z0-9]+(?:-[A-Za-z0-9]+){2,}"
# A slug of two words or more, in a shape written from many stories' slugs (STORY_PREFIX of
# them, three words or more, under one folder): there, the folder is the stories', and its
# shorter slugs are stories too (/news/mountain-day, …/post/commencement-2026). One word
# (/news/archive, /about/history) stays a section's name.
SHORT_SLUG = "[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+"
STORY_PREFIX = 5
PAGES_READ = 3  # pages read for links (the home page's among them) to tell a menu by
SHAPES = 3  # shapes tried, most links first, until one's sample pages read as articles
# A forum's threads and a site's action links (votes, logins, a member's space) are no
# stories, however dated their pages: never a shape to follow, nor one a run's note names
# (Discuz!: forum.php?mod=viewthread&tid=12, thread-12-1-1.html, home.php?mod=spacecp), nor
# an archive's page.
_NOT_STORIES = re.compile(
    r"viewthread|showthread|showtopic|viewtopic|/thread-\d+|/forum-\d+|/forum\.php|/bbs/|"
    r"[?&](?:ac|action|act|op|mod)=(?:click|vote|login|logout|register|reply|post|spacecp|space)\b"
    r"|[?&]m=(?:19|20)\d{4}\b|[?&]paged=\d"  # WordPress's month archives and later pages
    r"|[?&]q=user\b|[?&]destination="  # Drupal's log-in links (?q=user/login&destination=…)
    # a calendar's dated events (/calendar/2026/12/12/<event>); not a college's /events/<slug>
    r"|^/(?:calendar|events?)/(?:19|20)\d\d/"
    # a month's archive and a category's, tag's or author's page (Weebly's sidebar links
    # /news/archives/12-2026 and /news/category/year-3 from every post: a run's note called
    # 14 archive pages a shape to add as articles, and following it stored 13 as documents)
    r"|/archives?/(?:\d{1,2}[-_]\d{4}|\d{4}[-_]\d{1,2}|\d{6})/?$"
    r"|/(?:category|categories|tags?|authors?)/[^/?#]+/?$",
    re.I,
)


def article_shapes(urls: list[str], root: bool = False) -> list[str]:
    """The URL shapes at least two of these links share, most links first, for an entry's own
    `articles` patterns when no profile knows the site's shapes: numbered (path?query, digit
    runs generalised: /news/12.htm) or a slug under one folder (/news/<words-joined-so>,
    Drupal's and most English CMSes' story URLs, with no number to go by). `root`: a slug at
    the site's root too (WordPress's post-name permalinks), for URLs known to be stories (a
    feed's items): at the root, a site's other pages have such names as well."""
    links = [p for p in map(urlsplit, urls) if not _NOT_STORIES.search(_target(p))]
    # A link adding a query to a path of a shape other links name bare (Edlio's category
    # lists link …/article/N?categoryId=55, its home page …/article/N) is the path's page,
    # as a crawl takes it (Site.canonical): one shape, not two whose pages are the same.
    bare = {shape for p in links if not p.query for shape in _path_shapes(p.path, root)}
    shapes: Counter[str] = Counter()
    for parts in links:
        own = [s for s in _path_shapes(parts.path, root) if s in bare]
        if parts.query and own and not query_matters(parts.path, parts.query):
            shapes.update(own)
            continue
        if (valued := _query_path_shapes(parts)) is not None:
            shapes.update(valued)
            continue
        if re.search(r"\d", _target(parts)) and not _target(parts).endswith("/"):
            query = "\\?" + _shape(parts.query, query=True) if parts.query else ""
            shapes[_shape(parts.path) + query + "$"] += 1
        if not parts.query and (slugged := _slug_shape(parts.path, root)):
            shapes[slugged] += 1
    return [
        shape.replace(SLUG, SHORT_SLUG) if count >= STORY_PREFIX else shape
        for shape, count in shapes.most_common(SHAPES)
        if count >= 2
    ]


def menu_last(shapes: list[str], found) -> list[str]:
    """The shapes, those of the site's menu after the others: a shape most of whose links
    every page read carries (PAGES_READ at least, the home page among them). A Blackboard
    district's mega menu links 80 undated /Page/1234 pages from every page, more links than
    its news app's stories: tried first, that shape was kept (a shape tried first may be
    undated, as some sites' stories are) and a crawl stored 63 menu pages as stories. Tried
    after the news's shape, its undated pages are left out as any shape's beside a kept one.
    Stories differ from one list page to the next, so a news shape is never the menu's.
    `found`: the probe's Findings (the start page's links, each page read's)."""
    pages = [found.home_links, *found.list_pages.values()]
    if len(pages) < PAGES_READ:
        return shapes
    everywhere = set(pages[0]).intersection(*pages[1:])

    def menu(shape: str) -> bool:
        own = {u for u in found.links if matches(shape, u)}
        return len(own & everywhere) * 2 > len(own)

    return sorted(shapes, key=menu)


def guessed_shapes(found, not_followed: list[str], listings: list[str]) -> list[str]:
    """The shapes to try, in turn, as a site's article shape when no profile knows its
    articles: those the links no pattern follows share (with those of list links shaped as
    the pages read that were stories), else those the list links share; the menu's last.
    `found`: the probe's Findings."""
    read = _story_shaped(found, listings)
    shapes = article_shapes(not_followed + read) or article_shapes(listings)
    return menu_last(shapes, found)


def _story_shaped(found, links: list[str]) -> list[str]:
    """The links of a shape two pages read for their links share that read as stories: a
    profile's list pages by their shape (SharePoint's welcome page, default.aspx?…, is every
    Blackboard page's shape) whose pages are stories, to be shaped as articles with the rest."""
    shapes = article_shapes(sorted(found.stories_read))
    return [u for u in links if any(matches(shape, u) for shape in shapes)]


def _target(parts) -> str:
    """A split URL's path?query, as a pattern is searched in it."""
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _path_shapes(path: str, root: bool) -> list[str]:
    """The shapes of a path alone: numbered (digits in it), a slug's."""
    numbered = [_shape(path) + "$"] if re.search(r"\d", path) and not path.endswith("/") else []
    return numbered + ([slugged] if (slugged := _slug_shape(path, root)) else [])


def _query_path_shapes(parts) -> list[str] | None:
    """The shapes of a query that is one parameter holding a path, as a path's: Drupal 7 with
    clean URLs off names every page in ?q= (?q=node/12, an alias ?q=news/2024/05/<slug>,
    canonical as ?q=news%2F2024%2F05%2F…); digit runs generalised, a slug's last part too.
    None for any other query."""
    key, equals, value = parts.query.partition("=")
    segments = re.split(r"%2F|/", value, flags=re.I)
    if not equals or "&" in value or len(segments) < 2:
        return None
    *folder, last = segments
    head = f"^{_shape(parts.path or '/')}\\?{_escape(key)}="
    head += "".join(_shape(segment, query=True) + "%2F" for segment in folder)
    shapes = [head + _shape(last, query=True) + "$"] if re.search(r"\d", value) else []
    return shapes + ([head + SLUG + "$"] if _SLUG.match(last) else [])


def _slug_shape(path: str, root: bool = False) -> str | None:
    """^/folder/SLUG(.ext)/?$ for a path ending in a slug (`root`: or ^/SLUG/?$), else None."""
    folder, _, last = path.rstrip("/").rpartition("/")
    stem, dot, extension = last.partition(".")
    if not (folder or root) or not _SLUG.match(stem):
        return None
    ending = re.escape(dot + extension) if dot else "/?"
    return f"^{_shape(folder)}/{SLUG}{ending}$"


def matches(shape: str, url: str) -> bool:
    """Whether an entry's pattern takes the URL (its path and query, as a crawl matches)."""
    parts = urlsplit(url)
    return bool(re.search(shape, parts.path + (f"?{parts.query}" if parts.query else "")))


def listing_shape(url: str) -> str:
    """A `listings` pattern for a list page the probe read, its siblings and its later pages:
    the path with its digit runs generalised (a column's number), `_N` allowed before its
    extension (list.htm, list_2.htm); the query's parameters with their values generalised,
    in the order a crawl sorts them, others allowed between and after (&page=2); any query
    when it had none (/news/?page=2, and its filters: Edlio's news page lists a few stories,
    its ?categoryId= lists the rest; limited to paging queries, a probe's entry reached 9 of
    45. Filters robots.txt forbids, Squarespace's ?tag=, are counted, never fetched)."""
    parts = urlsplit(url)
    path = _shape(parts.path or "/")
    path = re.sub(r"(\\\.[A-Za-z0-9]+)$", r"(?:_\\d+)?\1", path)
    # As written (percent-encoded), not decoded: a GBK page's ?BigClass=%D1%A7… is no UTF-8.
    pairs = [(k, v) for k, _, v in (p.partition("=") for p in parts.query.split("&") if p)]
    if not pairs:
        return f"^{path}(?:\\?[^#]*)?$"
    between = "(?:&[^#]*)?&"
    # A parameter's name is kept as it is (XOOPS's g2p), its value generalised.
    query = between.join(f"{_escape(key)}={_shape(value, True)}" for key, value in sorted(pairs))
    return f"^{path}\\?(?:[^#]*&)?{query}(?:&[^#]*)?$"


def news_links(site: Site, response) -> list[str]:
    """The page's links to its site whose text names news or more of it (学校新闻, 通知公告,
    更多>>, News, More), or whose URL does (/xwzx/, /tzgg/, /news/), in page order: the list
    pages a home page's menu and headline blocks lead to, whatever shape their URLs have."""
    if not isinstance(response, HtmlResponse):
        return []
    found = []
    for anchor in response.xpath("//a[@href]"):
        words = " ".join(anchor.xpath(".//text() | @title | .//img/@alt").getall())
        href = anchor.attrib["href"]
        if not (_NEWS_WORDS.search(words) or _NEWS_PATH.search(href)):
            continue
        if _READ_MORE.search(words) and not _NEWS_NAMES.search(words):
            continue  # a story's "Read more": the story, no list of them
        try:
            url = canonical_link(site, absolute_url(response, href))
        except ValueError:
            continue  # a malformed link is skipped, never fatal
        web = url.startswith(("http://", "https://")) and not denied(url)
        if web and site.allows_host(url) and url not in found:
            found.append(url)
    return found
