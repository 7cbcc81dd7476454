"""End to end: `schoolnews crawl --all` through the fixture proxy, into SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from .conftest import SLUGS, all_gold, load_gold, run_cli

GOLD = {c["url"]: c for c in all_gold()}


@pytest.fixture(scope="module")
def exported(any_crawled):
    result = run_cli("export", "--format", "jsonl", "--db", any_crawled.db_url)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_every_article_url_stored_exactly_once(exported):
    urls = Counter(row["url"] for row in exported)
    assert set(urls) == set(GOLD)
    assert max(urls.values()) == 1


def test_no_list_or_index_page_is_a_document(exported, any_crawled):
    import sqlalchemy as sa

    engine = sa.create_engine(any_crawled.db_url)
    with engine.connect() as connection:
        kinds = dict(
            # 2xx: a dead article link (404) is kept as a gone page, with no document
            connection.execute(
                sa.text("select kind, count(*) from pages where status < 300 group by kind")
            ).all()
        )
        listing_docs = connection.execute(
            sa.text(
                "select count(*) from documents d join pages p on p.id = d.page_id "
                "where p.kind != 'article'"
            )
        ).scalar()
    engine.dispose()
    assert kinds["listing"] > 0 and listing_docs == 0
    assert kinds["article"] == len(GOLD)


def test_export_fields(exported):
    required = {
        "url",
        "requested_url",
        "site",
        "title",
        "published",
        "language",
        "text",
        "content_hash",
        "duplicate_of",
        "fetched_at",
        "extractor_version",
    }
    for row in exported:
        assert required <= set(row)
        assert row["site"] in SLUGS and row["text"] and len(row["content_hash"]) == 64
        gold = GOLD[row["url"]]
        assert (row["title"], row["published"], row["language"]) == (
            gold["title"],
            gold["published"],
            gold["language"],
        )


def test_exact_duplicates_are_linked_across_sites(exported):
    by_url = {row["url"]: row for row in exported}
    exact = [c for c in all_gold() if c.get("same_story_as") and c["site"] in ("hzxx88", "scedu")]
    assert len(exact) >= 9
    for case in exact:
        copy, original = by_url[case["url"]], by_url[case["same_story_as"]]
        assert copy["content_hash"] == original["content_hash"]
        # Whichever was stored first is the one the other points to.
        assert {copy["duplicate_of"], original["duplicate_of"]} in (
            {None, original["url"]},
            {None, copy["url"]},
        )


def test_near_duplicate_joins_the_story(exported):
    by_url = {row["url"]: row for row in exported}
    (case,) = [c for c in load_gold("newsflash") if c.get("same_story_as")]
    copy, original = by_url[case["url"]], by_url[case["same_story_as"]]
    assert copy["story_id"] == original["story_id"]
    assert copy["content_hash"] != original["content_hash"]
    assert copy["near_duplicate_of"] in (original["url"], None)


def test_no_two_unrelated_articles_share_a_story(exported):
    """Every story's documents are one article by the gold (`same_story_as`, followed both
    ways): no false merge among the fixture sites, the cross-language pair included."""
    group = {case["url"]: case["url"] for case in all_gold()}

    def root(url: str) -> str:
        while group[url] != url:
            url = group[url]
        return url

    for case in all_gold():
        if case.get("same_story_as"):
            group[root(case["url"])] = root(case["same_story_as"])
    articles_by_story: dict[int, set[str]] = {}
    for row in exported:
        articles_by_story.setdefault(row["story_id"], set()).add(root(row["url"]))
    assert all(len(articles) == 1 for articles in articles_by_story.values()), [
        sorted(a) for a in articles_by_story.values() if len(a) > 1
    ]


def test_redirected_article_keeps_requested_url(exported):
    # The article is linked both through an old redirecting URL and directly. Whichever
    # request produced the stored response is kept: the redirect's source when it came first;
    # the direct URL when that came first (the redirected request is then a duplicate).
    (row,) = [r for r in exported if r["url"].endswith("shownews.php?id=1219")]
    assert row["url"] == "http://www.cdcmzz.com/news/shownews.php?id=1219"
    assert row["requested_url"] in ("http://www.cdcmzz.com/news/show.php?id=1219", row["url"])


def test_no_url_fetched_twice_and_nothing_off_limits(any_crawled):
    from crawler.registry import load_registry

    registry = load_registry()
    fetched = Counter(r.url for r in any_crawled.requests if r.method == "GET")
    twice = {u: n for u, n in fetched.items() if n > 1 and not u.endswith("/robots.txt")}
    assert not twice
    for url in fetched:
        if url.endswith(("/robots.txt", "/sitemap.xml")):
            continue
        slug = next(s for s, site in registry.items() if site.classify(url))
        assert registry[slug].classify(url) in ("article", "listing"), url
    assert not any(u.endswith((".pdf", ".jpg", ".psp")) or "search" in u for u in fetched)


def test_run_ledger_and_summary(any_crawled):
    assert "Crawl summary" in any_crawled.result.stdout
    result = run_cli("runs", "--format", "json", "--db", any_crawled.db_url)
    runs = {r["site"]: r for r in json.loads(result.stdout)}
    assert set(runs) == set(SLUGS)
    for slug, run in runs.items():
        assert run["status"] == "finished"
        assert run["articles"] == len(load_gold(slug))
        assert run["new_documents"] + run["duplicates"] == run["articles"]
        assert run["requests"] >= run["pages"] > 0 and run["bytes_received"] > 0
    assert runs["cdcmzz"]["errors"] == 1  # the article that answers 404
    assert sum(r["duplicates"] for r in runs.values()) == 9  # 8 mirror copies + 1 repost


def test_query_and_reextract_work_on_this_backend(any_crawled):
    hits = run_cli("query", "校企合作", "--format", "jsonl", "--db", any_crawled.db_url)
    assert hits.returncode == 0 and hits.stdout.strip(), hits.stderr
    stories = run_cli("stories", "--format", "json", "--db", any_crawled.db_url)
    assert len(json.loads(stories.stdout)) == 10


def test_english_and_chinese_pages_of_one_visit_are_one_story(exported, any_crawled):
    """spa's English and Chinese pages about the 2019-04-18 visit share no wording, only the
    date, figures and names (Wang Qiang / 王强): one story, and `stories` says why."""
    by_url = {row["url"]: row for row in exported}
    (case,) = [c for c in load_gold("spa") if c.get("same_story_as")]
    chinese, english = by_url[case["url"]], by_url[case["same_story_as"]]
    assert (chinese["language"], english["language"]) == ("zh-cn", "en")
    assert chinese["story_id"] == english["story_id"]
    result = run_cli("stories", "--format", "json", "--db", any_crawled.db_url)
    story = next(s for s in json.loads(result.stdout) if s["story_id"] == english["story_id"])
    links = {a["url"]: a["link"] for a in story["appearances"]}
    # Whichever page came second (or the mirror's copy of the English one) says why.
    (linked,) = [w for w in links.values() if w and w.startswith("cross-language")]
    assert "2019-04-18" in linked and ("wang qiang" in linked or "gao ju" in linked)
