"""A page's translations as it declares them: `<link rel="alternate" hreflang="en"
href="…">` in its head (WordPress with Polylang or WPML, most multilingual CMSes).

Only the site's own pages count (the same host, `www.` aside): storage links a page and its
declared translation as one story (pipelines.processing.story_match.declared), which two
texts in other languages share no wording or facts to be found by. The page's own URL and
`x-default` (the language chooser's page) are left out.
"""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin, urlsplit


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def translations(tree, url: str) -> tuple[str, ...]:
    """The absolute URLs of the same site's pages this one names as its other languages,
    sorted, without fragments."""
    own = urldefrag(url).url
    found = set()
    for link in tree.xpath("//head/link[@hreflang and @href]"):
        rels = (link.get("rel") or "").lower().split()
        if "alternate" not in rels or link.get("hreflang").strip().lower() == "x-default":
            continue
        target = urldefrag(urljoin(url, link.get("href").strip())).url
        if target != own and target.startswith(("http://", "https://")):
            found.add(target)
    return tuple(sorted(t for t in found if _host(t) == _host(url)))
