"""page_signals: a real product grid is a listing; cards beside a real article, at a slug URL,
keep the article; the crawl's URL class (RawPage.kind) is evidence both ways."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from lxml import html as lxml_html

from pipelines.processing import (
    ExtractionRules,
    NotADocument,
    RawPage,
    cards,
    page_kind,
    page_model,
    page_signals,
    process,
)
from pipelines.processing.markup import Markup
from tests.support import real_pages

REAL = Path(__file__).parent / "fixtures" / "real" / "wcxb_dev"

_TEASER = (
    "Students and teachers met this week to talk about the new timetable, the library "
    "hours and the spring concert, and the council will answer questions next month."
)
_CARDS = "".join(
    f'<div class="card"><h3><a href="/news/story-number-{i}-about-school-life">Story number {i} '
    f"about school life and the week ahead</a></h3>"
    + "".join(f"<p>Part {j} of story {i}. {_TEASER}</p>" for j in range(3))
    + "</div>"
    for i in range(12)
)
_ARTICLE = " ".join(
    f"<p>Paragraph {i}: the school board voted on Tuesday to extend the reading programme to "
    "every primary school in the district, after a pilot year in which pupils in the programme "
    "read more books and reported enjoying lessons more than before the change.</p>"
    for i in range(8)
)


def _page(url: str, main: str) -> RawPage:
    html = (
        f"<html><head><title>Page</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<main>{main}</main></body></html>"
    )
    return RawPage(url=url, body=html.encode(), headers={"Content-Type": "text/html"})


def _real(name: str) -> RawPage:
    case = real_pages.load_case(REAL / f"{name}.json")
    return RawPage(url=case.gold["url"], body=case.body)


def test_a_real_product_grid_is_a_listing():
    """A shop's category page (wcxb dev_0632, a shoe shop's collection): prose enough for
    page_kind, but cards, prices and link text say listing."""
    page = _real("dev_0632")
    assert page_kind_alone(page) is None
    with pytest.raises(NotADocument, match="a listing page"):
        process(page)


def page_kind_alone(page: RawPage) -> str | None:
    """What process() says with the listing model switched off (its threshold out of reach)."""
    saved = page_model.model()["threshold"]
    page_model.model()["threshold"] = float("inf")
    try:
        process(page)
        return None
    except NotADocument as reason:
        return str(reason)
    finally:
        page_model.model()["threshold"] = saved


def test_a_list_url_of_the_profile_is_not_a_document():
    """The crawl keeps list pages raw; `extract --site --url` does the same."""
    html = _page("https://school.example/news/", "<h1>News</h1>" + _ARTICLE)
    with pytest.raises(NotADocument, match="list page"):
        process(RawPage(url=html.url, body=html.body, headers=html.headers, kind="listing"))


_SIDEBAR_HEADLINES = (
    ("6416", "我校与贵州省黔东南州教育局签署东", "06-14"),
    ("6413", "我校组织师生赴科大讯飞开展岗位认", "06-13"),
    ("6409", "我校举办2024年校企合作理事会", "06-12"),
    ("3465", "我校举行2024届毕业生校园招聘", "06-12"),
    ("6407", "我校现代学徒制试点项目通过省级验", "06-11"),
    ("6400", "我校承办市中职学校技能大赛工业机", "06-10"),
    ("3839", "我校与中兴通讯股份有限公司签订校", "05-28"),
    ("3835", "我校与中车株洲电力机车有限公司联", "05-08"),
)


def _notice_beside_headlines(url: str, own_first: bool = False) -> RawPage:
    """A school's three-paragraph story (its date by the headline) beside a sidebar of eight
    headlines cut short, with their dates, as VSB and most Chinese school CMSes lay it out."""
    headlines = sorted(_SIDEBAR_HEADLINES, key=lambda h: h[0] != "3465" if own_first else 0)
    side = "".join(
        f'<li><a href="/info/1012/{n}.htm">{text}</a><span>{day}</span></li>'
        for n, text, day in headlines
    )
    story = (
        "<p>6月12日，甘肃省定西市职业学校的师生一行来到我校，开展为期一周的交流学习活动。</p>"
        "<p>会上，工业机器人技术系主任陈静汇报了专业建设情况，重点介绍了“岗课赛证”融通的课程"
        "体系和数控加工车间的建设进展。</p><p>据悉，本次活动共有工业机器人技术专业33名学生参加，"
        "学生们纷纷表示，通过走进比亚迪、了解岗位，进一步明确了今后的学习目标和职业规划。</p>"
    )
    body = (
        "<html><head><title>我校举行2024届毕业生校园招聘会-临江工贸职业学校</title></head>"
        '<body><div class="main"><div class="article"><h1>我校举行2024届毕业生校园招聘会</h1>'
        "<div>发布时间：2024-06-12 &nbsp; 来源：招生就业处 &nbsp; 编辑：黄文斌</div>"
        f'<div class="arti_content">{story}</div><div class="arti_page">'
        '<p>上一篇：<a href="/info/1012/6407.htm">我校现代学徒制试点项目通过省级验收</a></p>'
        '<p>下一篇：<a href="/info/1012/6409.htm">我校举办2024年校企合作理事会年会</a></p>'
        f'</div></div><div class="side"><div>最新动态</div><ul>{side}</ul></div></div>'
        "</body></html>"
    )
    return RawPage(url=url, body=body.encode(), kind="article")


@pytest.mark.parametrize("own_first", [False, True])
def test_a_short_story_beside_a_sidebar_is_kept_when_the_crawl_took_it_for_one(own_first):
    """Its lines alone read as a list (8 headlines, 3 short paragraphs); fetched as an
    article by the site's URL patterns, with its date by its headline, it is the story
    less the sidebar. With no URL class it is still a list (the shared sets' measure)."""
    page = _notice_beside_headlines("http://school.example/info/1012/3465.htm", own_first)
    doc = process(page)
    assert doc.title == "我校举行2024届毕业生校园招聘会" and str(doc.published) == "2024-06-12"
    assert doc.text.startswith("6月12日") and doc.text.endswith("职业规划。")
    assert "签署东" not in doc.text and len(doc.text.splitlines()) == 3
    with pytest.raises(NotADocument, match="a list of links"):
        process(RawPage(url=page.url, body=page.body))


def test_a_notice_whose_text_is_its_attachment_is_kept_when_the_crawl_took_it_for_one():
    """A school's notice: headline, date line, "详见附件" and the attachment's link, no
    sentence at all ("no prose" before); fetched as an article and dated by its headline, it
    is a document naming its attachment. With no URL class it is still no article."""
    body = (
        "<html><head><title>关于2024年秋季学期开学安排的通知-临江工贸职业学校</title></head><body>"
        '<div class="nav"><a href="/">首页</a> <a href="/list/12.htm">通知公告</a></div>'
        "<h1>关于2024年秋季学期开学安排的通知</h1><div>发布时间：2024-08-20 来源：教务处</div>"
        '<div class="content"><p>详见附件。</p><p>附件：<a href="/upload/2024/kaixue.pdf">'
        "2024年秋季学期开学安排.pdf</a></p></div></body></html>"
    ).encode()
    url = "http://school.example/info/1013/5120.htm"
    doc = process(RawPage(url=url, body=body, kind="article"))
    assert doc.title == "关于2024年秋季学期开学安排的通知" and str(doc.published) == "2024-08-20"
    assert "2024年秋季学期开学安排.pdf" in doc.text
    with pytest.raises(NotADocument):
        process(RawPage(url=url, body=body))


def _hong_kong_notice() -> bytes:
    """A Hong Kong school's one-sentence notice in a layout table (a 2000s PHP site): a
    marquee of the latest headlines, a left menu, the headline in a <b>, its date line
    "日期：10/11/2026" (day first), a footer with a visitor counter."""
    latest = "".join(
        f'<a href="news_detail.php?id={n}">{t}</a> &nbsp; '
        for n, t in (
            (134, "中一級生活營"),
            (133, "歐洲遊學團簡介會"),
            (132, "校友回校分享會"),
            (131, "姊妹學校交流團（廣州）"),
            (129, "學生於工程挑戰賽獲殊榮"),
        )
    )
    menu = "".join(
        f'<tr><td><a href="{href}.php">{text}</a></td></tr>'
        for href, text in (
            ("index", "主頁"),
            ("about", "學校簡介"),
            ("news", "學校新聞"),
            ("circular", "學校通告"),
            ("album", "活動相簿"),
            ("staff", "教職員"),
        )
    )
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5">'
        "<title>嘉華工業中學 - 學校新聞</title></head><body><table width='780'>"
        f"<tr><td colspan='2'>最新消息：<marquee>{latest}</marquee></td></tr><tr>"
        f"<td width='160'><table>{menu}</table></td><td><table>"
        "<tr><td><b>學校新聞</b></td></tr>"
        "<tr><td><b><font color='#990000'>流感疫苗接種日</font></b></td></tr>"
        "<tr><td><font size='2'>日期：10/11/2026</font></td></tr>"
        "<tr><td>衞生署外展隊將於2026年11月18日到校為已登記同學接種季節性流感疫苗，"
        "請同學當日帶備學生手冊。</td></tr>"
        '<tr><td><a href="javascript:history.back()">返回</a></td></tr></table></td></tr>'
        "<tr><td colspan='2' class='footer'>嘉華工業中學 版權所有 &copy; 2026<br>"
        "瀏覽人次：0384757</td></tr></table></body></html>"
    ).encode("big5hkscs")


