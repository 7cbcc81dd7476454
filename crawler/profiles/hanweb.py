"""Hanweb JCMS (大汉网络), common on education bureaus' and schools' sites: articles at
/art/2024/5/20/art_1234_5678.html (month and day unpadded), columns at /col/col1234/index.html,
whose items the page keeps in a script (crawler/page_links reads them).
"""

from .base import Profile

PROFILE = Profile(
    name="hanweb",
    articles=(r"^/art/(?:19|20)\d\d/\d{1,2}/\d{1,2}/art_\d+_\d+\.html?$",),
    listings=(r"^/$", r"^/index\.(?:html?|jsp)$", r"^/col/col\d+/index\.html?(?:\?[^#]*)?$"),
)
