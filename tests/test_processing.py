"""The pure extraction function and its parts: decoding, cleaning, metadata, language, hash."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from pipelines.processing import (
    ExtractionRules,
    NotADocument,
    RawPage,
    content_hash,
    detect_language,
    process,
)
from pipelines.processing.decoding import decode_html
from pipelines.processing.text_clean import clean_text

ZH_SIMPLIFIED = (
    "近日，成都市财贸职业高级中学校与重庆市渝中职教中心签订战略合作协议，两校将在专业建设、"
    "教师培训、学生实习就业等方面开展全方位合作，共同推进成渝地区职业教育协同发展。"
)
ZH_TRADITIONAL = (
    "近日，成都市財貿職業高級中學校與重慶市渝中職教中心簽訂戰略合作協議，兩校將在專業建設、"
    "教師培訓、學生實習就業等方面開展全方位合作，共同推進成渝地區職業教育協同發展。"
)
EN = (
    "In order to strengthen communication and cooperation of vocational education between "
    "Shanghai and Zunyi, the principal visited the college and met the party secretary."
)


def page(
    html: str | bytes,
    url: str = "https://school.example/news/2020/1021/c1a2/page.htm",
    content_type: str = "text/html; charset=utf-8",
    **kwargs,
) -> RawPage:
    body = html.encode("utf-8") if isinstance(html, str) else html
    return RawPage(
        url=url,
        body=body,
        headers={"Content-Type": content_type},
        fetched_at=datetime(2024, 1, 1),
        **kwargs,
    )


def article(
    paragraphs: list[str], title: str = "两校签订合作协议", head: str = "", extra: str = ""
) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}_四川教育在線</title>{head}</head><body>"
        f"<div class='nav'><a href='/'>首页</a></div><h1>{title}</h1>{extra}"
        f"<div class='content'>{body}</div><div class='footer'>Copyright 2021</div>"
        "</body></html>"
    )


class TestDecoding:
    def test_gb2312_label_on_gbk_bytes_decodes_with_superset(self):
        text = "镕基瑢玥 职业教育"  # 镕/瑢/玥 are GBK, not GB2312
        body = f"<html><head><meta charset='gb2312'></head><body>{text}</body></html>"
        decoded = decode_html(body.encode("gbk"), "text/html")
        assert text in decoded.text
        assert decoded.declared == "gb2312" and decoded.used == "gb18030"
        assert not decoded.has_replacement_chars

    def test_header_that_lies_loses_to_meta(self):
        body = "<html><head><meta charset='gbk'></head><body>职业教育合作</body></html>"
        decoded = decode_html(body.encode("gbk"), "text/html; charset=utf-8")
        assert "职业教育合作" in decoded.text
        assert decoded.declared == "utf-8"

    def test_a_servers_default_latin_1_label_does_not_garble_gbk(self):
        """Tomcat and Java servlets label every page ISO-8859-1; GB bytes decode under it
        without an error, as mojibake (the cdcmzz page became Vietnamese)."""
        text = "财贸职高与重庆市渝中职教中心签订战略合作协议，共同培养技术技能人才。" * 2
        body = f"<html><head><meta charset='gbk'></head><body><p>{text}</p></body></html>"
        decoded = decode_html(body.encode("gbk"), "text/html;charset=ISO-8859-1")
        assert text in decoded.text and decoded.used == "gb18030"
        assert decoded.declared == "iso-8859-1"

    def test_a_latin_1_label_reads_as_windows_1252(self):
        """As browsers do (WHATWG): a curly quote in a page labelled Latin-1."""
        body = "<html><body><p>It\u2019s the school\u2019s day.</p></body></html>"
        decoded = decode_html(body.encode("cp1252"), "text/html; charset=iso-8859-1")
        assert "It\u2019s the school\u2019s day." in decoded.text

    def test_utf8_labelled_gbk_stays_utf8(self):
        decoded = decode_html("<meta charset=gbk>职业教育".encode(), "text/html")
        assert "职业教育" in decoded.text and decoded.used == "utf-8"

    def test_undeclared_gbk_is_not_taken_for_cyrillic(self):
        text = "学校与企业签订合作协议，共同培养技术技能人才。" * 8
        body = f"<html><body><p>{text}</p></body></html>".encode("gbk") + b"\xc7"  # stray byte
        decoded = decode_html(body, "text/html")
        assert decoded.used == "gb18030" and text in decoded.text
        assert decoded.has_replacement_chars

    def test_bom_and_big5(self):
        assert decode_html("學校".encode("utf-8-sig")).text == "學校"
        big5 = "<meta charset='big5'>學校新聞報導".encode("big5")
        assert "學校新聞報導" in decode_html(big5).text

    def test_big5_with_windows_pairs_is_not_taken_for_cyrillic(self):
        """A Hong Kong page labelled big5: HKSCS characters (峯, 邨, 𡃁) and Windows' cp950 €
        (A3E1), as browsers read it; big5hkscs failed on the €, and the guessers decoded the
        whole page as Cyrillic."""
        text = "本校同學陳志峯到長康邨探訪何𡃁仔，團費每人約€1,200，學校會提供資助。"
        head = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=big5'>"
        html = f"{head}</head><body><p>{text * 3}</p></body></html>"
        body = b"".join(ch.encode("cp950" if ch == "€" else "big5hkscs") for ch in html)
        decoded = decode_html(body + b"\x81\x40", "text/html")  # and a stray bad pair
        assert text * 3 in decoded.text and decoded.used == "big5hkscs"
        assert decoded.has_replacement_chars  # the stray pair, one character

    def test_undecodable_bytes_are_flagged(self):
        decoded = decode_html(b"<meta charset='utf-16'>\xff\xfe\x00", None)
        assert decoded.used


class TestCleaning:
    def test_random_watermark_tokens_are_stripped(self):
        lines = [
            ZH_TRADITIONAL + "fW8四川教育在線",
            "第二段內容很長很長很長。Qa四川教育在線",
            "IMG_7931.JPGxZ3四川教育在線",
            "第三段內容。K9p四川教育在線",
        ]
        text = clean_text("\n".join(lines), ExtractionRules())  # no site name given: learned
        assert "四川教育在線" not in text and "IMG_7931" not in text
        assert text.splitlines()[1] == "第二段內容很長很長很長。"

    def test_site_name_watermark_with_known_name(self):
        rules = ExtractionRules(site_names=("学校网",))
        text = clean_text("正文一段。ab12学校网\n正文二段。", rules)
        assert text == "正文一段。\n正文二段。"

    def test_sentences_ending_alike_are_kept(self):
        lines = ["学校推进职业教育发展。", "企业支持职业教育发展。", "政府保障职业教育发展。"]
        assert clean_text("\n".join(lines), ExtractionRules()).splitlines() == lines

    @pytest.mark.parametrize(
        "noise",
        [
            "Current Page:homepage  News",
            "当前位置：首页 > 学校新闻",
            "您现在的位置：首页 > 新闻中心",
            "返回原图",
            "/",
            "[打印本页] [关闭窗口]",
            "Views: 123",
            "浏览次数：88",
            "Editor丨Ma Yingkai Editor丨Yan Xinyou.",
            "责任编辑:管理员",
            # as portals close a text: in brackets, the source with its label
            "【编辑:刘欢】",
            "（责任编辑：王晓_NBJ11279）",
            "文章来源：千龙网",
            "*Please indicate that it is from the official WeChat of Huakaizhouqu.",
            "Click on the likes and let's go!",
            "IMG_8049.JPG",
            "來源:四川省成都市財貿職業高級中學校 作者:通訊員 謝貞 瀏覽量: 發布時間:2020-10-21",
            # buttons alone on their line (zh_cwced, wcxb)
            "- 评论",
            "- 关注",
            "返目录",
            "Comments",
            "Comments (12)",
        ],
    )
    def test_noise_lines(self, noise):
        assert clean_text(f"{EN}\n{noise}\n{EN}", ExtractionRules()) == f"{EN}\n{EN}"

    def test_a_line_that_goes_on_after_a_buttons_word_is_text(self):
        for line in ("评论员文章：职业教育要面向市场", "Comments are closed on this story."):
            assert clean_text(f"{EN}\n{line}", ExtractionRules()) == f"{EN}\n{line}"

    def test_review_of_previous_issues_ends_the_article(self):
        text = clean_text(
            f"{EN}\nA wonderful review of previous issues\nOld title one\nOld two",
            ExtractionRules(),
        )
        assert text == EN


class TestProcess:
    def test_hidden_jammers_are_dropped(self):
        html = article(
            [
                ZH_SIMPLIFIED.replace("，", "<span style='display:none'>xK2</span>，", 1),
                ZH_SIMPLIFIED.replace("。", "<font class='jam'>Qz</font>。"),
            ],
            head="<style>.jam { display: none }</style>",
        )
        doc = process(page(html))
        assert "xK2" not in doc.text and "Qz" not in doc.text

    def test_title_without_site_name(self):
        doc = process(page(article([ZH_SIMPLIFIED, ZH_SIMPLIFIED[:40]])))
        assert doc.title == "两校签订合作协议"

    def test_title_suffix_by_rules_without_heading(self):
        html = (
            f"<html><head><title>Visit of Zunyi delegation - Newsflash</title></head><body>"
            f"<div><p>{EN}</p><p>{EN} Again.</p></div></body></html>"
        )
        doc = process(page(html), ExtractionRules(site_names=("Newsflash",)))
        assert doc.title == "Visit of Zunyi delegation"

    def test_labelled_date_wins_over_url_and_crawl_date(self):
        html = article(
            [ZH_SIMPLIFIED, ZH_SIMPLIFIED[:30]], extra="<div>发布时间：2020-10-21 10:20</div>"
        )
        assert process(page(html)).published == date(2020, 10, 21)

    def test_the_label_under_the_headline_wins_over_a_sidebar_after_the_breadcrumb(self):
        """The breadcrumb repeats the headline above a sidebar of other stories' dates."""
        html = (
            "<html><head><title>两校签订合作协议_四川教育在線</title></head><body>"
            "<div>当前位置：首页 &gt; 学校新闻 &gt; 两校签订合作协议</div>"
            "<div><h3>热点新闻</h3><ul><li><a href='/a/4.htm'>我校学子喜获佳绩</a> 2022-07-08"
            "</li></ul></div><h1>两校签订合作协议</h1><div>作者：办公室 发布时间：2020-10-21</div>"
            f"<div class='content'><p>{ZH_SIMPLIFIED}</p><p>{ZH_SIMPLIFIED[:40]}</p></div>"
            "</body></html>"
        )
        assert process(page(html, url="http://x.cn/show.php?id=3")).published == date(2020, 10, 21)

    def test_the_servers_clock_after_a_sidebar_listing_the_headline_is_no_date(self):
        """Discuz!: the date line under the headline, a sidebar of the newest that lists the
        page's own headline, then the footer's clock (GMT+8, the day of the fetch): read
        from the last place first, the clock was the story's date."""
        html = (
            "<html><head><title>两校签订合作协议 - 门户</title></head><body>"
            "<h1>两校签订合作协议</h1><p>2024-5-20 10:31 | 发布者: admin | 查看: 803</p>"
            f"<div class='content'><p>{ZH_SIMPLIFIED}</p><p>{ZH_SIMPLIFIED[:40]}</p></div>"
            "<div><h3>热门文章</h3><ul><li><a href='/a/4.htm'>两校签订合作协议</a></li>"
            "<li><a href='/a/5.htm'>我校学子喜获佳绩</a></li></ul></div>"
            "<p>GMT+8, 2026-12-7 08:21, Processed in 0.048004 second(s), 14 queries.</p>"
            "</body></html>"
        )
        raw = page(html, url="http://x.cn/article-3-1.html")
        raw = dataclasses.replace(raw, fetched_at=datetime(2026, 12, 7, 0, 21, tzinfo=UTC))
        assert process(raw).published == date(2024, 5, 20)

    def test_a_date_in_the_first_sentence_is_the_events_not_the_pages(self):
        html = article([f"2019年9月16日，{ZH_SIMPLIFIED}", ZH_SIMPLIFIED[:40]], extra="").replace(
            "</body>", "<div>发布时间：2020-10-21</div></body>"
        )
        assert process(page(html, url="http://x.cn/show.php?id=3")).published == date(2020, 10, 21)

    @pytest.mark.parametrize(
        ("printed", "expected"),
        [
            ("發布日期：112-05-20　發布單位：教務處　點閱次數：123", date(2023, 5, 20)),
            ("公告日期：111/12/15", date(2022, 12, 15)),
            ("中華民國112年4月8日", date(2023, 4, 8)),
            ("民國99年3月21日", date(2010, 3, 21)),
            ("日期：112.01.05", date(2023, 1, 5)),
        ],
    )
    def test_a_taiwanese_page_dates_itself_in_the_republic_of_china_calendar(
        self, printed, expected
    ):
        """Schools and ministries in Taiwan print 民國 years: 112 is 2023. Read as it was,
        the page had no date at all (and a guess from elsewhere could win)."""
        html = article([ZH_TRADITIONAL, ZH_TRADITIONAL[:40]], extra=f"<div>{printed}</div>")
        doc = process(page(html, url="http://school.example.tw/news/view.php?id=3"))
        assert doc.published == expected
        assert printed not in doc.text

    @pytest.mark.parametrize(
        ("printed", "expected"),
        [
            ("发布日期：二〇二三年五月二十日", date(2023, 5, 20)),
            ("二〇二三年十二月三十一日", date(2023, 12, 31)),
            ("發布日期：二○二二年十月十日", date(2022, 10, 10)),
            ("发布时间：二零二三年廿一日", None),  # no month: no day
            ("二〇二三年二月三十日", None),  # no such day
            ("二〇二四年五月二十日", None),  # after the page was fetched (2024-01-01)
        ],
    )
    def test_a_date_in_chinese_numerals_is_read_as_its_arabic_twin(self, printed, expected):
        """Official notices write the day in Chinese numerals (二〇二三年五月二十日); by the
        headline or after a label it is the page's date, as 2023年5月20日 is."""
        html = article([ZH_SIMPLIFIED, ZH_SIMPLIFIED[:40]], extra=f"<div>{printed}</div>")
        doc = process(page(html, url="http://x.cn/show.php?id=3"))
        assert doc.published == expected

    @pytest.mark.parametrize(
        ("signature", "expected"),
        [
            ("二〇二三年五月二十日", date(2023, 5, 20)),
            ("2023年5月20日", date(2023, 5, 20)),
            ("请于二〇二三年五月二十日前报送材料。", None),  # a deadline in a sentence
        ],
    )
    def test_a_notice_without_a_printed_date_is_dated_by_its_signature(self, signature, expected):
        """A notice ends with its issuer and the day it was signed; with no date by the
        headline (the text is longer than the few lines read there), no label, no markup or
        URL date, that day is the notice's."""
        html = article(
            [
                *(f"{n}、{ZH_SIMPLIFIED}" for n in "一二三四五"),
                "成都市财贸职业高级中学校教务处",
                signature,
            ],
            title="关于开展2023年实习工作的通知",
        )
        doc = process(page(html, url="http://x.cn/show.php?id=3"))
        assert doc.published == expected
        assert signature in doc.text  # the signature stays: it is the notice's own text

    @pytest.mark.parametrize(
        "event", ["活动时间：2023年6月15日", "报名截止日期：2023-06-10", "實習時間：2023年7月1日"]
    )
    def test_the_day_of_an_event_in_the_text_is_not_the_pages_date(self, event):
        """时间 and 日期 with a word before them (活动时间, 截止日期) name a day the text speaks
        of, not the page's: the notice, signed 二〇二三年六月二日, is dated by its signature."""
        paragraphs = [
            f"{event}，地点：学校图书馆报告厅，请各单位于规定日期前确认参会人员。",
            ZH_SIMPLIFIED,
            "校企合作办公室",
            "二〇二三年六月二日",
        ]
        doc = process(page(article(paragraphs), url="http://x.cn/show.php?id=3"))
        assert doc.published == date(2023, 6, 2)

    @pytest.mark.parametrize("label", ["录入时间", "添加時間", "更新日期", "时间"])
    def test_a_cms_date_label_is_read_far_from_the_headline(self, label):
        """The old CMSes' own labels (录入时间: PowerEasy) are read anywhere on the page, as
        发布时间 is, before a date in the URL; a bare 时间 too, with nothing running into it."""
        html = article([f"{n}、{ZH_SIMPLIFIED}" for n in "一二三四五"]).replace(
            "</body>", f"<div>作者：张明 {label}：2020-10-21</div></body>"
        )
        doc = process(page(html, url="http://x.cn/news/2019/0305/12.html"))
        assert doc.published == date(2020, 10, 21)  # the label wins over the URL's date

    @pytest.mark.parametrize(
        ("printed", "expected"),
        [
            ("发布日期： 9/17/2004 5:54:13 AM", date(2004, 9, 17)),
            ("Posted: 5/6/2023 10:00 PM", date(2023, 5, 6)),
        ],
    )
    def test_a_us_locale_servers_labelled_date_is_month_first(self, printed, expected):
        """Classic ASP and .NET in the US locale print month/day/year and a 12-hour time,
        on Chinese sites too (a zh_cwced page): the AM or PM says the order."""
        html = article([ZH_SIMPLIFIED, ZH_SIMPLIFIED[:40]], extra=f"<div>{printed}</div>")
        doc = process(page(html, url="http://x.cn/details.asp?detailsid=675"))
        assert doc.published == expected

    @pytest.mark.parametrize(
        ("printed", "expected"),
        [
            ("Article Date 10/29/2023", date(2023, 10, 29)),
            ("Date: 29/10/2023", date(2023, 10, 29)),
            ("Posted 4/24/2023", date(2023, 4, 24)),
        ],
    )
    def test_a_labelled_date_whose_numbers_say_the_order_is_read(self, printed, expected):
        """A SharePoint page layout prints its article date as month/day/year with no time
        ("Article Date 10/29/2026"); a number over 12 is the day. Before, no reader read it,
        and the story took the day the page was served, from the server's clock every
        SharePoint page gives its scripts (clientServerTimeDelta)."""
        clock = 'clientServerTimeDelta: new Date("2023-12-31T11:00:00.0000000Z") - new Date()'
        served = f"<script>var _spPageContextInfo = {{{clock}}};</script>"
        html = article([EN, EN[:60]], title="Open day", extra=f"<div>{printed}</div>{served}")
        doc = process(page(html, url="http://x.ac.uk/news/Pages/Open-day.aspx"))
        assert doc.published == expected

    @pytest.mark.parametrize(
        "printed", ["95/03/21", "Version v112.05.20", "10.112.05.20", "第113-12-31號"]
    )
    def test_numbers_that_only_look_like_a_republic_of_china_date_are_no_date(self, printed):
        """A bare two-digit year names no calendar; a three-digit one inside a code or
        version, or after the page was fetched (2024), is no date."""
        html = article([ZH_TRADITIONAL, ZH_TRADITIONAL[:40]], extra=f"<div>{printed}</div>")
        doc = process(page(html, url="http://school.example.tw/news/view.php?id=3"))
        assert doc.published is None

    def test_url_date_when_page_has_none(self):
        html = article([ZH_SIMPLIFIED, ZH_SIMPLIFIED[:30]])
        doc = process(page(html, url="http://777306.cn/gaoxiao/news/20190305/12.html"))
        assert doc.published == date(2019, 3, 5)

    def test_no_date_is_null(self):
        # The footer's "Copyright 2021" is a year, not a day: htmldate's 2021-01-01 is no date.
        doc = process(page(article([ZH_SIMPLIFIED]), url="http://x.cn/news/show.php?id=3"))
        assert doc.published is None

    @pytest.mark.parametrize(
        ("generator", "footer"),
        [
            ("MetInfo 5.3.19", "技术支持：<a href='http://www.metinfo.cn'>MetInfo 5.3.19</a>"),
            ("MetInfo", "Powered by <b>MetInfo 5.3.19</b> &copy;2008-2024"),
            ("", "Powered by Joomla! 3.10.12"),
            ("Joomla! - Open Source Content Management", "Joomla! 3.10.12"),
            ("", "Theme v1.3.22"),
            ("", "Version 2.10.24"),
            ("Discuz! X3.4", "Powered by Discuz! X3.4"),
            ("", "技术支持：PHPCMS V9.6.3"),
            ("WordPress 6.5.2", "Proudly powered by WordPress 6.5.2"),
            ("DedeCMS V5.7.118", "Power by DedeCms V5.7.118"),
        ],
    )
    def test_a_software_version_is_no_date(self, generator, footer):
        """htmldate read "MetInfo 5.3.19" in a footer as 5 March 2019: every undated page of
        a MetInfo site had that date. A version the page names is no date; a date its markup
        gives is still read beside one."""
        head = f'<meta name="generator" content="{generator}">' if generator else ""
        html = (
            f"<html><head><title>学校简介</title>{head}</head><body><h1>学校简介</h1>"
            f"<div class='content'><p>{ZH_SIMPLIFIED}</p></div>"
            f"<footer><p class='powered_by_info'>{footer}</p></footer></body></html>"
        )
        url = "http://x.cn/about/show.php?id=19"
        assert process(page(html, url=url)).published is None
        dated = html.replace("</head>", '<meta name="pubdate" content="2023-06-15"></head>')
        assert process(page(dated, url=url)).published == date(2023, 6, 15)

    @pytest.mark.parametrize(
        ("lang", "created", "expected"),
        [
            ("en-US", "10/5/2023", date(2023, 10, 5)),
            ("en-GB", "29/10/2023", date(2023, 10, 29)),
            ("en-GB", "10/29/2023", date(2023, 10, 29)),
        ],
    )
    def test_a_sharepoint_list_items_created_line_is_its_day(self, lang, created, expected):
        """SharePoint prints a list item's day under its form, "Created at 10/5/2026 1:32 PM
        by …", in the site's locale: no date label a reader knew, so an announcement got
        none of its own. The Created line is its day (a later "Last modified" an edit), read in
        the page's order (en-US, or a date that reads one way only)."""
        html = (
            f'<html lang="{lang}"><head><title>Announcements - Open evening</title></head>'
            "<body><h1>Announcements</h1><table class='ms-formtable'>"
            "<tr><td class='ms-formlabel'>Title</td><td class='ms-formbody'>Open evening</td></tr>"
            f"<tr><td class='ms-formlabel'>Body</td><td class='ms-formbody'><p>{EN}</p></td></tr>"
            f"</table><p>Created at {created} 1:32 PM by Helen Clarke<br>"
            "Last modified at 11/12/2023 9:00 AM by Helen Clarke</p></body></html>"
        )
        url = "https://x.ac.uk/Lists/Announcements/DispForm.aspx?ID=3"
        assert process(page(html, url=url)).published == expected

    def test_a_scripts_clock_is_no_date(self):
        """SharePoint writes the server's clock into every page's script
        (`clientServerTimeDelta: new Date("2023-12-07T11:00:00.0000000Z") - new Date()`), and
        htmldate's timestamp pattern read it over the page's markup: every undated page of a
        SharePoint site had the day it was fetched. A script's clock is never a publication
        date; a date the page's JSON-LD gives (a script too) is still read."""
        clock = 'var _ctx = {clientServerTimeDelta: new Date("2023-12-07T11:00:00.0000000Z")};'
        html = (
            f"<html><head><title>About us</title><script>{clock}</script></head><body>"
            f"<h1>About us</h1><div class='content'><p>{EN}</p></div></body></html>"
        )
        url = "https://x.ac.uk/SitePages/About.aspx"
        assert process(page(html, url=url)).published is None
        ld = '{"@type": "WebPage", "datePublished": "2023-06-15"}'
        dated = html.replace("</head>", f'<script type="application/ld+json">{ld}</script></head>')
        assert process(page(dated, url=url)).published == date(2023, 6, 15)

    @pytest.mark.parametrize(
        ("printed", "expected"),
        [
            ("Start date: 2023/09/04", date(2023, 6, 15)),
            ("Closing date: 2023-06-30", date(2023, 6, 15)),
            ("Event time: 2023-06-20 10:00", date(2023, 6, 15)),
            ("Publication date: 2023-06-14", date(2023, 6, 14)),
            ("Date: 2023-06-14", date(2023, 6, 14)),
        ],
    )
    def test_an_english_event_or_deadline_day_is_not_the_pages_date(self, printed, expected):
        """ "Start date", "Closing date", "Event time": a day the text speaks of, which had
        won over the page's own date in its markup; a publication's labels still win."""
        head = '<meta property="article:published_time" content="2023-06-15T09:00:00Z">'
        paragraphs = [EN, f"{EN} Again.", EN.replace("Zunyi", "Guiyang"), printed]
        html = article(paragraphs, title="Visit of Zunyi delegation", head=head)
        doc = process(page(html, url="https://school.example/news/show.php?id=3"))
        assert doc.published == expected

    def test_a_date_printed_below_the_article_alone_is_found(self):
        html = (
            "<html><head><title>Visit of Zunyi delegation</title></head><body>"
            f"<h1>Visit of Zunyi delegation</h1><div><p>{EN}</p><p>{EN} Again.</p></div>"
            "<span>2023/12/03</span><div class='footer'>Copyright 2021</div></body></html>"
        )
        doc = process(page(html, url="https://school.example/news/show.php?id=3"))
        assert doc.published == date(2023, 12, 3)

    def test_author_and_source_without_role_words(self):
        html = article(
            [ZH_SIMPLIFIED],
            extra="<p>作者：通讯员 谢贞 来源：成都财贸职高 发布时间：2020-10-21</p>",
        )
        doc = process(page(html))
        assert (doc.author, doc.source) == ("谢贞", "成都财贸职高")

    @pytest.mark.parametrize("account", ["admin", "Administrator", "管理员", "网站管理员", "佚名"])
    def test_a_cms_account_or_anonymous_is_no_author(self, account):
        """DedeCMS and its kin print the account that posted ("作者:admin") or 佚名 when
        nobody signed: no one's name, so no author (the source stays)."""
        html = article(
            [ZH_SIMPLIFIED], extra=f"<p>时间:2020-10-21 来源:本站 作者:{account} 点击:</p>"
        )
        doc = process(page(html))
        assert (doc.author, doc.published) == (None, date(2020, 10, 21))

    def test_joomlas_default_account_is_no_author(self):
        """Joomla prints the account that posted ("Written by Super User"), as DedeCMS does."""
        prose = "<p>The college signed an agreement with a partner company on training. </p>" * 6
        html = (
            "<html><head><title>College signs MoU</title></head><body><div class='item-page'>"
            "<h2 itemprop='headline'>College signs MoU</h2><dl class='article-info'>"
            "<dd class='createdby'>Written by Super User</dd><dd class='published'>"
            "<time datetime='2024-05-20T09:00:00+05:30'>Published: 20 May 2024</time></dd></dl>"
            f"{prose}</div></body></html>"
        ).encode()
        doc = process(page(html))
        assert doc.author is None

    def test_not_html_is_not_a_document(self):
        with pytest.raises(NotADocument):
            process(page(b"%PDF-1.4", content_type="application/pdf"))

    def test_empty_page_is_not_a_document(self):
        with pytest.raises(NotADocument):
            process(page("<html><body><div></div></body></html>"))

    def test_deterministic(self):
        html = article([ZH_TRADITIONAL, ZH_SIMPLIFIED])
        assert process(page(html)) == process(page(html))


