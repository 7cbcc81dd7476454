"""Sites without a CMS profile: the URL shapes most school and news CMSes share."""

from .base import Profile

PROFILE = Profile(
    name="generic",
    articles=(
        r"/\d{4}/\d{4}/c\d+a\d+/page\.(?:html?|psp)$",
        r"/(?:19|20)\d{2}[-/]?\d{2}[-/]?\d{2}/[^/?#]+\.(?:s?html?|php|aspx?|jsp)$",
        r"/(?:show|view|detail|content|article)\w*\.(?:php|aspx?|jsp)\?(?:[^#]*&)?id=\d+$",
        r"/(?:info|content)/\d+/\d+\.s?html?$",
    ),
    listings=(
        r"^/$",
        r"/(?:index|main|default)(?:_\d+)?\.(?:s?html?|php|aspx?|jsp)$",
        r"/\w*list\w*\.(?:s?html?|php|aspx?|jsp)(?:\?[^#]*)?$",
        r"/page/\d+/?$",
    ),
    sitemaps=True,
)