def test_a_notice_dated_day_first_is_kept_when_the_crawl_took_it_for_one():
    """Its date line is slashed, day first ("日期：10/11/2026", as Hong Kong prints it), which
    no labelled-date reader knew: no date line by the headline, so the one-sentence notice
    beside a marquee and a menu was "a list of links" and lost. Either order is a date line;
    which day it is, htmldate and the page's order say (10 November)."""
    url = "http://school.example.hk/tc/news_detail.php?id=130"
    doc = process(RawPage(url=url, body=_hong_kong_notice(), kind="article"))
    assert doc.title == "流感疫苗接種日" and str(doc.published) == "2026-11-10"
    assert doc.text == (
        "衞生署外展隊將於2026年11月18日到校為已登記同學接種季節性流感疫苗，請同學當日帶備學生手冊。"
    )
    with pytest.raises(NotADocument):
        process(RawPage(url=url, body=_hong_kong_notice()))


def _uk_school_story() -> bytes:
    """A UK school CMS's story: <title> and <h1> name the school and the section, the story's
    headline an <h2>, its date line "22nd March 2024", three short paragraphs, a sidebar of
    the latest stories as cards with their dates, a footer naming the school."""
    cards = "".join(
        f'<li><a href="/news/?pid=3&amp;nid=1&amp;storyid={n}"><span>{title}</span>'
        f"<span>{day} November 2024</span></a></li>"
        for n, title, day in (
            (229, "Christmas Concert Tickets Now Available", "2nd"),
            (228, "Severn Water Partnership Extended", "28th"),
            (227, "Children in Need Raises £905", "22nd"),
        )
    )
    story = (
        "<p>Congratulations to our Year 13 debating team, who won the Warwickshire Schools "
        "Debating final on Tuesday evening, challenging themselves throughout the day.</p>"
        "<p>Staff have already begun planning a follow-up session in the spring so that "
        "learners can present what they found to their peers.</p>"
        "<p>Students travelled by coach with four members of staff and returned in time for "
        "the end of the school day.</p>"
    )
    return (
        "<html><head><title>Hillside Academy - Latest News</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/news/?pid=3&amp;nid=1">Latest News</a></nav>'
        '<div id="content"><h1>Latest News</h1><div class="newsStory">'
        '<h2 class="storyTitle">Hillside Students Win County Debating Final</h2>'
        f'<p class="date">22nd March 2024</p><div class="storyContent">{story}</div></div></div>'
        f'<div id="sidebar"><h2>Latest News</h2><ul>{cards}</ul>'
        '<a href="/news/?pid=3&amp;nid=1">View all news</a></div>'
        "<footer><h3>Hillside Academy</h3><p>Castle Lane, Kenworth</p></footer></body></html>"
    ).encode()


