"""`crawl --dry-run` shows what a crawl would follow and stores nothing; the new profiles
know their CMS's URL shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.profiles import PROFILES
from crawler.registry import Site

from .conftest import proxy_env, run_cli
from .support.cms_sites import answering, story_text
from .support.local_site import crawl_site, serving
from .support.sitegen import _page, http_server, webplus_site
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


FEED = "/?feed=comments-rss2"
EMPTY_COMMENTS_FEED = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>
<title>Comments for College</title><link>http://college.test/</link>
<description>News</description></channel></rss>"""


def wordpress_home() -> dict[str, str]:
    """A WordPress home page as the trials saw it: a menu's href="#", the root, each post by
    its headline and by "Continue reading" (#more-N), and the comments feed every page
    advertises, valid RSS with no items (served as WordPress serves it)."""
    posts = ["/2024/05/01/open-day/", "/2024/05/02/new-lab/"]
    links = [("#", "Menu"), ("/", "Home")]
    for n, post in enumerate(posts, 1):
        links += [(post, f"Post {n}"), (f"{post}#more-{n}", "Continue reading")]
    feed = "<link rel='alternate' type='application/rss+xml' href='/?feed=comments-rss2'>"
    return {"/": _page(links, title="College", extra_head=feed), FEED: EMPTY_COMMENTS_FEED}


def dry_run_of_wordpress(tmp_path) -> str:
    with serving(wordpress_home(), {FEED: "application/rss+xml; charset=UTF-8"}) as base:
        (tmp_path / "sites.toml").write_text(
            f'[sites.wp]\nname = "College"\nprofile = "wordpress"\nstart_urls = ["{base}/"]\n',
            encoding="utf-8",
        )
        result = run_cli(
            "crawl", "--dry-run", "wp", "--sites", str(tmp_path / "sites.toml"),
            env={"no_proxy": "127.0.0.1", "COLUMNS": "300"},
        )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_dry_run_lists_each_url_once(tmp_path):
    """Before: the root twice under listing (href="#" and "/") and each post twice, so that
    the counts were double what a crawl would follow."""
    out = dry_run_of_wordpress(tmp_path)
    assert "article: 2\n" in out and "listing: 1\n" in out, out
    assert "2 article links would be followed" in out, out


def test_an_empty_feed_has_no_entries_and_is_no_error(tmp_path):
    """Before: "not a feed: no Content-type specified" (feedparser was not told the
    response's Content-Type), on every run of every WordPress site."""
    out = dry_run_of_wordpress(tmp_path)
    assert "comments-rss2: 0 article links" in out, out
    assert "not a feed" not in out


def sitemap_site(path: str, query: dict[str, str]) -> str | None:
    """A school whose home page links its 4 newest stories and whose sitemap index (named by
    robots.txt) names two sitemaps of 20 stories each, the 4 newest among them, and its
    list pages."""
    if path == "/":
        return _page([(f"/news/{n}.html", f"Story {n}") for n in range(40, 36, -1)])
    if (n := path.removeprefix("/news/").removesuffix(".html")).isdigit() and int(n) <= 40:
        return f"<html><head><title>Story {n}</title></head><h1>Story {n}</h1>{story_text(int(n))}"
    if path == "/robots.txt":
        return "User-agent: *\nDisallow: /admin/\nSitemap: %BASE%/sitemap_index.xml\n"
    locs = {
        "/sitemap_index.xml": ("sitemapindex", "sitemap", ["/sitemap-1.xml", "/sitemap-2.xml"]),
        "/sitemap-1.xml": ("urlset", "url", ["/", *(f"/news/{n}.html" for n in range(1, 21))]),
        "/sitemap-2.xml": (
            "urlset",
            "url",
            ["/list/2/", *(f"/news/{n}.html" for n in range(21, 41))],
        ),
    }
    if path not in locs:
        return None
    root, tag, urls = locs[path]
    entries = "".join(f"<{tag}><loc>%BASE%{u}</loc></{tag}>" for u in urls)
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    return f"<?xml version='1.0' encoding='UTF-8'?><{root} xmlns='{ns}'>{entries}</{root}>"


def test_the_dry_run_reads_the_sitemaps_the_crawl_reads(tmp_path):
    """Before: "4 article links would be followed from the start pages and feeds" for a site
    whose entry turns sitemaps on, while its crawl fetched all 40 stories through them."""
    with answering(sitemap_site) as base:
        extra = "[sites.maps.crawl]\narticles = ['/news/\\d+\\.html$']\nsitemaps = true\n"
        sites = registry(tmp_path, "maps", base + "/", profile="generic", extra=extra)
        result = run_cli(
            "crawl", "--dry-run", "maps", "--sites", sites,
            env={"no_proxy": "127.0.0.1", "COLUMNS": "300"},
        )  # fmt: skip
        crawled, run = crawl_site(Path(sites), tmp_path, "maps")
    assert run["status"] == "finished" and run["new_documents"] == 40, crawled.stdout
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert f"sitemap {base}/sitemap_index.xml (an index: 2 sitemaps read): 40 article" in out
    assert "40 article links would be followed (4 from the start pages, 40 from the " in out


def test_a_home_page_that_links_only_its_news_page_is_no_empty_crawl(tmp_path):
    """A Google Sites school's home page links its news page alone, which links the stories:
    the dry run said "no article link found: a crawl would end empty" and exited 3, and the
    crawl stored 24. It reads the first list pages when nothing else names an article."""
    stories = [f"/view/school/news/story-number-{n}" for n in range(5)]
    pages = {
        "/view/school/home": _page([("/view/school/news", "News")], title="Home"),
        "/view/school/news": _page([(s, s.rsplit("/", 1)[1]) for s in stories], title="News"),
    }
    with serving(pages) as base:
        (tmp_path / "sites.toml").write_text(
            f'[sites.gs]\nname = "School"\nstart_urls = ["{base}/view/school/home"]\n'
            "[sites.gs.crawl]\narticles = ['^/view/school/news/[a-z0-9-]+$']\n"
            "listings = ['^/view/school/news$']\n",
            encoding="utf-8",
        )
        result = run_cli(
            "crawl", "--dry-run", "gs", "--sites", str(tmp_path / "sites.toml"),
            env={"no_proxy": "127.0.0.1", "COLUMNS": "300"},
        )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 article links would be followed (5 from the list pages" in result.stdout
