"""The page's header echoed before the body is not body text (the two Korean pages of the
scrapinghub set: a section name, the headline as a list item and "기사입력 :[ date ]")."""

from __future__ import annotations

import pytest

from pipelines.processing import ExtractionRules
from pipelines.processing.text_clean import clean_text

TITLE = "엘제이-류화영 진흙탕 싸움, 공적인 사안으로 봐야하는 이유"
BODY = (
    "[엔터미디어=정덕현의 이슈공감] 엘제이의 리벤지인가, 류화영의 피해자 코스프레인가. 시작은 "
    "엘제이의 일방적인 사진 공개로부터 비롯됐다. 그건 이 사안을 두고 벌어진 일이다."
)


def test_section_name_headline_and_date_line_before_the_body_are_dropped():
    text = "\n".join(
        [
            "Entermedia 주요뉴스",
            f"- {TITLE}",
            "기사입력 :[ 2018-08-25 15:24 ]",
            "엘제이의 리벤지인가, 류화영의 코스프레인가",
            BODY,
        ]
    )
    assert clean_text(text, ExtractionRules(), title=TITLE).splitlines() == [
        "엘제이의 리벤지인가, 류화영의 코스프레인가",
        BODY,
    ]


def test_a_headline_of_ten_words_or_more_is_no_prose_before_the_date_line():
    """Blackboard: the app's heading, the story's long headline (sentence-sized by its
    words) and "Posted on: 12/03/2026" open trafilatura's text."""
    title = "Riverbend Students Collect More Than Four Thousand Cans for the County Food Bank"
    body = "Students at all twelve schools took part in the drive, which ran for two weeks."
    text = "\n".join(["Headlines & Features", title, "Posted on: 12/03/2026", body])
    assert clean_text(text, ExtractionRules(), title=title).splitlines() == [body]


def test_a_date_line_opening_the_text_is_dropped_but_not_inside_the_body():
    text = "\n".join(["Posted: 2019-11-20 10:00", BODY, "2019-11-21", BODY + " 다시."])
    assert clean_text(text, ExtractionRules()).splitlines() == [BODY, "2019-11-21", BODY + " 다시."]


def test_short_lines_before_a_headline_far_down_stay():
    """The headline only counts among the first lines: a title quoted later is body text."""
    lines = ["One", "Two", "Three", "Four", "Five", TITLE + "?", BODY]
    assert clean_text("\n".join(lines), ExtractionRules(), title=TITLE).splitlines() == lines


def test_a_second_copyright_notice_is_the_footer():
    text = "\n".join(
        [
            BODY,
            "© 2019 Associated Press. All Rights Reserved.",
            "Copyright © Example News. 무단전재 및 재배포 금지",
        ]
    )
    assert clean_text(text, ExtractionRules()).splitlines() == [
        BODY,
        "© 2019 Associated Press. All Rights Reserved.",
    ]


@pytest.mark.parametrize(
    "row",
    [
        "發布日期：113-05-20　發布單位：教務處　點閱次數：123",
        "公告日期：113-05-20 公告單位：實習處 人氣：45",
        "張貼日期：2024-05-20 瀏覽人次：88",
        "發布日期：113-05-20",
        "中華民國99年3月21日",
    ],
)
def test_a_taiwanese_cms_metadata_row_is_not_body_text(row):
    """Taiwanese school CMSes label their rows 公告單位, 點閱次數, 瀏覽人次, 人氣 and date them
    in the Republic of China calendar (113 = 2024): the row is metadata, as 发布部门 and
    浏览次数 rows are."""
    body = "本校與台灣積體電路製造公司簽訂產學合作備忘錄，雙方將在實習課程與就業媒合方面展開合作。"
    text = "\n".join([row, body, body + "再次。"])
    assert clean_text(text, ExtractionRules()).splitlines() == [body, body + "再次。"]


@pytest.mark.parametrize(
    "row",
    [
        ["- 發布日期 : 2024-06-20", "- 發布單位 : 實習處", "- 點閱次數 : 127"],
        ["- 发布日期：2024-06-20", "- 发布单位：实习处", "- 点阅次数：127"],
        ["发布时间：2024-06-20", "点击次数：127"],
        ["• 浏览次数: 9", "• 阅读次数: 31"],
    ],
)
def test_an_info_row_one_field_a_line_under_the_headline_is_not_body_text(row):
    """Rpage's info row is a <ul>: trafilatura writes it a bullet a field, and 12 of a
    Taiwanese school's 40 stories began with their date, office and view count (a count
    changes on every fetch, so every re-check was an edit)."""
    title = "校外實習說明會"
    body = "本校實習處於六月二十日舉辦校外實習說明會，說明實習流程與注意事項，請同學踴躍參加。"
    text = "\n".join(["跳到主要內容區塊", title, *row, body])
    assert clean_text(text, ExtractionRules(), title=title).splitlines() == [body]


def test_an_info_field_inside_the_body_stays():
    """Only the header's row: a count or an office the story itself lists stays."""
    body = "本校實習處於六月二十日舉辦校外實習說明會，說明實習流程與注意事項，請同學踴躍參加。"
    lines = [body, "- 發布單位 : 實習處", "- 點閱次數 : 127"]
    assert clean_text("\n".join(lines), ExtractionRules()).splitlines() == lines


def test_an_info_row_a_cell_a_line_under_the_headline_is_not_body_text():
    """trafilatura's reading of the whole page writes each cell of the row on a line, the
    label ("發布單位 :") over its value."""
    title = "校外實習說明會"
    body = "本校實習處於六月二十日舉辦校外實習說明會，說明實習流程與注意事項，請同學踴躍參加。"
    row = ["發布日期 :", "2024-06-20", "發布單位 :", "實習處", "點閱次數 :", "127"]
    text = "\n".join([title, *row, body])
    assert clean_text(text, ExtractionRules(), title=title).splitlines() == [body]
