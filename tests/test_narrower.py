"""Articles trafilatura read too much of, read again narrower: a sidebar of the latest in the
story's wrapper (latest_lists)."""

from __future__ import annotations

import pytest

from pipelines.processing import NotADocument, RawPage, process
from pipelines.processing.latest_lists import find

_LATEST = (
    ("12419", "【浙江日报】越溪职院：让课堂对…", "05-06"),
    ("12415", "【人民网】越溪职院打造高水平专…", "05-02"),
    ("12413", "关于公布2024年第一批产教融…", "04-25"),
    ("12409", "吉利汽车产业学院在我院揭牌成立", "04-17"),
    ("12407", "学院举办退役军人职业技能培训班", "04-13"),
    ("12403", "【浙江教育报】中德合作培养汽车…", "04-06"),
    ("12401", "学院召开2024年东西部协作工…", "03-29"),
    ("12397", "江苏省常州市教育局来我院参观交流", "03-25"),
)
_SHORT = (
    "（浙江日报记者 陈晨）走进越溪职业技术学院电商直播基地，学生们正在企业工程师的指导下进行"
    "实操训练。",
    "近年来，越溪职业技术学院围绕产教融合，与中铁十八局集团有限公司等企业共建产业学院，把企业真实项目"
    "引入课堂，学生毕业即可上岗。",
    "“在学校学到的就是企业正在用的。”毕业生张喆说。",
    "据统计，该校近三年毕业生就业率保持在96%以上，专业对口率超过86%。",
)
_LONGER = (
    *_SHORT[:2],
    "签约仪式由副院长李喆主持。院长周立新代表学院对来宾一行的到来表示热烈欢迎，介绍了学院在汽车智能制造"
    "领域的专业布局、师资队伍和实训条件，希望双方在人才培养、技术研发和员工培训等方面开展全方位合作。",
    *_SHORT[2:],
)


def _jeecms_story(paragraphs, date_first: bool = True) -> bytes:
    """A JEECMS story page: in one `<div class="main">`, a left column with the section's menu
    and a sidebar of the latest (date, then the headline cut short), and the story's column
    (breadcrumb, headline, date line, body in `id="zoom"`, print links, previous story)."""
    rows = "".join(
        f'<li><span class="date">{day}</span><a href="/xwzx/mtjj/{n}.jhtml">{text}</a></li>'
        if date_first
        else f'<li><a href="/xwzx/mtjj/{n}.jhtml">{text}</a><span>[{day}]</span></li>'
        for n, text, day in _LATEST
    )
    body = "".join(f'<p style="text-indent: 2em;">{p}</p>' for p in paragraphs)
    return (
        "<html><head><title>越溪职院：让课堂对接生产线_媒体聚焦_越溪职业技术学院</title></head><body>"
        '<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/xwzx/index.jhtml">新闻中心'
        '</a></li></ul></div><div class="main"><div class="left">'
        '<div class="lm_title">新闻中心</div>'
        '<ul class="lm_menu"><li><a href="/xwzx/xydt/index.jhtml">学院动态</a></li>'
        '<li><a href="/xwzx/mtjj/index.jhtml">媒体聚焦</a></li></ul>'
        f'<div class="zxdt"><h3>最新动态</h3><ul>{rows}</ul></div></div>'
        '<div class="right"><div class="position">当前位置：<a href="/">首页</a> &gt; '
        '<a href="/xwzx/index.jhtml">新闻中心</a> &gt; <a href="/xwzx/mtjj/index.jhtml">媒体聚焦'
        '</a> &gt; 正文</div><div class="article"><h2>越溪职院：让课堂对接生产线</h2>'
        '<div class="msgbar">发布时间：2024-05-06 16:53:47 &nbsp;来源：浙江日报</div>'
        f'<div class="content_txt" id="zoom">{body}</div>'
        '<div class="print">【<a href="javascript:window.print()">打印本页</a>】【<a href='
        '"javascript:window.close();">关闭窗口</a>】</div><div class="pre_next"><p>上一篇：'
        '<a href="/xwzx/mtjj/12415.jhtml">【人民网】越溪职院打造高水平专业群</a></p><p>下一篇：'
        "没有了</p></div></div></div></div>"
        "<div class='footer'><p>版权所有：越溪职业技术学院 地址：浙江省越溪市学院路1号</p></div>"
        "</body></html>"
    ).encode()


URL = "http://www.yxvtc.example/xwzx/mtjj/12420.jhtml"


@pytest.mark.parametrize("date_first", [True, False])
def test_a_story_beside_a_sidebar_of_the_latest_is_read_without_it(date_first):
    """trafilatura took the wrapper (`class="main"`) for the content and kept the sidebar,
    whose dates bring its links under trafilatura's share: every story began with 最新动态 and
    its eight headlines. Read again without the sidebar, the text is the story's alone,
    whatever the URL class."""
    for kind in ("article", None):
        doc = process(RawPage(url=URL, body=_jeecms_story(_LONGER, date_first), kind=kind))
        assert doc.text.splitlines() == list(_LONGER)
        assert str(doc.published) == "2024-05-06"


def test_a_short_story_whose_column_trafilatura_pruned_is_read_without_the_sidebar():
    """A short story's column (its few short links: breadcrumb, print, previous story) was
    pruned by trafilatura, which kept the sidebar alone: 'no prose'. Fetched as an article and
    dated by its headline, it is read again without the sidebar, and is the story; with no
    URL class it stays no document, as a list page's sidebar alone would be."""
    doc = process(RawPage(url=URL, body=_jeecms_story(_SHORT), kind="article"))
    assert doc.text.splitlines() == list(_SHORT)
    with pytest.raises(NotADocument, match="no prose"):
        process(RawPage(url=URL, body=_jeecms_story(_SHORT)))


def test_a_list_of_the_latest_is_dated_headlines_and_nothing_else():
    """The sidebar is found with its heading (its column, which adds a menu of two words);
    a table of contents numbered 1.1, 1.2 (a dotted
    pair is a section number, not a date) and a list of links with a sentence are not."""
    from pipelines.processing import html_clean

    (box,) = find(html_clean.parse(_jeecms_story(_SHORT).decode()))
    assert box.get("class") in ("zxdt", "left") and "最新动态" in box.text_content()
    toc = "".join(
        f'<li>1.{i} <a href="/book/{i}">Getting a Git Repository {i}</a></li>' for i in range(5)
    )
    prose = "".join(
        f'<li>05-0{i} <a href="/n/{i}">Open day</a> brought four hundred visitors to the new '
        "science wing on Saturday morning.</li>"
        for i in range(1, 5)
    )
    for items in (toc, prose):
        assert find(html_clean.parse(f"<html><body><ul>{items}</ul></body></html>")) == []
