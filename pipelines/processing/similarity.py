"""Near-duplicate fingerprints: MinHash over character shingles of the normalised text.

Character n-grams work for Chinese and English alike (word tokenisation does not work for
Chinese), and shingling the normalised text (one script, folded case and width) makes a
traditional-character repost look like its simplified original.

LSH bands are tuned for recall (they surface pairs down to a Jaccard of about 0.5); every
candidate is then verified on its exact shingles, so banding luck never merges two stories.
Between the two, a candidate's stored signature and shingle count screen out the pairs that
could not pass (`worth_verifying`), so few stored texts are fetched and shingled again.

The constants are measured with `bench/dedup.py` (planted exact, traditional, cut and added
copies, and distinct articles sharing a school introduction or a notice template). Changing
a shingle size or the banding changes the stored band keys: run `schoolnews reextract` on an
existing database to rebuild its index.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import OrderedDict
from typing import NamedTuple

import numpy as np

from . import facts as fact_tools
from .facts import Facts
from .fingerprint import normalise
from .han import HAN

# Shingle sizes: long enough that shared common words and phrases are not shared shingles
# (at 5 letters, distinct English articles on one theme had a median Jaccard of 0.21 and every
# document checked ~100 LSH candidates at 100k documents; at 9, 7.5 times fewer candidates).
HAN_SHINGLE = 5  # characters, about two and a half words
ALPHA_SHINGLE = 9  # letters and spaces, one or two words
NUM_PERM = 128
BANDS, ROWS = 25, 5  # 125 of the 128 permutations; candidate recall ~0.5 Jaccard
SEED = 1  # fixed: signatures must be comparable across runs and machines
JACCARD = 0.85  # "the same article": most shingles shared …
# … or one text nearly inside the other (a paragraph cut or added: >= 0.964 in the benchmark).
# Not lower: distinct articles of one school that share its 2-3 paragraph introduction reach
# 0.945, notices filled into one template 0.923 (bench/dedup.py, 100k documents).
CONTAINMENT = 0.95
MIN_LENGTH_RATIO = 0.5  # … when the shorter is at least half the longer

_PUNCT_SPACE = re.compile(r"[\s\W_]+")


def _shingle_text(text: str) -> tuple[str, int]:
    """The normalised text shingles are cut from, and the shingle size."""
    normal = normalise(text)
    han = len(HAN.findall(normal))
    if han > len(normal) / 3:
        normal = _PUNCT_SPACE.sub("", normal)  # Chinese: punctuation and spaces are noise
        size = HAN_SHINGLE
    else:
        normal = _PUNCT_SPACE.sub(" ", normal).strip()
        size = ALPHA_SHINGLE
    return normal, size


def _cut(sequence, size: int) -> list:
    if len(sequence) <= size:
        return [sequence] if sequence else []
    return [sequence[i : i + size] for i in range(len(sequence) - size + 1)]


def _grams(text: str) -> list[str]:
    """Character n-grams of the normalised text (HAN_SHINGLE for Chinese, else ALPHA_SHINGLE)."""
    return _cut(*_shingle_text(text))


def _gram_bytes(text: str) -> list[bytes]:
    """`_grams` UTF-8 encoded; an ASCII text is encoded once and sliced (the same bytes)."""
    normal, size = _shingle_text(text)
    if normal.isascii():
        return _cut(normal.encode("ascii"), size)
    return [gram.encode("utf-8") for gram in _cut(normal, size)]


class Sketch(NamedTuple):
    """What the story step needs of a text: made where the text was made (an extraction
    worker, on its core), carried with the document, and handed to the story step of the
    parent process through `prime`."""

    shingles: np.ndarray
    signature: np.ndarray
    bands: list[int]  # band_keys(signature)
    facts: Facts  # facts.extract(text)


def sketch(text: str) -> Sketch:
    """The text's shingles, MinHash signature, LSH band keys and facts."""
    hashes = shingles(text)
    minhash_signature = signature(hashes)
    return Sketch(hashes, minhash_signature, band_keys(minhash_signature), fact_tools.extract(text))


# Sketches made ahead (in an extraction worker process), waiting for the story step of this
# process to take them: each is taken once, and the oldest go first.
_AHEAD: OrderedDict[str, Sketch] = OrderedDict()
AHEAD_LIMIT = 1024  # more than a crawl or re-extraction has between extraction and story


def prime(text: str, ahead: Sketch) -> None:
    """Hands `sketch(text)`, made elsewhere, to the next `take(text)` here."""
    _AHEAD[text] = ahead
    while len(_AHEAD) > AHEAD_LIMIT:
        _AHEAD.popitem(last=False)


def take(text: str) -> Sketch | None:
    """The sketch primed for this text, once; None if there is none (then compute it)."""
    return _AHEAD.pop(text, None)


