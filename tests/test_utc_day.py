"""The site's day for a publication time given in UTC (pipelines/processing/utc_day.py)."""

from __future__ import annotations

from datetime import date, timedelta

from pipelines.processing import RawPage, process

from .support.ghost_site import _day, post, post_slug

DAY = _day(7)  # the day the site prints for post 7, written at 23:30 UTC the day before


def _published(html: str) -> date | None:
    url = f"http://news.example.ac.uk/{post_slug(7)}/"
    return process(RawPage(url=url, body=html.encode(), kind="article")).published


def test_a_post_written_after_midnight_has_the_day_its_site_prints():
    """Ghost wrote 23:30 UTC (00:30 the next day where the site is) and its theme printed the
    next day by the headline: the story was dated the day before, as htmldate reads the UTC
    time's first ten characters."""
    html = post(7)
    assert f'content="{DAY - timedelta(days=1)}T23:30:00.000Z"' in html
    assert f'datetime="{DAY}"' in html
    assert _published(html) == DAY


def test_a_time_with_the_sites_own_offset_is_its_day():
    """A time written with its zone's offset (WordPress's +01:00) is the site's own day."""
    html = post(7).replace("T23:30:00.000Z", "T23:30:00+01:00")
    assert _published(html) == DAY - timedelta(days=1)


def test_a_day_no_time_zone_reaches_is_not_taken():
    """The page's first <time> giving a day alone is the post's only where that day is the
    same moment's somewhere (the day before or after), not a related post's a week off."""
    html = post(7).replace(f'datetime="{DAY}"', f'datetime="{DAY + timedelta(days=7)}"')
    assert _published(html) == DAY - timedelta(days=1)


def test_a_utc_time_on_the_printed_day_stays():
    assert _published(post(8)) == _day(8)
