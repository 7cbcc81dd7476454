"""Line-level cleaning of extracted text: the noise trafilatura keeps on Chinese school sites.

Generic rules first (they hold for sites nobody has configured): watermark suffixes that
repeat on many paragraphs of one page, image file names, breadcrumbs, image-viewer and
print/close links, counters, byline lines, editor credits and "previous issues" tails. Then
the site's own rules (names, extra patterns, learned boilerplate lines).
"""

from __future__ import annotations

import re
from collections import Counter

from . import dates, labels
from .han import han_count, sentence_sized
from .page_kind import ENTRY_DATE
from .post_navigation import drop_post_navigation
from .rules import ExtractionRules
from .tables import flatten_tables

# An image file name, possibly followed by a short watermark: a caption, not prose.
_IMAGE_NAME = re.compile(r"^[\w\-. ()]{1,80}\.(?:jpe?g|png|gif|bmp|webp|tiff?)(?=\S{0,20}$)", re.I)
_BREADCRUMB = re.compile(
    r"^(?:current\s+(?:page|location|position)|you\s+are\s+here|location|当前位置|当前页面|"
    r"您现在的位置|您的位置|所在位置|當前位置|您現在的位置|首页\s*[>»]|首頁\s*[>»]|home\s*[>»])",
    re.I,
)
_NOISE_LINE = re.compile(
    r"^(?:返回原图|返回原圖|查看原图|点击查看大图|\[?\s*(?:打印本页|打印|列印|关闭窗口|关闭|關閉視窗|"
    r"關閉|print|close|close window)\s*\]?(?:\s*\[?\s*(?:打印本页|打印|列印|关闭窗口|关闭|關閉|"
    r"print|close|close window)\s*\]?)*|(?:分享到|分享|share(?:\s+(?:to|this))?)\s*[:：]?.{0,40}|"
    r"(?:views?|hits|浏览次数|瀏覽次數|浏览量|瀏覽量|阅读量|閱讀量|点击数|點擊數|点击|點擊|阅读|閱讀)"
    r"\s*[:：]?\s*\d*\s*(?:次)?|[/|>»·\s-]+|top|back\s+to\s+(?:all\s+|the\s+)?(?:top|news|blog|list|articles|stories|posts)|返回顶部|返回頂部|"
    # the neighbours' links (VSB's 上一条：…, 上一則, 上篇): they change as stories are added
    r"(?:上一|下一)(?:篇|条|條|则|則)\s*[:：].*|(?:上|下)篇\s*[:：].*|previous[:：].*|next[:：].*|"
    r"click on the likes.*|"
    # the story's tags (PHPCMS's 相关热词搜索：校企合作 产教融合), metadata not text
    r"(?:相关热词搜索|相關熱詞搜索|热词搜索|相关热词|标签|標籤|关键词|關鍵詞|关键字|tags?|"
    r"categor(?:y|ies)|filed\s+under)\s*[:：].*|"
    # Joomla's article info: "Written by Mr D Okafor" (the author is read from the page)
    r"(?:written|posted|submitted)\s+by\s+[^.!?]{1,60}|"
    # a button alone on its line: comment, follow, subscribe, back to the contents
    r"[-•·\s]*(?:评论|評論|关注|關注|订阅|訂閱|返回?目录|返回?目錄|comments?|subscribe)"
    r"\s*(?:\(\d+\)|\d+)?|"
    # a label of the page's furniture alone on its line (on the eval sets 46 documents had 49
    # that their gold text does not; 9 gold texts keep one, a "Table of contents" on 4)
    r"(?:read\s+more|continue\s+reading|advertisement|sponsored|table\s+of\s+contents|details)"
    r"\s*[.:…]?)$",
    re.I,
)
# A list's pager in words: its counts and its links' labels, JEECMS's "共 16 条 每页 15 条 当前
# 1/2 页 转到第页" (its buttons' labels are no text), DedeCMS's "共3页/45条记录", "第1页/共3页".
# Never a story's text: a column page read as an article (sites probe) kept it as its "prose".
_PAGER_COUNT = re.compile(
    r"共\s*\d+\s*[条條页頁篇]|(?:当前|當前|第)\s*\d+\s*/\s*(?:共\s*)?\d+\s*[页頁]"
    r"|[页頁]次\s*[:：]?\s*\d+\s*/\s*\d+"
)
_PAGER_WORD = re.compile(
    r"共|每[页頁]|当前|當前|总数|總數|第|[页頁]次|\d+|[条條页頁篇]|记录|記錄|(?:转|轉|跳转|跳轉)到?"
    r"|[首尾末上下]一?[页頁]|go|[/|:：,，.\s\[\]]"
)
# A line starting like this ends the article: everything from it on is related-post blocks.
_TAIL_START = re.compile(
    r"^(?:a\s+wonderful\s+review\s+of\s+previous\s+issues|review\s+of\s+previous\s+issues|"
    r"previous\s+issues|往期回顾|往期精彩|往期推荐|精彩回顾|推荐阅读|推薦閱讀|相关新闻|相關新聞|"
    r"相关阅读|相關閱讀|相关文章|相關文章|related\s+(?:posts|articles|news)|最火资讯|最火資訊|"
    r"热门资讯|熱門資訊)\s*[:：]?",
    re.I,
)
# Editor credits and repost notices: dropped, one line each, in brackets too as portals print
# them ("【编辑:刘欢】", "（责任编辑：王晓）"); "文章来源：千龙网" is the source's label too.
_CREDIT = re.compile(
    r"^(?:\*?\s*please\s+indicate.*|(?:editor|audit|producer|proofread|review|source)\s*[丨|:：].*|"
    r"[【\[(（]?\s*(?:责任编辑|責任編輯|责编|責編|编辑|編輯|审核|審核|校对|校對|监制|監製|"
    r"(?:文章|信息)?(?:来源|來源)|文字|图片|圖片|摄影|攝影|供稿|撰稿)\s*[丨|:：].{0,60}|"
    r"本文来源.*|本文來源.*)$",
    re.I,
)
_BYLINE_LABEL = re.compile(rf"{labels.BYLINE}\s*[:：]", re.I)
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]{1,8}$")