class TestLanguage:
    def test_traditional_is_zh_tw_not_korean(self):
        assert detect_language(ZH_TRADITIONAL) == ("zh-tw", "Hant")

    def test_simplified(self):
        assert detect_language(ZH_SIMPLIFIED) == ("zh-cn", "Hans")

    def test_english(self):
        assert detect_language(EN) == ("en", "Latn")

    def test_too_short_is_und(self):
        assert detect_language("OK")[0] == "und"
        assert detect_language("学校")[0] == "und"

    def test_short_chinese_notice_counts_characters(self):
        assert detect_language("关于举办校企合作洽谈会的通知")[0] == "zh-cn"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            # a Russian page was "und" in Latin script: it has few Latin letters
            (
                "Министерство образования объявило о новой программе сотрудничества "
                "между колледжами и предприятиями региона (IT, Siemens).",
                ("ru", "Cyrl"),
            ),
            (
                "Το υπουργείο παιδείας ανακοίνωσε νέο πρόγραμμα συνεργασίας μεταξύ "
                "σχολών και επιχειρήσεων της περιοχής.",
                ("el", "Grek"),
            ),
            # an English text naming a Russian school stays English
            (EN + " It is known as Школа № 1 in Moscow.", ("en", "Latn")),
        ],
    )
    def test_another_alphabet_is_identified_and_named(self, text, expected):
        assert detect_language(text) == expected


