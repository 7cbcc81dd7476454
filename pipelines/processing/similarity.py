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
existing database to rebuild its index. Changing the shingle hash changes every stored
signature and band key as well: a migration makes them again (0014 did, for this hash).
"""

from __future__ import annotations

import functools
import hashlib
import re
from typing import NamedTuple

import numpy as np

from . import facts as fact_tools
from . import fingerprint
from .facts import Facts
from .fingerprint import normalise
from .han import han_count
from .made_ahead import MadeAhead

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
    if han_count(normal) > len(normal) / 3:
        normal = _PUNCT_SPACE.sub("", normal)  # Chinese: punctuation and spaces are noise
        size = HAN_SHINGLE
    else:
        normal = _PUNCT_SPACE.sub(" ", normal).strip()
        size = ALPHA_SHINGLE
    return normal, size


def _grams(text: str) -> list[str]:
    """Character n-grams of the normalised text (HAN_SHINGLE for Chinese, else ALPHA_SHINGLE):
    the strings `shingles` hashes (a text shorter than one shingle is one shingle)."""
    normal, size = _shingle_text(text)
    if len(normal) <= size:
        return [normal] if normal else []
    return [normal[i : i + size] for i in range(len(normal) - size + 1)]


class Sketch(NamedTuple):
    """What the story step needs of a text: made where the text was made (an extraction
    worker, on its core), carried with the document, and handed to the story step of the
    parent process through `prime`.

    Re-extraction leaves out the shingles, signature and bands of a text the database already
    holds (`known_sketch`): the story step reads its stored signature instead and makes the
    shingles only if a candidate needs them."""

    shingles: np.ndarray | None
    signature: np.ndarray | None
    bands: list[int] | None  # band_keys(signature)
    facts: Facts  # facts.extract(text)
    normal: str  # fingerprint.normalise(text): the storage step's search form is made of it
    count: int | None  # how many shingles (the stored sketch's `shingles`)


def sketch(text: str) -> Sketch:
    """The text's shingles, MinHash signature, LSH band keys, facts and normal form."""
    hashes = shingles(text)
    minhash_signature = signature(hashes)
    return Sketch(
        hashes,
        minhash_signature,
        band_keys(minhash_signature),
        fact_tools.extract(text),
        normalise(text),
        len(hashes),
    )


def known_sketch(text: str) -> Sketch:
    """The sketch of a text whose content hash the database already holds: its facts and
    normal form (a page's publication date may have changed, its fact keys with it), not the
    shingles, signature and bands, which are those stored (three fifths of a sketch's cost)."""
    return Sketch(None, None, None, fact_tools.extract(text), normalise(text), None)


# Sketches made by an extraction worker, for the story step of this process.
_AHEAD: MadeAhead[Sketch] = MadeAhead()


def prime(text: str, ahead: Sketch) -> None:
    """Hands `sketch(text)`, made elsewhere, to the next `take(text)` here (and its normal
    form to the next `fingerprint.normalise(text)`)."""
    _AHEAD.put(text, ahead)
    fingerprint.prime(text, ahead.normal)


def take(text: str) -> Sketch | None:
    """The sketch primed for this text, once; None if there is none (then compute it)."""
    return _AHEAD.take(text)


def shingles(text: str) -> np.ndarray:
    """The text's shingles as sorted, distinct 32-bit hashes (uint32).

    Each of `_grams` is hashed from its code points, all of a text's at once in numpy (a
    Python call per shingle, as SHA-1 of each string was, cost three times all the rest of
    the sketch): a polynomial over the window's code points mod 2**64, then MurmurHash3's
    64-bit finalizer, whose high half is the shingle's hash. Four bytes a shingle instead of
    a ~100-byte string keeps a batch's verification candidates small in memory. Two distinct
    shingles of a pair share a hash with probability ~2**-32 each: nothing next to the
    thresholds. tests/test_processing.py checks the hashes against the definition written
    one gram at a time in Python integers.
    """
    normal, size = _shingle_text(text)
    points = np.frombuffer(normal.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    hashes = (_fmix64(_window_polynomials(points, size)) >> np.uint64(32)).astype(np.uint32)
    hashes.sort()
    # Distinct by hand: np.unique (a hash table first, in numpy 2.4) took 15 times as long.
    return hashes[np.concatenate(([True], hashes[1:] != hashes[:-1]))] if hashes.size else hashes


# An odd multiplier (the 64-bit golden ratio): distinct windows of a text collide mod 2**64
# only by chance, and the finalizer spreads every input bit over the output.
_BASE = np.uint64(0x9E3779B97F4A7C15)


def _window_polynomials(points: np.ndarray, size: int) -> np.ndarray:
    """sum(points[i + j] * _BASE**(width - 1 - j), j < width) mod 2**64 for every window i of
    `width` = min(size, len(points)) code points: `width` vector operations, uint64 wraps."""
    width = min(size, points.size)
    count = points.size - width + 1 if width else 0
    polynomials = points[:count].copy()
    for j in range(1, width):
        polynomials *= _BASE
        polynomials += points[j : j + count]
    return polynomials


def _fmix64(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer: a bijection whose output bits each depend on all input
    bits (uint64 arithmetic wraps mod 2**64)."""
    values = values ^ (values >> np.uint64(33))
    values *= np.uint64(0xFF51AFD7ED558CCD)
    values ^= values >> np.uint64(33)
    values *= np.uint64(0xC4CEB9FE1A85EC53)
    return values ^ (values >> np.uint64(33))


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
    permuted = np.empty((min(_BLOCK, mixed.size), NUM_PERM), dtype=np.uint32)
    for start in range(0, mixed.size, _BLOCK):
        block = permuted[: min(_BLOCK, mixed.size - start)]
        np.multiply(mixed[start : start + _BLOCK, None], a, out=block)
        block += b  # mod 2**32: uint32 wraps
        np.minimum(minima, block.min(axis=0), out=minima)
    return minima


# Shingles permuted at once, into one buffer a call: 240 x NUM_PERM x 4 bytes = 120 KiB, under
# glibc's 128 KiB mmap threshold, so it comes from the heap. Two new 1 MB temporaries a block
# of 2048 were fresh mappings each time, whose page faults cost more than the permutations
# (in a fresh process a sketch took 1.6 ms of CPU, 0.75 with the buffer).
_BLOCK = 240


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