def _watermark_suffix(lines: list[str]) -> str | None:
    """A suffix (usually the site name) appended after a short random token to many lines."""
    if len(lines) < 3:
        return None
    best = None
    for length in range(2, 13):
        endings = Counter(line[-length:] for line in lines if len(line) > length + 1)
        if not endings:
            break
        suffix, count = endings.most_common(1)[0]
        if count < max(3, 0.4 * len(lines)) or not suffix[-1].isalnum():
            break
        # A real watermark follows an ASCII token; real sentences ending alike do not.
        tokened = sum(
            1
            for line in lines
            if line.endswith(suffix) and _ASCII_TOKEN.search(line[: -len(suffix)])
        )
        if tokened >= 0.6 * count and not suffix.isascii():
            best = suffix
    return best


def _strip_watermarks(lines: list[str], rules: ExtractionRules) -> list[str]:
    suffixes = {name for name in rules.site_names if name}
    if learned := _watermark_suffix(lines):
        suffixes.add(learned)
    if not suffixes:
        return lines
    pattern = re.compile(
        r"[A-Za-z0-9]{0,8}(?:"
        + "|".join(map(re.escape, sorted(suffixes, key=len, reverse=True)))
        + r")\s*$"
    )
    # Only a line ending with a suffix (spaces aside) can match: the pattern, unanchored at its
    # start, is not tried at every position of every other line.
    endings = tuple(suffix.rstrip() for suffix in suffixes)
    return [
        pattern.sub("", line).rstrip()
        if line.rstrip().endswith(endings) and not _signature(lines, at, suffixes)
        else line.rstrip()
        for at, line in enumerate(lines)
    ]


def _signature(lines: list[str], at: int, names: set[str]) -> bool:
    """The school's name alone on its line over a date: a notice's signature (落款), which
    names who issued it, not a watermark (a SiteServer school's 14 notices lost it)."""
    return lines[at].strip() in names and at + 1 < len(lines) and _date_line(lines[at + 1].strip())


_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|(?<=\.)\s")


def _echoes(table_row: str, others: list[str]) -> bool:
    """A flattened layout-table row that repeats sentences of the article text."""
    cells = table_row.strip("| ").replace(" | ", " ")
    sentences = [x.strip() for x in _SENTENCE_END.split(cells) if len(x.strip()) >= 8]
    if not sentences:
        return False
    body = "\n".join(others)
    repeated = sum(len(x) for x in sentences if x in body)
    return repeated >= 0.5 * sum(len(x) for x in sentences)


def is_byline(line: str) -> bool:
    """A line of labelled metadata (source, author, date, views), not prose."""
    return len(line) < 200 and len(_BYLINE_LABEL.findall(line)) >= 2


# A date (and time) on a line of its own, with at most a short label: "기사입력 :[ 2018-08-25
# 15:24 ]", "发布时间：2020-10-21", "Posted 2019-11-20 10:00", "發布日期：113-05-20".
_DATE_LINE = re.compile(
    r"^[^\W\d]{0,12}(?:\s[^\W\d]{1,12})?\s*[:：]?\s*[\[(（]?\s*"
    rf"{dates.PRINTED}日?(?:\s*\d{{1,2}}:\d\d(?::\d\d)?)?"
    r"\s*[\])）]?$"
)
_BULLET = re.compile(r"^[-·•*>»]\s*")
# One field of the page's info row on a line of its own, as trafilatura writes a <ul> of them
# (Rpage: "- 發布單位 : 實習處", "- 點閱次數 : 127"): who published it, how often it was read.
# A count changes on every fetch: kept, every re-check of the story would be an edit.
_INFO_FIELD = re.compile(
    rf"^(?:{labels.OFFICE}\s*[:：]\s*[^。！？!?；;，,]{{1,30}}|{labels.VIEWS}\s*[:：]\s*\d+\s*次?)$",
    re.I,
)