class TestHash:
    def test_traditional_and_simplified_hash_alike(self):
        assert content_hash(ZH_TRADITIONAL) == content_hash(ZH_SIMPLIFIED)

    def test_whitespace_case_and_width_fold(self):
        assert content_hash("Hello  World\n") == content_hash("ｈｅｌｌｏ world")

    def test_different_texts_differ(self):
        assert content_hash(EN) != content_hash(EN + " More.")


class TestBoilerplate:
    def test_lines_repeated_across_a_site_are_learned_and_dropped(self):
        from pipelines.processing.boilerplate import learn_boilerplate

        footer = "欢迎关注学校微信公众号，获取更多校园资讯"
        texts = [f"第{i}篇新闻正文，介绍学校与企业的合作情况。\n{footer}" for i in range(10)]
        learned = learn_boilerplate(texts)
        assert learned == {footer}
        rules = ExtractionRules(boilerplate=learned)
        assert clean_text(texts[0], rules) == "第0篇新闻正文，介绍学校与企业的合作情况。"
        assert rules.version != ExtractionRules().version  # recorded with each document

    def test_a_notices_form_is_never_learned(self):
        """Where notices were a third of a school's stories, whom each addresses and its
        close repeated as a template does, and every notice lost both."""
        from pipelines.processing.boilerplate import learn_boilerplate

        footer = "欢迎关注学校微信公众号，获取更多校园资讯"
        form = ["各处室、各专业部、各班级：", "特此通知。"]
        texts = [f"{form[0]}\n第{i}期培训报名事项如下。\n{form[1]}\n{footer}" for i in range(10)]
        assert learn_boilerplate(texts) == {footer}

    def test_a_notices_signature_is_no_watermark(self):
        """The school's name alone over the date a notice was issued signs it; elsewhere
        the name alone on its line is the site's, and leaves the text."""
        body = "为做好技能培训报名相关工作，现将有关事项通知如下，请各部门按时报送名单。"
        rules = ExtractionRules(site_names=("宁海县第一职业中学",))
        signed = f"{body}\n宁海县第一职业中学\n2026年11月8日"
        assert clean_text(signed, rules) == signed
        assert clean_text(f"宁海县第一职业中学\n{body}", rules) == body

    def test_too_few_pages_learn_nothing_and_known_lines_stay(self):
        from pipelines.processing.boilerplate import learn_boilerplate

        assert learn_boilerplate(["a\nb"] * 3) == frozenset()
        assert learn_boilerplate(["x"] * 10, known=frozenset({"old"})) == {"old", "x"}


