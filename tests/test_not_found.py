"""Pages that say they are not there, answered 200 (pipelines/processing/not_found.py)."""

from __future__ import annotations

import pytest

from pipelines.processing import NotADocument, RawPage, process

_MENU = "".join(
    f'<li><a href="/{slug}/">{name}</a></li>'
    for slug, name in (("xxgk", "学校概况"), ("xwzx", "学校新闻"), ("xqhz", "校企合作"))
)


def _page(title: str, body: str) -> RawPage:
    html = (
        f"<html><head><title>{title}</title></head><body><ul>{_MENU}</ul>"
        f'<div class="main">{body}</div><p>版权所有 临江工贸职业学校</p></body></html>'
    )
    return RawPage(url="http://school.example/info/1012/3470.htm", body=html.encode())


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("提示信息", "<p>对不起，您访问的页面不存在或已被删除！</p><p>5秒后自动返回网站首页</p>"),
        ("404 - 页面不存在", "<p>请检查您输入的网址是否正确。</p>"),
        (
            "Page not found | Riverside High School",
            "<p>Sorry, we could not find that. Try the search box above, or go back home.</p>",
        ),
        ("Riverside High School", "<h1>Oops</h1><p>The page you requested does not exist.</p>"),
    ],
)
def test_a_page_saying_it_is_not_there_is_no_document(title, body):
    """Kept raw with its reason, as a 404 is: before, the first was stored as a story
    titled 提示信息 (and a second one as its duplicate)."""
    with pytest.raises(NotADocument, match="not found"):
        process(_page(title, body))


def test_a_headline_that_begins_with_404_is_a_storys():
    story = "<p>" + "This summer 404 students graduated from the college's programmes. " * 6
    doc = process(_page("404 students graduate this summer", story + "</p>"))
    assert doc.title == "404 students graduate this summer"


def test_a_story_that_mentions_a_missing_page_is_kept():
    """The words in a story's long text, or a notice's headline of another kind, are no
    sign: only a short text's line or the headline's own words."""
    story = "<p>" + "学校网站改版后，部分旧页面不存在，请通过新栏目访问。" * 12 + "</p>"
    assert process(_page("关于学校网站改版的通知", story)).title == "关于学校网站改版的通知"
    notice = (
        "<h1>关于学生信息已过期的通知</h1><p>请各位同学于五月二十日前登录系统更新个人信息。</p>"
    )
    assert process(_page("关于学生信息已过期的通知", notice)).text


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (
            "Riverside High School - School News",
            "<h3>School News</h3><p>Sorry, no record found.</p>",
        ),
        ("Riverside High School", "<p>No data available.</p><p><a href='/news/'>Back</a></p>"),
        ("學校新聞", "<h3>學校新聞</h3><p>對不起，沒有相關資料。</p><p><a href='/'>返回</a></p>"),
        ("学校新闻", "<p>没有相关记录</p>"),
        ("新闻详情", "<div>暂无数据</div>"),
        ("新聞內容", "<p>記錄不存在！</p>"),
    ],
)
def test_a_record_script_saying_it_has_no_such_record_is_not_found(title, body):
    """A script that shows one record answers an id it has none for in its database's words:
    an old Hong Kong school's English page for a story never translated ("Sorry, no record
    found."), fetched as an article, was 'a list of links' (its menu), asked for again on
    every run; its Chinese twin (對不起，沒有相關資料。) was stored as a story."""
    page = _page(title, body)
    page = RawPage(url=page.url, body=page.body, kind="article")
    with pytest.raises(NotADocument, match="not found"):
        process(page)


def test_a_short_story_that_says_no_record_in_a_sentence_is_kept():
    """The words inside a sentence, or a headline's, are a story's: only a line that says
    nothing else (an apology before it at most) is the script's answer."""
    notice = (
        "<h1>关于成绩查询系统暂无数据的说明</h1><p>发布时间：2024-05-20</p>"
        "<p>期中考试成绩正在录入，系统暂无数据，请同学们于五月二十七日后再查询。</p>"
    )
    assert process(_page("关于成绩查询系统暂无数据的说明", notice)).text
    story = (
        "<h1>Archive Day</h1><p>Published 20 May 2024</p><p>Students searched the old "
        "register for their grandparents: no record found for some, a photograph for others."
        "</p>"
    )
    assert process(_page("Archive Day", story)).title == "Archive Day"
