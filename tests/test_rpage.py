"""Pages of Rpage, the CMS of most Taiwanese school sites: a story's headline over its info
row (a <ul> of 發布日期, 發布單位, 點閱次數), its text, its attachments and a footer that
prints the site's "last updated" day on every page."""

from __future__ import annotations

import json

import pytest

from pipelines.processing import NotADocument, RawPage, process
from pipelines.processing.rules import ExtractionRules

from .conftest import FAST, LOCAL_ENV, probe_cli, run_cli
from .support import rpage_site
from .support.local_site import served

ENV = LOCAL_ENV

_MENU = "".join(
    f'<li><a href="/p/412-1000-{n}.php?Lang=zh-tw" title="{name}">{name}</a></li>'
    for n, name in [(101, "校長的話"), (102, "學校沿革"), (110, "教務處"), (111, "學務處")]
)
_FOOTER = (
    '<div class="footer"><div class="container"><div class="module module-special">'
    "<p>臨江市立臨江高級中學 地址：320 臨江市中山路一段100號 電話：(03)4520000</p>"
    "<p>Copyright © 2024 臨江市立臨江高級中學 All Rights Reserved.</p></div>"
    '<div class="module module-hitcounter"><span>瀏覽人次：</span><span>2385614</span></div>'
    '<div class="module module-special"><p>最後更新日期：2024-06-21</p></div></div></div>'
)


def _page(path: str, main: str) -> RawPage:
    html = (
        '<html lang="zh-Hant-TW"><head><meta charset="utf-8"><title>臨江市立臨江高級中學</title>'
        '</head><body><a href="#C" class="sr-only">跳到主要內容區塊</a><div class="header">'
        f'<ul class="nav">{_MENU}</ul></div><div class="main"><div class="mpgside"><ul>'
        f'{_MENU}</ul></div><div class="mpgmain" id="C"><ul class="breadcrumb"><li><a href="/">'
        f"首頁</a></li></ul>{main}</div></div>{_FOOTER}</body></html>"
    )
    url = f"http://school.example.tw{path}?Lang=zh-tw"
    return RawPage(url=url, body=html.encode(), kind="article")


def _story(title: str, text: str) -> RawPage:
    return _page(
        "/p/406-1000-4965,r13.php",
        f'<div class="mpgtitle"><h2 class="hdline">{title}</h2></div><div class="mpgdetail">'
        '<ul class="mpginfo"><li class="date"><span>發布日期 : </span>2024-03-27</li>'
        '<li class="unit"><span>發布單位 : </span>圖書館</li>'
        '<li class="hit"><span>點閱次數 : </span>185</li></ul>'
        f'<div class="mcont"><div class="ptcont">{text}</div></div>'
        '<div class="mpgdfile"><h3>附件</h3><ul><li><a href="/var/file/attach/13/pta_4965.pdf">'
        "閱讀心得得獎名單.pdf</a> <span>(下載次數：5)</span></li></ul></div>"
        '<div class="mpgbottom"><a href="javascript:history.back();">回上一頁</a> '
        '<a href="/index.php">回首頁</a> <span>分享到：<a href="https://www.facebook.com/">'
        "Facebook</a></span></div></div>",
    )


def test_a_notice_of_one_sentence_keeps_it_and_not_its_info_row():
    """trafilatura took the headline and the info row over the notice's one sentence: the
    stored text was the three info lines, the sentence lost. The row is no text; the page
    read whole, from its headline to its last sentence, is."""
    doc = process(
        _story("賀！閱讀心得寫作比賽得獎名單", "<p>本學期閱讀心得寫作比賽得獎名單公告如附件。</p>")
    )
    assert doc.text == "本學期閱讀心得寫作比賽得獎名單公告如附件。"
    assert str(doc.published) == "2024-03-27"


def test_a_story_of_its_info_row_alone_is_no_document():
    """A text made of the header's metadata alone is never a story's body."""
    with pytest.raises(NotADocument):
        process(_story("賀！閱讀心得寫作比賽得獎名單", "<p></p>"))


def test_the_footer_s_last_updated_day_dates_no_page():
    """最後更新日期 in the footer, the same on every page, dated the site's 11 menu pages
    (校長的話, 學校沿革…) 2024-06-21: they read as dated stories."""
    doc = process(
        _page(
            "/p/412-1000-101.php",
            '<div class="mpgtitle"><h2>校長的話</h2></div><div class="meditor">'
            "<p>歡迎來到臨江高中。本校以「技術立身、品德為先」為教育目標，培養學生專業技能。</p>"
            "<p>期盼每位同學在三年的學習中找到自己的方向，成為社會需要的優秀人才。</p></div>",
        )
    )
    assert doc.title == "校長的話" and doc.published is None