def _gram_hash(gram: str) -> int:
    """similarity's shingle hash of one gram, in Python integers: the polynomial of its code
    points in 0x9E3779B97F4A7C15 mod 2**64, MurmurHash3's fmix64, the high 32 bits."""
    mask = 2**64 - 1
    value = 0
    for char in gram:
        value = (value * 0x9E3779B97F4A7C15 + ord(char)) & mask
    value ^= value >> 33
    value = (value * 0xFF51AFD7ED558CCD) & mask
    value ^= value >> 33
    value = (value * 0xC4CEB9FE1A85EC53) & mask
    value ^= value >> 33
    return value >> 32


class TestSimilarity:
    def test_shingle_hashes_are_the_polynomial_and_fmix64_of_each_gram(self):
        # The hash written out one gram at a time in plain Python integers, the definition
        # stored signatures depend on (migration 0014): shingles() must be this, vectorised.
        from pipelines.processing import similarity

        texts = (ZH_SIMPLIFIED, EN, "短文", "", "  !! ", "a😀b" * 5, "x" * 9, "x" * 10)
        for text in texts:
            expected = sorted({_gram_hash(g) for g in similarity._grams(text)})
            assert similarity.shingles(text).tolist() == expected, text
        assert similarity.shingles(EN).dtype == "uint32" and similarity.shingles(EN).size > 100

    def test_band_keys_are_those_of_datasketch_minhash_over_the_grams(self):
        # Stored band keys are those of datasketch's MinHash (affine32) updated with the
        # shingle strings under this hash: the index is the library's, fed our hash.
        import hashlib

        from datasketch import MinHash

        from pipelines.processing import similarity

        for text in (ZH_SIMPLIFIED, EN):
            minhash = MinHash(
                num_perm=similarity.NUM_PERM,
                seed=similarity.SEED,
                scheme="affine32",
                hashfunc=_gram_hash,
            )
            minhash.update_batch(similarity._grams(text))
            values = minhash.hashvalues
            expected = [
                int.from_bytes(
                    hashlib.blake2b(
                        band.to_bytes(2, "big")
                        + values[band * similarity.ROWS : (band + 1) * similarity.ROWS].tobytes(),
                        digest_size=8,
                    ).digest(),
                    "big",
                    signed=True,
                )
                for band in range(similarity.BANDS)
            ]
            made = similarity.sketch(text)
            assert made.signature.tolist() == values.tolist()
            assert made.bands == similarity.band_keys(made.signature) == expected

    def test_signature_is_datasketchs_affine32_minhash_of_the_hashes(self):
        # similarity.signature computes datasketch's values without importing it (scipy and
        # redis come with its package): none, one, one block and more (its buffer reused).
        import numpy as np
        from datasketch import MinHash

        from pipelines.processing import similarity

        draw = np.random.default_rng(3)
        for count in (0, 1, similarity._BLOCK, 3 * similarity._BLOCK + 5):
            hashes = np.unique(draw.integers(0, 2**32, count, dtype=np.uint64).astype(np.uint32))
            minhash = MinHash(
                num_perm=similarity.NUM_PERM, seed=similarity.SEED, scheme="affine32", hashfunc=int
            )
            minhash.update_batch(hashes.tolist())
            assert similarity.signature(hashes).tolist() == minhash.hashvalues.tolist()

    def test_no_process_imports_datasketch_or_scipy(self):
        import subprocess
        import sys

        code = (
            "import sys, pipelines.extraction_pool, pipelines.storage, crawler.cli; "
            "print(sorted(m for m in ('datasketch', 'scipy') if m in sys.modules))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == "[]"

    def test_a_traditional_repost_and_a_cut_copy_are_one_story_a_new_article_is_not(self):
        from opencc import OpenCC

        from pipelines.processing.similarity import overlap, same_story, shingles

        paragraphs = [
            ZH_SIMPLIFIED,
            "签约仪式上，双方就共建实训基地、订单培养和教师互派等事项进行了深入交流，"
            "并为“校企合作实践教学基地”揭牌。",
            "下一步，两校将建立定期会商机制，每学期召开一次联席会议，推动合作项目落地见效。",
        ]
        original = shingles("\n".join(paragraphs))
        repost = shingles(OpenCC("s2t").convert("\n".join(paragraphs)))
        assert same_story(original, repost) == 1.0
        cut = shingles("\n".join(paragraphs[:2]))  # the last paragraph removed
        jaccard, containment, length_ratio = overlap(cut, original)
        assert jaccard < 0.85 and containment == 1.0 and length_ratio > 0.5
        assert same_story(cut, original) == 1.0
        other = shingles(
            "学校举行第十届技能大赛，来自十二个专业的三百名学生参加了比赛。" + paragraphs[2]
        )
        assert same_story(original, other) == 0.0
        assert overlap(shingles(""), original) == (0.0, 0.0, 0.0)

    def test_the_sketch_screen_keeps_a_cut_copy_and_drops_a_different_article(self):
        from pipelines.processing.similarity import (
            overlap,
            required_jaccard,
            shingles,
            signature,
            worth_verifying,
        )

        sentences = [
            f"The college and enterprise {i} signed agreement number {i * 7} on "
            f"training base {i * 13} in district {i % 9}."
            for i in range(30)
        ]
        original, cut = shingles(" ".join(sentences)), shingles(" ".join(sentences[:20]))
        other = shingles(
            " ".join(
                f"Students from class {i} won {i * 3} medals at the "
                f"provincial skills contest held in hall {i % 5}."
                for i in range(30)
            )
        )
        jaccard, _, _ = overlap(cut, original)
        assert jaccard < 0.85 and required_jaccard(len(cut), len(original)) < jaccard

        def sketch(s):
            return signature(s), len(s)

        assert worth_verifying(sketch(cut), sketch(original))
        assert overlap(other, original)[0] < 0.5
        assert not worth_verifying(sketch(other), sketch(original))


AUTHOR_PAGES = {
    "meta": '<meta name="author" content="Jane Doe">',
    "one-word meta (dropped, as trafilatura does)": '<meta name="author" content="admin">',
    "JSON-LD": '<script type="application/ld+json">{"@context": "https://schema.org", '
    '"@type": "NewsArticle", "headline": "Visit", "author": {"@type": "Person", '
    '"name": "Li Ming"}}</script>',
    "byline in the page": "",
}


# One element for each test of trafilatura's AUTHOR_XPATHS (the names in "By …" bylines).
AUTHOR_MARKUP = (
    '<a rel="author">Jane Doe</a>',
    '<span id="author">Jane Doe</span>',
    '<p class="author-name">Jane Doe</p>',
    '<span itemprop="author name">Jane Doe</span>',
    '<div data-testid="AuthorCard">Jane Doe</div>',
    '<span class="AuthorName">Jane Doe</span>',
    "<author>Jane Doe</author>",
    '<p class="byline">Jane Doe</p>',
    '<span class="username">Jane Doe</span>',
    '<span class="BBL">Jane Doe</span>',
    '<h4 class="channel-name">Jane Doe</h4>',
    '<span id="zuozhe">Jane Doe</span>',
    '<span class="xiaobian">Jane Doe</span>',
    '<p class="posted-by">Jane Doe</p>',
    '<div data-component="Byline">Jane Doe</div>',
    '<div id="PostAuthor">Jane Doe</div>',
    '<b class="screenname">Jane Doe</b>',
    '<b class="staff-writer">Jane Doe</b>',
    '<b class="Byline">Jane Doe</b>',
)


@pytest.mark.parametrize("markup", AUTHOR_MARKUP)
def test_the_author_prefilter_passes_every_page_trafilatura_finds_an_author_on(markup):
    """metadata.may_name_author lets extract_author off on pages it could find nothing on:
    it must pass every page it finds an author on, by each of its routes."""
    from trafilatura.metadata import extract_author

    from pipelines.processing import html_clean, metadata
    from pipelines.processing.page_metadata import PageMetadata

    html = f"<html><body><article><h1>Visit</h1>{markup}<p>{EN}</p></article></body></html>"
    assert extract_author(html_clean.parse(html)) == "Jane Doe"
    assert metadata.may_name_author(html_clean.parse(html))
    assert (
        PageMetadata(html_clean.parse(html), "https://s.example/a", None).get("author")
        == "Jane Doe"
    )


def test_a_page_without_author_markup_is_not_searched_and_has_none():
    from trafilatura.metadata import extract_author

    from pipelines.processing import html_clean, metadata
    from pipelines.processing.page_metadata import PageMetadata

    html = f'<html><body><div class="content"><h1>Visit</h1><p id="x">{EN}</p></div></body></html>'
    assert not metadata.may_name_author(html_clean.parse(html))
    assert extract_author(html_clean.parse(html)) is None
    assert PageMetadata(html_clean.parse(html), "https://s.example/a", None).get("author") is None


def test_trafilatura_author_xpaths_are_those_the_prefilter_was_written_for():
    """metadata._AUTHOR_WORDS covers each test of these XPaths: when trafilatura changes them,
    read them again and update the words (then this digest)."""
    import hashlib

    from trafilatura.xpaths import AUTHOR_XPATHS

    paths = "\n".join(x.path for x in AUTHOR_XPATHS).encode()
    assert hashlib.sha256(paths).hexdigest()[:16] == "e7cdb233823cbb0a"


@pytest.mark.parametrize("head", AUTHOR_PAGES.values(), ids=AUTHOR_PAGES.keys())
def test_the_author_alone_is_what_trafilatura_metadata_says(head):
    """process() asks trafilatura for the author without its date search: the answer must be
    extract_metadata's own, whichever route the author comes by."""
    import trafilatura

    from pipelines.processing import html_clean
    from pipelines.processing.page_metadata import PageMetadata

    html = (
        f"<html><head><title>Visit</title>{head}</head><body><article><h1>Visit</h1>"
        '<p class="byline">By Anna Smith</p>'
        f"<p>{EN}</p></article></body></html>"
    )
    tree = html_clean.parse(html)
    expected = trafilatura.extract_metadata(html_clean.parse(html), "https://s.example/a").author
    assert expected  # each page names an author, one way or another
    assert PageMetadata(tree, "https://s.example/a", None).get("author") == expected


def test_normalise_folds_every_whitespace_character_as_a_regex_would():
    """fingerprint.normalise folds whitespace with str.split: the same characters as r"\\s+"
    (content hashes, shingles and search forms depend on it)."""
    import re
    import sys

    from pipelines.processing.fingerprint import normalise

    spaces = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if re.fullmatch(r"\s", c))
    text = f"{spaces}a{spaces}B c\n\nd{spaces}"
    assert normalise(text) == re.sub(r"\s+", " ", text.casefold()).strip() == "a b c d"


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("来源:财贸职高  作者:通讯员 謝貞  瀏覽量:   發佈時間:2020-10-21", "謝貞"),
        # No author given: the next label is no name (scedu's page gave "瀏覽量")
        ("來源:四川省檔案學校  作者:  瀏覽量:   發佈時間:2020-12-11", None),
        ("作者：  点击数：12  发布时间：2024-05-12", None),
        # An office before the person: the person is the author (it stored "办公室").
        ("作者：办公室 李明  来源：本站", "李明"),
        ("作者：党政办 李明", "李明"),
        ("作者：校办 李明", "李明"),
        ("作者：宣传部  发布时间：2020-10-21", "宣传部"),
        # English labels, the name's words only.
        ("Author: Li Wei  Views: 321", "Li Wei"),
        ("Author: Li Wei Views: 321", "Li Wei"),
        ("Written by: Anna Smith", "Anna Smith"),
    ],
)
def test_an_empty_author_field_takes_no_label_for_a_name(line, author):
    from pipelines.processing.metadata import byline

    assert byline(line, [])[0] == author


