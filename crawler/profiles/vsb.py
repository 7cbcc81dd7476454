"""VSB (博达 VSB / 网站群), common on Chinese university sites: articles at
/info/<column>/<id>.htm, column lists at /<column>.htm with older pages at /<column>/<n>.htm.
"""

from .base import Profile

PROFILE = Profile(
    name="vsb",
    articles=(r"^/info/\d+/\d+\.htm$",),
    listings=(
        r"^/$",
        r"^/index\.html?$",
        r"^/(?:[\w-]+/)*[a-z][\w-]*\.htm$",
        r"^/(?:[\w-]+/)*[a-z][\w-]*/\d+\.htm$",
    ),
)