def _header_field(line: str) -> bool:
    """A line of the header's metadata, bulleted or not: its date, its office, its count."""
    bare = _BULLET.sub("", line)
    return _date_line(bare) or _dated_byline(line) or _INFO_FIELD.match(bare) is not None


# A label alone on its line, its value on the next: the info row as trafilatura's reading of
# the whole page writes it, a cell a line ("發布單位 :", "圖書館").
_LABEL_ALONE = re.compile(rf"^{labels.ANY}\s*[:：]$", re.I)


def _past_fields(lines: list[str], start: int) -> int:
    """Where the header's metadata from `start` on ends (`lines`: those before the prose)."""
    while start < len(lines):
        if _LABEL_ALONE.match(_BULLET.sub("", lines[start])) and start + 1 < len(lines):
            start += 2
        elif _header_field(lines[start]):
            start += 1
        else:
            break
    return start


def _date_line(line: str) -> bool:
    if dates.EN_DATE_LINE.match(line):
        return True
    return (match := _DATE_LINE.match(line)) is not None and dates.names_a_date(match)


HEADER_LINES = 4  # the headline stands among the text's first lines, or it is not a header
_BY = re.compile(r"^(?:(?:posted|written|submitted)\s+)?by\s+\S.{0,60}$", re.I)
_BYLINE_PARTS = re.compile(r"\s+[|·•]\s+")


def _dated_byline(line: str) -> bool:
    """A byline and a date on one line ("By Office of Communications | December 3, 2026",
    Sitefinity's, which began 23 of a college's 32 texts): the header's, not the story's."""
    parts = _BYLINE_PARTS.split(line)
    return (
        1 < len(parts) <= 3
        and any(map(_date_line, parts))
        and all(_date_line(part) or _BY.match(part) for part in parts)
    )


def _is_title(line: str, title: str | None) -> bool:
    """The line is the headline, whatever its spaces: the headline is stored with its spaces
    made one, the text keeps the page's (Rpage's "…講座　分享技職之路", an ideographic space)."""
    return bool(title) and " ".join(line.split()) == " ".join(title.split())


def drop_header(lines: list[str], title: str | None) -> list[str]:
    """The page's header echoed before the body: the headline (as a list item too), the short
    lines above it (a section name) and its metadata under it: a date line, the info row's
    fields one a line (office, views). Only before the first prose
    line: a date or the title quoted inside the body stays."""
    first_prose = next(  # a long headline is sentence-sized too, and no prose
        (
            i
            for i, line in enumerate(lines)
            if sentence_sized(line) and not _is_title(_BULLET.sub("", line), title)
        ),
        len(lines),
    )
    at = next(
        (
            i
            for i, line in enumerate(lines[: min(first_prose, HEADER_LINES)])
            if title and _is_title(_BULLET.sub("", line), title)
        ),
        None,
    )
    start = _past_fields(lines[:first_prose], 0 if at is None else at + 1)
    if at is None and start == 0:
        return lines
    return lines[start:]


_COPYRIGHT = re.compile(r"^(?:copyright\b|©|ⓒ|\(c\)\s|저작권자|版权所有|版權所有)", re.I)


# A portal's summary box above the story (Discuz!: "摘要: 9月12日上午，我校与… ..."), its
# opening sentences again, cut short.
_SUMMARY = re.compile(
    r"^(?:内容摘要|内容提要|摘要|提要|导读|導讀|summary)\s*[:：]\s*(.+?)\s*(?:\.\.\.|…+)?$", re.I
)


def drop_echoed_summary(lines: list[str]) -> list[str]:
    """A summary line near the start whose words the text goes on to say: the box, not the
    story (an abstract that the text does not repeat stays)."""
    for at, line in enumerate(lines[:HEADER_LINES]):
        if (match := _SUMMARY.match(line)) and len(match[1]) >= 20:
            rest = "".join(lines[at + 1 :])
            if match[1][:40].replace(" ", "") in rest.replace(" ", ""):
                return lines[:at] + lines[at + 1 :]
    return lines


def drop_second_copyright(lines: list[str]) -> list[str]:
    """An article may end with its agency's notice ("© 2019 Associated Press …"); a second
    notice straight after it is the page's footer, not the article."""
    end = len(lines)
    while end >= 2 and _COPYRIGHT.match(lines[end - 1]) and _COPYRIGHT.match(lines[end - 2]):
        end -= 1
    return lines[:end]


