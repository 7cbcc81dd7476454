"""A URL is read for a date only in the shapes CMSes use (bench/url_dates measures them)."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.processing.dates import url_date


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://spa.jsedu.sh.cn/2024/0401/c2401a26848/page.htm", date(2024, 4, 1)),
        ("http://777306.cn/gaoxiao/news/20200906/10463.html", date(2020, 9, 6)),
        ("https://www.npr.org/2023/10/17/1206601882/plumbers-are-training", date(2023, 10, 17)),
        ("https://www.myleskatherine.com/blog/2025/6/9/top-10-cameras", date(2025, 6, 9)),
        ("http://bj.house.sina.com.cn/p/2005-03-31/031868306.html", date(2005, 3, 31)),
        ("https://example.org/news/2020-10-21-board-meets", date(2020, 10, 21)),
        ("http://chinaneast.xinhuanet.com/jizhe/2005-08/16/content_4894059.htm", date(2005, 8, 16)),
    ],
)
def test_cms_shapes_give_the_date(url, expected):
    assert url_date(url, None) == expected


@pytest.mark.parametrize(
    "url",
    [
        # A version range in a forum slug, not a date (the one wrong date of the looser reader).
        "https://community.home-assistant.io/t/2024-4-4-2024-5-0-issue-stuck/724779",
        "https://shop.example/item/1234/0567/",  # a year must be 19xx or 20xx
        "https://www.theatlantic.com/education/archive/2014/04/plato-to-plumbers/361373/",  # no day
        "http://cn.ent.yahoo.com/050427/347/26pbv.html",  # six digits are an ID as often as a date
        "https://x.example/news/show.php?id=20201021",
    ],
)
def test_other_numbers_are_no_date(url):
    assert url_date(url, None) is None


def test_a_url_date_after_the_fetch_is_no_date():
    assert url_date("http://x.cn/news/20300101/1.html", date(2026, 1, 1)) is None