def test_a_labelled_author_a_broken_template_left_as_markup_is_no_one():
    """An old ASP page printed its font tag's attribute where the name should be
    ('作者： size="20"', a zh_cwced page): that is stored as no author, not as a name."""
    html = article(
        [ZH_SIMPLIFIED, ZH_SIMPLIFIED[:40]],
        extra='<div>作者： size="20" &nbsp;来源： size="20" &nbsp;发布时间：2020-10-21</div>',
    )
    assert process(page(html)).author is None


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("本报记者 葛灵丹", "葛灵丹"),
        ("新京报记者 彭冲 山东冠县报道", "彭冲"),  # a place before 报道 is no name
        ("据新华社拉萨电（记者 格桑边觉）记者近日从西藏自治区农业农村厅获悉", "格桑边觉"),
        ("河南商报记者马俊峰/文", "马俊峰"),
        ("记者 李明 王芳 摄", "李明 王芳"),
        ("本报讯 记者 赵六 通讯员 孙七", "赵六 孙七"),
        ("文/王五", "王五"),
        # Prose that names no one: no name is ended by a space, a bracket or the line's end.
        ("记者近日从西藏自治区农业农村厅获悉", None),
        ("记者了解到，学校今年新开设了中文/英文双语课程", None),
    ],
)
def test_a_reporters_byline_at_the_top_or_foot_of_the_text_names_the_author(line, author):
    from pipelines.processing.metadata import byline

    assert byline("", [], [line])[0] == author
    assert byline("", [line])[0] == author


def test_the_byline_prefilters_agree_with_their_patterns():
    """Substring tests skip the byline patterns on texts none of their words is in; each
    alternative of each pattern must start with one of those words, or a byline is lost."""
    from pipelines.processing import metadata

    for label in ("Author", "Written by", "Reporter", "Writer"):
        assert metadata._EN_AUTHOR.search(f"{label}: Li Wei")
        assert label in metadata._EN_AUTHOR_LABELS
    assert metadata._EN_AUTHOR.pattern.count("|") == len(metadata._EN_AUTHOR_LABELS) - 1
    for word in ("记者", "記者", "通讯员", "通訊員"):
        assert metadata._reporters(f"本报{word} 葛灵丹") == "葛灵丹"
    assert metadata._REPORTER.pattern.count("|") == len(metadata._REPORTER_WORDS) - 1


