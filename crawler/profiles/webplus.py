"""WebPlus (博达 WebPlus Pro), common on Chinese college sites.

Columns list at /<col>/list.htm, list2.htm…; articles at /YYYY/MMDD/c<col>a<id>/page.htm,
also reachable as the dynamic page.psp. Mirrors publish the same tree as .html.
"""

from .base import Profile

PROFILE = Profile(
    name="webplus",
    articles=(r"/\d{4}/\d{4}/c\d+a\d+/page\.(?:html?|psp)$",),
    listings=(
        r"^/(?:[\w-]+/)?(?:main|index)\.(?:html?|psp)$",
        r"^/(?:[\w-]+/)?$",
        r"/[\w-]+/list\d*\.(?:html?|psp)$",
    ),
    rewrites=((r"/page\.psp$", "/page.htm"),),
)