def test_an_english_story_with_its_date_line_is_kept_when_the_crawl_took_it_for_one():
    """Fetched as an article, with its headline where the entry says and an English date
    line under it ("22nd March 2024"), it is a story whatever the listing model scores: the
    model read the sidebar's cards (a listing at -2.7) and the story was lost after
    `reextract` gave it its headline."""
    rules = ExtractionRules(site_names=("Hillside Academy",), headline="h2.storyTitle")
    url = "http://academy.example/news/?nid=1&pid=3&storyid=149"
    doc = process(RawPage(url=url, body=_uk_school_story(), kind="article"), rules)
    assert doc.title == "Hillside Students Win County Debating Final"
    assert doc.text.startswith("Congratulations") and "22nd March" not in doc.text


def test_an_article_url_with_a_body_is_kept_whatever_the_model_says():
    """Fetched as an article (the profile's URL class) with a body's prose run: kept, though
    the same page with no URL class is a listing to the model."""
    page = _real("dev_0632")
    with pytest.raises(NotADocument):
        process(page)
    doc = process(RawPage(url=page.url, body=page.body, kind="article"))
    assert len(doc.text) > 1200


def test_article_beside_cards_is_kept():
    main = (
        "<h1>Board extends the reading programme to every primary school</h1>"
        f"<article>{_ARTICLE}</article><aside>{_CARDS[:2000]}</aside>"
    )
    doc = process(
        _page("https://school.example/news/2026/03/board-extends-reading-programme", main)
    )
    assert "reading programme" in doc.text