@pytest.mark.parametrize(
    "text",
    [
        "来源：四川教育在线",
        "Photo credit: none\nSOURCE: Xinhua News Agency",
        "İİİ 来源：四川教育在线",  # lower() lengthens İ: the offsets move
        "ſource: Xinhua News Agency",  # long s matches s when case is ignored
        "來源：四川教育在線 作者：李明",
    ],
)
def test_the_source_is_found_wherever_its_label_stands(text):
    from pipelines.processing.metadata import _SOURCE, byline

    assert byline(text, [])[1] == _SOURCE.search(text).group(1).strip()
    assert byline(text, [])[1] is not None


def test_visible_text_folds_spaces_as_the_plain_pattern_would():
    """html_clean._SPACES matches only the runs that are not one plain space already: the
    same substitution as [ \\t\\u3000\\xa0]+ -> " " on random strings."""
    import random
    import re

    from pipelines.processing.html_clean import _SPACES

    plain = re.compile(r"[ \t\u3000\xa0]+")
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(" \t\u3000\xa0\nab中") for _ in range(rng.randint(0, 24)))
        assert _SPACES.sub(" ", text) == plain.sub(" ", text), repr(text)


@pytest.mark.parametrize(
    ("given", "author"),
    [
        # what wcxb pages' markup gave trafilatura, and the person it names
        ("ServiceTitan November", "ServiceTitan"),
        ("Jeff Foust Monday; November", "Jeff Foust"),
        ("Detroit News wire services Published", "Detroit News wire services"),
        ("CM Craig McCarthy Last updated", "CM Craig McCarthy"),
        ("Haley Hoekstra • March", "Haley Hoekstra"),
        ("Updated January", None),
        ("Written By", None),
        ("Undefined", None),
        ("Dec", None),
        # names that look like calendar words stay
        ("Theresa May", "Theresa May"),
        ("Wei Sun", "Wei Sun"),
        ("By Andrew King", "Andrew King"),
        ("Maria & Katerina", "Maria & Katerina"),
        # a box's heading, taken for a byline by its id (relativeAuthorWords): nobody
        ("■ 该作者文章", None),
        ("作者：李明", "李明"),
        # a broken template's markup or placeholder where the name should be: nobody
        ('size="20"', None),
        ("{{author}}", None),
        ("<%=author%>", None),
        # trafilatura's "; " join: the site's name (Squarespace's author tag), a role
        ("Maple Ridge School; Jane Whitfield", "Jane Whitfield"),
        ("Margaret Ellison; Director", "Margaret Ellison"),
        ("Jane Doe; John Smith", "Jane Doe; John Smith"),
        ("Office of the Superintendent", "Office of the Superintendent"),  # nobody else
        # … and a day, from the same element (Sitefinity's "By … | December 3, 2026")
        ("Office; December 3", "Office"),
        ("December 3", None),
        ("Jane Smith; March 14, 2026", "Jane Smith"),
        ("May Chen", "May Chen"),
    ],
)
def test_an_author_from_markup_loses_the_day_and_labels_glued_to_it(given, author):
    from pipelines.processing.authors import clean_author

    assert clean_author(given) == author


@pytest.mark.parametrize(
    ("last_line", "author"),
    [
        ("（袁源）", "袁源"),
        ("……过一个廉洁的新春佳节。（常书香 马丹阳 ）", "常书香 马丹阳"),
        ("(张三)", "张三"),
        # an office, a medium or a note signs no person
        ("（学生处）", None),
        ("（教务处 李明）", None),
        ("（新华社）", None),
        ("（待续）", None),
        ("（完）", None),
        ("（供图）", None),
        ("学校举行了开学典礼（图为颁奖现场）", None),
    ],
)
def test_names_in_brackets_closing_a_chinese_text_sign_it(last_line, author):
    from pipelines.processing.metadata import byline

    assert byline("", ["上一行。", last_line])[0] == author


ARTICLE_EN_SENTENCES = [
    "When defined in the simplest way possible, human resources is about people.",
    "The department of any company deals with recruitment, administration and training, "
    "and it also worries about engagement, conflict management and complaints.",
    "With so many tasks the work can become overwhelming, and this is where outsourcing an "
    "organisation's payroll, benefits or recruitment comes in for small firms.",
    "Each of the six types below takes a different share of that work off the company.",
]


def test_a_reporters_byline_is_read_from_the_text_as_kept_too():
    # trafilatura's text ended with a share bar after the byline; the text as cleaned ends
    # with the byline (zh_cwced: "□ 本报记者 葛灵丹", then 分享让更多人看到, 评论, 关注).
    from pipelines.processing.metadata import byline

    share_bar = ["分享让更多人看到", "- 评论", "- 关注"]
    kept = ["学校要做好开学前的准备工作。", "□ 本报记者 葛灵丹"]
    assert byline("", share_bar, ["标题"])[0] is None
    assert byline("", share_bar, ["标题"], kept)[0] == "葛灵丹"


def test_text_after_an_html_comment_is_kept():
    # React pages write `<!-- -->` between text runs; trafilatura, given a tree with comments
    # (its own parser drops them), lost the text after one: whole paragraphs of real articles.
    html = (
        "<html><head><title>Proofs</title></head><body><main><div class='post'><h1>Proofs</h1>"
        "<div class='section'> <p>When I started at the university, I was supposed to study "
        "physics, but soon I felt a special affinity for pure math and its proofs.</p> <!-- --> "
        "<p>Even after years of proofs I felt I did not quite <em>get</em> <!-- -->them "
        "somehow.</p> <!-- --> <h2>A formal syllogism</h2> <!-- --> <p> <!-- -->Consider the "
        "assumption that all men are mortal. Denoting the set of all men by A, and the set of "
        "all mortal beings by B, this is an inclusion.<!-- --> </p> <!-- --> <p>Then I learned "
        "Lean, and it made something click for me about proofs.</p></div></div></main></body>"
        "</html>"
    )
    text = process(page(html, url="https://blog.example/posts/lean")).text
    assert "Consider the assumption that all men are mortal." in text
    assert "them somehow." in text


def test_a_date_in_a_cms_comment_still_dates_the_page():
    # Founder ENP, behind many Chinese news sites, dates a page in a comment only.
    html = article(
        [ZH_SIMPLIFIED, ZH_SIMPLIFIED[::-1]],
        extra="<!--enpproperty <date>2022-02-13 00:00:00:0</date><author></author>-->",
    )
    assert process(page(html, url="https://news.example/content/abc.htm")).published == date(
        2022, 2, 13
    )


def test_an_article_after_an_early_body_end_tag_is_read_as_a_browser_shows_it():
    # A template closed body and html after its header; the article follows. A browser reads
    # it into the body; libxml2 put it outside, and the text came from a sidebar's teasers.
    # A comment after the closing run (a cache's stamp) stays out of the body, as a browser
    # keeps it: its date is no publication date.
    html = (
        "<!doctype html><html><head><title>Six types of HR outsourcing</title></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/blog'>Blog</a></nav></header></body>"
        "</html><div class='post'><h1>Six types of HR outsourcing</h1>"
        + "".join(f"<p>{s}</p>" for s in ARTICLE_EN_SENTENCES)
        + "</div><aside><ul><li><a href='/a'>Many people dream of becoming entrepreneurs</a>"
        "</li></ul></aside></body></html>\n"
        "<!-- Cache served by breeze - Last modified: Sat, 20 Dec 2025 03:09:55 GMT -->\n"
    )
    document = process(page(html, url="https://hr.example/blog/hr/six-types"))
    assert ARTICLE_EN_SENTENCES[0] in document.text
    assert ARTICLE_EN_SENTENCES[-1] in document.text
    assert document.published is None


def test_a_numeric_date_is_read_in_the_order_the_page_gives_machines():
    # htmldate cannot read this datetime (seven digits of fractions, as .NET writes them) and
    # reads the element's text day first: 10 December. The page's ISO date says 12 October.
    stamp = (
        '<time class="localised-date" datetime="2023-10-12T19:38:01.0870000Z">'
        "10/12/2023 7:38:01 PM</time>"
    )
    html = (
        "<html><head><title>Skiplagging and relocation</title></head><body><article>"
        f"<h1>Skiplagging and relocation</h1>{stamp}"
        + "".join(f"<p>{s}</p>" for s in ARTICLE_EN_SENTENCES)
        + "</article></body></html>"
    )
    document = process(page(html, url="https://relocation.example/post/skiplagging"))
    assert document.published == date(2023, 10, 12)


@pytest.mark.parametrize(
    ("machine", "read", "meant"),
    [
        ('<time datetime="2024-09-10T16:07:00Z">09.10.2024</time>', (2024, 10, 9), (2024, 9, 10)),
        (
            '<script type="application/ld+json">{"datePublished": "2024-09-10"}</script>',
            (2024, 10, 9),
            (2024, 9, 10),
        ),
        (
            '<meta property="article:published_time" content="2025-03-04">',
            (2025, 4, 3),
            (2025, 3, 4),
        ),
        ("", (2025, 4, 3), (2025, 4, 3)),  # nothing says otherwise: the reading stands
        ('<time datetime="2025-04-03">3/4/2025</time>', (2025, 4, 3), (2025, 4, 3)),  # agreed
        ('<time datetime="2025-03-04"></time>', (2025, 4, 13), (2025, 4, 13)),  # not ambiguous
    ],
)
def test_day_order_follows_the_pages_machine_readable_dates(machine, read, meant):
    from pipelines.processing import day_order, html_clean

    tree = html_clean.parse(f"<html><head></head><body>{machine}<p>text</p></body></html>")
    assert day_order.in_page_order(date(*read), tree) == date(*meant)


