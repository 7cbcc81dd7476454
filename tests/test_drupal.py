"""A Drupal 10 site (crawler/profiles/drupal.py, crawler/spiders/system_paths.py): `sites probe`
chooses the drupal profile by core's generator meta, and the crawl stores each story once, at
its alias, though Drupal answers it at /node/N too (linked by related-news blocks and feeds)."""

from __future__ import annotations

import functools

import sqlalchemy as sa

from .conftest import FAST, run_cli
from .support import drupal_site
from .support.cms_sites import answering
from .test_probe import probe_and_crawl


def test_a_drupal_site_is_probed_with_its_profile_and_each_story_stored_once(tmp_path):
    """Every node answers at /node/N beside its alias, its canonical link naming the alias:
    the crawl stored the stories linked both ways twice (14 of 40 on a trial college), once
    under each URL. A story of a column no pattern knows, linked by /node/N alone, is kept
    there: never lost for want of its alias's shape."""
    with answering(drupal_site.answer) as base:
        said, entry, stored = probe_and_crawl(base, "/", "prairie", tmp_path)
    assert 'profile = "drupal"' in entry, said
    assert stored == drupal_site.stories(base), said + entry
    # A shape is tried on its own pages, not on the feed's /node/N items the profile takes.
    assert f"│ {base}/node/" not in said, said


def test_a_routine_run_does_not_ask_for_the_system_paths_again(tmp_path):
    """The link that led to an alias (/node/N) is known as the redirect's link is: a later
    run leaves it until the story is due, as it leaves the alias."""
    asked: list[str] = []

    def recording(path: str, query: dict[str, str]) -> str | None:
        asked.append(path)
        return drupal_site.answer(path, query)

    db_url = f"sqlite:///{tmp_path / 'c.db'}"
    with answering(recording) as base:
        _, entry, _ = probe_and_crawl(base, "/", "prairie", tmp_path)
        asked.clear()
        crawl = run_cli(
            "crawl", "prairie", "--sites", str(tmp_path / "probed.toml"), "--db", db_url, *FAST
        )
    assert crawl.returncode == 0, crawl.stdout + crawl.stderr
    assert not [p for p in asked if p.startswith("/node/")], asked
    engine = sa.create_engine(db_url)
    with engine.connect() as connection:
        documents = connection.execute(sa.text("select count(*) from documents")).scalar()
    engine.dispose()
    assert documents == len(drupal_site.stories(base))


def test_a_column_of_news_briefs_keeps_its_shape(tmp_path):
    """A brief of three sentences above a "Related news" block of three teasers (a headline,
    a date, a first sentence each): read as a page of unknown kind it came out with the
    teasers, and the probe took each sample for a list page and left the column's shape out
    of the entry (every brief lost), though the crawl, which reads a page it fetched as an
    article, stores the brief alone."""
    with answering(functools.partial(drupal_site.answer, briefs=True)) as base:
        said, entry, stored = probe_and_crawl(base, "/", "prairie", tmp_path)
    assert "a list page: its text is the teasers" not in said, said
    assert stored == drupal_site.stories(base), said + entry


def test_the_dry_run_says_which_links_are_system_paths(tmp_path):
    """The feed's /node/N items and the aliases the lists link are the same stories: the
    dry run counted both ("9 article links" for 6 stories) without a word."""
    with answering(drupal_site.answer) as base:
        registry = tmp_path / "sites.toml"
        registry.write_text(
            f'[sites.prairie]\nname = "Prairie"\nprofile = "drupal"\nstart_urls = ["{base}/"]\n'
            f"[sites.prairie.crawl]\narticles = ['^/news/[a-z]+(?:-[a-z]+)+$']\n",
            encoding="utf-8",
        )
        dry = run_cli("crawl", "--dry-run", "prairie", "--sites", str(registry))
    assert dry.returncode == 0, dry.stdout + dry.stderr
    said = " ".join(dry.stdout.split())
    assert "6 of them at system paths, stored under their aliases" in said, said
