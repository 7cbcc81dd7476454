"""A page's translations as it declares them: `<link rel="alternate" hreflang="en"
href="…">` in its head (WordPress with Polylang or WPML, most multilingual CMSes), or a
language switch in its body: a link whose text names a language ("English", "中文", "繁",
"EN") or that has a hreflang or lang attribute, to this page's own URL with only its
language code swapped (`/tc/news_detail.php?id=123` ↔ `/en/news_detail.php?id=123`,
`?lang=tc` ↔ `?lang=en`), as old hand-written school sites have it, with no hreflang.

Only the site's own pages count (the same host, `www.` aside): storage links a page and its
declared translation as one story (pipelines.processing.story_match.declared), which two
texts in other languages share no wording or facts to be found by. The page's own URL and
`x-default` (the language chooser's page) are left out. A switch link needs both: a plain
"English" link to the English home page is no translation of a story, nor is a link whose
URL differs in a language code but whose text names none (/en/ in a list of columns).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

# Language codes as URLs carry them, in a path segment or a query value.
_CODES = frozenset(
    "en eng english tc sc zh cn ch chi chn chs cht tchi schi big5 b5 gb gbk gb2312 "
    "zh-hk zh-tw zh-cn zh-hans zh-hant zh_hk zh_tw zh_cn zh_hans zh_hant".split()
)
# A switch link's text: the language it leads to, maybe with "version" or 版.
_NAMES_LANGUAGE = re.compile(
    r"(?:english|eng|en|chinese|tc|sc|中文|英文|繁|繁體|繁体|繁中|简|簡|简体|簡體|简中|簡中|"
    r"繁體中文|繁体中文|简体中文|簡體中文)\s*(?:version|版)?",
    re.I,
)


# The links that may be a switch, chosen in C: a language attribute, or a short text (a
# language's name, "繁體中文 Version" at most; an image's link has none): a page's headline
# links are never read in Python.
_SWITCH_CANDIDATES = (
    "//body//a[@href][@hreflang or @lang or string-length(normalize-space(.)) < 24]"
)


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def translations(tree, url: str) -> tuple[str, ...]:
    """The absolute URLs of the same site's pages this one names as its other languages,
    sorted, without fragments."""
    own = urldefrag(url).url
    found = set(_switch_links(tree, own))
    for link in tree.xpath("//head/link[@hreflang and @href]"):
        rels = (link.get("rel") or "").lower().split()
        if "alternate" not in rels or link.get("hreflang").strip().lower() == "x-default":
            continue
        target = urldefrag(urljoin(url, link.get("href").strip())).url
        if target != own and target.startswith(("http://", "https://")):
            found.add(target)
    return tuple(sorted(t for t in found if _host(t) == _host(url)))


def _switch_links(tree, own: str) -> list[str]:
    """The body's language switch links to this page in another language."""
    found = []
    for link in tree.xpath(_SWITCH_CANDIDATES):
        text = " ".join([link.text_content(), *(img.get("alt") or "" for img in link.iter("img"))])
        says = (
            link.get("hreflang")
            or link.get("lang")
            or _NAMES_LANGUAGE.fullmatch(re.sub(r"[\s\[\]()|/:：·]+", " ", text).strip())
        )
        if not says:
            continue
        try:  # a malformed href ("http://[x", a port of letters) is no page's URL
            target = urldefrag(urljoin(own, link.get("href").strip())).url
            if swapped(own, target):
                found.append(target)
        except ValueError:
            continue
    return found


def swapped(url: str, other: str) -> bool:
    """Whether `other` is `url` with only language codes swapped, in its path segments or
    its query's values (at least one), on the same host and port."""
    a, b = urlsplit(url), urlsplit(other)
    if (_host(url), a.port) != (_host(other), b.port):
        return False
    path_a, path_b = a.path.split("/"), b.path.split("/")
    query_a = parse_qsl(a.query, keep_blank_values=True)
    query_b = parse_qsl(b.query, keep_blank_values=True)
    if len(path_a) != len(path_b) or [k for k, _ in query_a] != [k for k, _ in query_b]:
        return False
    values = zip([v for _, v in query_a], [v for _, v in query_b], strict=True)
    pairs = [*zip(path_a, path_b, strict=True), *values]
    changed = [(x.lower(), y.lower()) for x, y in pairs if x != y]
    return bool(changed) and all(x in _CODES and y in _CODES and x != y for x, y in changed)
