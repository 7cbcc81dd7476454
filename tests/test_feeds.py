"""Feeds and sitemaps as entry points: what crawler.feeds reads, and the spider's use of it."""

from __future__ import annotations

import gzip

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler

from crawler.feeds import Entry, NotAFeed, entries, feed_links
from crawler.registry import load_registry
from crawler.spiderloader import spider_class

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>
<item><title>A</title><link>https://s.edu/2024/05/01/a.html</link></item>
<item><title>B</title><link>https://s.edu/2024/05/02/b.html</link></item></channel></rss>"""
ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>N</title>
<entry><title>A</title><id>x</id><link rel="alternate" href="https://s.edu/2024/05/03/c.html"/>
</entry></feed>"""
INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://s.edu/news-sitemap.xml</loc></sitemap></sitemapindex>"""
NEWS = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>
<loc>https://s.edu/2024/05/04/d.html</loc><news:news><news:title>D</news:title></news:news>
</url></urlset>"""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            RSS,
            [
                Entry("https://s.edu/2024/05/01/a.html", story=True),
                Entry("https://s.edu/2024/05/02/b.html", story=True),
            ],
        ),
        (ATOM, [Entry("https://s.edu/2024/05/03/c.html", story=True)]),
        (INDEX, [Entry("https://s.edu/news-sitemap.xml", index=True)]),
        (NEWS, [Entry("https://s.edu/2024/05/04/d.html")]),
        (gzip.compress(NEWS), [Entry("https://s.edu/2024/05/04/d.html")]),
    ],
)
def test_entries(body, expected):
    assert list(entries(body, "https://s.edu/feed")) == expected


def test_not_a_feed():
    with pytest.raises(NotAFeed):
        list(entries(b"<html><body>Not found</body></html>", "https://s.edu/feed"))


def test_feed_links_advertised_by_a_page():
    page = HtmlResponse(
        "https://s.edu/",
        body=b"<html><head>"
        b"<link rel='alternate' type='application/rss+xml' href='/rss.xml'>"
        b"<link rel='alternate' type='text/html' href='/en/'>"
        b"<link rel='alternate' type='application/atom+xml' href='atom'>"
        b"</head></html>",
    )
    assert feed_links(page) == ["https://s.edu/rss.xml", "https://s.edu/atom"]


def newsflash_spider():
    cls = spider_class(load_registry()["newsflash"])
    return cls.from_crawler(get_crawler(cls))


@pytest.mark.parametrize(
    ("status", "body"), [(200, b"User-agent: *\nAllow: /\n"), (404, b"<html>not found</html>")]
)
def test_sitemap_xml_when_robots_names_none(status, body):
    robots = TextResponse("https://newsflash.city/robots.txt", status=status, body=body)
    (request,) = newsflash_spider().parse_robots(robots)
    assert request.url == "https://newsflash.city/sitemap.xml"


def test_feed_entries_become_article_requests_and_indexes_sitemap_requests():
    spider = newsflash_spider()
    index = XmlResponse(
        "https://newsflash.city/sitemap.xml",
        body=INDEX.replace(b"https://s.edu", b"https://newsflash.city"),
        request=Request("https://x/"),
    )
    (nested,) = spider.parse_feed(index)
    assert nested.url == "https://newsflash.city/news-sitemap.xml"
    rss = XmlResponse(
        "https://newsflash.city/feed",
        body=RSS.replace(
            b"https://s.edu/2024/05/01/a.html", b"https://newsflash.city/2401/0123456789abcdef.html"
        ),
    )
    # The second item is on another host: not followed.
    assert [r.url for r in spider.parse_feed(rss)] == [
        "https://newsflash.city/2401/0123456789abcdef.html"
    ]


def test_a_feeds_items_are_stories_whatever_their_shape_a_sitemaps_are_not():
    """WordPress's post-name permalinks (/<slug>/): no pattern of the entry knows them, but an
    RSS item is a post, followed as an article; a sitemap names every page of a site (its
    about page, its list pages), so there the patterns still decide."""
    spider = newsflash_spider()
    story = b"https://newsflash.city/college-signs-partnership-with-acme/"
    rss = XmlResponse(
        "https://newsflash.city/feed", body=RSS.replace(b"https://s.edu/2024/05/01/a.html", story)
    )
    assert [r.url for r in spider.parse_feed(rss)] == [story.decode()]
    sitemap = XmlResponse(
        "https://newsflash.city/sitemap.xml",
        body=NEWS.replace(b"https://s.edu/2024/05/04/d.html", story),
        request=Request("https://x/"),
    )
    assert list(spider.parse_feed(sitemap)) == []


def test_a_feeds_item_is_stored_as_an_article_whatever_its_shape():
    """The page of a feed's item is an article as it was asked for (before: its URL, which no
    pattern knows, made it a list page, stored raw and never extracted, on every run); the
    same URL reached as a list page stays one."""
    from crawler.items import PageItem

    spider = newsflash_spider()
    story = "https://newsflash.city/college-signs-partnership-with-acme/"
    body = b"<html><body><h1>Acme</h1><p>The college signed.</p></body></html>"

    def kinds(meta: dict) -> list[str]:
        request = Request(story, meta=meta)
        page = HtmlResponse(story, body=body, encoding="utf-8", request=request)
        return [i.kind for i in spider.parse(page) if isinstance(i, PageItem)]

    assert kinds({"kind": "article", "story": True}) == ["article"]
    assert kinds({"kind": "listing"}) == ["listing"]
    # An article link that redirected to a page no pattern knows (a login page): not one.
    redirected = {"kind": "article", "redirect_urls": ["https://newsflash.city/2024/05/01/a.html"]}
    assert kinds(redirected) == ["listing"]


EMPTY = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>
<title>Comments for College</title><link>https://s.edu/</link></channel></rss>"""


@pytest.mark.parametrize("content_type", ["application/rss+xml; charset=UTF-8", "text/html", ""])
def test_a_valid_feed_with_no_items_has_no_entries(content_type):
    """WordPress's comments feed on a new site; served as RSS, as HTML, or with no
    Content-Type: an RSS document all the same (before: "not a feed", warned every run)."""
    assert list(entries(EMPTY, "https://s.edu/?feed=comments-rss2", content_type)) == []


def test_a_feeds_charset_is_read_from_its_content_type():
    """A GBK feed whose XML declaration names no encoding: its header's charset is the one."""
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>学校</title>'
        "<item><title>新闻</title><link>https://s.edu/新闻/1.html</link></item></channel></rss>"
    ).encode("gbk")
    found = entries(body, "https://s.edu/rss.xml", "application/rss+xml; charset=gbk")
    assert [e.url for e in found] == ["https://s.edu/新闻/1.html"]
