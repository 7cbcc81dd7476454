"""Authors' names: as a page's markup gives them (trafilatura's metadata), without what a
byline glues to them, and as Chinese news signs a text at its end.

From markup: the day ("ServiceTitan November", "Jeff Foust Monday; November"), a label
("Written By", "Published") or a value that names no one ("Undefined") is dropped. A name is
otherwise kept as given: May (Theresa May) and the short forms (Sun, Jan, Dec) can be names,
so they go only when nothing else is left.

At the end of a text: the reporters' names in brackets closing its last line, "（袁源）",
"……佳节。（常书香 马丹阳 ）": two to four Han characters each, and no word that names an
office, a medium or a note ("（学生处）", "（新华社）", "（待续）") instead of a person.

Under the headline, when neither a label nor the markup names anyone: a "By Name" line of its
own ("November 1, 2026 · By Li Wei", "Written by Li Wei"), a short line near the headline, not
a menu's "By …"; or the label alone on its line and the name on the next ("By" / "Li Wei"). On
wcxb_dev's articles those found 8, then 13 more names (author exact 420 -> 433 of 618), each
the gold's (one without the role the gold adds to it); two more on pages whose gold names no
one are the pages' first bylines.
"""

from __future__ import annotations

import re
from itertools import pairwise

from .facts import MONTHS
from .html_clean import after_headline

# Months written out (facts.MONTHS, which also holds their short forms), May left out: it is a
# name too. Weekdays, written out and short.
_MONTH_NAMES = [m.capitalize() for m in MONTHS if len(m) > 3 and m != "sept"]
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
# A month or weekday written out, ending the name (after a space or the "; " between names).
_TRAILING_DAY = re.compile(rf"(?:\s+|\s*;\s*)(?:{'|'.join(_MONTH_NAMES + _DAYS)})\.?$")
_LEADING_LABEL = re.compile(
    r"^(?:(?:written|posted|published)?\s*by\b[\s:]*|作者\s*[:：]\s*)", re.I
)
# A box's heading taken for a byline by its id or class ("relativeAuthorWords": "■ 该作者文章",
# this author's articles): a name never holds these words.
_HEADING_WORDS = re.compile(r"作者|文章|專欄|专栏")
# A broken template's markup or placeholder printed where the name should be ('作者： size="20"',
# "{{author}}", "<%=author%>"): no name holds these characters.
_MARKUP = re.compile(r"[<>{}=]")
_TRAILING_LABEL = re.compile(r"\s+(?:last\s+)?(?:published|posted|updated|modified)$", re.I)
# Values that name no one, whole (case ignored), calendar words among them, and what CMSes
# put when nobody signed: the account that posted (DedeCMS's "作者:admin", 管理员), anonymous
# (佚名, 匿名), unknown (未知), this site (本站).
_NO_ONE = re.compile(
    r"(?:undefined|null|none|unknown|author|by|updated|published|posted|modified|"
    # CMS accounts: WordPress's admin, Joomla's "Super User", a Chinese CMS's 管理员.
    r"admin|administrator|webmaster|super ?user|site ?admin|"
    r"(?:网站|網站|系统|系統|超级|超級)?(?:管理员|管理員)|"
    r"佚名|匿名|未知|本站|本网|本網|"
    rf"{'|'.join(MONTHS)}|{'|'.join(_DAYS)}|{'|'.join(d[:3] for d in _DAYS)})\.?",
    re.I,
)


# What trafilatura joins to a person's name with "; " from other markup: the site's own name
# in an author tag ("Maple Ridge School; Jane Whitfield", Squarespace), or the role a byline
# gives after a comma ("Margaret Ellison; Director" of "Margaret Ellison, Director of …").
_NO_PERSON = re.compile(
    r"\b(?:director|principal|superintendent|coordinator|manager|editor|officer|staff|team|"
    r"office|department|communications|school|academy|college|university|district|"
    r"institute|association|foundation)\b(?:\s+of\b.*)?$",
    re.I,
)


# A day of the year, which trafilatura joins to a byline's name from the same element
# (Sitefinity's "By Office of Communications | December 3, 2026": "Office; December 3").
_DAY_PART = re.compile(
    rf"^(?:(?:{'|'.join(MONTHS)})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}\s+(?:{'|'.join(MONTHS)})\.?)"
    r"(?:,?\s+\d{4})?$",
    re.I,
)


def _people(name: str) -> str:
    """The names trafilatura joined, without the parts that name no person, where a person's
    name is left (a role or a body alone stays: "Office of the Superintendent"); a day is
    never a name."""
    parts = [part.strip() for part in name.split(";")]
    parts = [part for part in parts if not _DAY_PART.match(part)] or [""]
    name = "; ".join(parts)
    people = [part for part in parts if not _NO_PERSON.search(part)]
    return "; ".join(people) if people and len(people) < len(parts) else name


