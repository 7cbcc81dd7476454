"""News portals (DedeCMS-style): /<section>/YYYYMMDD/<id>.html, index.html, index_N.html."""

from .base import Profile

PROFILE = Profile(
    name="dated_portal",
    articles=(r"/(?:19|20)\d{6}/\d+\.html?$",),
    listings=(r"/$", r"/index(?:_\d+)?\.html?$", r"/list_\d+(?:_\d+)?\.html?$"),
)
