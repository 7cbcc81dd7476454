"""Blog-style sites (WordPress and aggregators): /page/N/ pagination and robots.txt sitemaps.

Articles at /YYMM/<hex>.html (WeChat-article aggregators) or /YYYY/MM/DD/<slug>/ (WordPress).
"""

from .base import Profile

PROFILE = Profile(
    name="blog",
    articles=(r"^/\d{4}/[0-9a-f]{8,32}\.html$", r"^/\d{4}/\d{2}/(?:\d{2}/)?[^/?#]+/?$"),
    # /page/N/ of the front page or of a section (/blog/page/2/)
    listings=(r"^/$", r"^/(?:[\w-]+/)*page/\d+/?$", r"^/category/[^?#]+?(?:/page/\d+)?/?$"),
    sitemaps=True,
)
