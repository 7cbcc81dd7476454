"""WordPress: /YYYY/MM/DD/<slug>/ (or /YYYY/MM/<slug>/, /archives/N, ?p=N) articles;
/page/N/ (of the front page or of a section's: /news/page/N/), /category/… lists (?cat=N,
?paged=N with plain permalinks); the sitemaps
robots.txt names (wp-sitemap.xml since 5.5).
"""

from .base import Profile

PROFILE = Profile(
    name="wordpress",
    articles=(
        # A month and day of one digit too (Squarespace's /news/2025/6/7/<slug>); a calendar's
        # dated pages (/calendar/2026/12/12/<event>, /events/…) are events, no posts; a day's
        # archive (/2026/12/07/, which a post's date links to) has no slug: its day is none.
        # A slug of digits after the day is a post's (Chinese sites' %post_id%: /2026/11/06/114/).
        r"^/(?!(?:calendar|events?)/)(?:[\w-]+/)?\d{4}/\d{1,2}/"
        r"(?:\d{1,2}/[^/?#]+|(?!\d{1,2}/?$)[^/?#]+)/?$",
        r"^/archives/\d+/?$",
        r"^/(?:index\.php)?\?p=\d+$",
    ),
    listings=(
        r"^/$",
        # /page/2/ of the front page, and of a section's posts page (/news/page/2/: a school
        # sets its "Posts page" to /news/ or /blog/), of an author or a custom taxonomy
        r"^/(?:[\w-]+/)*page/\d+/?$",
        r"^/(?:category|tag)/[^?#]+?(?:/page/\d+)?/?$",
        r"^/\d{4}/(?:\d{2}/)?(?:page/\d+/)?$",
        # plain permalinks (WordPress's default): ?cat=3, ?tag=x, ?m=202405, ?paged=2, of
        # which a query may hold several (?cat=3&paged=2)
        r"^/(?:index\.php)?\?(?:[^#]*&)?(?:cat|tag|m|paged|author)=[^&#]+(?:&[^#]*)?$",
    ),
    sitemaps=True,
)
