"""Spiders: which links they follow and which pages they yield, on the fixture pages.

Offline unit tests in the City-Bureau style: a fixture file becomes an HtmlResponse and the
spider's own callbacks run on it. The end-to-end crawl (test_crawl.py) checks the same
decisions through the fixture proxy.
"""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler

from crawler.items import PageItem
from crawler.registry import load_registry
from crawler.spiderloader import RegistrySpiderLoader, spider_class

from .conftest import SLUGS, load_gold, mirror_file, site_json

REGISTRY = load_registry()


def response(slug: str, url: str, cls=HtmlResponse, redirected_from: str | None = None):
    request = Request(url, meta={"redirect_urls": [redirected_from]} if redirected_from else {})
    return cls(
        url=url,
        body=mirror_file(slug, url).read_bytes(),
        request=request,
        headers={"Content-Type": site_json(slug)["content_type"]},
    )


def spider(slug: str):
    cls = spider_class(REGISTRY[slug])
    return cls.from_crawler(get_crawler(cls))  # a crawler: the spider counts into its stats


def outputs(slug: str, url: str):
    results = list(spider(slug).parse(response(slug, url)))
    items = [r for r in results if isinstance(r, PageItem)]
    requests = [r.url for r in results if isinstance(r, Request)]
    return items, requests


def test_loader_builds_one_spider_per_site():
    loader = RegistrySpiderLoader.from_settings({"SCHOOLNEWS_SITES_FILE": None})
    assert loader.list() == sorted(REGISTRY)
    assert loader.load("scedu").name == "scedu"
    assert loader.load("spa").__name__ == "SpaSpider"
    with pytest.raises(KeyError):
        loader.load("nosuch")


@pytest.mark.parametrize("slug", SLUGS)
def test_articles_are_fetched_before_more_list_pages(slug):
    """Scrapy's scheduler serves higher priorities first: a site's articles are fetched as they
    are found, so a pager linking to every list page never queues every article at once."""
    results = []
    for url in site_json(slug)["start_urls"]:
        results += list(spider(slug).parse(response(slug, url)))
    requests = [r for r in results if isinstance(r, Request)]
    article = {r.priority for r in requests if r.meta.get("kind") == "article"}
    other = {r.priority for r in requests if r.meta.get("kind") != "article"}
    assert article and other, slug
    assert min(article) > max(other)


@pytest.mark.parametrize("slug", SLUGS)
def test_start_pages_lead_only_to_lists_and_articles(slug):
    for url in site_json(slug)["start_urls"]:
        items, requests = outputs(slug, url)
        assert [i.kind for i in items] == ["listing"]
        assert requests, f"{url} leads nowhere"
        for followed in requests:
            assert REGISTRY[slug].classify(followed) in ("article", "listing"), followed


def test_webplus_discovers_columns_from_navigation():
    _, requests = outputs("spa", "https://spa.jsedu.sh.cn/english/main.htm")
    columns = {u.split("/")[4] for u in requests if u.endswith("/list.htm")}
    assert len(columns) >= 2  # every column of the navigation, not one hard-coded id


def test_webplus_psp_alias_is_requested_as_htm():
    urls = [
        u
        for u in (outputs("spa", "https://spa.jsedu.sh.cn/english/2371/list2.htm")[1])
        if "/page." in u
    ]
    assert urls and all(u.endswith("/page.htm") for u in urls)


@pytest.mark.parametrize(
    ("slug", "url"),
    [
        ("spa", "https://spa.jsedu.sh.cn/search.htm?q=x"),
        ("spa", "https://spa.jsedu.sh.cn/_upload/a/notice.pdf"),
        ("spa", "https://spa.jsedu.sh.cn/calendar.htm"),
        ("spa", "https://example.org/2019/0418/c1a1/page.htm"),  # another host
        ("cdcmzz", "http://www.cdcmzz.com/news/calendar.php"),
        ("newsflash", "https://newsflash.city/tag/education/"),
        ("scedu", "http://777306.cn/shehui/news/20201021/1.html"),  # outside the section
        ("scedu", "http://777306.cn/gaoxiao/news/a.jpg"),
    ],
)
def test_non_article_urls_are_not_followed(slug, url):
    assert spider(slug).follow(url) is None


@pytest.mark.parametrize("slug", SLUGS)
def test_article_pages_are_yielded_as_articles(slug):
    case = load_gold(slug)[0]
    items, _ = outputs(slug, case["url"])
    assert [(i.kind, i.url, i.site) for i in items] == [("article", case["url"], slug)]
    assert items[0].body == mirror_file(slug, case["url"]).read_bytes()


