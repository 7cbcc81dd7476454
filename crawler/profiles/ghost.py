"""Ghost (5.x, and 3 and 4 alike): posts and static pages both stand at root-level slugs
(/<slug>/, or /2024/05/20/<slug>/ with date-based permalinks), so a URL cannot tell a post from
a page. Its <head> gives og:type article to a post alone, but a page is no proof of junk:
sites publish articles as pages too (a Ghost 2 page of the shared dev set, og:type website,
is a guide its gold counts as an article), so a static page is fetched and kept. Lists: the
home page and its /page/N/, /tag/<slug>/ and /author/<slug>/ and theirs; sitemaps
(/sitemap.xml, an index of sitemap-posts.xml, -pages, -tags, -authors). Chosen by `sites
probe` only for a page whose generator says Ghost: a root-level slug is every CMS's static
page.
"""

from .base import Profile

PROFILE = Profile(
    name="ghost",
    articles=(
        # any slug, of one word too (/open-day/, /enrolment/), but Ghost's own routes
        r"^/(?!(?:rss|ghost|amp|p|r|email|members|webmentions|unsubscribe|404)/?$)[^/?#.]+/?$",
        r"^/\d{4}/\d{2}/\d{2}/[^/?#.]+/?$",
    ),
    listings=(r"^/$", r"^/page/\d+/?$", r"^/(?:tag|author)/[^/?#]+/(?:page/\d+/?)?$"),
    sitemaps=True,
    generator=r"^Ghost\b",
)
