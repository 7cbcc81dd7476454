"""Rpage (崑山科技 Rpage), the CMS of most Taiwanese schools and vocational high schools: every
page a /p/<kind>-<site>-<n>.php, the kind its module (403 a column's list, 406 one of its
stories, 412 a page of the site's own: 校長的話, 學校沿革), the site's number (1000, 1001…) beside
it, the language in ?Lang=zh-tw (or none: the site's default). A column's list,
/p/403-1000-12.php, pages on to /p/403-1000-12-2.php; a story is /p/406-1000-4965,r12.php,
its column after the ',r'. The home page (/index.php?Lang=zh-tw, / redirecting there) draws
its news boxes by script (/app/index.php?Action=mobileloadmod…, which robots.txt often
forbids): the site menu's columns are the way to the stories. No feed, no sitemap.
"""

from .base import Profile

_LANG = r"(?:\?[^#]*)?$"  # ?Lang=zh-tw, or no query

PROFILE = Profile(
    name="rpage",
    articles=(rf"^/p/406-\d+-\d+,r\d+\.php{_LANG}",),
    listings=(
        r"^/$",
        rf"^/index\.php{_LANG}",
        rf"^/p/403-\d+-\d+(?:-\d+)?\.php{_LANG}",  # a column's list and its later pages
    ),
    # One story, linked with ?Lang=zh-tw from its column and bare from a sidebar of the
    # latest: the language is the site's default either way.
    rewrites=((r"(/p/406-\d+-\d+,r\d+\.php)\?Lang=zh-tw$", r"\1"),),
)
