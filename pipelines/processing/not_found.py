"""Pages that say the page is not there, answered with 200 (a "soft 404").

Old school CMSes answer a deleted story's URL with a page of their own chrome and one line
("对不起，您访问的页面不存在或已被删除！", "Page not found"), status 200, so nothing but the
words tells it from a short notice. Such a page is no story: kept raw with its reason, as a
404 is, never a document that `query 页面不存在` finds.

A script that shows one record answers an id it has no record for the same way, in its
database's words: "Sorry, no record found.", 對不起，沒有相關資料。, 暂无数据, 記錄不存在 (a
bilingual school's English page for a story never translated). Those words are common in a
story ("暂无数据显示…"), so they count only as a line of their own, with at most an apology
before them, in a short text.
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
# A record script's answer for an id it has none for, as a whole line: "Sorry, no record
# found.", "No data available", 对不起，没有相关资料。, 暂无数据, 查无此记录, 記錄不存在.
_APOLOGY = r"(?:(?:we are |we're |i'm )?sorry|oops|对不起|對不起|抱歉|很抱歉|不好意思)?\W*"
_RECORD = r"(?:资料|資料|记录|記錄|纪录|紀錄|数据|數據|信息|訊息|内容|內容|文章|新闻|新聞|消息)"
_NO_RECORD = re.compile(
    rf"{_APOLOGY}(?:"
    r"(?:there (?:is|are|was|were) )?no (?:such |matching |related )?records?"
    r"(?: (?:was |were )?(?:found|available|exists?))?"
    r"|no (?:such |matching |related )?(?:data|information|entry|entries)"
    r" (?:was |were )?(?:found|available|to display)"
    r"|(?:the )?(?:requested )?(?:record|entry|data) (?:was )?not found"
    r"|(?:the )?(?:requested )?record (?:does not|doesn't|no longer) exists?"
    rf"|(?:没有|沒有|暂无|暫無|查无|查無|无|無)(?:此|该|該|相关|相關|任何|符合条件的|符合條件的)?{_RECORD}"
    rf"|(?:找不到|未找到|没有找到|沒有找到|查不到)(?:此|该|該|相关|相關|任何)?{_RECORD}"
    rf"|(?:此|该|該)?{_RECORD}(?:不存在|已被?删除|已被?刪除)"
    r")[\s.。!！~～]*",
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
    return any(_SAYS_NOT_FOUND.search(line) or _NO_RECORD.fullmatch(line.strip()) for line in lines)
