"""Extraction over every page recorded with `schoolnews record` matches its reviewed output.

A recorded page keeps its bytes, URL, headers, fetch time and the site's extraction rules;
`<name>.expected.json` is what extraction made of it when it was recorded (and a person
reviewed). Re-record a page (`schoolnews record SLUG URL`) when a change is intended.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.record import expected_output, load_recorded

from .conftest import SLUGS

PAGES = Path(__file__).parent / "fixtures" / "pages"
RECORDED = sorted(PAGES.glob("*/*.meta.json"))


def test_every_fixture_site_has_a_recorded_page():
    assert set(SLUGS) <= {path.parent.name for path in RECORDED}


@pytest.mark.parametrize("meta_path", RECORDED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_recorded_page_extracts_as_reviewed(meta_path):
    page, rules, expected = load_recorded(meta_path)
    assert expected_output(page, rules) == expected


def test_record_saves_what_extraction_needs(fixture_server, tmp_path):
    from .conftest import proxy_env, run_cli

    url = "http://www.cdcmzz.com/news/shownews.php?id=1260"
    result = run_cli("record", "cdcmzz", url, "--dir", str(tmp_path), env=proxy_env(fixture_server))
    assert result.returncode == 0, result.stdout + result.stderr
    (meta_path,) = (tmp_path / "cdcmzz").glob("*.meta.json")
    page, rules, expected = load_recorded(meta_path)
    assert page.url == url and page.header("content-type") == "text/html; charset=gb2312"
    assert rules.site_names[0] == "成都市财贸职业高级中学校"
    assert expected["title"] == "我校与四川航空股份有限公司签订校企合作协议"
    assert expected_output(page, rules) == expected


def test_record_refuses_an_error_page_and_a_bad_address(fixture_server, tmp_path):
    """A 404 page is no fixture of what a site says (it was saved as an English article);
    an address that is no URL is one line, not urllib's traceback."""
    from .conftest import proxy_env, run_cli

    missing = "http://www.cdcmzz.com/news/shownews.php?id=999999"
    for url, said in ((missing, "answered HTTP 404"), ("notaurl", "not a web address")):
        result = run_cli(
            "record", "cdcmzz", url, "--dir", str(tmp_path), env=proxy_env(fixture_server)
        )
        assert result.returncode == 1, result.stdout + result.stderr
        assert said in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (tmp_path / "cdcmzz").exists()
    for address in ("notaurl", "http://x.[y/"):
        probe = run_cli("sites", "probe", address)
        assert probe.returncode == 2 and "not a web address" in probe.stderr
        assert len(probe.stderr.strip().splitlines()) == 1, probe.stderr
