"""The site registry: one TOML file users edit, one `[sites.<slug>]` table per site.

A school whose CMS has a profile is added with an entry alone, no code. The slug is the
spider name, the fixture folder and the `site` column.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from cssselect import GenericTranslator, SelectorError
from w3lib.url import canonicalize_url

from pipelines.processing import ExtractionRules

from .profiles import PROFILES, Profile
from .trap_urls import query_matters, strip_session_ids

DEFAULT_REGISTRY = Path(__file__).with_name("sites.toml")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_KEYS = {
    "name",
    "aliases",
    "profile",
    "start_urls",
    "allowed_domains",
    "feeds",
    "crawl",
    "extraction",
}
_CRAWL_KEYS = {
    "articles",
    "listings",
    "path_prefixes",
    "sitemaps",
    "download_delay",
    "concurrency",
    "max_pages",
    "recheck_days",
    "every_hours",
    "stop_at_known",
    "max_minutes",
    "max_depth",
}
_EXTRACTION_KEYS = {"drop_lines", "headline"}


class RegistryError(ValueError):
    """A registry file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Site:
    slug: str
    name: str
    profile: Profile
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...]  # hosts, or host:port to allow one port only
    aliases: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()  # profile patterns plus the entry's own
    listings: tuple[str, ...] = ()
    path_prefixes: tuple[str, ...] = ()
    sitemaps: bool = False
    download_delay: float | None = None
    concurrency: int | None = None
    # Bounds (crawler/traps.py); None: the SCHOOLNEWS_MAX_* setting; 0: no bound.
    max_pages: int | None = None
    max_minutes: float | None = None
    max_depth: int | None = None  # list pages deeper than this from a start page are not walked
    recheck_days: float | None = None  # stored articles are re-checked after this long
    every_hours: float = 24.0  # `crawl --due`: the site is due this long after its last run
    stop_at_known: bool = True  # stop a pagination walk at a list page with no new article
    drop_lines: tuple[str, ...] = ()
    headline: str | None = None  # a CSS selector for the story's headline
    feeds: tuple[str, ...] = ()  # RSS / Atom feeds read as entry points
    _compiled: dict = field(default_factory=dict, compare=False, repr=False)

    def _patterns(self, kind: str) -> tuple[re.Pattern[str], ...]:
        if kind not in self._compiled:
            self._compiled[kind] = tuple(re.compile(p) for p in getattr(self, kind))
        return self._compiled[kind]

    def classify(self, url: str, unmatched: str | None = None) -> str | None:
        """'article', 'listing' or None (not worth fetching) for a URL of this site;
        `unmatched` for one of its pages that no pattern matches (a feed's item: a story).
        A pattern may be written against the link as the site writes it (Show.asp?m=1&d=567)
        or against the canonical URL a crawl asks for (its query sorted: ?d=567&m=1): give the
        link as written where there is one, and either form matches."""
        if not self.allows_host(url):
            return None
        targets = [t for t in _targets(url, self) if t.startswith(self.path_prefixes or "")]
        if not targets:  # outside the entry's sections
            return None
        for kind, name in (("articles", "article"), ("listings", "listing")):
            if any(p.search(t) for p in self._patterns(kind) for t in targets):
                return name
        return unmatched

    def allows_host(self, url: str, any_port: bool = False) -> bool:
        """The URL's host is an allowed domain (or a subdomain of one); a `host:port` entry
        allows that port only, a bare host any port. `any_port`: ports aside, as Scrapy's
        offsite filter sees the domains (it is given `hosts`)."""
        host, port = _host_port(url)
        for domain in self.allowed_domains:
            name, _, wanted = domain.partition(":")
            port_ok = any_port or not wanted or wanted == str(port)
            if (host == name or host.endswith("." + name)) and port_ok:
                return True
        return False

    @property
    def hosts(self) -> tuple[str, ...]:
        """allowed_domains without ports, as Scrapy's offsite filter wants them."""
        return tuple(dict.fromkeys(d.partition(":")[0] for d in self.allowed_domains))

    def canonical(self, url: str) -> str:
        url = strip_session_ids(url)  # a session id makes every visit's links new (a trap)
        for pattern, replacement in self.profile.rewrites:
            url = re.sub(pattern, replacement, url)
        if self.profile.fold_case:
            url = _folded(url)
        return self._path_alone(url)

    def _path_alone(self, url: str) -> str:
        """The URL without its query when an article pattern takes its path alone and none
        takes it with the query: a pattern that ends where the path ends says the path names
        the story. Edlio links /apps/news/article/N bare from its home page and with
        ?categoryId=55 from a category's list: one story, fetched and stored once, not a link
        the pattern misses. A query a pattern names (show.asp?id=5), a script's or a page
        number (trap_urls.query_matters) is kept."""
        parts = urlsplit(url)
        if not parts.query or query_matters(parts.path, parts.query):
            return url
        path, articles = parts.path or "/", self._patterns("articles")
        whole = f"{path}?{parts.query}"
        if any(p.search(whole) for p in articles) or not any(p.search(path) for p in articles):
            return url
        return urlunsplit(parts._replace(query=""))

    def extraction_rules(self, boilerplate: frozenset[str] = frozenset()) -> ExtractionRules:
        """What `process` knows of this site: its entry, plus the boilerplate learned for it."""
        return ExtractionRules(
            site_names=(self.name, *self.aliases),
            drop_lines=self.drop_lines,
            boilerplate=boilerplate,
            headline=self.headline,
        )