def shingles(text: str) -> np.ndarray:
    """The text's shingles as sorted, distinct 32-bit hashes (uint32).

    The hashes are datasketch's own (sha1_hash32), the values MinHash would compute from the
    strings, so band keys are the same as from the strings. Four bytes a shingle instead of a
    ~100-byte string keeps a batch's verification candidates small in memory. Two distinct
    shingles of a pair share a hash with probability ~2**-32 each: nothing next to the
    thresholds.
    """
    # sha1_hash32 is the first four bytes of SHA-1, little-endian: each distinct shingle is
    # hashed once, and the digests become uint32 in one numpy pass (no Python int per shingle).
    sha1 = hashlib.sha1
    digests = b"".join([sha1(g).digest()[:4] for g in set(_gram_bytes(text))])
    return np.unique(np.frombuffer(digests, dtype="<u4").astype(np.uint32))


def signature(shingle_hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature: NUM_PERM minima (uint32) of datasketch's permutations.

    The values are those of datasketch's MinHash(NUM_PERM, SEED, scheme="affine32") updated
    with the hashes (tests/test_processing.py compares them): stored band keys depend on them.
    datasketch itself is not imported: its package imports scipy and redis, some 50 MB in
    every process that makes or matches stories. Shingles are permuted a block at a time, so
    a long text never holds its whole shingles x NUM_PERM matrix.
    """
    a, b = _permutations()
    minima = np.full(NUM_PERM, np.uint32(0xFFFFFFFF), dtype=np.uint32)  # datasketch's empty
    mixed = _fmix32(shingle_hashes.astype(np.uint32, copy=False))
    for start in range(0, mixed.size, _BLOCK):
        permuted = mixed[start : start + _BLOCK, None] * a + b  # mod 2**32: uint32 wraps
        np.minimum(minima, permuted.min(axis=0), out=minima)
    return minima


_BLOCK = 2048  # shingles permuted at once: 2048 x NUM_PERM x 4 bytes = 1 MB


def _fmix32(hashes: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, datasketch's pre-mix of each input hash (affine32)."""
    hashes = hashes ^ (hashes >> np.uint32(16))
    hashes = hashes * np.uint32(0x85EBCA6B)
    hashes = hashes ^ (hashes >> np.uint32(13))
    hashes = hashes * np.uint32(0xC2B2AE35)
    return hashes ^ (hashes >> np.uint32(16))


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations (a odd, b) for NUM_PERM and SEED, drawn once."""
    draw = np.random.RandomState(SEED)
    a = draw.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = draw.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def band_keys(minhash_signature: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band (the band number is part of the key)."""
    values = minhash_signature.astype(np.uint32, copy=False)
    keys = []
    for band in range(BANDS):
        chunk = band.to_bytes(2, "big") + values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Jaccard, containment of the smaller in the larger, and length ratio of two shingle sets."""
    if not a.size or not b.size:
        return 0.0, 0.0, 0.0
    common = np.intersect1d(a, b, assume_unique=True).size
    shorter, longer = sorted((a.size, b.size))
    return common / (a.size + b.size - common), common / shorter, shorter / longer


def required_jaccard(a_size: int, b_size: int) -> float:
    """The least Jaccard at which `same_story` can accept two shingle sets of these sizes.

    The containment route (the shorter text at least CONTAINMENT inside the longer) implies a
    Jaccard of at least C·r / (1 + r - C·r), r the ratio of the sizes.
    """
    shorter, longer = sorted((a_size, b_size))
    if not shorter:
        return float("inf")
    ratio = shorter / longer
    if ratio < MIN_LENGTH_RATIO:
        return JACCARD
    return min(JACCARD, CONTAINMENT * ratio / (1 + ratio - CONTAINMENT * ratio))


# A 128-permutation estimate of Jaccard has a standard deviation of at most 0.044: a pair is
# screened out only when its estimate falls more than 4.5 of them short of what it needs.
SCREEN_MARGIN = 0.2


def worth_verifying(a: tuple[np.ndarray, int], b: tuple[np.ndarray, int]) -> bool:
    """Whether two (signature, shingle count) sketches could be the same story: a cheap test
    before fetching and shingling a stored candidate's text."""
    estimate = float(np.count_nonzero(a[0] == b[0])) / NUM_PERM
    return estimate >= required_jaccard(a[1], b[1]) - SCREEN_MARGIN


def same_story(a: np.ndarray, b: np.ndarray) -> float:
    """Similarity in [0, 1] if the two shingle sets carry the same article, else 0."""
    jaccard, containment, length_ratio = overlap(a, b)
    if jaccard >= JACCARD:
        return jaccard
    if containment >= CONTAINMENT and length_ratio >= MIN_LENGTH_RATIO:
        return containment
    return 0.0