FIXTURE_PAGES = real_pages.fixture_site_cases()


def test_fixture_site_articles_as_files_are_documents():
    """The generated school-CMS sites' articles given as files (no URL, no headers, no URL
    class, as `schoolnews extract FILE`) are documents."""
    articles = [c for c in FIXTURE_PAGES if c.page_type == "article"]
    assert len(articles) > 50
    assert not [c.name for c in articles if real_pages.schoolnews(c)[0] is None]


def test_fixture_site_list_pages_as_files_are_not_documents():
    """The same sites' list pages (news index, pagination, tag, search, calendar, home page)
    given as files are not documents: nothing in a file says it is a list but the page."""
    lists = [c for c in FIXTURE_PAGES if c.page_type != "article"]
    assert len(lists) > 40
    assert not [c.name for c in lists if real_pages.schoolnews(c)[0] is not None]


def test_a_page_s_lines_are_read_against_its_links_once():
    """classify_lines and text_shape ask for the same lines' item links: worked out once a
    page; a list changed in between is read again."""
    page_kind._item_links_of.cache_clear()
    process(_page("https://www.example.edu/news/2024/reading-programme.html", _ARTICLE))
    assert page_kind._item_links_of.cache_info()[:2] == (1, 1)  # (hits, misses)
    titles = {"Story number one about school life", "Story number two about school life"}
    lines = [f"{t} 2024-01-0{i}" for i, t in enumerate(sorted(titles), 1)]
    assert page_kind.text_shape(lines, titles)[0] == 1.0
    lines.append(_TEASER)
    assert page_kind.text_shape(lines, titles)[0] == 2 / 3


