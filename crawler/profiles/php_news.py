"""Hand-written PHP school sites: news.php?page=N lists, shownews.php?id=N articles."""

from .base import Profile

PROFILE = Profile(
    name="php_news",
    articles=(r"/(?:show|view|detail|content|article)\w*\.php\?(?:[^#]*&)?id=\d+$",),
    listings=(
        r"^/$",
        r"^/index\.php$",
        r"/\w*(?:news|list)\w*\.php(?:\?(?:[^#]*&)?(?:page|p|pn)=\d+)?$",
    ),
)
