"""Links a CMS keeps inside a script (Hanweb JCMS's column items, in CDATA sections of a
<script type="text/xml">): the crawl, the dry run and the probe follow them as page links."""

from __future__ import annotations

from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor

from crawler.page_links import page_links

from .support.sitegen import _page, article_html, http_server, write
from .test_probe import probe_and_crawl


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
