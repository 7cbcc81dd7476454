"""A site redesigned under new URLs: every stored article's URL answers 301 to its new one.
A `--full` run marks the old pages moved (kept, with their documents), says so in its reason,
and one document per story is the live copy. A routine run, which re-checks no old URL, says
the site moved from the copies it stored."""

from __future__ import annotations

import json

import sqlalchemy as sa

from pipelines.db.session import session_scope

from .conftest import load_gold, run_cli
from .test_incremental import BASE, SITE, crawl, mirror, rewrite, site  # noqa: F401


def redesign(root) -> dict[str, str]:
    """Every article at a new URL, linked there by the lists; its old URL answers 301 to it.
    Old URL -> new URL."""
    moved = {}
    for case in load_gold(SITE):
        old = case["url"].removeprefix(BASE)
        new = old.replace("id=", "id=9")
        mirror(root, old).rename(mirror(root, new))
        moved[BASE + old] = BASE + new
    news = root / SITE / "mirror" / "news"
    for page in [*news.iterdir(), root / SITE / "mirror" / "index.html"]:
        text = page.read_bytes().decode("gb18030")
        for old, new in moved.items():
            if old.removeprefix(BASE) in text:
                rewrite(page, old.removeprefix(BASE), new.removeprefix(BASE))
                text = page.read_bytes().decode("gb18030")
    conf_path = root / SITE / "site.json"
    conf = json.loads(conf_path.read_text(encoding="utf-8"))
    for old, new in moved.items():
        conf["redirects"]["/news/" + old.removeprefix(BASE)] = "/news/" + new.removeprefix(BASE)
    conf_path.write_text(json.dumps(conf), encoding="utf-8")
    return moved


def test_a_full_run_marks_moved_articles_and_says_the_site_moved(site, db_url):  # noqa: F811
    """The trial: the run said `finished`, no reason; the old pages kept status 200, no
    gone_at, nothing linking them to their new URLs."""
    root, _, _ = site
    crawl(site, db_url)
    moved = redesign(root)
    run = crawl(site, db_url, "--full")["run"]
    assert run["status"] == "finished"
    assert f"{len(moved)} stored article(s) now redirect to other URLs" in run["status_reason"]
    assert 'README "When a site moves"' in run["status_reason"]
    # The copies it stored at the new URLs are the same news: one sentence says both.
    assert f"and {len(moved)} of the {len(moved)} new articles are copies" in run["status_reason"]
    assert run["status_reason"].count("moved or was redesigned") == 1
    engine = sa.create_engine(db_url)
    with engine.connect() as db:
        rows = db.execute(
            sa.text("select url, moved_to, gone_at from pages where moved_to is not null")
        ).all()
        documents = db.execute(
            sa.text("select p.url from documents d join pages p on p.id = d.page_id")
        ).scalars()
        kept = set(documents)
    engine.dispose()
    assert {url: to for url, to, _ in rows} == moved
    assert all(gone is None for *_, gone in rows)  # moved, not gone
    assert set(moved) <= kept and set(moved.values()) <= kept  # nothing stored is lost


def test_migration_0019_and_moves_on_a_migrated_schema(db_url):  # noqa: F811
    """A 0018 database with a stored article, migrated to 0019: a redirect of its URL marks
    it moved (not gone, its document kept); a URL never stored records nothing; downgrade
    keeps every page."""
    from datetime import UTC, datetime

    from pipelines.db import moves, pages
    from pipelines.db.migrate import downgrade, upgrade
    from pipelines.db.session import make_engine, session_scope

    from .test_db import _todays_document_columns, item

    engine = make_engine(db_url)
    upgrade(engine)
    downgrade(engine, "0018")
    upgrade(engine, "0019")
    _todays_document_columns(engine)
    with session_scope(engine) as session:
        pages.save_pages(session, [item("https://a/old"), item("https://a/new")], None)
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        marked = moves.save_moves(
            session,
            [
                moves.Move("https://a/old", "https://a/new", now),
                moves.Move("https://a/x", "y", now),
            ],
        )
    assert [m.url for m in marked] == ["https://a/old"]
    with engine.connect() as db:
        rows = db.execute(sa.text("select url, moved_to, gone_at, status from pages")).all()
        assert db.execute(sa.text("select count(*) from documents")).scalar() == 2
    assert sorted(rows) == [
        ("https://a/new", None, None, 200),
        ("https://a/old", "https://a/new", None, 200),
    ]
    downgrade(engine, "0018")
    with engine.connect() as db:
        assert db.execute(sa.text("select count(*) from pages")).scalar() == 2
    engine.dispose()