def test_redirect_keeps_requested_url():
    url = "http://www.cdcmzz.com/news/shownews.php?id=1219"
    old = "http://www.cdcmzz.com/news/show.php?id=1219"
    (item,) = [
        r
        for r in spider("cdcmzz").parse(response("cdcmzz", url, redirected_from=old))
        if isinstance(r, PageItem)
    ]
    assert (item.url, item.requested_url) == (url, old)


def test_non_html_responses_are_not_pages():
    text = TextResponse(url="https://spa.jsedu.sh.cn/robots.txt", body=b"User-agent: *")
    assert list(spider("spa").parse(text)) == []


def test_sitemaps_from_robots():
    newsflash = spider("newsflash")
    robots = TextResponse(
        url="https://newsflash.city/robots.txt",
        body=mirror_file("newsflash", "https://newsflash.city/robots.txt").read_bytes(),
    )
    (sitemap_request,) = list(newsflash.parse_robots(robots))
    assert sitemap_request.url == "https://newsflash.city/sitemap.xml"
    sitemap = response("newsflash", sitemap_request.url, cls=XmlResponse)
    urls = {r.url for r in newsflash.parse_feed(sitemap)}
    assert urls == {c["url"] for c in load_gold("newsflash")}


def test_crawls_run_no_remote_code_endpoint():
    """Scrapy's RemoteControl (an HTTP server running code sent to it) is neither enabled nor
    loaded in a crawl; the other extensions Scrapy ships stay."""
    from scrapy.settings import Settings
    from scrapy.utils.conf import build_component_list

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    enabled = build_component_list(settings.getwithbase("EXTENSIONS"))
    assert not settings.getbool("REMOTE_CONTROL_ENABLED")
    assert not [e for e in enabled if "remote_control" in str(e)]
    assert "scrapy.extensions.corestats.CoreStats" in enabled
    assert "crawler.progress.Progress" in enabled


def test_denied_links_are_the_ones_scrapy_denies():
    """The spider filters extensions itself (one C call a link): the same answers as Scrapy's
    url_has_any_extension with the same list, .psp (a WebPlus article) still followed."""
    from scrapy.utils.url import url_has_any_extension

    from crawler.page_links import DENY_EXTENSIONS, denied

    urls = [
        "https://s.edu.cn/a/file.pdf",
        "https://s.edu.cn/a/FILE.PDF",
        "https://s.edu.cn/a/file.pdf;jsessionid=1",
        "https://s.edu.cn/a/page.htm?f=x.pdf",
        "https://s.edu.cn/2024/0101/c1a2/page.psp",
        "https://s.edu.cn/img/logo.jpg",
        "https://s.edu.cn/news/",
        "https://s.edu.cn/a.docx",
    ]
    scrapy_says = [url_has_any_extension(u, {f".{e}" for e in DENY_EXTENSIONS}) for u in urls]
    assert [denied(u) for u in urls] == scrapy_says
    assert scrapy_says == [True, True, True, False, False, True, False, True]


def test_list_pages_already_scheduled_are_not_asked_again():
    """A list page the scheduler already took this run is not made into a Request again (the
    dupefilter would drop it): a pager linking every list page from every list page. One the
    scheduler refused and never saw (the distributed queue with Redis away), or one sent with
    dont_filter (the dupefilter does not remember it), is asked again."""
    from scrapy import signals

    url = "https://spa.jsedu.sh.cn/english/2371/list2.htm"

    def listings(spa):
        return [
            r.url
            for r in spa.parse(response("spa", url))
            if isinstance(r, Request) and r.meta.get("kind") != "article"
        ]

    def signal(spa, name, request):
        spa.crawler.signals.send_catch_log(name, request=request, spider=spa)

    spa = spider("spa")
    first = [Request(u) for u in listings(spa)]
    assert len(first) >= 3
    for request in first:
        signal(spa, signals.request_scheduled, request)
    signal(spa, signals.request_dropped, first[0])  # lost (Redis away), not a duplicate
    # A duplicate the scheduler refused does not make its URL new again.
    duplicate = Request(first[1].url)
    signal(spa, signals.request_scheduled, duplicate)
    signal(spa, signals.request_dropped, duplicate)
    assert listings(spa) == [first[0].url]

    unfiltered = spider("spa")
    for request in first:
        signal(unfiltered, signals.request_scheduled, request.replace(dont_filter=True))
    assert listings(unfiltered) == [r.url for r in first]