@pytest.mark.parametrize(
    ("lang", "printed", "meant"),
    [
        ("en-US", "Posted: 12/06/2026", (2026, 12, 6)),  # the region says month first
        ("en", "Posted: 12/06/2026 <li>Board meeting 11/28/2026</li>", (2026, 12, 6)),
        ("en", "Posted: 12/06/2026 <li>Board meeting 28/11/2026</li>", (2026, 6, 12)),
        ("en", "Posted: 12/06/2026", (2026, 6, 12)),  # nothing says: htmldate's reading
        ("en-GB", "Posted: 12/06/2026", (2026, 6, 12)),
        # A US school's footer address (Blackboard pages say lang="en")
        ("en", "Posted on: 12/06/2026 <p>1200 Main Street, Riverbend, OH 45801</p>", (2026, 12, 6)),
        ("en", "Posted on: 12/06/2026 <p>Riverbend, OH 45801-1234</p>", (2026, 12, 6)),
        ("en-GB", "Posted on: 12/06/2026 <p>Riverbend, OH 45801</p>", (2026, 6, 12)),
        ("en", "Posted on: 12/06/2026 <p>Room 45801, OH</p>", (2026, 6, 12)),  # no address
        # Drupal 7's "Submitted by": the weekday says which (12 June 2026 is a Friday)
        ("en", "Submitted by admin on Sun, 12/06/2026 - 10:21", (2026, 12, 6)),
        ("en", "Submitted by admin on Fri, 12/06/2026 - 10:21", (2026, 6, 12)),
        (
            "en",
            '<span property="dc:date dc:created" content="2026-12-06T10:21:00">x</span>',
            (2026, 12, 6),
        ),
    ],
)
def test_day_order_follows_the_pages_own_slashed_dates_or_its_region(lang, printed, meant):
    """An Edlio-style US school page prints "Posted: 12/06/2026" and nothing for machines:
    htmldate read 12 June."""
    from pipelines.processing import day_order, html_clean

    tree = html_clean.parse(f'<html lang="{lang}"><body><p>{printed}</p></body></html>')
    assert day_order.in_page_order(date(2026, 6, 12), tree) == date(*meant)


@pytest.mark.parametrize(
    ("after", "cut"),
    [
        # the related posts' headlines: the article ends at their heading
        ("Five ways schools work with employers", True),
        # a paragraph straight after: the heading was a box inside the article
        (
            " ".join(["The college and the company signed an agreement on apprenticeships."] * 4),
            False,
        ),
    ],
)
def test_a_related_posts_heading_ends_the_text_unless_a_paragraph_follows_it(after, cut):
    lines = [EN, "Related Articles", after, "The end of the article, or the next headline."]
    text = clean_text("\n".join(lines), ExtractionRules())
    assert (after in text) is not cut
    assert "Related Articles" not in text


def _tutorial(container: str) -> str:
    para = (
        "Paragraph {} of the tutorial explains how the agent reads files, edits them and "
        "checks its own work before it goes on to the next step."
    )
    return (
        "<html><head><title>Weekend coding agent</title></head><body><div class='wrap'>"
        f"<h1>Weekend coding agent</h1><{container}>"
        f"<p>{para.format(1)}</p><p>{para.format(2)}</p><h2>What you will build</h2>"
        "<p>By the end of this tutorial, you will have an assistant that can:</p>"
        "<ul><li>Navigate and understand your <b>codebase</b></li><li>Edit files with "
        "precision</li><li>Search the web for documentation</li></ul>"
        f"<p>{para.format(3)}</p><ul><li><a href='/a'>Another tutorial on agents</a></li>"
        f"<li><a href='/b'>A second tutorial on tools</a></li></ul><p>{para.format(4)}</p>"
        f"<ul><li>Share this post with a friend today</li></ul></{container.split()[0]}>"
        "</div></body></html>"
    )


def test_a_list_and_a_heading_between_kept_paragraphs_are_put_back_in_place():
    # No container trafilatura knows (a static blog's div.prose): it kept the paragraphs
    # alone. The list and the heading among them are the article's; a list of links among
    # them and a list after the last paragraph are not.
    text = process(page(_tutorial("div class='prose'"), url="https://blog.example/agent")).text
    lines = text.splitlines()
    at = lines.index("By the end of this tutorial, you will have an assistant that can:")
    assert lines[at - 1] == "What you will build"
    assert lines[at + 1 : at + 4] == [
        "- Navigate and understand your codebase",
        "- Edit files with precision",
        "- Search the web for documentation",
    ]
    assert lines[at + 4].startswith("Paragraph 3")
    assert "Another tutorial on agents" not in text
    assert "Share this post" not in text


def test_a_list_trafilatura_read_is_not_put_back_twice():
    from pipelines.processing.html_clean import parse
    from pipelines.processing.missed_blocks import put_back

    tree = parse(_tutorial("article"))
    text = "\n".join(
        [
            "Paragraph 2 of the tutorial explains how the agent reads files, edits them and "
            "checks its own work before it goes on to the next step.",
            "What you will build",
            "By the end of this tutorial, you will have an assistant that can:",
            "- Navigate and understand yourcodebase",  # trafilatura's own spacing
            "- Edit files with precision",
            "Paragraph 3 of the tutorial explains how the agent reads files, edits them and "
            "checks its own work before it goes on to the next step.",
        ]
    )
    assert put_back(tree, text) == text


@pytest.mark.parametrize(
    ("under_headline", "author"),
    [
        ("November 1, 2026 · By Li Wei", "Li Wei"),
        ("By Jeff Foust, SpaceNews", "Jeff Foust"),
        ("By Mary-Kate O'Neil | 5 min read", "Mary-Kate O'Neil"),
        ("Written by Meghan Neville", "Meghan Neville"),
        ("By Chris McNamara ⋅ Founder and Senior Editor", "Chris McNamara"),
        ("by Marketing Team", "Marketing Team"),
        # after the date, or before "on" and the date (WordPress themes, PolitiFact)
        ("Posted on November 1, 2026 by Carol White", "Carol White"),
        ("Posted 2026-11-01 By Carol White", "Carol White"),
        ("By Louis Jacobson on Monday, November 18th, 2019 at 11:04 a.m.", "Louis Jacobson"),
        ("Posted by Carol White on November 1, 2026", "Carol White"),
        ("Founded in 1998 by John Smith and two friends", None),
        # the label on a line of its own, the name on the next (a page laid out in blocks)
        ("By\nSofia Gonzalez\nDecember 2, 2025", "Sofia Gonzalez"),
        ("Written by\nEdzel Tabing\nTable of contents", "Edzel Tabing"),
        ("Author\nLisa D. Ellis\nRelated Program", "Lisa D. Ellis"),
        ("By:\nAdrien Ramirez , 4+ years covering computer hardware", "Adrien Ramirez"),
        # a name given as an image leaves the next label under the first
        ("Posted By\nPosted On\nJan 13, 2025", None),
        ("Author\nRecent Posts\nCollege opens a workshop", None),
        ("By\nclicking the button you agree", None),
        # a sentence, one word, an agency: no byline
        ("By the end of the year the college will open a new workshop.", None),
        ("Getting there by car", None),
        ("By Car", None),
        ("By The Associated Press", None),
    ],
)
def test_a_by_line_under_the_headline_names_the_author(under_headline, author):
    from pipelines.processing.authors import written_by

    visible = f"Home | News\nCollege signs agreement\n{under_headline}\nThe college signed…"
    assert written_by(visible, "College signs agreement", 300) == author


def test_a_headline_ending_the_page_names_no_one():
    from pipelines.processing.authors import written_by

    assert (
        written_by("Home | About\nCollege signs agreement", "College signs agreement", 300) is None
    )


def test_a_by_line_away_from_the_headline_names_no_one():
    from pipelines.processing.authors import written_by

    visible = (
        "Shop | By Manufacturer Name\nCollege signs agreement\n" + "Text. " * 80 + "\nBy Li Wei"
    )
    assert written_by(visible, "College signs agreement", 300) is None


def test_a_plain_by_line_gives_the_document_its_author():
    html = (
        "<html><head><title>College signs agreement</title></head><body><h1>College signs "
        "agreement</h1><p class='meta'>November 1, 2026 · By Li Wei</p>"
        f"<div class='content'><p>{EN}</p><p>{EN}</p></div></body></html>"
    )
    assert process(page(html, url="https://college.example/news/agreement")).author == "Li Wei"


