"""A TYPO3 college with tx_news and no route enhancers (crawler/profiles/typo3.py): `sites
probe` chooses the typo3 profile by the generator meta, and the crawl stores every story,
whose pages (index.php?id=13&tx_news_pi1[news]=N&…&cHash=…) and list pages (the stock pager's
?tx_news_pi1[currentPage]=2&cHash=…, the category lists) no other profile knows."""

from __future__ import annotations

import json

from .conftest import run_cli
from .support import typo3_site
from .support.cms_sites import answering
from .test_probe import probe_and_crawl


def test_a_tx_news_site_is_probed_with_its_profile_and_every_story_stored(tmp_path):
    with answering(typo3_site.answer) as base:
        said, entry, stored = probe_and_crawl(base, "/", "northfield", tmp_path)
    assert 'profile = "typo3"' in entry, said
    assert 'name = "Northfield Technical College"' in entry, entry
    assert stored == typo3_site.stories(base), said + entry


def test_each_stored_story_opens_with_its_teaser(tmp_path):
    with answering(typo3_site.answer) as base:
        probe_and_crawl(base, "/", "northfield", tmp_path)
    out = tmp_path / "out.jsonl"
    db_url = f"sqlite:///{tmp_path / 'c.db'}"
    exported = run_cli("export", "--format", "jsonl", "--db", db_url, "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(typo3_site.STORIES)
    for row in rows:
        uid = int(row["url"].split("tx_news_pi1%5Bnews%5D=")[1].split("&")[0])
        assert row["text"].splitlines()[0] == typo3_site.teaser(uid), row["url"]
        assert row["title"] == typo3_site.headline(uid)
