"""What a text says, as opposed to how it is worded: its dates, figures and names.

Two notices filled into one template share most of their wording but not their dates, names
and figures; an aggregator's rewrite of an article keeps them all. And a school's English page
and its Chinese page about the same visit share no wording at all, only these: the date
(`April 18, 2019` and `2019年4月18日` both become `2019-04-18`), the figures and the names
(`Wang Qiang` and `王强` meet in pinyin, via pypinyin, in either name order).

Everything here is a pure function of the text, so extraction, crawl and `reextract` agree.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache

from .fingerprint import normalise
from .han import HAN_CLASS

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
MONTHS |= {m[:3]: i for m, i in list(MONTHS.items())} | {"sept": 9}
_MONTH = (
    r"(january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
# The text is NFKC-folded and lower-cased first, so one pattern each. The third element is a
# character every match holds: a text without it is not scanned (the Chinese patterns cost a
# third of `extract` on an English text, which has no 月).
# A word boundary before a digit or a capital is written as a lookbehind after it ("\d(?<!\w\d)":
# no word character before the digit): the same matches, but a pattern that starts with a
# character class lets the regex engine skip to the positions where that class occurs instead
# of trying the whole pattern at every character (twice as fast on an English text). For the
# same reason a leading run of digits is written "\d\d{3}", "\d\d*", not "\d{4}", "\d+": a
# repeat first gives the engine no class to skip to (each pattern 40-45 % faster on the eval
# sets' texts, the same matches).
_DATE_PATTERNS = (
    (re.compile(r"(\d\d{3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), "ymd", "月"),
    (re.compile(r"(\d\d{3})(?<!\w\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b"), "ymd", ""),
    (re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"), "mdy", ""),
    (re.compile(r"(\d(?<!\w\d)\d?)(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(\d{4})\b"), "dmy", ""),
    (re.compile(r"(?<!\d)(?<!年)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), "md", "月"),
)
_NUMBER = re.compile(r"\d\d*(?:,\d{3})*(?:\.\d+)?")
# English names: runs of capitalised words (read on the text before case folding).
_CAPITALISED = re.compile(r"[A-Z](?<!\w[A-Z])[a-z]+(?:[ -][A-Z][a-z]+)+\b")
MIN_NUMBER = 10  # single digits ("3 teachers", "第1") agree between any two texts


@dataclass(frozen=True)
class Facts:
    """A text's specific tokens: ISO dates (`--MM-DD` without a year), figures (digits only,
    not those of a date) and English names (capitalised word runs, lower case)."""

    dates: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    @property
    def all(self) -> frozenset[str]:
        return self.dates | self.numbers | self.names

    def __len__(self) -> int:
        return len(self.dates) + len(self.numbers) + len(self.names)


def _iso(kind: str, groups: tuple[str, ...]) -> str | None:
    try:
        if kind == "ymd":
            y, m, d = (int(g) for g in groups)
        elif kind == "mdy":
            m, d, y = MONTHS[groups[0]], int(groups[1]), int(groups[2])
        elif kind == "dmy":
            d, m, y = int(groups[0]), MONTHS[groups[1]], int(groups[2])
        else:
            m, d = (int(g) for g in groups)
            date(2000, m, d)  # a leap year: validates 02-29 too
            return f"--{m:02d}-{d:02d}"
        return date(y, m, d).isoformat()
    except (ValueError, KeyError):
        return None


def extract(text: str) -> Facts:
    """The dates, figures and names a text states."""
    # NFKC folds full-width digits; the script needs no folding (年月日 are the same in both).
    normal = unicodedata.normalize("NFKC", text).lower()
    dates = set()

    def take(kind: str):
        def replace(match: re.Match) -> str:
            if (iso := _iso(kind, match.groups())) is None:
                return match.group()
            dates.add(iso)
            return " "  # a date's digits are not also figures, "2019年4月18日" not "4月18日"

        return replace

    for pattern, kind, needs in _DATE_PATTERNS:
        if needs in normal:  # "" is in every text
            normal = pattern.sub(take(kind), normal)
    numbers = set()
    for match in _NUMBER.finditer(normal):
        digits = match.group().replace(",", "")
        if "." in digits:
            digits = digits.rstrip("0").rstrip(".")
        if len(digits) > 1 and float(digits) >= MIN_NUMBER:
            numbers.add(digits)
    names = {m.group().lower().replace("-", " ") for m in _CAPITALISED.finditer(text)}
    return Facts(frozenset(dates), frozenset(numbers), frozenset(names))


# -- fact keys: the index that proposes candidates sharing what they say ---------------------


def keys(facts: Facts, published: date | None = None, limit: int = 24) -> list[int]:
    """Signed 64-bit keys of (full date, figure) pairs (the page's publication date counts as
    a date of its text): two texts sharing one state the same day and one of its figures,
    whatever their language. Few texts share one by chance, so the index stays small and its
    candidates few."""
    days = sorted(
        {d for d in facts.dates if not d.startswith("--")}
        | ({published.isoformat()} if published else set())
    )
    figures = sorted(n for n in facts.numbers if not is_year(n))
    return hashed([f"{d}|{n}" for d in days for n in figures][:limit])


def hashed(values: list[str]) -> list[int]:
    """Signed 64-bit keys of these strings (an index's `key` column)."""
    return [
        int.from_bytes(hashlib.blake2b(p.encode(), digest_size=8).digest(), "big", signed=True)
        for p in values
    ]


def is_year(number: str) -> bool:
    return len(number) == 4 and number.isdigit() and 1900 <= int(number) <= 2100


# -- names across scripts ---------------------------------------------------------------------


@cache
def _syllables() -> frozenset[str]:
    """Every toneless pinyin syllable pypinyin knows (to tell `Wang Qiang` from `Open Day`)."""
    from pypinyin import Style, lazy_pinyin

    chars = "".join(chr(c) for c in range(0x4E00, 0x9FA6))
    return frozenset(lazy_pinyin(chars, style=Style.NORMAL))


def _is_pinyin(word: str, parts: int = 2) -> bool:
    """One syllable, or (given names such as `Zhiqiang`) up to `parts` of them."""
    if word in _syllables():
        return True
    return parts > 1 and any(
        word[:i] in _syllables() and _is_pinyin(word[i:], parts - 1) for i in range(1, len(word))
    )


def pinyin_names(facts: Facts) -> set[str]:
    """The English names that read as Chinese names: two pinyin words (`wang qiang`)."""
    found = set()
    for name in facts.names:
        words = name.split()
        for a, b in zip(words, words[1:], strict=False):
            if _is_pinyin(a, 1) and _is_pinyin(b) or _is_pinyin(a) and _is_pinyin(b, 1):
                found.add(f"{a} {b}")
    return found


def han_pinyin(text: str) -> frozenset[str]:
    """Every run of 2 or 3 Chinese characters of the text, in joined toneless pinyin: the
    forms in which a name written in Chinese (`王强` -> `wangqiang`) can be looked up."""
    from pypinyin import Style, lazy_pinyin

    runs = [m.group() for m in re.finditer(f"[{HAN_CLASS}]+", normalise(text))]
    found = set()
    for run in runs:
        syllables = lazy_pinyin(run, style=Style.NORMAL)
        if len(syllables) != len(run):
            continue
        for size in (2, 3):
            for i in range(len(syllables) - size + 1):
                found.add("".join(syllables[i : i + size]))
    return frozenset(found)


def names_in_chinese(english: set[str], chinese_pinyin: frozenset[str]) -> set[str]:
    """The English pinyin names found in a Chinese text, surname first or given name first."""
    matched = set()
    for name in english:
        first, second = name.split()
        if first + second in chinese_pinyin or second + first in chinese_pinyin:
            matched.add(name)
    return matched
