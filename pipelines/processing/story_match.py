"""Which story a document joins, and why: a pure decision over texts, shingles and facts.

Storage finds the candidates (exact copies by content hash, near copies by LSH bands, and
texts stating the same day and figures by fact keys); this module decides, without a
database:

- **near**: the shingle sets pass `similarity.same_story` (most wording shared, or one text
  nearly inside the other); or one text is at least `FACT_CONTAINMENT` inside the other *and*
  they state the same things (`facts_agree`): an aggregator's rewrite with a paragraph dropped,
  sentences re-ordered and a promo line added. Template notices share their wording but not
  their dates, names and figures, and stay apart.
- **cross-language**: an English and a Chinese text published within `DAY_WINDOW` days that
  state the same full date, the same figures and, when the English one names people, the
  same names in pinyin.
- **translation**: two pages of one site, one declaring the other as its other language
  (`<link rel="alternate" hreflang>`, or a language switch link to its own URL with the
  language code swapped: pipelines.processing.alternates), whatever their texts state.

A link is described for `schoolnews stories`: its reason, its score and the facts it rests on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np

from . import facts as fact_tools
from .facts import Facts
from .similarity import JACCARD, MIN_LENGTH_RATIO, SCREEN_MARGIN, overlap, same_story, shingles

# Tuned with bench/dedup.py: aggregator rewrites (a paragraph dropped, sentences re-ordered,
# a promo line added) have containment >= 0.85; template notices and articles sharing a
# school introduction reach 0.95. Those share many facts too (the school's founding year,
# area, student numbers), so a link by facts also needs a day both texts state (their text or
# their page) and pages published within DAY_WINDOW days: at 0.80 without that rule, two
# articles sharing one introduction were linked (16 false pairs at 20k documents).
FACT_CONTAINMENT = 0.85
FACT_AGREEMENT = 0.8  # of the facts of the text stating fewer, this share in the other
MIN_SHARED_FACTS = 3
DAY_WINDOW = 3  # cross-language: publication dates at most this many days apart
MIN_EVIDENCE = 2  # cross-language: specific figures and names besides the date
FACT_AGREEMENT_ACROSS = 0.6  # of the English figures and names ("5 million" is "500万")
SHOWN_FACTS = 6


@dataclass
class Text:
    """A document as the decision sees it."""

    id: int
    story: int | None
    shingles: np.ndarray | None  # None: made from `text` when first needed (`shingled`)
    facts: Facts | None = None  # None: extracted from `text` when first needed (`said`)
    chinese: bool = False
    published: date | None = None
    text: str = ""  # its facts, and for a cross-language candidate its names in pinyin
    site: str | None = None
    url: str | None = None  # its page's URL
    translations: tuple[str, ...] = ()  # its site's pages it declares (alternates)

    def shingled(self) -> np.ndarray:
        """Its shingles: a text re-extracted unchanged comes without them (its stored sketch
        stands in for the candidate search), and most have no candidate to compare."""
        if self.shingles is None:
            self.shingles = shingles(self.text)
        return self.shingles

    def said(self) -> Facts:
        """Its facts: most candidates are decided by wording alone, without them."""
        if self.facts is None:
            self.facts = fact_tools.extract(self.text)
        return self.facts


@dataclass(frozen=True)
class Link:
    reason: str  # exact | cross-script | near | cross-language | translation
    score: float = 1.0
    shared: tuple[str, ...] = ()
    by_facts: bool = False  # near by containment and facts, not by wording alone

    @property
    def strong(self) -> bool:
        """Whether this link may merge two stories (see `choose`)."""
        return self.reason in ("exact", "cross-script") or (
            self.reason == "near" and not self.by_facts
        )

    def describe(self) -> str:
        """One line for storage and `stories`: `near 0.91: 2019-04-18, 35, wang qiang`."""
        if self.reason == "translation":
            return "translation (hreflang)"
        head = (
            self.reason
            if self.reason in ("exact", "cross-script")
            else (f"{self.reason} {self.score:.2f}")
        )
        return f"{head}: {', '.join(self.shared)}" if self.shared else head


def _shown(shared: set[str]) -> tuple[str, ...]:
    # Dates first, then the longest (most specific) figures and names.
    return tuple(
        sorted(shared, key=lambda f: (not f[:1].isdigit() or len(f) != 10, -len(f), f))[
            :SHOWN_FACTS
        ]
    )


def facts_agree(a: Facts, b: Facts) -> set[str] | None:
    """The shared facts if two texts state the same things, else None.

    The text stating fewer facts must find nearly all of them in the other (a dropped
    paragraph loses facts, an added line brings some), at least MIN_SHARED_FACTS, and neither
    may state a day the other lacks unless its days are all in the other.
    """
    shared = a.all & b.all
    fewer = min(len(a), len(b))
    # A short text may state only its day and a figure or two: then all must be in the other.
    same_day = len(shared) == fewer and any(len(d) == 10 for d in a.dates & b.dates)
    if (len(shared) < MIN_SHARED_FACTS and not same_day) or len(shared) < FACT_AGREEMENT * fewer:
        return None
    if a.dates and b.dates and not (a.dates <= b.dates or b.dates <= a.dates):
        return None
    return shared


def same_days(a: Text, b: Text) -> set[str] | None:
    """The full days two texts both state (in their text, or as their page's publication
    date), if any and if their pages were published within DAY_WINDOW days, else None.

    Articles sharing one school's introduction state the same founding year and figures,
    but not the same day: each reports its own event."""
    if a.published and b.published and abs((a.published - b.published).days) > DAY_WINDOW:
        return None
    return {d for d in _days(a) & _days(b) if not d.startswith("--")} or None


def near(a: Text, b: Text) -> Link | None:
    """A same-language (or same-script-folded) link between two texts, or None.

    A link by wording (`same_story`) is strong; one by containment and facts is `by_facts`:
    it joins a story but never merges two (one wrong link must not chain stories)."""
    if (score := same_story(a.shingled(), b.shingled())) > 0:
        return Link("near", score)  # its shared facts: `choose` adds them to the chosen one
    _, containment, ratio = overlap(a.shingled(), b.shingled())
    if (
        containment >= FACT_CONTAINMENT
        and ratio >= MIN_LENGTH_RATIO
        and (days := same_days(a, b)) is not None
        and (shared := facts_agree(a.said(), b.said())) is not None
    ):
        return Link("near", containment, _shown(shared | days), by_facts=True)
    return None


def _days(text: Text) -> set[str]:
    return set(text.said().dates) | ({text.published.isoformat()} if text.published else set())


def cross_language(
    english: Text, chinese: Text, pinyin: Callable[[Text], frozenset[str]]
) -> Link | None:
    """An English and a Chinese text about the same event, or None.

    Small figures (a 12, a 47, a 95 percent), round ones (100, 160) and common names recur
    among distinct articles of one day: most of the English text's figures and names must be in
    the Chinese one, and the specific evidence (figures of three significant digits or more,
    names found in pinyin) must be two.
    """
    if (
        english.published
        and chinese.published
        and abs((english.published - chinese.published).days) > DAY_WINDOW
    ):
        return None
    a, b = english.said(), chinese.said()
    # A copy that lost its lead paragraph lost the day with it: its page still has the date.
    days = {d for d in _days(english) & _days(chinese) if not d.startswith("--")}
    stated = {n for n in a.numbers if not fact_tools.is_year(n)}
    figures = stated & b.numbers
    if not days or not figures:
        return None
    names = fact_tools.pinyin_names(a)
    if len(figures) + len(names) < FACT_AGREEMENT_ACROSS * (len(stated) + len(names)):
        return None  # even with every name found: decided before reading Chinese in pinyin
    matched = fact_tools.names_in_chinese(names, pinyin(chinese)) if names else set()
    if names and len(matched) < max(1, len(names) / 2):
        return None
    if len(figures) + len(matched) < FACT_AGREEMENT_ACROSS * (len(stated) + len(names)):
        return None
    specific = len(matched) + sum(map(_specific, figures))
    if specific < MIN_EVIDENCE and not (specific and len(figures) > MIN_EVIDENCE):
        return None
    shared = days | figures | matched
    score = len(shared) / max(1, len(days) + len(stated) + len(names))
    return Link("cross-language", min(score, 1.0), _shown(shared))


def _specific(figure: str) -> bool:
    """A figure few unrelated texts of one day share: three significant digits or more (135,
    28760). Round quotas, fees and head counts (100, 160, 2300) recur among the notices of
    any day: at 100k documents, two notices of other templates and languages published the
    same day shared 100, 120, 160 and 60 and were linked."""
    return len(figure.split(".")[0].rstrip("0")) >= 3


@dataclass
class Decision:
    story: int | None  # None: start a story
    link: Link | None = None
    considered: int = 0
    also: set[int] = field(default_factory=set)  # other stories it strongly links to: merged
    # Other stories it links to only by facts or across languages: storage merges one of them
    # only if it holds a single text (with its exact copies), as a link would have joined it.
    weak: set[int] = field(default_factory=set)


@dataclass
class PinyinCache:
    """Chinese texts in pinyin, computed once per text and only when a pair needs them."""

    done: dict[int, frozenset[str]] = field(default_factory=dict)

    def __call__(self, text: Text) -> frozenset[str]:
        if text.id not in self.done:
            self.done[text.id] = fact_tools.han_pinyin(text.text)
        return self.done[text.id]


def declared(a: Text, b: Text) -> bool:
    """Whether one of two pages of one site declares the other as its translation."""
    return (
        a.site is not None
        and a.site == b.site
        and ((b.url is not None and b.url in a.translations) or (a.url in b.translations))
    )


PAGE_KEY = "page|"  # fact_tools.keys() hashes `date|figure`: the two never meet


def page_keys(url: str | None, translations: Sequence[str] = ()) -> list[int]:
    """Signed 64-bit keys of a page's URL and of the pages it declares as its translations:
    two documents share one when one declares the other, whichever was stored first."""
    urls = sorted({u for u in (url, *translations) if u})
    return fact_tools.hashed([PAGE_KEY + u for u in urls])


def link(a: Text, b: Text, pinyin: Callable[[Text], frozenset[str]]) -> Link | None:
    """How `a` and `b` are one story, if they are."""
    if a.chinese == b.chinese and (found := near(a, b)) is not None:
        return found
    if declared(a, b):  # whatever their texts state: the site says so
        return Link("translation")
    if a.chinese == b.chinese:
        return None
    english, chinese = (a, b) if b.chinese else (b, a)
    return cross_language(english, chinese, pinyin)


_RANK = {"near": 0, "translation": 1, "cross-language": 2}


def choose(
    doc: Text, candidates: Sequence[Text], pinyin: Callable[[Text], frozenset[str]] | None = None
) -> Decision:
    """The story `doc` joins: its best-linked candidate's (strong links first, near before
    cross-language, then the higher score, then the stored, older story), or None; and the
    other stories it links to strongly (a copy stored before its original started one: the
    original links both).
    Weaker links (near by facts, cross-language) go to `weak`: a merge through one would join
    two whole stories on one pair's evidence."""
    pinyin = pinyin or PinyinCache()
    best = None
    linked, weakly = set(), set()
    for other in candidates:
        if other.story is None or other.id == doc.id:
            continue
        if (found := link(doc, other, pinyin)) is not None:
            (linked if found.strong else weakly).add(other.story)
            rank = (
                not found.strong,
                _RANK[found.reason],
                -found.score,
                other.story < 0,
                abs(other.story),
            )
            if best is None or rank < best[0]:
                best = (rank, other, found)
    if best is None:
        return Decision(None, considered=len(candidates))
    _, other, found = best
    if not found.shared:  # near by wording: the facts shown are read for the chosen link only
        found = replace(found, shared=_shown(doc.said().all & other.said().all))
    return Decision(
        other.story, found, len(candidates), linked - {other.story}, weakly - linked - {other.story}
    )


