"""Links a page holds outside its <a> elements, which the crawl, the dry run and the probe all
follow: those a CMS keeps inside a script (Hanweb JCMS's column items, in CDATA sections of a
<script type="text/xml">), the pages of a frameset home page, and a home page that is only a
meta refresh."""

from __future__ import annotations

from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor

from crawler.page_links import app_shell, page_links

from .conftest import FAST, run_cli
from .support.sitegen import _page, article_html, http_server, write
from .test_probe import NOW, probe_and_crawl, stored_article_urls


def column_page(items: list[tuple[str, str]]) -> str:
    """A Hanweb JCMS column page: no <a> for its items, which its pager script renders from
    the records of a <script type="text/xml">."""
    records = "".join(
        f'<record><![CDATA[\n<li><a href="{href}" target="_blank">{text}</a>'
        f"<span>2023-05-20</span></li>]]></record>\n"
        for href, text in items
    )
    return (
        "<html><head><meta charset='utf-8'><title>教育动态</title></head><body>"
        "<a href='/index.html'>首页</a><div id='4170041'><script type='text/xml'><datastore>"
        "<nextgroup><![CDATA[<a href='/module/web/jpage/dataproxy.jsp?page=1'></a>]]></nextgroup>"
        f"<recordset>{records}</recordset></datastore></script>"
        "<script src='/module/web/jpage/jpage.js'></script></div></body></html>"
    )


def response(url: str, html: str) -> HtmlResponse:
    return HtmlResponse(url, body=html.encode("utf-8"), encoding="utf-8")


def test_the_links_of_a_scripts_records_are_page_links():
    page = column_page([("/art/2023/5/20/art_1234_1.html", "一"), ("art_1234_2.html", "二")])
    urls = [link.url for link in page_links(LinkExtractor(), response("http://x.cn/col/", page))]
    assert urls == [
        "http://x.cn/index.html",
        "http://x.cn/module/web/jpage/dataproxy.jsp?page=1",
        "http://x.cn/art/2023/5/20/art_1234_1.html",
        "http://x.cn/col/art_1234_2.html",
    ]


def test_a_script_without_markup_gives_no_link():
    page = "<html><body><script>var s = '<![CDATA[ x < y ]]>';</script></body></html>"
    assert page_links(LinkExtractor(), response("http://x.cn/", page)) == []


def test_a_hanweb_sites_columns_are_walked(tmp_path):
    """A Hanweb site: its home page links three articles and two columns, whose twelve items
    each are in their scripts' records. The probe picks the hanweb profile and the crawl stores
    all twenty-four articles (before: the home page's three; a site linking no article from
    its home page gave nothing)."""
    site, articles = tmp_path / "site", []
    for column in (1234, 1235):
        items = []
        for k in range(12):
            path = f"/art/2023/{k % 9 + 1}/{k + 1}/art_{column}_{column * 100 + k}.html"
            number = column * 100 + k
            write(site, path, article_html(f"校企合作 {number}", "2023-05-20", number))
            items.append((path, f"校企合作 {number}"))
        write(site, f"/col/col{column}/index.html", column_page(items))
        articles += [path for path, _ in items]
    menu = [("/col/col1234/index.html", "教育动态"), ("/col/col1235/index.html", "通知公告")]
    write(
        site, "/index.html", _page(menu + [(a, "校企合作") for a in articles[:3]], "某某区教育局")
    )
    with http_server(site) as base:
        out, entry, stored = probe_and_crawl(base, "/", "hw", tmp_path)
    assert 'profile = "hanweb"' in entry, out
    assert stored == {base + a for a in articles}


FRAMESET = (
    "<html><head><title>School</title></head><frameset rows='100,*'>"
    "<frame src='top.htm'><frame src='main.htm'></frameset></html>"
)
REFRESH = "<html><head><meta http-equiv='refresh' content='0; url=main.htm'></head></html>"


