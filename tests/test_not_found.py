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
