"""Is this response an HTML page? Sniffed from its bytes, like a browser, header or not.

Servers lie both ways: PDFs and images go out as text/html, and Chinese archive pages come
without a Content-Type and open with `<head>` or a long comment instead of `<html>`. The
bytes decide: a known binary signature (magic bytes) is never a document whatever the header
says; markup tags near the start make a page HTML with or without a header.
"""

from __future__ import annotations

import re

# (signature, offset, what it is): the formats crawls meet behind article links.
_MAGIC = (
    (b"%PDF-", 0, "PDF"),
    (b"\x89PNG\r\n\x1a\n", 0, "PNG image"),
    (b"\xff\xd8\xff", 0, "JPEG image"),
    (b"GIF87a", 0, "GIF image"),
    (b"GIF89a", 0, "GIF image"),
    (b"BM", 0, None),
    (b"RIFF", 0, "RIFF media (WebP, WAV, AVI)"),
    (b"II*\x00", 0, "TIFF image"),
    (b"MM\x00*", 0, "TIFF image"),
    (b"\x00\x00\x01\x00", 0, "icon"),
    (b"PK\x03\x04", 0, "zip archive (docx, xlsx, pptx …)"),
    (b"PK\x05\x06", 0, "zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "OLE document (doc, xls, ppt)"),
    (b"Rar!\x1a\x07", 0, "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7z archive"),
    (b"\x1f\x8b", 0, "gzip data"),
    (b"BZh", 0, "bzip2 data"),
    (b"\xfd7zXZ\x00", 0, "xz data"),
    (b"\x28\xb5\x2f\xfd", 0, "zstd data"),
    (b"ID3", 0, "MP3 audio"),
    (b"OggS", 0, "Ogg media"),
    (b"fLaC", 0, "FLAC audio"),
    (b"ftyp", 4, "MP4/QuickTime media"),
    (b"\x1aE\xdf\xa3", 0, "Matroska/WebM media"),
    (b"FWS", 0, "Flash"),
    (b"CWS", 0, "Flash"),
    (b"wOFF", 0, "WOFF font"),
    (b"wOF2", 0, "WOFF2 font"),
    (b"\x7fELF", 0, "ELF binary"),
    (b"MZ", 0, "Windows executable"),
    (b"{\\rtf", 0, "RTF document"),
    (b"%!PS", 0, "PostScript"),
    (b"SQLite format 3\x00", 0, "SQLite database"),
)
# Tags a browser's sniffer (and old CMS templates) put first; any of them near the start.
_HTML_TAG = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|title|meta|script|style|link|base|iframe|"
    rb"h[1-6]|div|p|table|font|a|b|br|center|form|span|ul|frame|frameset)[\s/>]",
    re.I,
)
SNIFF_BYTES = 4096  # "near the start": past a BOM, whitespace, comments and a long preamble
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def binary_kind(body: bytes) -> str | None:
    """What binary format the bytes are, by signature; None for text."""
    for signature, offset, kind in _MAGIC:
        if kind and body[offset : offset + len(signature)] == signature:
            return kind
    head = body[:1024]
    if head.startswith(_BOMS[1:]):  # UTF-16 text carries NUL bytes legitimately
        return None
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    return None


def looks_like_html(body: bytes) -> bool:
    head = body[:SNIFF_BYTES]
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            if bom != _BOMS[0]:  # UTF-16: sniff the ASCII bytes of the tags
                head = head.replace(b"\x00", b"")
            break
    return bool(_HTML_TAG.search(head))


def not_html_reason(body: bytes, content_type: str | None) -> str | None:
    """Why these bytes are not an HTML page (None when they are one)."""
    content_type = (content_type or "").strip().lower()
    if kind := binary_kind(body):
        return f"binary: {kind}" + (f" (served as {content_type})" if content_type else "")
    if content_type.startswith(_HTML_TYPES) or looks_like_html(body):
        return None
    return "not HTML (" + (content_type or "no Content-Type") + " and no HTML tags near the start)"
