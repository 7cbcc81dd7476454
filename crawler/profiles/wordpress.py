"""WordPress: /YYYY/MM/DD/<slug>/ (or /YYYY/MM/<slug>/, /archives/N, ?p=N) articles;
/page/N/ (of the front page or of a section's: /news/page/N/), /category/… lists; the sitemaps
robots.txt names (wp-sitemap.xml since 5.5).
"""

from .base import Profile

PROFILE = Profile(
    name="wordpress",
    articles=(
        r"^/(?:[\w-]+/)?\d{4}/\d{2}/(?:\d{2}/)?[^/?#]+/?$",
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
    ),
    sitemaps=True,
)
