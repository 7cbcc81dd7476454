"""A WeChat official-account article's date, author and account, as its template and script
give them (pipelines/processing/wechat.py); the page itself prints none of them as text a
reader of ours finds. The whole page: tests/fixtures/pages/wechat (test_recorded_pages)."""

from __future__ import annotations

from datetime import date

from lxml import html as lxml_html

from pipelines.processing import wechat

TEMPLATE = (
    "<html><body><h1 id='activity-name'>Open day</h1><div id='meta_content'>"
    "<span class='rich_media_meta rich_media_meta_text'>Admissions office</span>"
    "<span id='profileBt'><a id='js_name'> Hillside College </a></span>"
    "<em id='publish_time' class='rich_media_meta rich_media_meta_text'></em></div>"
    "<div id='js_content' style='visibility: hidden;'><p>Text.</p></div>"
    '<script>var ct = "{ct}";\nvar publish_time = "{day}" || "";</script></body></html>'
)


def tree(page: str):
    return lxml_html.document_fromstring(page)


def test_the_day_is_the_scripts_unix_time_in_chinas_time():
    # 2024-05-19 22:00 UTC is 2024-05-20 06:00 in China, the day WeChat shows its readers.
    page = tree(TEMPLATE.replace("{ct}", "1716156000").replace("{day}", ""))
    assert wechat.published(page, date(2024, 5, 19)) == date(2024, 5, 20)
    assert wechat.published(page, date(2024, 5, 17)) is None  # never after the fetch


def test_without_a_unix_time_the_scripts_publish_time():
    page = tree(TEMPLATE.replace("{ct}", "").replace("{day}", "2024-05-20"))
    assert wechat.published(page, None) == date(2024, 5, 20)


def test_the_author_and_the_account():
    page = tree(TEMPLATE.replace("{ct}", "1716156000").replace("{day}", ""))
    assert wechat.byline(page) == ("Admissions office", "Hillside College")


def test_a_page_of_another_site_is_none_of_wechats():
    """One id alike (a CMS's #js_content) and a script's `ct`: no WeChat article."""
    page = tree(
        "<html><body><div id='js_content'><p>Text.</p></div>"
        "<span class='rich_media_meta_text'>Someone</span>"
        '<script>var ct = "1716156000";</script></body></html>'
    )
    assert wechat.published(page, None) is None
    assert wechat.byline(page) == (None, None)