def school_behind(tmp_path, home: str) -> tuple:
    """A site whose /index.html is `home`, its content (links to three dated articles) in
    main.htm: (site folder, article paths)."""
    site = tmp_path / "site"
    articles = [f"/news/2024/05/{day:02d}/item{day}.html" for day in (1, 2, 3)]
    for day, path in enumerate(articles, 1):
        write(site, path, article_html(f"News item {day}", f"2024-05-{day:02d}", day))
    write(site, "/main.htm", _page([(a, f"News item {n}") for n, a in enumerate(articles, 1)]))
    write(site, "/top.htm", "<html><body><img src='banner.jpg'></body></html>")
    write(site, "/index.html", home)
    return site, articles


def test_a_frameset_home_page_is_crawled_through_its_frames(tmp_path):
    """A start page that is a frameset: the crawl follows its frames' pages and stores the
    articles they link (before: no link at all, an empty run), and the dry run shows them."""
    site, articles = school_behind(tmp_path, FRAMESET)
    registry, db_url = tmp_path / "sites.toml", f"sqlite:///{tmp_path / 'c.db'}"
    with http_server(site) as base:
        entry = f'[sites.framed]\nname = "Framed"\nstart_urls = ["{base}/"]\n'
        registry.write_text(entry, encoding="utf-8")
        dry = run_cli("crawl", "--dry-run", "framed", "--sites", str(registry))
        crawl = run_cli("crawl", "framed", "--sites", str(registry), "--db", db_url, *FAST)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert f"{base}/main.htm (200)" in dry.stdout
    assert crawl.returncode == 0, crawl.stdout + crawl.stderr
    assert stored_article_urls(db_url) == {base + a for a in articles}


def test_probe_reads_a_frameset_and_a_meta_refresh_as_a_browser_shows_them(tmp_path):
    """The probe of a frameset home page reads its frames, and of a home page that is only a
    meta refresh the page it sends to (as the crawl does): both find the three articles
    (before: 'no article found: none of the 0 links')."""
    for home in (FRAMESET, REFRESH):
        site, articles = school_behind(tmp_path / str(len(home)), home)
        with http_server(site) as base:
            probe = run_cli("sites", "probe", base + "/", "--slug", "s", *NOW)
        assert probe.returncode == 0, probe.stdout + probe.stderr
        assert "would follow as articles: 3" in probe.stdout, probe.stdout


SHELL = (
    "<!DOCTYPE html><html><head><title>College</title></head><body><noscript>This site "
    "doesn't work properly without JavaScript enabled. Please enable it to continue."
    "</noscript><div id='app'></div><script src='/js/vendors.js'></script>"
    "<script src='/js/app.js'></script></body></html>"
)


def test_a_page_built_by_its_scripts_is_an_app_shell_and_others_are_not():
    assert "drawn by JavaScript (2 scripts" in app_shell(response("http://x.cn/", SHELL))
    assert app_shell(response("http://x.cn/", FRAMESET)) is None  # its frames hold its links
    listing = _page([(f"/news/{n}.html", f"News item {n}") for n in range(5)])
    assert app_shell(response("http://x.cn/", listing + "<script>x()</script>")) is None


def test_a_run_on_an_app_shell_says_its_links_are_drawn_by_javascript(tmp_path):
    """A start page built by a Vue app: no link in its HTML. The run ends empty (exit 3) and
    its reason says why, as the probe and the dry run do (before: '0 link(s) outside the
    profile', as if the site had no news)."""
    site = tmp_path / "site"
    write(site, "/index.html", SHELL)
    registry, db_url = tmp_path / "sites.toml", f"sqlite:///{tmp_path / 'c.db'}"
    with http_server(site) as base:
        registry.write_text(f'[sites.vue]\nname = "Vue"\nstart_urls = ["{base}/"]\n', "utf-8")
        crawl = run_cli("crawl", "vue", "--sites", str(registry), "--db", db_url, *FAST)
        dry = run_cli("crawl", "--dry-run", "vue", "--sites", str(registry))
        probe = run_cli("sites", "probe", base + "/", "--slug", "vue", *NOW)
    assert crawl.returncode == 3, crawl.stdout + crawl.stderr
    assert "the start page is drawn by JavaScript" in crawl.stdout + crawl.stderr
    assert dry.returncode == 3 and "drawn by JavaScript" in dry.stdout, dry.stdout
    assert probe.returncode == 3 and "drawn by JavaScript" in probe.stderr, probe.stderr