def test_a_list_flattened_into_one_line_is_a_list_and_its_row_line_leaves_an_article():
    """Link + date rows that come out as one line (a table cell's list, trafilatura's recall
    pass) are items, not prose; the same line beside an article's body is dropped."""
    titles = ["我校与川航共建中餐烹饪实训基地", "财贸职高与重庆市渝中职教中心签订战略合作协议"]
    rows = "标签：校企合作 " + " ".join(f"{t} 2021-01-0{i}" for i, t in enumerate(titles, 1))
    reason, _ = page_kind.classify_lines([rows], set(titles))
    assert reason and reason.startswith("no prose")
    body = ["学校今天召开了全体教师大会，校长总结了上学期的工作并布置了新学期的任务。" * 30]
    reason, kept = page_kind.classify_lines([*body, rows, rows], set(titles))
    assert reason is None and kept == body
    prose = "我校与川航共建中餐烹饪实训基地，双方将在课程、师资和实习方面深入合作，造福学生。"
    assert page_kind.classify_lines([prose], set(titles))[0] is None


def test_a_button_repeated_under_each_block_counts_as_one_item():
    """Blocks of prose each closed by the same "View Webcam" link, some under a linked title
    (wcxb dev_0341's layout): the repeated button names no page of a list, so the prose
    decides; distinct headline links on as many lines still make a list."""
    prose = (
        "This view of the valley from just east of the village gives a sense of conditions on "
        "the valley floor, with the falls and the meadows in sight on a clear day; in May you "
        "may see the dogwood in bloom below the lower fall."
    )
    credit = "This image is provided courtesy of the park's friends, who keep the camera running."
    titles = [f"Camera {name} and its view" for name in ("one", "two", "three", "four", "five")]
    blocks = [line for title in titles for line in (title, prose, credit, "View Webcam")]
    linked = set(titles[::2])  # three of the five titles link to the camera's page
    reason, _ = page_kind.classify_lines(blocks, {*linked, "View Webcam"})
    assert reason is None
    listing = [line for i in range(12) for line in (f"Story number {i} of the week", prose)]
    stories = {f"Story number {i} of the week" for i in range(12)}
    reason, _ = page_kind.classify_lines(listing, stories)
    assert reason and reason.startswith("a list of links")


def test_linked_section_headings_each_over_a_paragraph_are_a_page_not_a_list():
    """A hub page whose headings link to their subpages, each over a paragraph of its own
    (wcxb dev_0349, osha.gov/electrical; dev_1087): sections, kept. The same links each over
    a teaser of a sentence or two, as a listing prints them, stay a list. Over the shared
    sets, 350 characters of prose a link frees those two pages and no listing or collection."""
    sections = ["Standards", "Construction", "Hazard Recognition", "Possible Solutions"]
    paragraph = (
        "Electricity has long been recognized as a serious workplace hazard, exposing "
        "employees to electric shock, electrocution, fires and explosions. This section "
        "gathers the standards, the interpretations and the guidance that apply, with the "
        "letters that answer employers' questions about them and the directives inspectors "
        "follow when they visit a worksite where electrical work is done by employees."
    )
    page = [line for heading in sections for line in (heading, paragraph)]
    assert page_kind.classify_lines(page, set(sections))[0] is None
    teaser = paragraph[:160]
    listing = [line for heading in sections for line in (heading, teaser)]
    reason, _ = page_kind.classify_lines(listing, set(sections))
    assert reason and reason.startswith("a list of links")
    # One body and a few related links after it: an article, the links dropped.
    related = ["Electrical safety week at the college", "New workshop opens for apprentices"]
    article = [paragraph, paragraph, *related]
    assert page_kind.classify_lines(article, set(related)) == (None, article[:2])


def test_at_a_list_shaped_url_without_article_markup_the_lower_cut_applies(monkeypatch):
    """wcxb dev_4015, a shop's home page (a site's root, no article markup). With the model's
    own cut out of reach, the cut for list-shaped URLs alone rejects it, and says so; given as
    a file (no URL) the same bytes meet only the model's cut and are kept."""
    page = _real("dev_4015")
    monkeypatch.setitem(page_model.model(), "threshold", 1e9)
    monkeypatch.setattr(page_signals, "LIST_URL_MARGIN", 2e9)
    with pytest.raises(NotADocument, match="at a list page's URL"):
        process(page)
    assert process(RawPage(url="", body=page.body)).text


