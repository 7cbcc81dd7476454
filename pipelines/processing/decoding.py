"""Bytes to text for pages whose declared encodings cannot be trusted.

Chinese school CMSes declare gb2312 while serving GBK/GB18030, and headers and meta tags
disagree; trafilatura's own guess garbles several such pages. We decode first and hand
trafilatura a string.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.I)

# A declared legacy charset is decoded with its superset: every gb2312 page is valid GBK, every
# GBK page valid GB18030, and Big5 pages use HKSCS extensions; Latin-1 labels mean cp1252.
_SUPERSET = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "iso8859-1": "cp1252",  # codecs.lookup("latin-1").name
    "ascii": "utf-8",
}
# Byte pairs of GB2312's common hanzi (levels 1 and 2), versus every GBK-shaped pair.
_GB_COMMON = re.compile(rb"[\xb0-\xf7][\xa1-\xfe]")
_GBK_PAIR = re.compile(rb"[\x81-\xfe][\x40-\xfe]")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    declared: str | None  # what the header or meta tag said, as written
    used: str  # the codec that produced `text`
    has_replacement_chars: bool


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return _SUPERSET.get(name, name)


def declared_charset(body: bytes, content_type: str | None) -> str | None:
    """The charset the server or the page claims: the header wins, then the meta tag."""
    if content_type and (match := _HEADER_CHARSET.search(content_type)):
        return match.group(1).lower()
    if match := _META_CHARSET.search(body[:4096]):
        return match.group(1).decode("ascii", "replace").lower()
    return None


def looks_like_gb(body: bytes) -> bool:
    """Most double-byte pairs are common GB2312 hanzi: real Chinese text, not noise or Big5."""
    sample = body[:65536]
    pairs = len(_GBK_PAIR.findall(sample))
    return pairs >= 20 and len(_GB_COMMON.findall(sample)) >= 0.8 * pairs


def decode_html(body: bytes, content_type: str | None = None) -> Decoded:
    declared = declared_charset(body, content_type)
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return _finish(body.decode(codec, errors="replace"), declared, codec)
    # Valid UTF-8 with non-ASCII bytes is almost never an accident, whatever the label says.
    try:
        return _finish(body.decode("utf-8"), declared, "utf-8")
    except UnicodeDecodeError:
        pass
    gb = looks_like_gb(body)
    candidates = [_codec(declared)]
    if gb and candidates[0] == "cp1252":
        # ISO-8859-1 is the default label of Tomcat and of Java servlets, not a choice: GB
        # bytes under it decode without an error, as mojibake (the meta tag says gbk).
        candidates = []
    if match := _META_CHARSET.search(body[:4096]):  # the meta tag, when the header lied
        candidates.append(_codec(match.group(1).decode("ascii", "replace")))
    if gb:  # Chinese bytes: statistical guessers call them Cyrillic, so do not ask them
        candidates.append("gb18030")
    else:
        guess = charset_normalizer.from_bytes(body[:65536]).best()
        candidates += [_codec(guess.encoding) if guess else None, "gb18030"]
    for codec in dict.fromkeys(c for c in candidates if c):
        try:
            return _finish(body.decode(codec), declared, codec)
        except (UnicodeDecodeError, LookupError):
            if codec == "big5hkscs" and (text := _big5(body)) is not None:
                return _finish(text, declared, codec)
            continue
    # Nothing decodes cleanly: a stray bad byte in a GB page should cost one character.
    codec = "gb18030" if gb else next((c for c in candidates if c), "utf-8")
    return _finish(body.decode(codec, errors="replace"), declared, codec)


def _cp950_pair(error: UnicodeDecodeError) -> tuple[str, int]:
    """A pair HKSCS does not map, read as Windows' Big5 (cp950) does: € is A3E1 there."""
    pair = error.object[error.start : error.start + 2]
    try:
        return pair.decode("cp950"), error.start + 2
    except UnicodeDecodeError:
        return "\ufffd", error.end


codecs.register_error("schoolnews.cp950", _cp950_pair)
_STRAY = 0.01  # of a Big5 page's characters: undecodable beyond this, the label is wrong


def _big5(body: bytes) -> str | None:
    """A page labelled Big5 as a browser reads it (WHATWG's Big5 is HKSCS plus Windows'
    cp950 pairs): Python's big5hkscs has no €, and one such pair sent the whole page to the
    guessers, which made Cyrillic of it. A stray bad byte costs one character; a page mostly
    undecodable is not Big5 (None)."""
    text = body.decode("big5hkscs", errors="schoolnews.cp950")
    return text if text.count("\ufffd") <= _STRAY * len(text) else None


def _finish(text: str, declared: str | None, used: str) -> Decoded:
    return Decoded(text, declared, used, "\ufffd" in text)
