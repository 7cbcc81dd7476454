"""Per-site extraction fixtures: every article of every fixture site against its gold JSON.

`process` (the function the crawl and `reextract` both call) must give the exact title, date
and language, no planted noise, and the gold text (token F1, the benchmark's convention).
"""

from __future__ import annotations

import pytest

from crawler.registry import load_registry
from pipelines.processing import NO_RULES, NotADocument, process

from .conftest import SITES_DIR, SLUGS, all_gold, fixture_page, site_json
from .support.scoring import prf

REGISTRY = load_registry()
CASES = all_gold()


@pytest.fixture(scope="module")
def documents():
    return {
        c["url"]: process(fixture_page(c["site"], c["url"]), REGISTRY[c["site"]].extraction_rules())
        for c in CASES
    }


@pytest.mark.parametrize("case", CASES, ids=[c["url"].split("//")[1] for c in CASES])
def test_article_matches_gold(case, documents):
    doc = documents[case["url"]]
    assert doc.title == case["title"]
    assert (doc.published.isoformat() if doc.published else None) == case["published"]
    assert doc.language == case["language"]
    assert doc.script == {"en": "Latn", "zh-cn": "Hans", "zh-tw": "Hant"}[case["language"]]
    leaked = [noise for noise in case["noise"] if noise in doc.text]
    assert not leaked, f"noise in text: {leaked}"
    assert prf(doc.text, case["text"])[2] >= 0.97
    if case.get("author"):
        assert doc.author == case["author"]
    if case.get("source"):
        assert doc.source == case["source"]


def test_every_site_has_fixtures():
    assert {c["site"] for c in CASES} == set(REGISTRY)


def test_gbk_pages_decode_cleanly(documents):
    for case in CASES:
        if case["site"] in ("scedu", "cdcmzz"):
            doc = documents[case["url"]]
            assert doc.used_encoding == "gb18030" and not doc.has_replacement_chars


def test_cross_script_repost_hashes_like_its_original(documents):
    reposts = [c for c in CASES if c["site"] == "scedu" and c.get("same_story_as")]
    assert reposts
    for case in reposts:
        assert documents[case["url"]].content_hash == documents[case["same_story_as"]].content_hash


def _non_article_pages() -> list[tuple[str, str]]:
    """Every HTML page of the mirrors that is not a gold article: lists, tags, search,
    calendars, home pages."""
    gold = {c["url"] for c in CASES}
    pages = []
    for slug in SLUGS:
        origin = f"{site_json(slug)['scheme']}://{site_json(slug)['host']}/"
        for file in sorted((SITES_DIR / slug / "mirror").rglob("*")):
            if file.is_dir() or file.suffix in (".pdf", ".jpg", ".png", ".xml", ".txt"):
                continue
            path = str(file.relative_to(SITES_DIR / slug / "mirror")).replace("@", "?")
            url = origin + path.removesuffix("index.html")
            if url not in gold and url.replace(".psp", ".htm") not in gold:
                pages.append((slug, url))
    return pages


NON_ARTICLES = _non_article_pages()


@pytest.mark.parametrize(("slug", "url"), NON_ARTICLES, ids=[u for _, u in NON_ARTICLES])
def test_non_article_pages_are_not_documents_even_without_a_profile(slug, url):
    with pytest.raises(NotADocument):
        process(fixture_page(slug, url), NO_RULES)


def test_articles_are_documents_without_a_profile():
    for case in CASES:
        assert process(fixture_page(case["site"], case["url"]), NO_RULES).text
