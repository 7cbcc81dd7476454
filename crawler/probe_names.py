"""What `sites probe` calls a new site: its name (og:site_name, the <title>'s last part, or
what its articles' <title>s end with) and the slug it suggests."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

from scrapy.http import HtmlResponse

from crawler.fetch import Fetched, FetchError

Samples = list[tuple[str, Fetched | FetchError]]  # (article URL, its page or why none)


_TITLE_PARTS = re.compile(r"\s*[|｜_—–-]\s*|\s+-\s+")


def _title_parts(page: Fetched) -> list[str]:
    response = page.response()
    if not isinstance(response, HtmlResponse):
        return []
    title = " ".join(response.xpath("//title//text()").getall()).strip()
    return [part for part in _TITLE_PARTS.split(title) if part] if title else []


def site_name(home: Fetched, samples: Samples = ()) -> str:
    """The site's name: its og:site_name, else what comes last in the start page's <title>
    ("News - Some School", "学校新闻_某某学校"). A <title> of one part names the page, not the
    site ("新闻中心", a news section the probe started on): then the last part that most of
    the sampled articles' <title>s end with ("…-某某职业教育中心"), if they agree on one."""
    response = home.response()
    if not isinstance(response, HtmlResponse):
        return urlsplit(home.url).hostname or ""
    name = response.xpath("//meta[@property='og:site_name']/@content").get()
    parts = _title_parts(home)
    if not name and len(parts) == 1:
        articles = [p for _, p in samples if isinstance(p, Fetched) and p.status < 400]
        endings = Counter(p[-1] for p in map(_title_parts, articles) if len(p) > 1)
        ending, count = endings.most_common(1)[0] if endings else ("", 0)
        name = ending if count * 2 > len(articles) else None
    return (name or (parts[-1] if parts else "") or urlsplit(home.url).hostname or "").strip()


def default_slug(url: str) -> str:
    host = (urlsplit(url).hostname or "site").lower().removeprefix("www.")
    label = host.split(".")[0] if not re.fullmatch(r"[\d.]+", host) else "site"
    return re.sub(r"[^a-z0-9_]", "_", label)
