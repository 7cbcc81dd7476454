"""WeChat official-account articles (mp.weixin.qq.com/s/…): what the platform's page says of
its story where no reader of ours looks.

Many Chinese schools publish their news only there, and link it from their own columns. The
page is one template for every account: the headline in `#activity-name` (og:title too), the
account's name in `#js_name`, an author the account gave in `#js_author_name` or the first
`rich_media_meta_text` of `#meta_content`, the body in `#js_content` (served hidden:
hidden.HiddenBlocks.main_body), and the day it was published written by a script: the empty
`<em id="publish_time">` is filled from `var ct = "1716184800"` (a Unix time; `create_time`
too) or `var publish_time = "2024-05-20"`. So the date is read from the script, the account
is the story's source where the text names none, and the author is the template's.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

from lxml import etree

# WeChat shows a Unix time in its reader's zone: its accounts' readers are in China.
CHINA = timezone(timedelta(hours=8))
_UNIX_TIME = re.compile(r"""\bvar\s+(?:ct|create_time)\s*=\s*["'](\d{9,10})["']""")
_PUBLISH_TIME = re.compile(r"""\bvar\s+publish_time\s*=\s*["'](\d{4})-(\d{1,2})-(\d{1,2})""")
# The template's ids: the body's, the headline's, the account's (the body may have been taken
# out of the tree as hidden; a site of its own may have one of them, hardly two).
_MARKS = etree.XPath("//*[@id='js_content' or @id='activity-name' or @id='js_name']/@id")
_ACCOUNT = etree.XPath("//*[@id='js_name']")
_AUTHOR = etree.XPath(
    "//*[@id='js_author_name'] | //*[@id='meta_content']/span[contains(concat(' ', "
    "normalize-space(@class), ' '), ' rich_media_meta_text ') and not(@id)]"
)


def is_article(tree) -> bool:
    """The page is a WeChat article's: two of its template's ids at least."""
    return len(set(_MARKS(tree))) >= 2


def _text(found: list) -> str | None:
    text = " ".join(found[0].text_content().split()) if found else ""
    return text or None


def published(tree, latest: date | None) -> date | None:
    """The day the page's script says it was published, if it is a WeChat article's."""
    if not is_article(tree):
        return None
    for script in tree.iter("script"):
        code = script.text or ""
        if found := _UNIX_TIME.search(code):
            day = datetime.fromtimestamp(int(found.group(1)), UTC).astimezone(CHINA).date()
        elif found := _PUBLISH_TIME.search(code):
            try:
                day = date(*map(int, found.groups()))
            except ValueError:
                continue
        else:
            continue
        # Never after the page was fetched (`latest`, a UTC day: China's may be a day ahead).
        if latest is None or day <= latest + timedelta(days=1):
            return day
    return None


def byline(tree) -> tuple[str | None, str | None]:
    """(the author the account gave the story, the account that published it: 赣江职院) of a
    WeChat article, else (None, None)."""
    if not is_article(tree):
        return None, None
    return _text(_AUTHOR(tree)), _text(_ACCOUNT(tree))
