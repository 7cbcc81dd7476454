"""What `sites probe` calls a new site: its name (og:site_name, the part of the home page's
<title> its articles' <title>s share, or else its last part) and the slug it suggests."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

from scrapy.http import HtmlResponse

from crawler.fetch import Fetched, FetchError

Samples = list[tuple[str, Fetched | FetchError]]  # (article URL, its page or why none)


_TITLE_PARTS = re.compile(r"\s*[|｜_—–-]\s*|\s+-\s+|\s+/\s+")  # Blackboard's " / "
# TYPO3's default page title separator is a colon: "Northfield Technical College: Home" on
# every site that keeps it. Split there only where no other separator is: a headline's own
# colon ("Open day: 12 June | Some College") is no separator.
_COLON = re.compile(r"(?<=\S):\s+")
# <title> parts that name no site: the page ("Home", "首页", Discuz's "门户"), the CMS
# ("Powered by Discuz!"), a greeting. A name read from them was the page's, on every site.
_GENERIC = re.compile(
    r"home(?:\s*page)?|index|welcome|main\s+page|(?:the\s+)?official\s+(?:web\s*)?site|"
    r"website|首页|首頁|主页|主頁|网站首页|網站首頁|门户|門戶|官网|官網|官方网站|官方網站|"
    r"欢迎访问|歡迎訪問|欢迎光临|歡迎光臨|powered\s+by\b.*",
    re.I,
)


def generic(part: str) -> bool:
    return bool(_GENERIC.fullmatch(part.strip(" !.:")))


def title_parts(page: Fetched) -> tuple[list[str], list[str]]:
    """The <title>'s parts, and those of them that may name the site (no generic part)."""
    response = page.response()
    if not isinstance(response, HtmlResponse):
        return [], []
    title = " ".join(response.xpath("//title//text()").getall()).strip()
    parts = [part for part in _TITLE_PARTS.split(title) if part] if title else []
    if len(parts) == 1:
        parts = [part for part in _COLON.split(title) if part]
    return parts, [part for part in parts if not generic(part)]


def _shared_ends(samples: Samples) -> list[str]:
    """The <title> parts most of the sampled articles' titles share at one end (the site's
    name, before or after the headline: "Headline – Some College", "某某学院 - 标题"), most
    shared first, a last part first on a tie; no column's name, a link's text on those pages
    ("嘉華工業中學 - 學校新聞" on every story, the menu linking 學校新聞)."""
    articles = [p for _, p in samples if isinstance(p, Fetched) and p.status < 400]
    ends: Counter[str] = Counter()
    columns: set[str] = set()
    for page in articles:
        if len(parts := title_parts(page)[0]) > 1:
            ends.update({parts[-1]: 1, parts[0]: 1})  # once each, the last first
            columns |= _columns(page)
    shared = [part for part, count in ends.most_common() if count * 2 > len(articles)]
    return [part for part in shared if " ".join(part.split()) not in columns]


# A link to the site's home page (or a language half's: /tc/index.php), which its logo or
# name links to: its text may be the site's name.
_HOME_PATH = re.compile(
    r"(?:/[A-Za-z]{2,3}(?:[-_][A-Za-z]{2,4})?)?/?(?:(?:index|default|home)\.\w+)?"
)


def _columns(page: Fetched) -> set[str]:
    """The texts of a page's links to other pages than the site's home: its menu's columns,
    its breadcrumb's."""
    response = page.response()
    if not isinstance(response, HtmlResponse):
        return set()
    texts = set()
    for link in response.xpath("//a[@href]"):
        if not _HOME_PATH.fullmatch(urlsplit(urljoin(page.url, link.attrib["href"])).path):
            texts.add(" ".join(" ".join(link.xpath(".//text()").getall()).split()))
    return texts


def articles_name(samples: Samples) -> str | None:
    """The site's name as the sampled articles' <title>s share it, when they do (the English
    half's stories of a bilingual site: its English name)."""
    return next((part.strip() for part in _shared_ends(samples) if not generic(part)), None)


def site_name(home: Fetched, samples: Samples = ()) -> str:
    """The site's name: its og:site_name; else the part of the start page's <title> that
    most of the sampled articles' <title>s share at either end (a WordPress home page's
    "Some College – Skills for life", its tagline last; "门户 - 某某学院 - Powered by Discuz!");
    else the title's last part that is no generic word ("Some Academy - Home"). A <title> of
    one part names the page, not the site ("新闻中心", a news section the probe started on):
    then what the articles' <title>s share ("…-某某职业教育中心"), if they agree on one."""
    response = home.response()
    host = urlsplit(home.url).hostname or ""
    if not isinstance(response, HtmlResponse):
        return host
    name = (response.xpath("//meta[@property='og:site_name']/@content").get() or "").strip()
    if name and not generic(name):
        return name
    parts, names = title_parts(home)
    shared = _shared_ends(samples)
    if named := [part for part in shared if part in names]:
        return named[0].strip()
    if shared and (len(parts) == 1 or not names):
        return shared[0].strip()
    return (names[-1] if names else host).strip()


def default_slug(url: str) -> str:
    host = (urlsplit(url).hostname or "site").lower().removeprefix("www.")
    label = host.split(".")[0] if not re.fullmatch(r"[\d.]+", host) else "site"
    return re.sub(r"[^a-z0-9_]", "_", label)
