"""A page's declared translations (pipelines.processing.alternates), read by process()."""

from __future__ import annotations

from pipelines.processing import RawPage, process
from pipelines.processing.html_clean import parse

URL = "https://www.college.example/2026/12/02/byd-shixi/"
HEAD = """<head><title>比亚迪实习</title>
<link rel="alternate" hreflang="zh" href="{url}" />
<link rel="alternate" hreflang="en" href="/en/2026/12/01/byd-internship/#top" />
<link rel="alternate" hreflang="x-default" href="https://www.college.example/" />
<link rel="Alternate" hreflang="fr" href="https://college.example/fr/2026/12/01/byd/" />
<link rel="alternate" hreflang="de" href="https://partner.example/de/byd/" />
<link rel="alternate" type="application/rss+xml" href="https://www.college.example/feed/" />
<link rel="canonical" href="{url}" /></head>"""
BODY = """<body><article><h1>比亚迪实习</h1>
<p>近日，学院汽车工程学院十七名学生赴比亚迪重庆工厂开展顶岗实习，参与电池装配线工作。</p>
<p>学生们将在实习期间学习新能源汽车电池装配的工艺流程和质量管理，并由企业工程师指导。</p>
<p>学院表示，将继续深化校企合作，为学生提供更多真实的岗位实践机会。</p>
<a hreflang="ja" rel="alternate" href="/ja/2026/12/01/byd/">日本語</a>
</article></body>"""


def test_a_page_declares_its_sites_other_languages_in_its_head():
    """Absolute, without fragments; its own URL, x-default, feeds, another host's page and a
    link in the body are left out (`www.` aside, the host is the site's)."""
    html = f"<html>{HEAD.format(url=URL)}{BODY}</html>"
    document = process(RawPage(url=URL, body=html.encode(), headers={}))
    assert document.translations == (
        "https://college.example/fr/2026/12/01/byd/",
        "https://www.college.example/en/2026/12/01/byd-internship/",
    )


def test_a_page_without_alternates_declares_none():
    from pipelines.processing.alternates import translations

    assert translations(parse(f"<html><head></head>{BODY}</html>"), URL) == ()


HK_URL = "http://www.kawah.edu.hk/tc/news_detail.php?id=123"
HK_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5">
<title>嘉華工業中學 - 學校新聞</title></head><body><table width="780">
<tr><td><a href="../en/news_detail.php?id=123"><font color="#FFFFFF">English</font></a> |
<a href="index.php">主頁</a> <a href="../en/index.php">English Version</a></td></tr>
<tr><td><a href="news.php">學校新聞</a> <a href="../en/news_detail.php?id=124">下一則</a>
<a href="../en/news.php?id=123">English</a>
<a href="../sc/news_detail.php?id=123">更多</a></td></tr>
<tr><td><b><font size="3">中一級生活營</font></b></td></tr><tr><td>日期：15/11/2026</td></tr>
<tr><td>本校於十一月十三日至十五日舉行中一級生活營，一百二十名中一同學參加。<br><br>
同學透過歷奇活動、團隊挑戰及營火會，認識新朋友，學習互相合作及解決困難。<br><br>
活動由本校社工及輔導組老師籌劃，家長教師會亦派出義工協助。</td></tr></table></body></html>"""


def test_a_language_switch_to_the_same_page_declares_its_translation():
    """An old Hong Kong school site has no hreflang: each story's "English" link leads to the
    same path with /tc/ swapped for /en/. The English home page ("English Version"), another
    story (id=124), another page (news.php) and a link whose text names no language (更多)
    are no translation of this one."""
    document = process(RawPage(url=HK_URL, body=HK_PAGE.encode("big5"), headers={}))
    assert document.translations == ("http://www.kawah.edu.hk/en/news_detail.php?id=123",)


def test_a_switch_by_query_value_or_lang_attribute_declares_too():
    from pipelines.processing.alternates import translations

    url = "https://school.example/news/show.php?id=7&lang=zh-hk"
    body = (
        "<html><body><a href='show.php?id=7&amp;lang=en'>[ EN ]</a>"
        "<a lang='zh-CN' href='show.php?id=7&amp;lang=zh-cn'>简</a>"
        "<a href='show.php?id=8&amp;lang=en'>English</a>"
        "<a href='show.php?id=7&amp;lang=en&amp;x=1'>English</a>"
        "<a href='https://other.example/news/show.php?id=7&amp;lang=en'>English</a>"
        "<a href='show.php?id=7&amp;lang=ZH-HK'>繁</a><a href='http://[school.example/en/'>EN</a>"
        "<a href='http://school.example:8x/news/show.php?id=7&amp;lang=en'>EN</a></body></html>"
    )
    assert translations(parse(body), url) == (
        "https://school.example/news/show.php?id=7&lang=en",
        "https://school.example/news/show.php?id=7&lang=zh-cn",
    )
