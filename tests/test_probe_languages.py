"""`sites probe` on a bilingual site (WordPress with Polylang: Chinese at /, English under
/en/, linked from the header alone): the start page's hreflang alternates become start URLs of
the entry, so the crawl reaches the English half without a sitemap; the site's name there is
an alias of the entry."""

from __future__ import annotations

from scrapy.http import HtmlResponse

from crawler.probe_languages import other_languages
from crawler.probe_site import trial_site
from crawler.profiles import PROFILES

from .support.local_site import serving
from .support.sitegen import _page, article_html
from .test_probe import probe_and_crawl

_COLLEGE = "Yudong Vocational and Technical College"


def _head(here: str) -> str:
    # As Polylang writes them: one per language, and x-default (the Chinese home page), on
    # both home pages; and a page no language owns, which must not become a start URL.
    return (
        f"<link rel='alternate' hreflang='zh-CN' href='/'>"
        f"<link rel='alternate' hreflang='en-US' href='/en/'>"
        f"<link rel='alternate' hreflang='x-default' href='/choose/'>"
        f"<link rel='alternate' type='application/rss+xml' href='{here}feed/'>"
    )


def _posts(prefix: str, titles: list[str], first: int) -> dict[str, str]:
    return {  # numbered from `first`: each post's text its own, no copy of another
        f"{prefix}/2024/05/{n:02d}/post-{n}/": article_html(t, f"2024-05-{n:02d}", n)
        for n, t in enumerate(titles, start=first)
    }


def test_the_other_language_home_page_is_a_start_url_and_its_articles_are_crawled(tmp_path):
    chinese = _posts("", [f"Chinese campus report {n}" for n in range(5)], 1)
    english = _posts("/en", [f"English campus report {n}" for n in range(5)], 11)
    # One <title> template in both languages: the English name stands where the Chinese does.
    zh_title, en_title = "渝东职业技术学院 – 厚德 强技", f"{_COLLEGE} – Virtue, Skill"
    zh_head = _head("/") + "<meta property='og:site_name' content='渝东职业技术学院'>"
    pages = {
        "/": _page([(u, "新闻") for u in chinese] + [("/en/", "English")], zh_title, zh_head),
        "/en/": _page([(u, "News") for u in english] + [("/", "中文")], en_title, _head("/en/")),
        "/choose/": _page([("/", "中文"), ("/en/", "English")], "Choose"),
        **chinese,
        **english,
    }
    with serving(pages) as base:
        out, entry, stored = probe_and_crawl(base, "/", "bilingual", tmp_path)
    assert f'start_urls = ["{base}/", "{base}/en/"]' in entry, entry
    assert "/choose/" not in entry, entry
    # The site's English name is its alias: extraction takes it for no English headline.
    assert f'aliases = ["{_COLLEGE}"]' in entry, entry
    assert "the start page in other languages (hreflang)" in out, out
    # A start URL is followed: never listed under "would not follow" (it was, session 30).
    not_followed = out.split("would not follow:", 1)[1].split("Sample articles", 1)[0]
    assert f"{base}/en/\n" not in not_followed, out
    assert {base + u for u in english} <= stored, (out, entry, stored)


def _response(html: str, url: str = "http://www.x.edu.cn/") -> HtmlResponse:
    return HtmlResponse(url, body=html.encode(), encoding="utf-8")


def test_a_switchers_links_count_only_without_hreflang_alternates_and_only_on_the_site():
    site = trial_site(PROFILES["generic"], "http://www.x.edu.cn/")
    switcher = (
        "<html lang='zh-CN'><head>{}</head><body><a hreflang='zh-CN' href='/'>中文</a>"
        "<a hreflang='en' href='/en/index.htm'>English</a>"
        "<a hreflang='fr' href='http://other.org/fr/'>Français</a>"
        "<a href='/english/'>English</a></body></html>"
    )
    # No hreflang <link>: the switcher's links that say their language, on the site's hosts.
    assert other_languages(site, _response(switcher.format(""))) == [
        "http://www.x.edu.cn/en/index.htm"
    ]
    link = "<link rel='alternate' hreflang='en' href='http://en.x.edu.cn/'>"
    assert other_languages(site, _response(switcher.format(link))) == ["http://en.x.edu.cn/"]
