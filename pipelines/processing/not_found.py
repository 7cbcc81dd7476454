"""Pages that say the page is not there, answered with 200 (a "soft 404").

Old school CMSes answer a deleted story's URL with a page of their own chrome and one line
("对不起，您访问的页面不存在或已被删除！", "Page not found"), status 200, so nothing but the
words tells it from a short notice. Such a page is no story: kept raw with its reason, as a
404 is, never a document that `query 页面不存在` finds.
"""

from __future__ import annotations

import re

# What such a page says, in its headline or as a line of its short text.
_SAYS_NOT_FOUND = re.compile(
    r"(?:页面|网页|信息|文章|新闻|内容|记录)(?:已经?|可能已|暂时)?(?:不存在|被删除|已删除)"
    r"|(?:找不到|未找到|无法找到)(?:该|您要的|您访问的|您要访问的)?(?:页面|网页|信息|文章)"
    r"|\bpage (?:was )?not found\b|\b(?:page|article|story|post) (?:you (?:are looking for|"
    r"requested) )?(?:does not|doesn't|no longer) exists?\b"
    r"|\bpage (?:cannot|could not|can't|can not) be found\b",
    re.I,
)
# A headline says so only in the page's own words: "404", "页面不存在", "Page not found"
# ("学生信息已过期的通知" is a story's).
_TITLE_SAYS = re.compile(
    r"^\s*(?:error |http )?404\s*(?:$|[-|:_–—]|error|not found|错误|页面)"
    r"|\b404\s*(?:not found|错误|页面)|(?:页面|网页)(?:不存在|未找到)"
    r"|^(?:找不到|未找到|无法找到)(?:该|您要的|您访问的)?(?:页面|网页)|\bpage (?:was )?not found\b",
    re.I,
)
SHORT = 300  # characters of text: a story that mentions a missing page is longer


def says_not_found(titles: tuple[str | None, ...], lines: list[str]) -> bool:
    """The page says it is not there: in its headline or <title>, or in a line of a short
    text."""
    if any(title and _TITLE_SAYS.search(title) for title in titles):
        return True
    if sum(map(len, lines)) > SHORT:
        return False
    return any(_SAYS_NOT_FOUND.search(line) for line in lines)