def _folded(url: str) -> str:
    """The URL with its path in lower case, its percent-escapes as canonicalize_url writes
    them (%2F): one page of a server that reads paths without regard to case (IIS)."""
    parts = urlsplit(url)
    path = _ESCAPE.sub(lambda m: m[0].upper(), parts.path.lower())
    return urlunsplit(parts._replace(path=path))


_ESCAPE = re.compile(r"%[0-9a-f]{2}")


def _targets(url: str, site: Site) -> tuple[str, ...]:
    """The path?query a pattern is searched in: of the URL as given (its fragment dropped)
    and of its canonical form, when that differs."""
    forms = [url]
    with suppress(ValueError):  # a malformed link: as written alone
        forms.append(site.canonical(canonicalize_url(url)))
    targets = []
    for form in forms:
        parts = urlsplit(form)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if target not in targets:
            targets.append(target)
    return tuple(targets)


def _host_port(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:  # a port that is not a number: no host of ours
        return "", None
    return (parts.hostname or "").lower(), port


def registry_path(explicit: str | os.PathLike | None = None) -> Path:
    return Path(explicit or os.environ.get("SCHOOLNEWS_SITES") or DEFAULT_REGISTRY)


def _read_text(path: Path) -> str:
    """The file as UTF-8 (a BOM, as Windows editors write it, is accepted); anything else is
    a one-line RegistryError, not a traceback."""
    if path.is_dir():
        raise RegistryError(f"{path}: is a directory, not a registry file")
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise RegistryError(f"{path}: no such registry file") from exc
    except UnicodeDecodeError as exc:
        bad = exc.object[exc.start : exc.start + 2]
        raise RegistryError(
            f"{path}: not UTF-8 (byte {exc.start}: {bad!r}); save it as UTF-8"
        ) from exc
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read: {exc.strerror}") from exc


def load_registry(path: str | os.PathLike | None = None) -> dict[str, Site]:
    path = registry_path(path)
    try:
        data = tomllib.loads(_read_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: not valid TOML: {exc}") from exc
    entries = data.get("sites")
    if not isinstance(entries, dict) or not entries:
        raise RegistryError(f"{path}: no [sites.<slug>] tables")
    return {slug: _site(path, slug, entry) for slug, entry in entries.items()}


def _check_keys(fail, entry: dict, crawl: dict, extraction: dict) -> None:
    """A misspelt key is an error, not an option silently ignored."""
    if unknown := set(entry) - _KEYS:
        raise fail(f"unknown key(s) {sorted(unknown)}; known: {sorted(_KEYS)}")
    if unknown := set(crawl) - _CRAWL_KEYS:
        raise fail(f"unknown crawl option(s) {sorted(unknown)}; known: {sorted(_CRAWL_KEYS)}")
    if unknown := set(extraction) - _EXTRACTION_KEYS:
        raise fail(f"unknown extraction option(s) {sorted(unknown)}")


NOT_HTTP = "not http(s)"


def address_problem(url: str) -> str | None:
    """Why `url` is no http(s) address with a host (NOT_HTTP, or urllib's reason for a
    malformed one: "http://x.[y/" is an Invalid IPv6 URL), or None."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        return str(exc)
    return None if parts.scheme in ("http", "https") and host else NOT_HTTP


def _check_http_urls(fail, urls, what: str) -> None:
    for url in urls:
        if (problem := address_problem(url)) == NOT_HTTP:
            raise fail(f"{what} {url!r} is not an http(s) URL")
        if problem:
            raise fail(f"{what} {url!r} is not a URL ({problem})")


def _site(path: Path, slug: str, entry: dict) -> Site:
    def fail(message: str) -> RegistryError:
        return RegistryError(f"{path}: [sites.{slug}]: {message}")

    if not _SLUG.match(slug):
        raise fail("slug must be lowercase letters, digits and _ (it names the spider)")
    crawl, extraction = entry.get("crawl", {}), entry.get("extraction", {})
    _check_keys(fail, entry, crawl, extraction)
    if not isinstance(entry.get("name"), str) or not entry["name"].strip():
        raise fail("'name' is required")
    profile_name = entry.get("profile", "generic")
    if profile_name not in PROFILES:
        raise fail(f"unknown profile {profile_name!r}; known: {', '.join(sorted(PROFILES))}")
    profile = PROFILES[profile_name]
    start_urls = entry.get("start_urls")
    if not isinstance(start_urls, list) or not start_urls:
        raise fail("'start_urls' must be a non-empty list")
    _check_http_urls(fail, start_urls, "start URL")
    domains = _strings(fail, entry, "allowed_domains") or sorted(
        {urlsplit(u).hostname for u in start_urls}
    )
    articles = (*profile.articles, *_strings(fail, crawl, "articles", "crawl option "))
    listings = (*profile.listings, *_strings(fail, crawl, "listings", "crawl option "))
    drop_lines = _strings(fail, extraction, "drop_lines", "extraction option ")
    feeds = _strings(fail, entry, "feeds")
    _check_http_urls(fail, feeds, "feed URL")
    for pattern in (*articles, *listings, *drop_lines):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise fail(f"bad regular expression {pattern!r}: {exc}") from exc
    site = Site(
        slug=slug,
        name=entry["name"].strip(),
        profile=profile,
        start_urls=tuple(start_urls),
        allowed_domains=tuple(d.lower() for d in domains),
        aliases=_strings(fail, entry, "aliases"),
        articles=articles,
        listings=listings,
        path_prefixes=_strings(fail, crawl, "path_prefixes", "crawl option "),
        sitemaps=_flag(fail, crawl, "sitemaps", profile.sitemaps),
        download_delay=_number(fail, crawl, "download_delay"),
        concurrency=_whole(fail, crawl, "concurrency", minimum=1),
        max_pages=_whole(fail, crawl, "max_pages", minimum=0),
        max_minutes=_number(fail, crawl, "max_minutes"),  # 0: no time budget
        max_depth=_whole(fail, crawl, "max_depth", minimum=0),
        recheck_days=_number(fail, crawl, "recheck_days", positive=True),
        every_hours=_number(fail, crawl, "every_hours", positive=True) or 24.0,
        stop_at_known=_flag(fail, crawl, "stop_at_known", True),
        drop_lines=drop_lines,
        headline=_selector(fail, extraction, "headline"),
        feeds=feeds,
    )
    _check_scope(fail, site)
    return site


def _selector(fail, table: dict, key: str) -> str | None:
    """A CSS selector (`h2.storyTitle`), checked as lxml will read it."""
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise fail(f"extraction option '{key}' must be a CSS selector")
    try:
        GenericTranslator().css_to_xpath(value)
    except SelectorError as exc:
        raise fail(f"bad CSS selector {value!r} for '{key}': {exc}") from exc
    return value.strip()


def _check_scope(fail, site: Site) -> None:
    """Allowed domains that are host names, and start URLs inside them: else the run fetches
    nothing and can only say afterwards that it was empty."""
    for domain in site.allowed_domains:
        if not _DOMAIN.fullmatch(domain):
            raise fail(f"allowed domain {domain!r} is not a host name (or host:port)")
    for url in site.start_urls:
        if not site.allows_host(url):
            raise fail(f"start URL {url!r} is outside allowed_domains {list(site.allowed_domains)}")


_DOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d+)?")


# TOML gives typed values; a wrong type is an error here, not a surprise during a crawl (a
# string where a list belongs would otherwise be iterated character by character).


def _strings(fail, options: dict, key: str, kind: str = "") -> tuple[str, ...]:
    value = options.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(f"{kind}{key!r} must be a list of strings, not {value!r}")
    return tuple(value)


def _flag(fail, options: dict, key: str, default: bool) -> bool:
    value = options.get(key, default)
    if not isinstance(value, bool):
        raise fail(f"crawl option {key!r} must be true or false, not {value!r}")
    return value


def _whole(fail, options: dict, key: str, minimum: int) -> int | None:
    value = options.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise fail(f"crawl option {key!r} must be a whole number >= {minimum}, not {value!r}")
    return value


def _number(fail, options: dict, key: str, positive: bool = False) -> float | None:
    """A finite number >= 0 (> 0 with `positive`: 0 hours between runs is a mistake, not a
    request for the default)."""
    value = options.get(key)
    if value is None:
        return None
    bound = "> 0" if positive else ">= 0"
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or value < 0
        or (positive and value == 0)
        or not math.isfinite(value)
    ):
        raise fail(f"crawl option {key!r} must be a number {bound}, not {value!r}")
    return float(value)
