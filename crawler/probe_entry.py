"""The registry entry `sites probe` writes for a new site: its TOML text, the hosts its
articles are on."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from crawler.probe import Choice, Findings
from crawler.probe_languages import names_elsewhere


def toml_entry(
    slug: str, name: str, url: str, choice: Choice, found: Findings, aliases: tuple[str, ...] = ()
) -> str:
    """The entry; `aliases`: the site's other names its articles' <title>s share (the English
    half's stories of a site whose start page links no hreflang alternate)."""

    def value(v) -> str:  # TOML basic strings take JSON's escapes
        return json.dumps(v, ensure_ascii=False)

    lines = [
        f"[sites.{slug}]",
        f"name = {value(name)}",
        *_aliases(name, found, aliases),
        f"profile = {value(choice.profile.name)}",
        f"start_urls = [{', '.join(value(u) for u in [url, *found.languages])}]",
    ]
    if hosts := article_hosts(url, choice):
        # The other languages' start pages (another host of the domain) must be allowed too.
        hosts += [h for h in {urlsplit(u).hostname for u in found.languages} if h not in hosts]
        lines.append(f"allowed_domains = [{', '.join(value(h) for h in hosts)}]")
    if found.feeds:
        lines.append(f"feeds = [{', '.join(value(f) for f in found.feeds)}]")
    crawl = []
    if found.sitemaps and not choice.profile.sitemaps:
        crawl.append("sitemaps = true")
    if choice.extra_articles:
        crawl.append(f"articles = [{', '.join(_toml_literal(p) for p in choice.extra_articles)}]")
    if choice.extra_listings:
        # TOML literal strings: a regex's backslashes stay as written.
        crawl.append(f"listings = [{', '.join(_toml_literal(p) for p in choice.extra_listings)}]")
    if crawl:
        lines += ["", f"[sites.{slug}.crawl]", *crawl]
    return "\n".join(lines) + "\n"


def _aliases(name: str, found: Findings, shared: tuple[str, ...]) -> list[str]:
    """The `aliases` line: the site's names in its other languages (extraction takes none of
    them for a headline; an English post's was the English site name)."""
    names = names_elsewhere(name, found.home, list(found.languages.values()))
    names += [n for n in shared if n != name and n not in names]
    if names:
        return [f"aliases = [{', '.join(json.dumps(n, ensure_ascii=False) for n in names)}]"]
    return []


def article_hosts(url: str, choice: Choice) -> list[str]:
    """The start URL's host and the other hosts of its domain the articles are on, when there
    are any (a crawl allows the start URL's host alone by default); else none."""
    start = urlsplit(url).hostname or ""
    others = sorted({urlsplit(u).hostname or "" for u in choice.articles} - {start, ""})
    return [start, *others] if others else []


def _toml_literal(pattern: str) -> str:
    """A TOML literal string: a regex's backslashes as written, as the README shows them (a
    basic string, JSON-escaped, when the pattern holds a quote)."""
    return f"'{pattern}'" if "'" not in pattern else json.dumps(pattern)