def worth_verifying(a: tuple[np.ndarray, int], b: tuple[np.ndarray, int]) -> bool:
    """Whether two (MinHash signature, shingle count) sketches could be linked as near: the
    screen of `similarity.worth_verifying`, at this module's lower containment."""
    shorter, longer = sorted((a[1], b[1]))
    if not shorter:
        return False
    ratio = shorter / longer
    least = (
        JACCARD
        if ratio < MIN_LENGTH_RATIO
        else min(JACCARD, FACT_CONTAINMENT * ratio / (1 + ratio - FACT_CONTAINMENT * ratio))
    )
    estimate = float(np.count_nonzero(a[0] == b[0])) / len(a[0])
    return estimate >= least - SCREEN_MARGIN


class Merges:
    """Stories found to be one (a document linked to several): each is folded into the
    oldest stored one (else the earliest provisional one, -document id)."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.texts: dict[int, set[str]] = {}  # each story's distinct content hashes
        # A folded story -> the document that linked it to the other: the reason its first
        # document, which has no link of its own, is in the story it now belongs to.
        self.through: dict[int, int] = {}

    def add(self, story: int, content_hash: str) -> None:
        self.texts.setdefault(self.find(story), set()).add(content_hash)

    def absorb_single_text(self, story: int, other: int, through: int) -> None:
        """Merge `other` into `story` only if it holds one text (and its exact copies): a
        weak link (by facts, across languages) then costs at most what joining that one
        text would have, never a whole story."""
        if len(self.texts.get(self.find(other), ())) == 1:
            self.union(story, other, through)

    def find(self, story: int | None) -> int | None:
        while story is not None and self.parent.get(story, story) != story:
            story = self.parent[story]
        return story

    def union(self, a: int, b: int, through: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            keep, gone = sorted((a, b), key=lambda s: (s < 0, abs(s)))
            self.parent[gone] = keep
            self.through[gone] = through
            self.texts[keep] = self.texts.get(keep, set()) | self.texts.pop(gone, set())

    def stored(self) -> dict[int, int]:
        """Stored stories folded into another: old id -> new id."""
        return {s: self.find(s) for s in self.parent if s > 0 and self.find(s) != s}

    def why(self, story: int) -> str | None:
        """The link of a folded story's first document, for `stories`."""
        through = self.through.get(story)
        return None if through is None else f"merged through document {through}"
