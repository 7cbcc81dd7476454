"""The words pages label their metadata with (发布时间：…, 来源：…, Views: …), in both Chinese
scripts and English: one vocabulary for the readers of dates, bylines and table-layout rows.

Each group is a regular-expression alternation, longest first, so a longer label
(浏览次数) is taken whole before its prefix (浏览).
"""

from __future__ import annotations

from .han import HAN_CLASS

# The bare words 时间 and 日期 label the page's date only where no other word runs into them:
# 活动时间 (an event's), 截止日期 (a deadline), 实习时间 are days the text speaks of. The CMSes'
# own longer labels are listed whole.
_BARE = rf"(?<![{HAN_CLASS}])"
# A publication (or update) date follows.
_DATE = (
    *"发布时间 發布時間 发布日期 發布日期 发表时间 發表時間 发表日期 發表日期".split(),
    *"更新时间 更新時間 更新日期 录入时间 錄入時間 添加时间 添加時間 发稿时间 發稿時間".split(),
    *(_BARE + word for word in "时间 時間 日期".split()),
    # announced, posted: 公告日期：113-05-20, 發佈日期, 張貼日期 (Taiwan), 发布于
    *"公告日期 公告时间 公告時間 发布于 發佈日期 發佈時間 张贴日期 張貼日期".split(),
    # English: likewise "date" and "time" after another word ("Start date", "Event time",
    # "Closing date") are a day the text speaks of, but a publication's own are listed.
    r"(?<![A-Za-z]\s)date",
    r"(?<![A-Za-z]\s)time",
    r"(?:publication|publish|published|post|posted|release|issue|news|article|entry)\s+date",
    r"(?:publish|published|post|posted|release)\s+time",
    "published",
    "posted",
)
_AUTHOR = ("作者", "原作者", "author")
_SOURCE = ("来源", "來源", "source")
# The office or person that published the page (layout-table rows of school CMSes).
_OFFICE = (
    *"发布部门 發布部門 发布单位 發布單位 公告单位 公告單位 发布者 發布者 部门 部門".split(),
    # Taiwan's 佈 (ischool's story page: 發佈單位：教務處, 發佈人：教務處管理者), and who posted it
    *"發佈單位 发佈单位 發佈部門 發佈者 發佈人 发布人 發布人".split(),
)
_VIEWS = (
    *"浏览次数 瀏覽次數 浏览 瀏覽 点击数 點擊數 点击 點擊 阅读 閱讀 次数".split(),
    # as Taiwanese school CMSes print them: 點閱次數：123, 瀏覽人次：88, 人氣：45
    *"点阅次数 點閱次數 点阅 點閱 浏览人次 瀏覽人次 人气 人氣".split(),
    # the counts' longer names, whole: 点击 alone would leave 次数 before the colon
    *"点击次数 點擊次數 阅读次数 閱讀次數 浏览量 瀏覽量 阅读量 閱讀量 点击量 點擊量".split(),
    *"访问量 訪問量 访问次数 訪問次數".split(),
    "views?",
    "hits",
    # Discuz! portal's line: 2024-5-20 10:31| 发布者: admin| 查看: 1234| 评论: 0|原作者: …
    *"查看 评论 評論".split(),
)


SOURCE_WORDS = _SOURCE  # the source's labels, as written (metadata's byline reads them)


def _either(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


DATE = _either(_DATE)
# A byline's labels: who wrote it, where from, when, how often read.
BYLINE = _either(_DATE + _AUTHOR + _SOURCE + _VIEWS)
OFFICE = _either(_OFFICE)
VIEWS = _either(_VIEWS)
# Any metadata label, the office included.
ANY = _either(_DATE + _AUTHOR + _SOURCE + _OFFICE + _VIEWS)