@pytest.mark.parametrize("label", ["更新日期", "最後更新日期"])
def test_an_update_date_in_the_story_s_info_row_is_still_its_date(label):
    """By the headline, 更新日期 is often the only date a story prints: read, footer or not."""
    doc = process(
        _page(
            "/p/406-1000-5056,r12.php",
            '<div class="mpgtitle"><h2>教職員工健康檢查通知</h2></div>'
            f'<ul class="mpginfo"><li>{label}：2024-04-24</li><li>發布單位：人事室</li></ul>'
            "<p>本年度教職員工健康檢查訂於5月15日上午於活動中心辦理，請同仁空腹受檢。</p>",
        )
    )
    assert str(doc.published) == "2024-04-24"


@pytest.mark.parametrize(
    "last",
    [
        "<p>Page last updated: 21 June 2024</p>",
        "<div><span>网站最后更新：</span><span>2024-06-21</span></div>",
        '<div class="foot-info">更新时间：2024-06-21</div>',
    ],
)
def test_a_last_updated_line_closing_the_page_is_the_site_s(last):
    """A footer with no footer's name: the site's line is the page's last block."""
    html = (
        "<html><head><title>Our history</title></head><body><h1>Our history</h1>"
        "<p>The school opened in 1964 with two classrooms and forty pupils, and moved to the "
        "present site on the river in 1988, when the new wing was built.</p>"
        f"{last}</body></html>"
    )
    page = RawPage(url="http://school.example/about/history", body=html.encode(), kind="article")
    assert process(page).published is None


@pytest.mark.parametrize(
    "after",
    [
        '<div class="news-bottom">更新时间：2024-05-20</div>',
        "<article><footer>Updated: 2024-05-20</footer></article>",
    ],
)
def test_an_update_line_under_the_story_but_not_in_the_page_s_footer_is_read(after):
    html = (
        "<html><head><title>校园新闻</title></head><body><h1>我校举行春季运动会</h1>"
        "<p>4月18日，我校第二十届春季田径运动会在学校体育场隆重开幕，全校师生参加开幕式。</p>"
        f'{after}<div class="footer"><p>版权所有 临江职业学校</p></div></body></html>'
    )
    page = RawPage(url="http://school.example/news/show-5120.htm", body=html.encode())
    assert str(process(page).published) == "2024-05-20"


def test_an_rpage_site_is_probed_and_every_column_page_walked(tmp_path):
    """A home page whose news boxes a script fills, columns in the menu, 23 stories over two
    pages of one column and 4 in another: the probe chose generic and added the shape of the
    site's own pages (/p/412-…, /p/403-…) as articles, and the crawl stored none of the
    stories (`empty`). The rpage profile walks the columns and their later pages. A column's
    page reads as a dated story (its first row's date): the probe took the shape it shares
    with the site's own pages for the entry's articles, and the crawl stored the columns and
    /p/412-… pages as stories; a page the profile walks as a list is none. The sidebar of the
    latest links six stories bare, their column with ?Lang=zh-tw: each is fetched once (without
    the profile's rewrite, 33 fetched and 6 duplicates)."""
    registry, db = tmp_path / "sites.toml", f"sqlite:///{tmp_path / 'c.db'}"
    stories = rpage_site.stories(12, 23, 4000) + rpage_site.stories(13, 4, 5000)
    with served(rpage_site.site_handler(stories)) as base:
        probe = probe_cli(f"{base}/", "ng", registry)
        assert probe.returncode == 0, probe.stdout + probe.stderr
        entry = registry.read_text(encoding="utf-8")
        assert 'profile = "rpage"' in entry and "articles" not in entry, entry
        result = run_cli("crawl", "ng", "--sites", str(registry), "--db", db, *FAST, env=ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    run = json.loads(run_cli("runs", "--db", db, "--format", "json").stdout)[0]
    assert (run["new_documents"], run["articles"], run["duplicates"]) == (27, 27, 0), run


def test_the_headline_is_the_heading_over_the_info_row_not_the_sidebars():
    """Rpage heads its sidebar of the latest 最新消息, before the story, and the story's
    column in an <h2>; the headline is an <h3 class="hdline"> over 發布日期. 50 of 50 stories
    of a trial site were stored with the title 最新消息. (At the URL the crawl stores, its
    ?Lang=zh-tw dropped, as the site's name is known.)"""
    stories = rpage_site.stories(12, 6, 4000)
    page = rpage_site.story(stories, stories[2])
    url = "http://school.example.tw" + rpage_site.url(stories[2]).partition("?")[0]
    rules = ExtractionRules(site_names=(rpage_site.SCHOOL,))
    doc = process(RawPage(url=url, body=page.encode(), kind="article"), rules)
    assert doc.title == rpage_site.headline(stories[2])
    assert str(doc.published) == stories[2]["date"]
