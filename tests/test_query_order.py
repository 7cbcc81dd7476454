"""An entry's pattern written in the site's own query order (Show.asp?m=1&d=567, as its pages
link it) matches, in the crawl and in `crawl --dry-run`, though a crawl asks for (and stores)
each page by its canonical URL, its query sorted (Show.asp?d=567&m=1). Before, only a pattern
in the sorted order matched, and the site's own matched nothing, without a word."""

from __future__ import annotations

import json

import sqlalchemy as sa

from crawler.profiles import PROFILES
from crawler.registry import Site

from .conftest import FAST, run_cli
from .support.local_site import serving
from .support.sitegen import _page, article_html

SITE_ORDER = r"'/Item/Show\.asp\?m=\d+&d=\d+$'"


def asp_site() -> dict[str, str]:
    """A home page linking three stories as the site writes them (?m=1&d=N); each answers at
    its canonical URL (?d=N&m=1), which a crawl asks for, as a real server would."""
    pages = {}
    for n in (565, 566, 567):
        pages[f"/Item/Show.asp?d={n}&m=1"] = article_html(f"校企合作 {n}", "2024-05-01", n)
    links = [(f"/Item/Show.asp?m=1&d={n}", f"校企合作 {n}") for n in (565, 566, 567)]
    pages["/"] = _page(links, title="某某职业学校")
    return pages


def registry(tmp_path, base: str):
    path = tmp_path / "sites.toml"
    path.write_text(
        f'[sites.asp]\nname = "某某职业学校"\nstart_urls = ["{base}/"]\n'
        f"[sites.asp.crawl]\narticles = [{SITE_ORDER}]\n",
        encoding="utf-8",
    )
    return str(path)


def entry(pattern: str) -> Site:
    return Site(
        slug="t",
        name="t",
        profile=PROFILES["generic"],
        start_urls=("http://x.edu.cn/",),
        allowed_domains=("x.edu.cn",),
        articles=(pattern,),
        path_prefixes=("/Item/",),
    )


def test_a_pattern_matches_a_link_as_the_site_writes_it_and_its_canonical_form():
    site_order = entry(r"/Item/Show\.asp\?m=\d+&d=\d+$")
    assert site_order.classify("http://x.edu.cn/Item/Show.asp?m=1&d=567#top") == "article"
    assert site_order.classify("http://x.edu.cn/Item/Show.asp?d=567&m=1") is None  # unknown
    assert site_order.classify("http://x.edu.cn/Other/Show.asp?m=1&d=567") is None  # outside
    sorted_order = entry(r"/Item/Show\.asp\?d=\d+&m=\d+$")
    assert sorted_order.classify("http://x.edu.cn/Item/Show.asp?m=1&d=567") == "article"
    assert sorted_order.classify("http://x.edu.cn/Item/Show.asp?d=567&m=1") == "article"


def test_the_crawl_stores_the_articles_a_pattern_in_the_sites_order_knows(tmp_path):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    env = {"no_proxy": "127.0.0.1", "COLUMNS": "300"}
    with serving(pages := asp_site()) as base:
        sites = registry(tmp_path, base)
        result = run_cli("crawl", "asp", "--sites", sites, "--db", db, *FAST, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    (run,) = json.loads(run_cli("runs", "--db", db, "--format", "json").stdout)
    assert run["new_documents"] == 3, run
    engine = sa.create_engine(db)
    with engine.connect() as connection:
        stored = connection.execute(sa.text("select url, kind from pages")).all()
    engine.dispose()
    # Stored as articles, by the canonical URL a crawl asks for (the pages' keys), each once.
    articles = sorted(url for url, kind in stored if kind == "article")
    assert articles == sorted(base + p for p in pages if "Show.asp" in p), stored


def test_the_dry_run_lists_them_as_articles(tmp_path):
    with serving(asp_site()) as base:
        result = run_cli(
            "crawl", "--dry-run", "asp", "--sites", registry(tmp_path, base),
            env={"no_proxy": "127.0.0.1", "COLUMNS": "300"},
        )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "article: 3" in result.stdout
    assert f"{base}/Item/Show.asp?d=567&m=1" in result.stdout
