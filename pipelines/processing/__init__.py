"""Extraction: one pure function from a stored response to a document.

`process(page, rules)` reads only its arguments: no Scrapy, no database, no network, no
clock (dates are bounded by the page's own fetch time). The crawl's ExtractionPipeline,
`schoolnews reextract` and `schoolnews extract FILE` all call it, so they cannot drift.
"""

from __future__ import annotations

from datetime import date

import opencc
import trafilatura
from trafilatura.settings import use_config

from . import html_clean, metadata, page_kind
from .decoding import decode_html
from .fingerprint import content_hash, normalise
from .language import detect_language
from .page import Document, NotADocument, RawPage
from .rules import NO_RULES, ExtractionRules
from .size_cap import DEFAULT_MAX_PAGE_BYTES, check_size, max_page_bytes
from .text_clean import clean_text

__all__ = [
    "EXTRACTOR_VERSION", "Document", "ExtractionRules", "NO_RULES", "NotADocument", "RawPage",
    "content_hash", "detect_language", "extractor_version", "normalise", "process",
    "DEFAULT_MAX_PAGE_BYTES", "max_page_bytes",
]

# Bump when a change to this package changes what documents say.
EXTRACTOR_VERSION = "2"  # 2: OpenCC's own converter (the hash folds a few variants otherwise)

_HTML_TYPES = ("text/html", "application/xhtml+xml")

# trafilatura falls back to the whole page when the main text is under MIN_EXTRACTED_SIZE
# characters (250). One Chinese character carries about a word, so a 60-character notice is
# a whole article: Chinese pages get a threshold in characters, not in Latin letters.
_LATIN_CONFIG = use_config()
_CJK_CONFIG = use_config()
_CJK_CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "50")


def extractor_version(rules: ExtractionRules = NO_RULES) -> str:
    return (f"schoolnews/{EXTRACTOR_VERSION} trafilatura/{trafilatura.__version__} "
            f"opencc/{opencc.__version__} rules/{rules.version}")


def is_html(page: RawPage) -> bool:
    content_type = (page.header("content-type") or "").lower()
    if content_type:
        return content_type.startswith(_HTML_TYPES)
    return b"<html" in page.body[:2048].lower()


def process(page: RawPage, rules: ExtractionRules = NO_RULES,
            max_bytes: int = DEFAULT_MAX_PAGE_BYTES) -> Document:
    """Extract the document a fetched article page carries; raise NotADocument otherwise
    (also for a page over `max_bytes`, see size_cap: it is kept raw, never parsed)."""
    check_size(page, max_bytes)
    if not is_html(page):
        raise NotADocument("not HTML (" + (page.header("content-type")
                                           or "no Content-Type and no <html> tag") + ")")
    decoded = decode_html(page.body, page.header("content-type"))
    tree = html_clean.parse(decoded.text)
    if tree is None:
        raise NotADocument("unparseable HTML")
    latest: date | None = page.fetched_at.date() if page.fetched_at else None

    title_tag = tree.findtext(".//title")
    html_clean.drop_hidden(tree)
    heads = metadata.headings(tree)
    anchors = page_kind.link_texts(tree, page.url)
    visible = html_clean.visible_text(tree)
    cjk = html_clean.han_share(visible) > 0.3
    extracted = trafilatura.bare_extraction(
        tree,
        config=_CJK_CONFIG if cjk else _LATIN_CONFIG,
        url=page.url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        # Bound date search by the fetch time, not today: re-extraction must not drift.
        date_extraction_params={
            "extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d",
            **({"max_date": latest.isoformat()} if latest else {}),
        },
    )
    if extracted is None or not (extracted.text or "").strip():
        raise NotADocument("no main text")

    title = metadata.clean_title(title_tag or extracted.title, heads, rules.site_names)
    raw_lines = [line.strip() for line in extracted.text.splitlines() if line.strip()]
    text = clean_text(extracted.text, rules, title=title)
    if not text:
        raise NotADocument("no main text after cleaning")
    reason, lines = page_kind.classify_lines(text.splitlines(), anchors)
    if reason:
        raise NotADocument(reason)
    text = "\n".join(lines)
    author, source = metadata.byline(visible, raw_lines[-3:])
    published = (
        metadata.labelled_date(visible, latest)
        or metadata.parse_iso_date(extracted.date)
        or metadata.url_date(page.url, latest)
        or metadata.date_near_headline(visible, title, latest)
    )
    language, script = detect_language(text)
    return Document(
        url=page.url,
        title=title,
        text=text,
        published=published,
        author=author or extracted.author or None,
        source=source,
        language=language,
        script=script,
        content_hash=content_hash(text),
        declared_encoding=decoded.declared,
        used_encoding=decoded.used,
        has_replacement_chars=decoded.has_replacement_chars,
        extractor_version=extractor_version(rules),
    )