def test_links_a_script_opens_and_a_jump_menus_options_in_the_pages_encoding():
    """An old ASP site on a GBK page: a story opened by `javascript:window.open(…)`, one in a
    jump menu, and a column whose query is Chinese, asked for as a browser asks (the query
    percent-encoded in GBK: the server answers UTF-8's %E5… with a 404)."""
    from crawler.spiders.pager import sibling_pages

    html = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
        "</head><body><a href=\"JavaScript:window.open('news_view.asp?id=132')\">签约</a>"
        "<select onchange='location=this.value'><option value=''>栏目</option>"
        "<option value='news_view.asp?id=133'>参观</option></select>"
        "<a href='news_list.asp?BigClass=学校新闻&page=2'>下一页</a>"
        "<table><tr onClick=\"window.location.href='news_view.asp?id=134'\"><td>实习</td></tr>"
        "</table></body></html>"
    )
    url = "http://s.example/news_list.asp?BigClass=%D1%A7%D0%A3%D0%C2%CE%C5"
    response = HtmlResponse(url, body=html.encode("gbk"))
    urls = [link.url for link in page_links(LinkExtractor(), response)]
    gbk = "BigClass=%D1%A7%D0%A3%D0%C2%CE%C5"
    assert urls == [
        f"http://s.example/news_list.asp?{gbk}&page=2",
        "http://s.example/news_view.asp?id=132",
        "http://s.example/news_view.asp?id=134",
        "http://s.example/news_view.asp?id=133",
    ]
    nexts, _ = sibling_pages(response, lambda u: (u, None))
    assert nexts == [f"http://s.example/news_list.asp?{gbk}&page=2"]


def test_a_sharepoint_list_views_pager_is_a_link():
    """A SharePoint list view (AllItems.aspx) pages on by script: its Next arrow's href is
    "javascript:" and its onclick names the next page, the URL's slashes and ampersands
    written as JavaScript escapes. Before, no link led there, and the older half of a
    college's announcements list was never read."""
    nxt = (
        r"\u002fLists\u002fAnnouncements\u002fAllItems.aspx?Paged=TRUE\u0026p_ID=11"
        r"\u0026PageFirstRow=9\u0026\u0026View=%7BA1D4C2B3%7D"
    )
    html = (
        "<html><body><table><tr><td class='ms-paging'>1 - 8</td><td>"
        f"<a onclick='javascript:RefreshPageTo(event, \"{nxt}\");javascript:return false;' "
        "href='javascript:'><img src='/_layouts/15/images/spcommon.png' alt='Next'></a>"
        "</td></tr></table></body></html>"
    )
    page = response("https://x.ac.uk/Lists/Announcements/AllItems.aspx", html)
    urls = [link.url for link in page_links(LinkExtractor(), page)]
    assert urls == [
        "https://x.ac.uk/Lists/Announcements/AllItems.aspx"
        "?Paged=TRUE&p_ID=11&PageFirstRow=9&&View=%7BA1D4C2B3%7D"
    ]


def test_a_year_menu_whose_script_puts_the_value_after_the_url():
    """A Hong Kong school's year selector: <select onchange="location.href='news.asp?year='
    +this.value">, options 2019…2024 (bare years): each year's list is a link (before: none,
    and 2019-2023 were never read)."""
    options = "".join(f"<option value='{y}'>{y}</option>" for y in range(2024, 2018, -1))
    html = (
        "<html><body><select onchange=\"location.href='news.asp?year='+this.value\">"
        f"{options}</select><select onchange='go(this.value)'><option value='7'>x</option>"
        "</select></body></html>"
    )
    response = HtmlResponse("http://hk.example/chi/news/news.asp?year=2024", body=html.encode())
    urls = [link.url for link in page_links(LinkExtractor(), response)]
    assert urls == [f"http://hk.example/chi/news/news.asp?year={y}" for y in range(2024, 2018, -1)]
