"""`crawl --dry-run` shows what a crawl would follow and stores nothing; the new profiles
know their CMS's URL shapes."""

from __future__ import annotations

import pytest

from crawler.profiles import PROFILES
from crawler.registry import Site

from .conftest import proxy_env, run_cli
from .support.sitegen import http_server, webplus_site
from .test_new_site import registry


def test_dry_run_classifies_links_and_stores_nothing(fixture_server, tmp_path):
    db = tmp_path / "never.db"
    result = run_cli(
        "crawl", "--dry-run", "cdcmzz", "--db", f"sqlite:///{db}", env=proxy_env(fixture_server)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "article: 4" in out and "http://www.cdcmzz.com/news/shownews.php?id=1262" in out
    assert "listing: " in out and "not followed: " in out
    assert "nothing was stored" in out
    assert not db.exists()
    assert all(r.method == "GET" for r in fixture_server.requests)


def test_dry_run_of_a_moved_start_page_says_so(tmp_path):
    webplus_site(tmp_path / "site", columns=1)
    with http_server(tmp_path / "site") as base:
        sites = registry(tmp_path, "moved", base + "/english/main.htm")
        result = run_cli("crawl", "--dry-run", "moved", "--sites", sites)
    assert result.returncode == 3
    assert f"start page 404: {base}/english/main.htm" in result.stdout
    assert "no article link found" in result.stdout


def site(profile: str) -> Site:
    p = PROFILES[profile]
    return Site(
        slug="t",
        name="t",
        profile=p,
        start_urls=("http://example.edu.cn/",),
        allowed_domains=("example.edu.cn",),
        articles=p.articles,
        listings=p.listings,
    )


@pytest.mark.parametrize(
    ("profile", "path", "kind"),
    [
        ("wordpress", "/2024/05/01/school-visit/", "article"),
        ("wordpress", "/news/2024/05/school-visit/", "article"),
        ("wordpress", "/?p=123", "article"),
        ("wordpress", "/archives/123", "article"),
        ("wordpress", "/page/2/", "listing"),
        ("wordpress", "/category/news/page/3/", "listing"),
        ("wordpress", "/news/page/2/", "listing"),  # a section's posts page
        ("blog", "/blog/page/3/", "listing"),
        ("wordpress", "/wp-login.php", None),
        ("dedecms", "/a/xwzx/2024/0501/123.html", "article"),
        ("dedecms", "/a/xwzx/123.html", "article"),
        ("dedecms", "/plus/view.php?aid=123", "article"),
        ("dedecms", "/news/show.php?id=77", "article"),
        ("dedecms", "/index.php?m=content&c=index&a=show&catid=5&id=9", "article"),
        ("dedecms", "/html/2024/xwzx_0501/88.html", "article"),
        ("dedecms", "/a/xwzx/", "listing"),
        ("dedecms", "/a/xwzx/list_3_2.html", "listing"),
        ("dedecms", "/index.php?m=content&c=index&a=lists&catid=5", "listing"),
        ("dedecms", "/member/login.php", None),
        ("vsb", "/info/1032/5678.htm", "article"),
        ("vsb", "/xwzx.htm", "listing"),
        ("vsb", "/xwzx/12.htm", "listing"),
        ("vsb", "/index.htm", "listing"),
        ("vsb", "/system/resource/x.jsp", None),
    ],
)
def test_profile_url_shapes(profile, path, kind):
    assert site(profile).classify("http://example.edu.cn" + path) == kind