def test_links_below_the_url_are_counted_for_a_section_not_for_an_article_or_a_root():
    """/news linking to twelve /news/<story> pages: 12 links below it; an article's slug
    URL has none below it (the same links are its siblings); a site's root extends nothing."""
    tree = lxml_html.document_fromstring(f"<html><body><main>{_CARDS}</main></body></html>")

    def below(url: str) -> float:
        return page_signals.layout_signals(tree, url, Markup())["child_links"]

    assert below("https://school.example/news") == math.log2(1 + 12)
    assert below("https://school.example/news/") == math.log2(1 + 12)
    assert below("https://school.example/news/board-extends-the-reading-programme") == 0
    assert below("https://school.example/") == 0
    assert below("") == 0


def test_story_cards_are_teasers_that_open_with_a_headline_link_not_paragraphs_with_links():
    """A list's cards each open with a story's headline link and say a dozen words of their
    own; an article's paragraphs with links inline are not story cards, nor is a menu."""
    teaser = "The board met on Tuesday and agreed a new plan for the reading programme this year."
    listing = "".join(
        f'<div class="post"><h3><a href="/news/story-number-{i}">Story number {i} of the '
        f"week</a></h3><p>{teaser}</p></div>"
        for i in range(4)
    )
    article = "".join(
        f'<p class="body">{teaser} Read <a href="/news/other-{i}">the report of the board'
        f"</a> for more.</p>"
        for i in range(4)
    )
    menu = "".join(f'<li class="m"><a href="/s{i}">Section number {i}</a></li>' for i in range(5))

    def groups(body: str) -> tuple[int, int, int, int]:
        return cards.card_groups(lxml_html.document_fromstring(f"<html><body>{body}</body></html>"))

    assert groups(listing)[2] == 4
    assert groups(article)[2] == 0
    assert groups(f"<ul>{menu}</ul>")[2] == 0


def test_a_taxonomy_term_url_is_told_from_a_story_filed_under_it():
    """/collections/headphones or /category/desk/converters is the page of a taxonomy term;
    a story's slug under a tag, a product under /products/ or a guide under /topics/ is not."""
    tree = lxml_html.document_fromstring("<html><body><p>Text</p></body></html>")

    def taxonomy(url: str) -> float:
        # No URL (a file): the URL says nothing, and the feature keeps its default.
        return page_signals.layout_signals(tree, url, Markup()).get("url_taxonomy", 0.0)

    assert taxonomy("https://shop.example/collections/headphones") == 1
    assert taxonomy("https://shop.example/category/desk/converters?page=1") == 1
    assert taxonomy("https://shop.example/c/shoes") == 1
    assert taxonomy("https://school.example/tag/visits/2026-visit-to-the-new-plant") == 0
    assert taxonomy("https://school.example/tag/a/b/c") == 0
    assert taxonomy("https://shop.example/products/wireless-headphones") == 0
    assert taxonomy("https://docs.example/topics/db/models/") == 0
    assert taxonomy("") == 0


def test_the_row_date_prefilter_never_hides_two_dates():
    """_rows looks for dates only where two runs of four digits stand (each date starts with
    a year): on random lines, whenever _ROW_DATE finds MIN_ITEMS dates, the prefilter says so."""
    import random

    from pipelines.processing import page_kind

    assert page_kind.MIN_ITEMS >= 2  # the prefilter asks for two
    rng = random.Random(7)
    pieces = [
        "2024",
        "-",
        "05",
        "年",
        "12",
        "月",
        "3",
        "日",
        " ",
        "(",
        "）",
        "x",
        "标题",
        "20",
        "1",
    ]
    for _ in range(20000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        if len(page_kind._ROW_DATE.findall(line)) >= page_kind.MIN_ITEMS:
            assert page_kind._four_digits_twice(line), line
