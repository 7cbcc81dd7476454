"""Pages of Rpage, the CMS of most Taiwanese school sites: a story's headline over its info
row (a <ul> of 發布日期, 發布單位, 點閱次數), its text, its attachments and a footer that
prints the site's "last updated" day on every page."""

from __future__ import annotations

import pytest

from pipelines.processing import NotADocument, RawPage, process

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
