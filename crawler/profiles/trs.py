"""TRS WCM (拓尔思), the CMS of most Chinese government and education bureaus' sites: articles
at /<column>/202405/t20240520_1234567.html (the month's folder, then t + the day + an id),
columns at /<column>/index.html, whose later pages (index_1.html, …) a script writes
(crawler.spiders.pager.script_pages reads them).
"""

from .base import Profile

PROFILE = Profile(
    name="trs",
    articles=(r"/(?:19|20)\d{4}/t(?:19|20)\d{6}_\d+\.s?html?$",),
    listings=(r"^/$", r"/index(?:_\d+)?\.s?html?$", r"^/(?:[a-z0-9_]+/)+$"),
)
