"""Stored text is clean: no pinyin readings, no table markup, metadata rows out of the body."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from crawler.demo import FIXTURE_SITES
from crawler.registry import load_registry
from pipelines.processing import NotADocument, RawPage, process
from pipelines.processing.readings import strip_readings
from pipelines.processing.tables import flatten_tables
from pipelines.site_rules import rules_for

SITES = FIXTURE_SITES
READING = re.compile(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
TABLE_MARKUP = re.compile(r"^\s*\||\|\s*$|^\s*\|?\s*-{3,}")


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("財貿(mào)職高簽訂戰(zhàn)略合作協(xié)議", "財貿職高簽訂戰略合作協議"),
        ("職業(yè)教育（zhí）", "職業教育"),
        ("2019年(2019)招生", "2019年(2019)招生"),
        ("某公司(Ltd)与学校(以下简称)合作", "某公司(Ltd)与学校(以下简称)合作"),
        ("Beijing (Běijīng) is a city", "Beijing (Běijīng) is a city"),
        ("学校(zhong)合作", "学校(zhong)合作"),  # no tone mark: not a reading
    ],
)
def test_readings_after_han_characters_go_real_parentheses_stay(text, clean):
    assert strip_readings(text) == clean


def test_table_rows_become_text_and_layout_rows_metadata():
    lines = [
        "| 学校召开教学工作会议 |",
        "| 日期 | 时间 | 发布部门 | 浏览次数 |",
        "| 2019-05-06 | 10:21 | 教务处 | 312 |",
        "|---|---|",
        "| 5月6日下午，学校在行政楼会议室召开教学工作会议，全体中层干部参加了会议。 |",
        "| 课程 | 2019-06-01 | 教师 |",
    ]
    out = flatten_tables(lines, title="学校召开教学工作会议")
    assert out == [
        "5月6日下午，学校在行政楼会议室召开教学工作会议，全体中层干部参加了会议。",
        "课程 2019-06-01 教师",
    ]  # after the body a data row stays, as text


def _fixture_pages():
    for site_dir in sorted(SITES.iterdir()):
        site = json.loads((site_dir / "site.json").read_text(encoding="utf-8"))
        mirror = site_dir / "mirror"
        for file in sorted(f for f in mirror.rglob("*") if f.is_file()):
            yield site_dir.name, site, file, file.relative_to(mirror).as_posix()


def test_no_fixture_page_keeps_a_reading_or_table_markup():
    registry = load_registry()
    checked = 0
    for slug, site, file, path in _fixture_pages():
        raw = file.read_bytes()
        url = f"{site['scheme']}://{site['host']}/{path.replace('@', '?')}"
        page = RawPage(
            url=url,
            body=raw,
            headers={"Content-Type": site["content_type"]},
            fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
        try:
            doc = process(page, rules_for(slug, registry))
        except NotADocument:
            continue
        checked += 1
        for text in (doc.title or "", doc.text):
            assert not READING.search(text), (file, READING.search(text))
            for line in text.splitlines():
                assert not TABLE_MARKUP.search(line), (file, line)
    assert checked >= 60


def test_the_portal_fixture_carries_readings_and_its_documents_do_not():
    registry = load_registry()
    site = json.loads((SITES / "scedu" / "site.json").read_text(encoding="utf-8"))
    gold = json.loads((SITES / "scedu" / "gold.json").read_text(encoding="utf-8"))
    with_readings = 0
    for case in gold:
        file = SITES / "scedu" / "mirror" / case["url"].split(site["host"] + "/")[1]
        body = file.read_bytes()
        if READING.search(body.decode("gb18030")):
            with_readings += 1
        doc = process(
            RawPage(url=case["url"], body=body, headers={"Content-Type": site["content_type"]}),
            rules_for("scedu", registry),
        )
        assert doc.title == case["title"] and doc.text == case["text"]
    assert with_readings == len(gold)


@pytest.mark.parametrize(
    ("title_tag", "headings", "names", "title"),
    [
        ("喜报——我校学生获技能大赛一等奖", [], (), "喜报——我校学生获技能大赛一等奖"),
        (
            "喜报——我校学生获技能大赛一等奖-某某职业学校",
            ["我校学生获技能大赛一等奖"],
            (),
            "喜报——我校学生获技能大赛一等奖",
        ),
        ("学校举行开学典礼-成都市财贸职业高级中学校", [], (), "学校举行开学典礼"),
        ("财贸职高 | 学校举行开学典礼活动", [], ("财贸职高",), "学校举行开学典礼活动"),
        (
            "Two schools sign a training deal — Daily Bugle",
            [],
            (),
            "Two schools sign a training deal",
        ),
    ],
)
def test_titles_keep_kickers_and_lose_site_names(title_tag, headings, names, title):
    from pipelines.processing.metadata import clean_title

    assert clean_title(title_tag, headings, names) == title


def test_a_date_printed_by_the_headline_wins_over_the_url():
    body = (
        "<html><head><title>学校召开教学工作会议</title></head><body>"
        "<h1>学校召开教学工作会议</h1><div>2019年05月06日 10:21</div>"
        + "<p>"
        + "5月6日下午，学校在行政楼会议室召开教学工作会议，全体中层干部参加。" * 6
        + "</p></body></html>"
    ).encode()
    doc = process(
        RawPage(
            url="https://s.example/2020/0101/c1a2/page.htm",
            body=body,
            fetched_at=datetime(2024, 1, 1, tzinfo=UTC),
        )
    )
    assert str(doc.published) == "2019-05-06"
