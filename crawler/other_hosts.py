"""Story pages a site's list pages link on hosts its entry does not allow, said by host.

Many Chinese schools now publish part of their news only as WeChat official-account articles
(https://mp.weixin.qq.com/s/<id>) and list them in their own news columns beside their own
stories; others keep their news on another host of their own (xww.school.edu.cn). A crawl
follows the entry's allowed_domains alone, so those links were dropped without a word and a
run that stored half a column said `finished`. The crawl still does not follow them (another
host is the user's choice, and its robots.txt has its own say); the run's reason,
`crawl --dry-run` and `sites probe` name the host, how many story pages it holds, and what to
add to the entry to crawl them.

A story page is told from a footer's link or a share button by its shape: at least two links to
the host share one (a numbered path, a slug, an opaque id such as WeChat's, or a query naming a
page by number), and none carries a URL in its query (share buttons and redirectors do).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

from scrapy import signals

from crawler.probe_shapes import article_shapes, matches
from crawler.registry import Site

NOTE = "schoolnews/notes/other_hosts"
KEPT = 5000  # links remembered (a bound on memory)
MANY = 5  # story pages on one host worth a crawl's note (a dry run or probe says any two)
HOSTS_SAID = 2  # hosts named in a note, most story pages first
# An opaque id as a path's last part (WeChat's /s/7LXU36cliDbeafoOxVmgag, a hash, a UUID):
# ten characters or more, letters mixed with digits or of both cases; a slug's words are not.
_ID = re.compile(r"[A-Za-z0-9_-]{10,}")
_MIXED = (re.compile(r"\d.*[A-Za-z]|[A-Za-z].*\d"), re.compile(r"[a-z].*[A-Z]|[A-Z].*[a-z]"))
_URL_IN_QUERY = re.compile(r"=(?:https?(?::|%3A)|www\.|%2F%2F)", re.I)


def _id_shape(url: str) -> str | None:
    """A shape for a story URL the numbered and slug shapes miss: a path ending in an opaque
    id (^/s/[\\w-]+$), or a query naming its page by number (^/s\\?(?:[^#]*&)?mid=\\d+, the
    parameter with the longest number)."""
    parts = urlsplit(url)
    folder, _, last = parts.path.rpartition("/")
    path = re.sub(r"\d+", r"\\d+", re.escape(folder))
    if parts.query:
        numbers = [(len(v), k) for k, v in parse_qsl(parts.query) if v.isdigit()]
        if not numbers:
            return None
        key = max(numbers)[1]
        whole = re.sub(r"\d+", r"\\d+", re.escape(parts.path))
        return f"^{whole}\\?(?:[^#]*&)?{re.escape(key)}=\\d+"
    opaque = _ID.fullmatch(last) and any(mixed.search(last) for mixed in _MIXED)
    return f"^{path}/[\\w-]+$" if opaque else None


def story_shapes(urls: list[str]) -> list[str]:
    """The shapes at least two of these links (of one host) share, most links first."""
    counts: Counter[str] = Counter(s for u in urls if (s := _id_shape(u)))
    shared = [s for s, n in counts.most_common() if n >= 2]
    return shared + [s for s in article_shapes(urls) if s not in shared]


@dataclasses.dataclass
class Elsewhere:
    """A host outside the entry's domains and the story pages the site's pages link on it."""

    host: str
    urls: list[str]
    shapes: list[str]  # the shapes to add to the entry's crawl articles (none: it knows them)

    def advice(self, site: Site) -> str:
        domains = ", ".join(f'"{d}"' for d in (*site.allowed_domains, self.host))
        said = f"to crawl them, set the entry's allowed_domains = [{domains}]"
        if self.shapes:
            shapes = ", ".join("'" + s + "'" for s in self.shapes)  # TOML literal strings
            said += f" and add {shapes} to its crawl articles"
        return said + " (README: Adding a site)"


def elsewhere(site: Site, urls: Iterable[str], least: int = 2) -> list[Elsewhere]:
    """The hosts outside the entry's domains that `least` or more of these links lead to
    story pages on, most first."""
    by_host: dict[str, set[str]] = defaultdict(set)
    for url in urls:
        parts = urlsplit(url)
        story = parts.path.strip("/") and not _URL_IN_QUERY.search(parts.query)
        if parts.scheme in ("http", "https") and story and not site.allows_host(url):
            by_host[(parts.hostname or "").lower()].add(url)
    found = []
    for host, links in by_host.items():
        ordered = sorted(links)
        shapes = story_shapes(ordered)
        stories = [u for u in ordered if any(matches(s, u) for s in shapes)]
        if host and len(stories) >= least:
            widened = dataclasses.replace(site, allowed_domains=(*site.allowed_domains, host))
            known = {
                s
                for s in shapes
                if all(widened.classify(u) == "article" for u in stories if matches(s, u))
            }
            found.append(Elsewhere(host, stories, [s for s in shapes if s not in known][:2]))
    return sorted(found, key=lambda e: (-len(e.urls), e.host))


def describe(site: Site, found: Elsewhere, where: str = "list pages") -> str:
    """One line: the host, its story pages' count and an example, and what the user can do."""
    return (
        f"{where} linked {len(found.urls)} story pages on {found.host} (e.g. {found.urls[0]}), "
        f"outside the entry's allowed_domains, which the crawl does not follow: "
        + found.advice(site)
    )


class OtherHosts:
    """One run's list pages' links to other hosts; its note set in the run's stats when the
    crawl runs dry (spider_idle: before the run's row is written at its close)."""

    def __init__(self, site: Site, crawler=None) -> None:
        self.site = site
        self.crawler = crawler  # its stats exist once the crawl starts
        self.urls: set[str] = set()
        self.weighed = 0  # links weighed at the last idle (a distributed worker idles often)

    @classmethod
    def from_crawler(cls, crawler, site: Site) -> OtherHosts:
        other_hosts = cls(site, crawler)
        crawler.signals.connect(other_hosts.idle, signal=signals.spider_idle)
        return other_hosts

    def add(self, urls: Iterable[str]) -> None:
        for url in urls:
            if len(self.urls) >= KEPT:
                return
            self.urls.add(url)

    def idle(self) -> None:
        if self.crawler is None or len(self.urls) == self.weighed:
            return
        self.weighed = len(self.urls)
        if said := self.note():
            self.crawler.stats.set_value(NOTE, said)

    def note(self) -> str | None:
        found = elsewhere(self.site, self.urls, MANY)
        return "; ".join(describe(self.site, f) for f in found[:HOSTS_SAID]) or None
