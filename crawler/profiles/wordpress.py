"""WordPress: /YYYY/MM/DD/<slug>/ (or /YYYY/MM/<slug>/, /archives/N, ?p=N) articles;
/page/N/, /category/… lists; the sitemaps robots.txt names (wp-sitemap.xml since 5.5).
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
        r"^/page/\d+/?$",
        r"^/(?:category|tag)/[^?#]+?(?:/page/\d+)?/?$",
        r"^/\d{4}/(?:\d{2}/)?(?:page/\d+/)?$",
    ),
    sitemaps=True,
)