# A PHP CMS's footer says how long the page took and how many queries (Discuz!, PHPWind:
# "GMT+8, 2024-5-20 10:31, Processed in 0.070000 second(s), 16 queries."), new on every
# request: were it text, every re-check of an unchanged story would be an edit.
_RUNTIME = re.compile(
    r"\bprocessed in \d+(?:\.\d+)?\s*sec|(?:页面|頁面|本页|本頁)?执行时间\s*[:：]?\s*\d", re.I
)
# The footer's credit to the CMS or the web company, alone on its line.
_POWERED = re.compile(r"^(?:powered by|技术支持\s*[:：]|技術支援\s*[:：])\s*\S.{0,60}$", re.I)


# A list's entry mark, as trafilatura writes one: "- 上一篇：…" is a line of noise too
# (EmpireCMS's 上一篇/下一篇 block is a <ul>).
_ENTRY_MARK = re.compile(r"^[-•·*]\s+")


# An attachment's download count after its name ("- 簡章.pdf (下載次數：5)"): new on every
# fetch, as a view count is; the name stays.
_DOWNLOADS = re.compile(
    r"\s*[(（]\s*(?:下載次數|下载次数|下載|下载|downloads?)\s*[:：]?\s*\d+\s*次?\s*[)）]$", re.I
)


def _noise(line: str) -> bool:
    bare = _ENTRY_MARK.sub("", line)
    return (
        (len(bare) < 80 and _NOISE_LINE.match(bare) is not None)
        or (len(line) < 160 and _RUNTIME.search(line) is not None)
        or _POWERED.match(line) is not None
        or (len(line) < 80 and bool(_PAGER_COUNT.search(line)) and not _PAGER_WORD.sub("", line))
    )


def _own_entry(line: str, title: str | None) -> bool:
    """The page's own headline as a sidebar of the latest lists it, where trafilatura kept
    it: a list's entry, cut short to fit the sidebar and dated ("- 陕西省宁强县职业教育中心
    一行到我校参观交10-27"). A link to the page itself, it is no link the link lines are
    known by, so it stayed last in an EmpireCMS college's texts."""
    if not title or not _ENTRY_MARK.match(line):
        return False
    text = re.sub(r"[….\s]+$", "", ENTRY_DATE.sub("", _ENTRY_MARK.sub("", line)))
    return text == title or (len(text) >= max(8, len(title) // 2) and title.startswith(text))


def _paragraph_sized(line: str) -> bool:
    return han_count(line) >= 60 or len(line.split()) >= 30


def _ends_article(lines: list[str], at: int) -> bool:
    """A related-posts heading ends the article, unless a paragraph follows it straight
    away: then it headed a box set inside the article, whose links trafilatura left out."""
    following = lines[at + 1] if at + 1 < len(lines) else ""
    return not _paragraph_sized(following)


def clean_text(text: str, rules: ExtractionRules, title: str | None = None) -> str:
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not _IMAGE_NAME.match(line)]
    lines = [_DOWNLOADS.sub("", line) for line in _strip_watermarks(lines, rules)]
    prose = [line for line in lines if not line.startswith("|")]
    lines = [line for line in lines if not (line.startswith("|") and _echoes(line, prose))]
    lines = flatten_tables(lines, title)
    lines = drop_echoed_summary(drop_header(lines, title))
    extra = [re.compile(p) for p in rules.drop_lines]
    kept: list[str] = []
    for at, line in enumerate(lines):
        if _TAIL_START.match(line) and kept:
            if _ends_article(lines, at):
                break
            continue
        if (
            not line
            or _is_title(line, title)
            or _own_entry(line, title)
            or _BREADCRUMB.match(line)
            or _noise(line)
            or _CREDIT.match(line)
            or is_byline(line)
            or line in rules.boilerplate
            or any(p.search(line) for p in extra)
        ):
            continue
        kept.append(line)
    return "\n".join(drop_second_copyright(drop_post_navigation(kept)))


def from_headline(text: str, title: str | None) -> str:
    """The text from the last line that is the headline on (a breadcrumb and a sidebar may
    name it above the page's own): a reading of the whole page, its menus cut off above the
    story. The text as it is when no line is the headline."""
    lines = text.splitlines()
    at = max((i for i, line in enumerate(lines) if title and line.strip() == title), default=0)
    return "\n".join(lines[at:])


def through_last_prose(lines: list[str]) -> list[str]:
    """The lines up to the last sentence-sized one: after it, a reading of the whole page
    holds the page's buttons, attachments' names and footer; none when no line is prose (a
    header's metadata alone is no story)."""
    last = max((i for i, line in enumerate(lines) if sentence_sized(line)), default=-1)
    return lines[: last + 1]
