"""A page's publication date as the page prints it: by the headline, after a label, in the URL.

Dates are printed in the Gregorian calendar (2024-05-20, 2024年5月20日) or, on Taiwanese sites
(schools, ministries, local governments), in the Republic of China's: year 1 is 1912, so
民國113年5月20日 and "發布日期：113-05-20" are 20 May 2024. A year with 民國 before it is read
whatever its digits; a bare three-digit year is one only from 100 to 139 (2011-2050), so a
version or part number is not a date.

Official notices (a ministry's, a school office's) are signed with the day in Chinese numerals
under the issuer's name: 二〇二四年五月二十日. Such a date is read as its Arabic twin wherever a
printed date is read (in_arabic), and a notice's signing day is its date when nothing by the
headline, no label, markup or URL gives one (signed_date).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from . import labels
from .html_clean import after_headline

ROC_OFFSET = 1911  # 民國1年 = 1912
_BARE_ROC_YEARS = range(100, 140)
# The year (Gregorian; or of the ROC, after 民國 or bare, then never the tail of a longer
# number or of a dotted or dashed code), then month and day.
PRINTED = (
    r"(?P<roc>民[國国]\s*)?(?P<year>(?:19|20)\d{2}|(?<![0-9A-Za-z.\-/])\d{2,3}(?!\d))"
    r"\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})"
)
_ANY = re.compile(PRINTED)
_LABELLED = re.compile(rf"{labels.DATE}\s*[:：]?\s*{PRINTED}", re.I)
# A server in the US locale (classic ASP, .NET) prints month/day/year and a 12-hour time:
# "发布日期： 9/17/2004 5:54:13 AM". The AM or PM says which order; without it, no order is sure.
_LABELLED_US = re.compile(
    rf"{labels.DATE}\s*[:：]?\s*(\d{{1,2}})/(\d{{1,2}})/((?:19|20)\d{{2}})\s+"
    r"\d{1,2}:\d\d(?::\d\d)?\s*[AP]\.?M\b",
    re.I,
)
# A labelled slashed date with the day or the month first ("日期：03/12/2026" in Hong Kong,
# "Article Date 10/29/2026" as a SharePoint page layout prints its ArticleStartDate): a date
# line whichever order the site writes (`labelled`), so a sign of a story's date line and of
# the headline above it; read as a date only when its numbers leave one order, a number over
# 12 being the day (`_one_order`). An ambiguous one (3/4/2026) is left to the readers that
# know the page's order (htmldate, day_order).
_LABELLED_SLASHED = re.compile(
    rf"{labels.DATE}\s*[:：]?\s*(\d{{1,2}})/(\d{{1,2}})/((?:19|20)\d{{2}})(?![\d/])", re.I
)
# The shapes CMSes put a publication date in, and only those (bench/url_dates measures each
# on the pages whose date is known: all right). A looser reader took "2024-4-4-2024-5-0", a
# version range in a forum slug, for a date: dashes need two-digit months and days.
_URL_DATES = (
    re.compile(r"/((?:19|20)\d\d)/(\d\d)(\d\d)/"),  # WebPlus /2019/0418/
    re.compile(r"/((?:19|20)\d\d)(\d\d)(\d\d)/"),  # portals /20201021/
    re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$)"),  # blogs /2020/10/21/, /2025/6/9/
    re.compile(r"/((?:19|20)\d\d)-(\d\d)-(\d\d)(?:/|$|[-_])"),  # /2005-03-21/, /2020-10-21-slug
    re.compile(r"/((?:19|20)\d\d)-(\d\d)/(\d\d)/"),  # Xinhua /2005-08/16/
)
# An English date line: "December 3, 2026", "Tue, Dec. 3, 2026 at 9:15 am", "Posted on 3rd
# December 2026", "Posted: 12/03/2026" (month and day in either order): dropped from the text
# under the headline, and a sign of a story's date line, but not read for the date here.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
EN_DATE_LINE = re.compile(
    r"^(?:(?:posted|published|updated|date|released?)(?:\s+on)?\s*[:：]?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:{_MONTH}\s+{_DAY},?|{_DAY}\s+{_MONTH},?|\d{{1,2}}/\d{{1,2}}/)\s*(?:19|20)\d\d"
    r"(?:,?\s*(?:at\s+)?\d{1,2}(?::\d\d){1,2}\s*(?:[ap]\.?m\.?)?)?$",
    re.I,
)


def english_date_line_near(visible_text: str, headline: str | None) -> bool:
    """A line that is an English date ("15th May 2024", "Posted: 12/03/2026"), or a labelled
    slashed one ("日期：03/12/2026", a Hong Kong school's), just under the headline: a story's
    date line, which the readers above (numbers, year first) miss."""
    windows = after_headline(visible_text, headline, NEAR_HEADLINE) if headline else []
    return any(
        EN_DATE_LINE.match(line.strip()) or _slashed(line)
        for w in windows
        for line in w.splitlines()[:4]
    )


NEAR_HEADLINE = 300  # characters after the headline where news pages print their date


def _valid_date(year: int, month: str, day: str, latest: date | None) -> date | None:
    try:
        found = date(year, int(month), int(day))
    except ValueError:
        return None
    if found.year < 1990 or (latest and found > latest):
        return None
    return found


def _printed(match: re.Match, latest: date | None) -> date | None:
    """The date a PRINTED match names, in the Gregorian calendar; None when it names none."""
    if not names_a_date(match):
        return None  # "95/03/21": no calendar says which year that is
    year = int(match["year"])
    return _valid_date(
        year + ROC_OFFSET if year < 1000 else year, match["month"], match["day"], latest
    )


def names_a_date(match: re.Match) -> bool:
    """Whether a match of a pattern holding PRINTED is a date's shape in some calendar
    ("95/03/21" and "10.2.3" are not): for readers that only ask whether a line is a date."""
    year = match["year"]
    return len(year) == 4 or _after_minguo(match) or int(year) in _BARE_ROC_YEARS


def _after_minguo(match: re.Match) -> bool:
    """民國 before the year: in the match, or taken by a pattern's label part before it."""
    at = match.start("year")  # a few characters before it, not the whole text so far
    before = match.string[max(0, at - 8) : at].rstrip()
    return bool(match["roc"]) or before.endswith(("民國", "民国"))


def holds_a_date(text: str) -> bool:
    """Whether the text prints a full date somewhere (a layout row's date cell)."""
    return any(names_a_date(match) for match in _ANY.finditer(text))


def labelled(line: str) -> bool:
    """The line prints a labelled date (发布时间：2025-4-18, 日期: 2024/05/20, 日期：03/12/2026)."""
    return bool(_LABELLED.search(line)) or _slashed(line)


def _slashed(line: str) -> bool:
    """The line prints a labelled slashed date, day or month first (_LABELLED_SLASHED)."""
    return any(
        _valid_date(int(year), first, second, None) or _valid_date(int(year), second, first, None)
        for first, second, year in _LABELLED_SLASHED.findall(line)
    )


def labelled_date(visible_text: str, latest: date | None) -> date | None:
    """The first date the page labels as its publication date (发布时间: 2020-10-21 …)."""
    for match in _LABELLED.finditer(visible_text):
        if found := _printed(match, latest):
            return found
    for match in _LABELLED_US.finditer(visible_text):
        month, day, year = match.groups()
        if found := _valid_date(int(year), month, day, latest):
            return found
    return _one_order(visible_text, latest)


def _one_order(visible_text: str, latest: date | None) -> date | None:
    """The first labelled slashed date, read in the order its numbers say (10/29/2026 is 29
    October, 29/10/2026 too), else in the order the text's other labelled slashed dates say
    (日期：09/10/2026 over a footer's 最後更新日期：15/11/2026: day first); None when nothing
    says (3/4/2026, left to the readers that know the page's order). Never a later one in
    its place: the story's date line comes first, a footer's last update after it."""
    found = _LABELLED_SLASHED.findall(visible_text)
    if not found:
        return None
    first, second, year = found[0]
    says = {int(a) > 12 for a, b, _ in found if (int(a) > 12) != (int(b) > 12)}  # day first
    if (int(first) > 12) != (int(second) > 12):
        day_first = int(first) > 12
    elif len(says) == 1:
        day_first = says.pop()
    else:
        return None
    month, day = (second, first) if day_first else (first, second)
    return _valid_date(int(year), month, day, latest)


def date_near_headline(visible_text: str, headline: str | None, latest: date | None) -> date | None:
    """The date printed just under the headline: a labelled one (发布时间：2020-10-21) first,
    else an unlabelled one on a line of the page's metadata ("2005年03月21日 11:21"), never a
    date inside a sentence of the text ("2019年9月16日，成渝…": the event's day). Every place
    the headline stands is read: a breadcrumb repeats it above a sidebar of other stories'
    dates, so an unlabelled date is read from the last place first, nearest the text."""
    return labelled_near_headline(visible_text, headline, latest) or unlabelled_near_headline(
        visible_text, headline, latest
    )


def labelled_near_headline(visible_text: str, headline: str | None, latest: date | None):
    """A labelled date (发布时间：2020-10-21) printed just under the headline."""
    windows = after_headline(visible_text, headline, NEAR_HEADLINE) if headline else []
    return next((found for w in windows if (found := labelled_date(w, latest))), None)


def unlabelled_near_headline(visible_text: str, headline: str | None, latest: date | None):
    """An unlabelled date on a line of metadata just under the headline (date_near_headline)."""
    windows = after_headline(visible_text, headline, NEAR_HEADLINE) if headline else []
    for window in reversed(windows):
        for match in _ANY.finditer(window):
            line_start = window.rfind("\n", 0, match.start()) + 1
            line_end = window.find("\n", match.end())
            line = window[line_start : line_end if line_end >= 0 else len(window)]
            if _prose(line) or _CLOCK.search(line):
                continue
            if found := _printed(match, latest):
                return found
    return None


def _prose(line: str) -> bool:
    """A line of running text, not of metadata: Chinese sentence punctuation, or a long line
    with Latin sentence punctuation."""
    return bool(_ZH_SENTENCE.search(line)) or (len(line) > 80 and bool(_SENTENCE.search(line)))


# The server's clock, printed on every page: Discuz!'s footer "GMT+8, 2026-12-7 08:21", a
# header's "今天是2026年12月7日". Read after a sidebar that lists the page's own headline, it
# gave a story the day it was fetched.
_CLOCK = re.compile(r"\b(?:GMT|UTC)\s*[+-]\s*\d|今天是|今日是|当前时间|當前時間|现在时间|現在時間")
_ZH_SENTENCE = re.compile(r"[，。；！？]")
_SENTENCE = re.compile(r"[,.;!?]\s")


# A year written digit by digit (〇 as zero; ○ and 零 as careless typists write it), a month
# and a day as numbers are spoken: 五, 十, 十二, 二十, 廿一, 三十一.
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_CN_NUMBER = r"(?:[二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九]?|[一二三四五六七八九])"
_CN_DATE = re.compile(
    rf"(?P<year>[〇○零一二三四五六七八九]{{4}})\s*年\s*(?P<month>{_CN_NUMBER})\s*月"
    rf"\s*(?P<day>{_CN_NUMBER})\s*日"
)


def _cn_number(text: str) -> int:
    """一 .. 三十一 as a number (十 alone is 10, 二十 20, 廿一 21)."""
    text = text.replace("廿", "二十")
    tens, _, units = text.rpartition("十")
    if "十" not in text:
        return _CN_DIGITS[text]
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _arabic(match: re.Match) -> str:
    year = "".join(str(_CN_DIGITS[c]) for c in match["year"])
    return f"{year}年{_cn_number(match['month'])}月{_cn_number(match['day'])}日"


def in_arabic(text: str) -> str:
    """The text with each date in Chinese numerals written as its Arabic twin, the same
    day (二〇二四年五月二十日 -> 2024年5月20日), so the printed-date readers read it too."""
    return _CN_DATE.sub(_arabic, text) if "年" in text else text


SIGNATURE_LINES = 4  # a notice ends with its issuer and its day, maybe a seal's caption


def signed_date(lines: list[str], latest: date | None) -> date | None:
    """The day a notice is signed: a line at the end of its text that is a date and nothing
    else ("二〇二四年五月二十日", "2024年5月20日")."""
    for line in reversed(lines[-SIGNATURE_LINES:]):
        line = in_arabic(line.strip())
        if (match := _ANY.fullmatch(line.removesuffix("日"))) and (
            found := _printed(match, latest)
        ):
            return found
    return None


def url_date(url: str | None, latest: date | None) -> date | None:
    for pattern in _URL_DATES if url else ():
        if (match := pattern.search(url)) and (
            found := _valid_date(int(match[1]), match[2], match[3], latest)
        ):
            return found
    return None


def parse_iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value[:10], "%Y-%m-%d").date()
    except ValueError:
        return None
