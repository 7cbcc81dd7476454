"""A site redesigned under new URLs: every stored article's URL answers 301 to its new one.
A `--full` run marks the old pages moved (kept, with their documents), says so in its reason,
and one document per story is the live copy."""

from __future__ import annotations

import json

import sqlalchemy as sa

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

    from .test_db import item

    engine = make_engine(db_url)
    upgrade(engine)
    downgrade(engine, "0018")
    upgrade(engine, "0019")
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