def clean_author(name: str | None) -> str | None:
    """The name without a trailing day or label word, or what names no person beside it;
    None when nothing names anyone."""
    if not name:
        return None
    name = _people(_LEADING_LABEL.sub("", name.strip()))
    while (cut := _TRAILING_DAY.sub("", name)) != name or (
        cut := _TRAILING_LABEL.sub("", name)
    ) != name:
        name = cut.strip()
    name = name.strip(" ;,|•·–—-■□●◆▪")
    if not name or _NO_ONE.fullmatch(name) or _HEADING_WORDS.search(name) or _MARKUP.search(name):
        return None
    return name


_NAME = r"[\u4e00-\u9fff·]{2,4}"
_SIGNED = re.compile(rf"[（(]\s*((?:{_NAME}\s+){{0,3}}{_NAME})\s*[）)]\s*$")
# What a bracket at the end of a text holds when it names no person: an office, a medium, a
# place (…部, …处, …社, …报, …网, …中心, …学院) or a note to the reader.
_NOT_A_PERSON = re.compile(
    r"(?:部|处|處|科|室|办|辦|系|组|組|委|会|會|社|报|報|网|網|台|刊|站|院|校|局|中心|图|圖|"
    r"完|待续|待續|未完|附件|图片|圖片|视频|視頻|原创|原創|转载|轉載|供稿|组图|組圖|摄影|攝影|"
    r"编辑|編輯|责编|責編|通讯|通訊|综合|綜合|整理|翻译|翻譯|来源|來源|资料|資料)$"
)


def signed_names(line: str) -> str | None:
    """The names a bracket closing the line gives ("常书香 马丹阳"), or None."""
    if not (match := _SIGNED.search(line)):
        return None
    names = match.group(1).split()
    if any(_NOT_A_PERSON.search(name) for name in names):
        return None
    return " ".join(names)


# "By Li Wei" standing as a byline: at a line's start or after a separator ("November 1, 2026 ·
# By Li Wei"), two to four capitalised words, and nothing after them but the line's end or
# another separator. "By the end of…", "By Car" (one word) and "By The Associated Press"
# (an agency, not a person) are no bylines. The label may say more ("Written by", "Posted
# by", "Article by"), and a lower-case "by" opens a line too ("by Eric Ries"). A date may
# stand before the label, and "on" and the date after the name, as themes print them
# ("Posted on November 1, 2026 by Li Wei", "By Li Wei on Monday, November 18th, 2019").
_SEPARATORS = "·•⋅∙|–—"
_NAME_WORDS = r"(?!The\b)([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3})"
_BY_WORDS = "Written|Posted|Article|Words|Story"  # what may stand before "by" in a label
_BY_LABEL = rf"(?:(?:{_BY_WORDS})\s+by|[Bb]y)"
_BY_NAME = re.compile(
    rf"(?:^|[{_SEPARATORS}]\s*|(?<=\d)\s+){_BY_LABEL}:?\s+{_NAME_WORDS}"
    rf"\s*(?:$|[{_SEPARATORS},]|\s+on\s)"
)
# The label on a line of its own and the name on the next, as a page laid out in blocks
# shows them ("By" / "Sofia Gonzalez", "Written by" / "Edzel Tabing", "Author" / "Lisa D.
# Ellis"): the next line is the name alone, or the name and a role after a comma or separator.
_LABEL_LINE = re.compile(rf"(?:(?:{_BY_WORDS})\s+)?by:?|authors?(?:\(s\))?:?", re.I)
_NAME_LINE = re.compile(rf"{_NAME_WORDS}\s*(?:$|[{_SEPARATORS},])")
# Words of the labels, buttons and box headings beside a byline, never of a name: the line
# after "Posted By" is "Posted On" when the name is an image; after an "Author" heading with
# nothing under it, the next box's "Recent Posts".
_LABEL_WORDS = frozenset(
    "on by posted published updated modified date share read min recent related posts "
    "articles more menu home contents comments subscribe search".split()
)
MAX_BYLINE_CHARS = 100  # a byline is a short line of its own, not a sentence


def written_by(visible_text: str, headline: str | None, near: int) -> str | None:
    """The name of a "By Name" byline within `near` characters after the headline (wherever it
    stands: a breadcrumb repeats it), or None; a "By" line elsewhere is a menu's or another
    story's."""
    if not headline:
        return None
    for window in after_headline(visible_text, headline, near):
        for line, after in pairwise([*window.splitlines(), ""]):
            if len(line) > MAX_BYLINE_CHARS:
                continue
            match = _BY_NAME.search(line)
            if match is None and _LABEL_LINE.fullmatch(line.strip()):
                match = _NAME_LINE.match(after.strip())
            if match and not _LABEL_WORDS.intersection(match.group(1).lower().split()):
                return clean_author(match.group(1))
    return None
