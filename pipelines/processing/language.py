"""Language and script of a text, deterministically.

langdetect alone calls traditional Chinese Korean; Chinese is decided on the characters
(Han share), and simplified vs traditional by which OpenCC direction changes the text.
English, most of what is not Chinese here, is recognised by its function words (a fifth of
running English text is one of thirty words; other Latin-script languages score a few
percent): langdetect, a few milliseconds a text, runs only on what that leaves undecided, and
on texts mostly in another alphabet (Cyrillic, Greek, …), which are named by that script.
Measured with bench/language.py on the shared eval sets.
"""

from __future__ import annotations

import gc
import re

from langdetect import DetectorFactory, LangDetectException, detect

from . import chinese_script
from .chinese_script import TO_SIMPLIFIED
from .han import HAN_CLASS, HAN_RUN, count_in_runs, han_count

DetectorFactory.seed = 0  # langdetect is random unless seeded

# Runs of each script's characters, counted by count_in_runs.
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_KANA = re.compile(r"[\u3040-\u30ff]+")
_HANGUL = re.compile(r"[\uac00-\ud7af]+")
# Any Han, kana or hangul character: a text without one is decided on its Latin letters alone.
_EAST_ASIAN = re.compile(f"[\u3040-\u30ff{HAN_CLASS}\uac00-\ud7af]")
# Alphabets other than Latin (ISO 15924 codes): a text mostly in one is identified by
# langdetect and named by that script (a Russian page was "und", "Latn": it has few Latin
# letters).
_ALPHABETS = {
    "Cyrl": "\u0400-\u052f",
    "Grek": "\u0370-\u03ff",
    "Arab": "\u0600-\u06ff",
    "Hebr": "\u0590-\u05ff",
    "Deva": "\u0900-\u097f",
    "Thai": "\u0e00-\u0e7f",
}
_ANY_ALPHABET = re.compile(f"[{''.join(_ALPHABETS.values())}]")
_ALPHABET_RUNS = {script: re.compile(f"[{chars}]+") for script, chars in _ALPHABETS.items()}

MIN_HAN = 10  # CJK counts characters: ten Han characters make a short notice
MIN_LATIN = 40  # about eight words
SAMPLE = 3000  # Han characters compared for the script
LATIN_SAMPLE = 1500  # characters given to langdetect: its cost grows with the text, and a
# few hundred words decide the language (100% on the public eval pages)


_WORD = re.compile(r"[a-z]+")
# Frequent English words that are not also frequent words of other Latin-script languages
# (no "a", "de", "en", "die", "son", …).
_ENGLISH = frozenset(
    (
        "the",
        "of",
        "and",
        "to",
        "is",
        "that",
        "for",
        "with",
        "was",
        "are",
        "this",
        "from",
        "have",
        "has",
        "were",
        "which",
        "their",
        "will",
        "its",
        "been",
        "would",
        "they",
        "there",
        "what",
        "when",
        "who",
        "than",
        "into",
        "more",
        "about",
        "our",
        "these",
        "those",
    )
)
ENGLISH_SHARE = 0.12  # eval sets: 95 % of English texts above 0.095; other languages <= 0.05
MIN_WORDS = 20


def plainly_english(sample: str) -> bool:
    """Whether function words alone make the sample English (no langdetect needed)."""
    words = _WORD.findall(sample.lower())
    if len(words) < MIN_WORDS:
        return False
    return sum(map(_ENGLISH.__contains__, words)) >= ENGLISH_SHARE * len(words)


def han_script(text: str) -> str:
    """'Hant' or 'Hans': the script OpenCC would have to change less."""
    han = "".join(HAN_RUN.findall(text))[:SAMPLE]
    to_simplified = sum(a != b for a, b in zip(han, TO_SIMPLIFIED.convert(han), strict=False))
    to_traditional = sum(
        a != b for a, b in zip(han, chinese_script.to_traditional().convert(han), strict=False)
    )
    return "Hant" if to_simplified > to_traditional else "Hans"


_loaded = False


def load_profiles() -> None:
    """Load langdetect's language profiles now (about 60 MB and 0.3 s of CPU), once.

    The crawl's extraction workers are forked after this: they then share one copy, and a
    crawl's memory does not jump the first time some page, thousands of pages in, is neither
    Chinese nor plainly English. Elsewhere (reextract, `extract FILE`) they load on the first
    text that needs them, which Chinese and English corpora never give.

    The collector is off meanwhile: the profiles are 87,000 lists made at once, which it
    walked again and again as they were made (a third of their load's CPU). Then what is
    alive is moved out of its way for good (gc.freeze): the profiles live as long as the
    process, and every full collection would walk them again."""
    global _loaded
    if _loaded:
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        detect("Ceci n'est pas une page en anglais, mais il faut bien charger les profils.")
        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()
    _loaded = True


def _letters_up_to(text: str, enough: int) -> int:
    """The Latin letters of `text`, counted until there are `enough`."""
    found = 0
    for run in _LATIN.finditer(text):
        found += run.end() - run.start()
        if found >= enough:
            break
    return found


def _other_alphabet(text: str) -> str | None:
    """The script of an alphabet other than Latin the text is mostly written in, if any."""
    if not _ANY_ALPHABET.search(text):
        return None  # most texts: one scan, nothing counted
    counts = {script: count_in_runs(run, text) for script, run in _ALPHABET_RUNS.items()}
    script = max(counts, key=counts.get)
    if counts[script] >= MIN_LATIN and counts[script] > count_in_runs(_LATIN, text):
        return script
    return None


def _langdetect(sample: str, script: str) -> tuple[str, str]:
    load_profiles()
    try:
        return detect(sample), script
    except LangDetectException:
        return "und", script


def detect_language(text: str) -> tuple[str, str | None]:
    """(language, script): 'zh-cn'/'Hans', 'zh-tw'/'Hant', 'en'/'Latn', 'ru'/'Cyrl', …, or
    'und'."""
    if text.isascii() or not _EAST_ASIAN.search(text):  # most English texts
        if not text.isascii() and (script := _other_alphabet(text)):
            return _langdetect(text[:LATIN_SAMPLE], script)
        han = kana = hangul = 0
        # Then only whether the Latin letters reach MIN_LATIN decides: counted that far.
        latin = _letters_up_to(text, MIN_LATIN)
    else:
        han, kana, hangul = (
            han_count(text),
            count_in_runs(_KANA, text),
            count_in_runs(_HANGUL, text),
        )
        latin = count_in_runs(_LATIN, text)
    if hangul > max(han, latin) / 2 and hangul >= MIN_HAN:
        return "ko", "Kore"
    if kana >= MIN_HAN and kana > han / 5:
        return "ja", "Jpan"
    if han >= MIN_HAN and han >= latin / 4:
        script = han_script(text)
        return ("zh-tw" if script == "Hant" else "zh-cn"), script
    if latin < MIN_LATIN:
        return "und", ("Latn" if latin else None)
    sample = text[:LATIN_SAMPLE]
    if plainly_english(sample):
        return "en", "Latn"
    return _langdetect(sample, "Latn")
