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