_CLOSURE = (  # a district's one-sentence story, as its Nuxt site serves it
    "<html><head><title>No School for Students: Staff Day | Riverbend Unified School District"
    "</title></head><body><div class='alert'><p>Winter weather: check this site and your email"
    " by 6 a.m. for any delay or closure.</p></div><header><nav><ul>"
    + "".join(
        f"<li><a href='/page/{p}'>{p.title()}</a></li>"
        for p in ("about-us", "news", "events", "enrollment", "employment", "staff")
    )
    + "</ul></nav></header><main><article><nav class='breadcrumbs'><a href='/'>Home</a> / "
    "<a href='/news'>News</a></nav><h1>No School for Students: Staff Day</h1>"
    "<div class='meta'><span>Riverbend Unified School District</span> <time>October 2, 2026"
    "</time></div><div class='article-body'><p>Riverbend schools will be closed on October 2 "
    "for a staff professional development day.</p></div><div class='share'>"
    "<a href='https://www.facebook.com/sharer/sharer.php'>Share on Facebook</a> "
    "<a href='https://twitter.com/intent/tweet'>Share on X</a></div>"
    "<a href='/news'>Back to News</a></article></main><footer><p>Riverbend Unified School "
    "District</p><p>1200 River Road, Riverbend, KS 66000 | Phone: (785) 555-0142</p>"
    "<p>&copy; 2026 Riverbend Unified School District.</p></footer></body></html>"
)


_SENTENCE = (
    "Riverbend schools will be closed on October 2 for a staff professional development day."
)


@pytest.mark.parametrize(
    "sentence", [_SENTENCE, "School is closed on October 2 for a staff training day."]
)
def test_a_story_of_one_sentence_is_not_the_whole_page(sentence):
    """A story under trafilatura's 250-character fallback came out as the whole page on one
    line (breadcrumb, headline, date, share links, "Back to News"): read again with the
    fallback only under 30 characters, it is its sentence (a Weebly school's: 55 characters)."""
    body = _CLOSURE.replace(_SENTENCE, sentence).encode()
    page = RawPage(url="https://rusd.example/article/1788149", body=body, kind="article")
    document = process(page)
    assert document.text == sentence
    assert document.published == date(2026, 10, 2)


_WEEBLY = (  # a Weebly school's blog post of two short lines, as Weebly writes one
    "<html><head><title>Staff Training Day - Maple Grove Elementary School</title></head>"
    "<body><div class='header'><ul class='wsite-menu-default'>"
    + "".join(f"<li><a href='/{p}.html'>{p.title()}</a></li>" for p in ("about", "staff", "news"))
    + "</ul></div><div id='wsite-content' class='wsite-elements wsite-not-footer'>"
    "<div class='blog-post'><div class='blog-header'><h2 class='blog-title'>"
    "<a class='blog-title-link' href='/news/staff-training-day'>Staff Training Day</a></h2>"
    "<p class='blog-date'><span class='date-text'>10/1/2026</span></p>"
    "<div class='blog-comments-top'><a href='/news/staff-training-day#comments'>0 Comments</a>"
    "</div></div><div class='blog-content'><div class='paragraph'>%TEXT%</div></div>"
    "<div class='blog-footer'><p class='blog-category'>Categories: "
    "<a href='/news/category/all'>All</a></p></div></div><div class='column-blog'>"
    "<div class='blog-sidebar'><h2 class='wsite-content-title'>Archives</h2>"
    "<div class='wsite-blog-archives'>"
    + "<br />".join(f"<a href='/news/archives/{m:02d}-2026'>Month {m}</a>" for m in range(1, 11))
    + "</div><h2 class='wsite-content-title'>Categories</h2><div class='blog-category-list'>"
    + "<br />".join(f"<a href='/news/category/{c}'>{c.title()}</a>" for c in ("all", "art"))
    + "</div></div></div></div>"
    "<div class='wsite-footer'>Maple Grove Elementary School, 12 Oak Lane</div></body></html>"
)


_WEEBLY_TEXT = "%TEXT%"


@pytest.mark.parametrize(
    "text",
    [
        "School is closed on October 1 for a staff training day.<br />Have a restful break.",
        "Reminder: picture day is on Thursday.",  # six words: no prose, but a dated story's
    ],
)
def test_a_weebly_post_of_short_lines_is_its_lines(text):
    """Under 100 characters, a Weebly school's short posts came out with its menu, the date
    and the sidebar's archives and categories; read again with the fallback only under 30
    characters, they are their lines."""
    url = "https://mges.example/news/staff-training-day"
    body = _WEEBLY.replace(_WEEBLY_TEXT, text).encode()
    document = process(RawPage(url=url, body=body, kind="article"))
    assert document.text == text.replace("<br />", "\n")


def test_a_later_labelled_date_that_says_its_order_is_not_the_storys():
    """An old Hong Kong school site prints the story's day under its headline, day first
    and ambiguous (日期：02/09/2025), and the site's last update in its footer
    (最後更新日期：15/11/2026). Before, the footer's day was read as the story's, since its
    numbers say their order: 30 of a trial site's 52 stories were dated the day of the site's
    last update."""
    from pipelines.processing import RawPage, process

    prose = "<br><br>".join(
        f"本校於九月二日舉行二零二五至二零二六年度開學禮，第{n}位嘉賓致辭，勉勵同學努力學習。"
        for n in range(6)
    )
    html = (
        "<html><head><meta charset='big5'><title>嘉華工業中學 - 學校新聞</title></head><body>"
        "<table><tr><td><a href='news.php'>學校新聞</a></td></tr><tr><td><table>"
        "<tr><td><b><font size='3'>2025-2026年度開學禮</font></b></td></tr>"
        "<tr><td><font size='2'>日期：02/09/2025</font></td></tr>"
        f"<tr><td><font size='2'>{prose}</font></td></tr></table></td></tr>"
        "<tr><td><font size='2'>嘉華工業中學 版權所有 &copy; 2026<br>"
        "最後更新日期：15/11/2026 &nbsp;&nbsp; 瀏覽人次：0384756</font></td></tr></table>"
        "</body></html>"
    )
    page = RawPage(url="http://kw.example/tc/news_detail.php?id=101", body=html.encode("big5"))
    assert process(page).published == date(2025, 9, 2)


def _ischool_story(title: str, body: str, menu: str = "") -> str:
    """An ischool story page (show.php?nid=N): its headline in a span, no heading; its info
    row 發佈單位 / 發佈人 / 發佈日期 / 人氣, a cell each; a notice's text one sentence."""
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{menu}"
        f"<div id='news_view'><div id='news_title_bar'><span id='news_title'>{title}</span></div>"
        "<table id='news_info'><tr><td>發佈單位：<span id='info_unit'>教務處</span></td>"
        "<td>發佈人：<span id='info_person'>教務處管理者</span></td>"
        "<td>發佈日期：<span id='info_time'>2023-11-17</span></td>"
        "<td>人氣：<span id='info_clicks'>433</span></td></tr></table>"
        f"<div id='news_content'><p>{body}</p></div>"
        "<div id='news_attach'>附件：<a href='/ischool/resources/a.pdf'>實施計畫.pdf</a></div>"
        "</div></body></html>"
    )


ISCHOOL_URL = "https://www.nl.example/ischool/public/news_view/show.php?nid=4154"


def test_a_title_the_page_shows_whole_keeps_its_own_separator():
    """'…時程公告-期中考試' shown whole on the page (ischool's span) is the headline: its
    '-期中考試' named no site (20 of a trial's 43 stories lost that part)."""
    title = "115學年度第1學期期中考試時程公告-期中考試"
    document = process(page(_ischool_story(title, ZH_TRADITIONAL), ISCHOOL_URL, kind="article"))
    assert document.title == title
    # A part the menu links is the column's, not the headline's: still left out.
    menu = "<ul><li><a href='/ischool/publish_page/3/'>期中考試</a></li></ul>"
    document = process(page(_ischool_story(title, ZH_TRADITIONAL, menu), ISCHOOL_URL))
    assert document.title == "115學年度第1學期期中考試時程公告"


def test_a_title_shown_whole_still_loses_the_host_name_it_ends_with():
    """A page that prints its whole <title> (a share box) keeps the site's name out of the
    headline when that part spells the host: '- CNX Software' on www.cnx-software.com."""
    headline = "Do you need 14 USB ports on your Raspberry Pi 5?"
    html = (
        f"<html><head><title>{headline} - CNX Software</title></head><body>"
        f"<h1>{headline}</h1><p>{EN}</p><p>{EN}</p><p>{EN}</p>"
        f"<div class='share'>{headline} - CNX Software</div></body></html>"
    )
    url = "https://www.cnx-software.com/2025/11/20/usb-ports-raspberry-pi-5/"
    assert process(page(html, url, kind="article")).title == headline


def test_a_notice_of_one_sentence_is_its_text_without_its_info_row():
    """An ischool notice is one sentence and its attachments: its text was its info row, a
    cell a line (發佈單位：/教務處/發佈人：/…/人氣：/433: 佈, not 布, and 發佈人 were no
    labels), then the sentence."""
    sentence = "有關期中考試之相關規定與申請表件，詳如附件。"
    html = _ischool_story("115學年度第1學期期中考試時程公告", sentence)
    document = process(page(html, ISCHOOL_URL, kind="article"))
    assert document.text == sentence and document.published == date(2023, 11, 17)
