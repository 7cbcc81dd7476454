"""`sites probe`: from each fixture site's home page to an entry whose crawl stores its
articles (>= 95 % of gold.json); a page that is no news site is refused with a reason."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa

from crawler.registry import load_registry

from .conftest import FAST, SLUGS, load_gold, proxy_env, run_cli
from .support.local_site import serving
from .support.sitegen import _page, article_html, http_server, webplus_site, write

NOW = ["--delay", "0"]  # our own local servers: no politeness delay needed
HOME_PAGES = {
    "spa": "https://spa.jsedu.sh.cn/main.htm",
    "hzxx88": "https://www.hzxx88.com/english/main.html",
    "scedu": "http://777306.cn/",
    "cdcmzz": "http://www.cdcmzz.com/",
    "newsflash": "https://newsflash.city/",
}


def stored_article_urls(db_url: str) -> set[str]:
    engine = sa.create_engine(db_url)
    with engine.connect() as connection:
        urls = (
            connection.execute(
                sa.text("select p.url from pages p join documents d on d.page_id = p.id")
            )
            .scalars()
            .all()
        )
    engine.dispose()
    return set(urls)


def probe_and_crawl(base: str, start: str, slug: str, tmp_path) -> tuple[str, str, set[str]]:
    """`sites probe` BASE+START with `--write`, then a crawl of the written entry: (the probe's
    output, the entry file's text, the article URLs the crawl stored)."""
    registry = tmp_path / "probed.toml"
    db_url = f"sqlite:///{tmp_path / 'c.db'}"
    probe = run_cli("sites", "probe", base + start, "--slug", slug, *NOW, "--write", str(registry))
    assert probe.returncode == 0, probe.stdout + probe.stderr
    crawl = run_cli("crawl", slug, "--sites", str(registry), "--db", db_url, *FAST)
    assert crawl.returncode == 0, crawl.stdout + crawl.stderr
    return probe.stdout, registry.read_text(encoding="utf-8"), stored_article_urls(db_url)


def test_probed_entries_crawl_the_fixture_sites(fixture_server, tmp_path):
    assert set(HOME_PAGES) == set(SLUGS)
    registry = tmp_path / "probed.toml"
    for slug, url in HOME_PAGES.items():
        result = run_cli(
            "sites",
            "probe",
            url,
            "--slug",
            slug,
            "--write",
            str(registry),
            *NOW,
            env=proxy_env(fixture_server),
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"[sites.{slug}]" in result.stdout and "Sample articles" in result.stdout
    assert set(load_registry(registry)) == set(SLUGS)
    db_url = f"sqlite:///{tmp_path / 'c.db'}"
    crawl = run_cli(
        "crawl",
        "--all",
        "--sites",
        str(registry),
        "--db",
        db_url,
        *FAST,
        env=proxy_env(fixture_server),
    )
    assert crawl.returncode == 0, crawl.stdout + crawl.stderr
    stored = stored_article_urls(db_url)
    for slug in SLUGS:
        gold = {case["url"] for case in load_gold(slug)}
        assert len(gold & stored) >= 0.95 * len(gold), (slug, sorted(gold - stored))


def test_probe_a_generated_site_on_a_port(tmp_path):
    articles = webplus_site(tmp_path / "site")
    with http_server(tmp_path / "site") as base:
        _, entry, stored = probe_and_crawl(base, "/main.htm", "gen", tmp_path)
    assert 'profile = "webplus"' in entry
    assert stored == {base + a for a in articles}


def test_probe_refuses_a_page_that_is_not_a_news_site(tmp_path):
    write(
        tmp_path / "site",
        "/index.html",
        "<html><head><title>Shop</title></head><body>"
        "<a href='/cart.html'>Cart</a> <a href='/about.html'>About</a></body></html>",
    )
    with http_server(tmp_path / "site") as base:
        result = run_cli("sites", "probe", base + "/", *NOW, "--write", str(tmp_path / "r.toml"))
    assert result.returncode == 3
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("schoolnews sites probe: no article found: none of the 2 links")
    assert not (tmp_path / "r.toml").exists()


def test_probe_obeys_robots_txt(tmp_path):
    webplus_site(tmp_path / "site", columns=1)
    write(tmp_path / "site", "/robots.txt", "User-agent: *\nDisallow: /2024/\n")
    with http_server(tmp_path / "site") as base:
        result = run_cli("sites", "probe", base + "/main.htm", *NOW)
    assert result.returncode == 3
    assert "none of the 4 sample pages gave a document (robots.txt forbids" in result.stderr


def test_probe_picks_a_profile_that_walks_the_list_pages(tmp_path):
    """Home page linking two dated articles and /news/list.html, which pages on to list2.html
    with two more: on a tie in articles, the profile that would walk those list pages wins
    over one that recognises none of them, and the crawl stores all four."""
    site = tmp_path / "site"
    articles = [f"/news/2024/05/{day:02d}/item{day}.html" for day in (1, 2, 3, 4)]
    for day, path in enumerate(articles, 1):
        write(site, path, article_html(f"News item {day}", f"2024-05-{day:02d}", day))
    write(
        site,
        "/news/list.html",
        _page([(a, "item") for a in articles[:2]] + [("/news/list2.html", "Next")]),
    )
    write(site, "/news/list2.html", _page([(a, "item") for a in articles[2:]]))
    write(
        site,
        "/index.html",
        _page([(a, "item") for a in articles[:2]] + [("/news/list.html", "News")]),
    )
    with http_server(site) as base:
        output, _, stored = probe_and_crawl(base, "/index.html", "dated", tmp_path)
    assert "would follow as lists: 0" not in output
    assert stored == {base + a for a in articles}


def test_probe_adds_the_article_shape_no_profile_knows(tmp_path):
    """A plain site whose articles are /news/articleN.html: no profile knows the shape, so the
    entry carries the shape the links share (its samples read as articles), and the crawl of
    that entry stores every article."""
    site = tmp_path / "site"
    articles = [f"/news/article{n}.html" for n in (1, 2, 3)]
    for n, path in enumerate(articles, 1):
        write(site, path, article_html(f"News item {n}", f"2024-05-{n:02d}", n))
    write(site, "/news/index.html", _page([(a, "item") for a in articles]))
    with http_server(site) as base:
        out, entry, stored = probe_and_crawl(base, "/news/index.html", "plain", tmp_path)
    assert "no profile knows this site's article URLs" in out
    assert "articles = ['/news/article\\d+\\.html$']" in entry, entry
    assert stored == {base + a for a in articles}


def test_probe_names_the_site_after_its_articles_titles_when_started_on_a_section(tmp_path):
    """Started on a news section whose <title> is just "News" (新闻中心 on a Chinese school
    site), the probe names the site after what its articles' <title>s end with, the school's
    name; articles that end with no common name leave the section's."""
    site = tmp_path / "site"
    articles = [f"/news/article{n}.html" for n in (1, 2, 3)]
    school = "Riverside Vocational College"
    for n, path in enumerate(articles, 1):
        write(site, path, article_html(f"News item {n} - {school}", f"2024-05-{n:02d}", n))
    write(site, "/news/index.html", _page([(a, "item") for a in articles]))
    registry = tmp_path / "probed.toml"
    with http_server(site) as base:
        probe = run_cli("sites", "probe", base + "/news/index.html", *NOW, "--write", str(registry))
    assert probe.returncode == 0, probe.stdout + probe.stderr
    assert f'name = "{school}"' in registry.read_text(encoding="utf-8")


def test_probe_adds_the_shape_of_articles_a_profile_takes_for_list_pages(tmp_path):
    """/news/1.htm: VSB takes such links for a column's older list pages, so no profile finds
    an article (a site registered by hand, whose probe only said to give the home page, which
    had been given); the entry carries their shape and the crawl stores them."""
    site = tmp_path / "site"
    articles = [f"/news/{n}.htm" for n in (1, 2, 3)]
    for n, path in enumerate(articles, 1):
        write(site, path, article_html(f"News item {n}", f"2024-05-{n:02d}", n))
    write(site, "/news/list.htm", _page([(a, "item") for a in articles]))
    write(site, "/index.htm", _page([("/news/list.htm", "News")]))
    with http_server(site) as base:
        _, entry, stored = probe_and_crawl(base, "/index.htm", "plain", tmp_path)
    assert "articles = ['/news/\\d+\\.htm$']" in entry, entry
    assert stored == {base + a for a in articles}


def test_probe_refuses_a_shape_whose_pages_are_not_articles(tmp_path):
    """Links sharing a numbered shape that no profile knows, behind which are list pages, not
    articles: the guessed shape fails its samples, and the probe says so (exit 3), with no
    entry written."""
    site = tmp_path / "site"
    pages = [f"/topics/t{n}.html" for n in (1, 2, 3)]
    for n, path in enumerate(pages, 1):
        links = [(f"/elsewhere/{n}{k}.html", f"Another headline here number {k}") for k in range(9)]
        write(site, path, _page(links))
    write(site, "/topics/index.html", _page([(p, "topic") for p in pages]))
    registry = tmp_path / "probed.toml"
    with http_server(site) as base:
        probe = run_cli(
            "sites",
            "probe",
            base + "/topics/index.html",
            "--slug",
            "t",
            *NOW,
            "--write",
            str(registry),
        )
    assert probe.returncode == 3, probe.stdout + probe.stderr
    assert "is not the shape of its articles" in probe.stderr, probe.stderr
    assert not registry.exists()


def test_probe_adds_a_section_root_the_profile_would_not_follow(tmp_path):
    """Home page linking two dated articles and /news/ (a directory index no profile takes for
    a list page), which links four: the probe read /news/ and counted its articles, so its
    entry lists it (crawl listings) and the crawl reaches all four, not the home page's two."""
    site = tmp_path / "site"
    articles = [f"/news/2024/05{day:02d}/{100 + day}.html" for day in (1, 2, 3, 4)]
    for day, path in enumerate(articles, 1):
        write(site, path, article_html(f"News item {day}", f"2024-05-{day:02d}", day))
    write(site, "/news/index.html", _page([(a, "item") for a in articles]))
    write(site, "/index.html", _page([(a, "item") for a in articles[:2]] + [("/news/", "News")]))
    with http_server(site) as base:
        _, entry, stored = probe_and_crawl(base, "/", "section", tmp_path)
    assert "listings = ['^/news/(?:\\?[^#]*)?$']" in entry, entry
    assert stored == {base + a for a in articles}


def test_probe_refuses_a_slug_the_registry_file_has_before_fetching(tmp_path):
    """It fetched and sampled the whole site first, then refused with exit 1."""
    registry = tmp_path / "sites.toml"
    registry.write_text("[sites.myschool]\nname = 'Mine'\n", encoding="utf-8")
    result = run_cli(
        "sites", "probe", "http://127.0.0.1:9/", "--slug", "myschool", "--write", str(registry)
    )  # nothing listens on port 9: a fetch would fail with another message and exit 1
    assert result.returncode == 2, result.stdout + result.stderr
    assert "already has [sites.myschool]; choose another --slug" in result.stderr
    # A redesigned site is probed again under its slug: the message says how (a trial user
    # met only "choose another --slug").
    assert "to probe that site again" in result.stderr
    assert "keep --slug myschool, write the new entry to another file" in result.stderr


def test_probe_says_the_sample_articles_answer_404_instead_of_reading_the_error_page(tmp_path):
    """A static server of a mirror that cannot answer `shownews.php?id=…`: the samples were
    shown as articles titled "Error response" (the server's 404 page), and the entry was
    written. A crawl stores no document for a 404: the probe says so and writes nothing."""
    articles = webplus_site(tmp_path / "site")
    for path in articles:
        (tmp_path / "site" / path.lstrip("/")).unlink()
    registry = tmp_path / "probed.toml"
    with http_server(tmp_path / "site") as base:
        probe = run_cli("sites", "probe", base + "/main.htm", *NOW, "--write", str(registry))
    assert probe.returncode == 3, probe.stdout + probe.stderr
    assert "sample pages gave a document (HTTP 404)" in probe.stderr, probe.stderr
    assert "Error response" not in probe.stdout
    assert not registry.exists()


class TwoHosts(BaseHTTPRequestHandler):
    """A forward proxy answering for two hosts of one school from `root`/HOST/PATH: its home
    page on www.example.edu.cn links its news on xww.example.edu.cn."""

    root: Path

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        parts = urlsplit(self.path)  # a proxy is asked for absolute URLs
        path = self.root / (parts.hostname or "") / (parts.path.lstrip("/") or "index.html")
        body = path.read_bytes() if path.is_file() else b"not found"
        self.send_response(200 if path.is_file() else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_probe_follows_the_news_to_another_host_of_the_schools_domain(tmp_path):
    """A school's home page (www.example.edu.cn) links its news on a host of its own
    (xww.example.edu.cn, the same domain): the probe counts those articles, and the entry
    allows both hosts, so the crawl stores them (a crawl allows its start URL's host alone)."""
    news = "http://xww.example.edu.cn"
    articles = [f"/info/1012/{n}.htm" for n in (3456, 3457, 3458)]
    for n, path in enumerate(articles, 1):
        write(tmp_path / "xww.example.edu.cn", path, article_html(f"News {n}", "2024-05-01", n))
    home = _page([(news + a, f"News {n}") for n, a in enumerate(articles, 1)], title="School")
    write(tmp_path / "www.example.edu.cn", "/index.html", home)
    TwoHosts.root = tmp_path
    server = ThreadingHTTPServer(("127.0.0.1", 0), TwoHosts)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {"http_proxy": f"http://127.0.0.1:{server.server_port}"}
    registry, db_url = tmp_path / "probed.toml", f"sqlite:///{tmp_path / 'c.db'}"
    try:
        probe = run_cli(
            "sites", "probe", "http://www.example.edu.cn/", "--slug", "two", *NOW,
            "--write", str(registry), env=env,
        )  # fmt: skip
        crawl = run_cli("crawl", "two", "--sites", str(registry), "--db", db_url, *FAST, env=env)
    finally:
        server.shutdown()
    assert probe.returncode == 0, probe.stdout + probe.stderr
    entry = registry.read_text(encoding="utf-8")
    assert 'allowed_domains = ["www.example.edu.cn", "xww.example.edu.cn"]' in entry, entry
    assert crawl.returncode == 0, crawl.stdout + crawl.stderr
    assert stored_article_urls(db_url) == {news + a for a in articles}


def powereasy_site(columns: str = "ShowClass") -> dict[str, str]:
    """A PowerEasy-style school site: two columns (ShowClass.asp?ClassID=N, paging on with
    &page=2) of four articles a page (ShowArticle.asp?ArticleID=N); the home page links the
    six newest and the two columns from its menu (学校新闻, 通知公告). `columns`: the column
    script's name (one no profile knows: ListClass)."""
    pages, newest = {}, []
    for column, name in ((2, "学校新闻"), (3, "通知公告")):
        ids = [column * 100 + n for n in range(8, 0, -1)]
        newest += ids[:3]
        for n in ids:
            title = f"校企合作 news {n}"
            pages[f"/Article/ShowArticle.asp?ArticleID={n}"] = article_html(title, "2024-05-01", n)
        for page in (1, 2):
            items = [(f"/Article/ShowArticle.asp?ArticleID={n}", f"校企合作 news {n}") for n in ids]
            items = items[(page - 1) * 4 : page * 4]
            pager = [(f"/Article/{columns}.asp?ClassID={column}&page=2", "下一页")]
            query = f"ClassID={column}" + ("&page=2" if page == 2 else "")
            pages[f"/Article/{columns}.asp?{query}"] = _page(items + pager, title=name)
    menu = [
        (f"/Article/{columns}.asp?ClassID=2", "学校新闻"),
        (f"/Article/{columns}.asp?ClassID=3", "通知公告"),
    ]
    latest = [(f"/Article/ShowArticle.asp?ArticleID={n}", f"校企合作 news {n}") for n in newest]
    pages["/"] = _page(menu + latest, title="某某职业技术学校")
    return pages


def test_probe_walks_the_columns_of_a_cms_no_profile_knows(tmp_path):
    """A home page linking six articles (enough for the probe to stop there) and, from its
    menu, two columns whose shape no profile knows: the probe reads the columns named as news,
    the entry carries their shape, and the crawl walks both columns and their second pages,
    storing all sixteen articles (before: the home page's six)."""
    with serving(site := powereasy_site("ListClass")) as base:
        _, entry, stored = probe_and_crawl(base, "/", "pe", tmp_path)
    assert r"ListClass" in entry and r"ClassID=\d+" in entry, entry
    assert stored == {base + p for p in site if "ShowArticle" in p}
    assert len(stored) == 16


def test_probe_knows_powereasy_columns(tmp_path):
    """The same site as PowerEasy writes it: its profile knows the columns, no shape added."""
    with serving(site := powereasy_site()) as base:
        _, entry, stored = probe_and_crawl(base, "/", "pe", tmp_path)
    assert 'profile = "powereasy"' in entry and "[sites.pe.crawl]" not in entry, entry
    assert stored == {base + p for p in site if "ShowArticle" in p}
    assert stored == {base + p for p in site if "ShowArticle" in p}
    assert len(stored) == 16


def splash_site() -> dict[str, str]:
    """A Hong Kong school's splash home page: a language choice and no menu. Each language's
    home page has the menu (學校消息, School News) to its news list, six stories a page,
    two pages (news.asp?page=2), stories at news_detail.asp?id=N."""
    pages = {"/": _page([("/chi/index.asp", "中文"), ("/eng/index.asp", "English")], "天恩書院")}
    for tree, menu in (("chi", "學校消息"), ("eng", "School News")):
        ids = [(100 if tree == "chi" else 200) + n for n in range(12, 0, -1)]
        for n in ids:
            pages[f"/{tree}/news/news_detail.asp?id={n}"] = article_html(
                f"校企合作 news {n}", "2024-05-01", n
            )
        for page in (1, 2):
            items = [(f"/{tree}/news/news_detail.asp?id={n}", f"Story {n}") for n in ids]
            items = items[(page - 1) * 6 : page * 6] + [(f"/{tree}/news/news.asp?page=2", "2")]
            query = "?page=2" if page == 2 else ""
            pages[f"/{tree}/news/news.asp{query}"] = _page(items, title=menu)
        pages[f"/{tree}/index.asp"] = _page([(f"/{tree}/news/news.asp", menu)], title="天恩書院")
    return pages


def test_probe_reads_the_news_menus_of_the_pages_a_splash_home_page_leads_to(tmp_path):
    """The splash page has no news link; the language home pages' menus do: the probe reads
    those news lists, so the entry walks both and the crawl stores all 24 stories (before:
    none of the lists was read, and a crawl stored what the home pages linked)."""
    with serving(site := splash_site()) as base:
        _, entry, stored = probe_and_crawl(base, "/", "hk", tmp_path)
    assert stored == {base + p for p in site if "news_detail" in p}, entry


def test_a_feeds_stories_are_the_urls_the_pages_link(tmp_path):
    """Drupal 7 with clean URLs off: the feed names ?q=news/2024/05/<slug>, the pages link
    the same story, canonical as ?q=news%2F2024%2F05%2F<slug>: one URL (before: the feed's
    stories were never among the pages' links, and the list page seemed to link none)."""
    from crawler.probe import gather

    slug = "college-signs-partnership-with-ridgeway"
    item = f"<item><title>t</title><link>{{base}}/?q=news/2024/05/{slug}</link></item>"
    pages = {
        "/": _page([(f"/?q=news/2024/05/{slug}", "College signs partnership")]).replace(
            "</head>", "<link rel='alternate' type='application/rss+xml' href='/?q=rss.xml'></head>"
        )
    }
    with serving(pages, types={"/": "text/html; charset=utf-8"}) as base:
        feed = (
            f"<rss version='2.0'><channel><title>x</title>{item.format(base=base)}</channel></rss>"
        )
        pages["/?q=rss.xml"] = feed
        found = gather(base + "/")
    assert found.stories and found.stories <= set(found.links), (found.stories, found.links)