def test_per_story_export_keeps_the_live_copy_of_a_moved_article(site, db_url, tmp_path):  # noqa: F811
    """The old and new copies of a story have one date: on the tie the per-story pick was
    the earlier stored (the v1 copy, at a URL that only redirects now)."""
    root, _, _ = site
    crawl(site, db_url)
    moved = redesign(root)
    crawl(site, db_url, "--full")
    out = tmp_path / "stories.jsonl"
    args = ("--format", "jsonl", "--per-story", "--db", db_url, "--out", str(out))
    result = run_cli("export", *args)
    assert result.returncode == 0, result.stderr
    urls = {json.loads(line)["url"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert set(moved.values()) <= urls
    assert not urls & set(moved)
    # The whole export keeps the old copies, each saying where its URL leads now.
    every = run_cli("export", "--format", "jsonl", "--db", db_url)
    rows = {r["url"]: r["moved_to"] for r in map(json.loads, every.stdout.splitlines())}
    assert {url: rows[url] for url in moved} == moved
    assert not any(rows[url] for url in moved.values())


def test_a_routine_run_after_a_redesign_says_its_new_articles_copy_stored_ones(site, db_url):  # noqa: F811
    """The trial's scheduled run: it found the new URLs on the new lists, stored every story
    again, re-checked no old URL, and ended `finished` with no reason."""
    root, _, _ = site
    crawl(site, db_url)
    moved = redesign(root)
    run = crawl(site, db_url)["run"]
    assert run["status"] == "finished"
    reason = run["status_reason"]
    n = len(moved)
    # (The run may re-check an old URL or two: then one sentence says both.)
    assert f"{n} of the {n} new articles are copies of articles this site stored at" in reason
    if reason.startswith(f"{n} of the {n}"):
        old, new = next((o, to) for o, to in moved.items() if f"e.g. {to}, first" in reason)
        assert f"(e.g. {new}, first stored as {old})" in reason
    assert "un schoolnews crawl cdcmzz --full once to mark the old URLs moved" in reason
    assert reason.count("moved or was redesigned") == 1
    # That run, then: the old URLs marked moved, no copy stored again.
    run = crawl(site, db_url, "--full")["run"]
    assert "stored article(s) now redirect to other URLs" in run["status_reason"]
    assert "copies of articles" not in run["status_reason"]


def test_a_first_crawl_of_a_site_that_posts_every_story_thrice_says_nothing(site, db_url):  # noqa: F811
    """Each listed story also in two more columns at two more URLs: most new articles copy
    others of the site, but all were stored by this run: no move."""
    root, _, _ = site
    lists = list((root / SITE / "mirror" / "news").glob("news.php*"))
    for case in load_gold(SITE):
        old = case["url"].removeprefix(BASE)
        page = next((p for p in lists if f'href="{old}"' in p.read_bytes().decode("gb18030")), None)
        for twin in (old.replace("id=", "id=8"), old.replace("id=", "id=7")) if page else ():
            mirror(root, twin).write_bytes(mirror(root, old).read_bytes())
            rewrite(page, f'href="{old}"', f'href="{twin}"></a><a href="{old}"')
    run = crawl(site, db_url)["run"]
    assert run["status"] == "finished"
    assert run["duplicates"] >= 5 and 2 * run["duplicates"] >= run["articles"]
    assert run["status_reason"] is None


def test_copies_of_a_sites_earlier_pages_are_counted_per_batch(engine):
    """A new document counts when its text's first copy is a page of its own site fetched by
    an earlier run: not another site's, not this run's (a story in two columns)."""
    from pipelines.db import ledger, pages

    from .test_db import OTHER, item

    def of(site_name, url, text=None):
        page = item(url, *([text] if text else []))
        page.site = site_name
        return page

    with session_scope(engine) as session:
        first = ledger.start_run(session, "site")
        pages.save_pages(
            session, [of("site", "https://a/old"), of("other", "https://b/1", OTHER)], first
        )
    with session_scope(engine) as session:
        run = ledger.start_run(session, "site")
        batch = [of("site", "https://a/new"), of("site", "https://a/copy", OTHER)]
        batch += [
            of("site", "https://a/x", "A story in two columns."),
            of("site", "https://a/y", "A story in two columns."),
        ]
        result = pages.save_pages(session, batch, run)
    assert (result.documents, result.duplicates) == (4, 3)
    assert result.site_copies == 1
    assert result.site_copy_example == ("https://a/new", "https://a/old")
