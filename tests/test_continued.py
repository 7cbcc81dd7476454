"""A run whose stories are split over pages it does not join says so (crawler/continued.py)."""

from __future__ import annotations

import json

from crawler.continued import Continued

from .conftest import FAST, run_cli
from .support.local_site import serving
from .support.sitegen import _page, article_html

PAGER = (
    "<div id='pages'><span>1</span> <a href='/index.php?a=show&id=256&page=2'>2</a> "
    "<a href='/index.php?a=show&id=256&page=2'>下一页</a></div>"
)


def phpcms_site() -> dict[str, str]:
    """Three stories (index.php?a=show&id=N, the canonical order); the one of id 256 is split
    over two pages by PHPCMS's pager under its text (&page=2)."""
    pages = {
        f"/index.php?a=show&id={n}": article_html(f"校企合作 {n}", "2024-05-01", n)
        for n in (254, 255, 256)
    }
    first = pages["/index.php?a=show&id=256"]
    pages["/index.php?a=show&id=256"] = first.replace("</article>", PAGER + "</article>")
    links = [(f"/index.php?a=show&id={n}", f"校企合作 {n}") for n in (254, 255, 256)]
    pages["/"] = _page(links, title="某某职业学校")
    return pages


def test_a_run_with_a_story_split_over_pages_says_it_does_not_join_them(tmp_path):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    with serving(phpcms_site()) as base:
        sites = tmp_path / "sites.toml"
        sites.write_text(
            f'[sites.pc]\nname = "某某职业学校"\nstart_urls = ["{base}/"]\n'
            "[sites.pc.crawl]\narticles = ['[?&]a=show&id=\\d+$']\n",
            encoding="utf-8",
        )
        result = run_cli("crawl", "pc", "--sites", str(sites), "--db", db, *FAST)
    assert result.returncode == 0, result.stdout + result.stderr
    (run,) = json.loads(run_cli("runs", "--db", db, "--format", "json").stdout)
    assert run["new_documents"] == 3
    assert "1 article page(s) belong to stories split over several pages" in run["status_reason"]
    assert f"{base}/index.php?a=show&id=256&page=2" in run["status_reason"]


def test_no_split_story_says_nothing():
    continued = Continued()
    continued.add("http://x.cn/a", [])
    assert continued.note() is None
