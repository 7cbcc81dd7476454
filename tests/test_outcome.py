"""Run outcomes from a run's stats and the site's history; how tables show them; ports and
feeds in the registry."""

from __future__ import annotations

import pytest

from crawler.cli.status_display import status_cell
from crawler.outcome import exit_code, run_status
from crawler.registry import RegistryError, load_registry

START = {"schoolnews/start_pages": 2}


def test_all_start_pages_failed():
    stats = {
        **START,
        "schoolnews/start_pages_failed": 2,
        "schoolnews/start_failure": "start page 404: http://a/main.htm",
    }
    assert run_status("finished", stats) == (
        "failed",
        "start page 404: http://a/main.htm (and the 1 other start page(s) failed too)",
    )


def test_a_failed_start_page_after_a_redesign_says_where_the_stored_pages_went():
    # The old home page answers 404, the old article URLs redirect: the run is failed, and
    # its reason says the site moved, not the start page alone.
    stats = {
        **START,
        "schoolnews/start_pages_failed": 2,
        "schoolnews/start_failure": "start page 404: http://a/index.asp",
        "schoolnews/moved": 30,
        "schoolnews/moved_example": "http://a/show.asp?id=1 → http://a/2026/c1a2/page.htm",
        "schoolnews/full": True,
    }
    status, reason = run_status("finished", stats, site="jcyz")
    assert status == "failed"
    assert reason.startswith("start page 404: http://a/index.asp (and the 1 other start page")
    assert "; 30 stored article(s) now redirect to other URLs (e.g. http://a/show.asp" in reason


def test_one_start_page_of_two_failed_is_not_a_failed_run():
    stats = {**START, "schoolnews/start_pages_failed": 1, "schoolnews/article_links": 5}
    assert run_status("finished", stats) == ("finished", None)


def test_no_article_link_is_empty_and_says_layout_change_after_stored_articles():
    stats = {**START, "schoolnews/pages_seen": 3, "schoolnews/links_not_followed": 41}
    status, reason = run_status("finished", stats)
    assert (status, reason) == (
        "empty",
        "no article links followed (3 page(s) read, 41 link(s) outside the profile)",
    )
    assert run_status("finished", stats, known_articles=120)[1].endswith(
        "; earlier runs stored 120 articles: layout change?"
    )


def test_known_article_links_only_is_a_routine_finished_run():
    assert run_status("finished", {**START, "schoolnews/article_links": 30}) == ("finished", None)


def test_article_pages_that_made_no_document_are_an_empty_run():
    """Every article page answered with a PDF or an error page: the run was `finished`, exit
    0, with nothing stored a reader can use."""
    stats = {
        **START,
        "schoolnews/article_links": 4,
        "schoolnews/article_pages": 4,
        "schoolnews/not_a_document": 3,
        "schoolnews/extraction_errors": 1,
    }
    assert run_status("finished", stats) == (
        "empty",
        "4 article page(s) fetched, none made a document (4 kept raw with the reason: "
        "`stats` counts them)",
    )
    one_made = {**stats, "schoolnews/documents_extracted": 1}
    assert run_status("finished", one_made) == ("finished", None)
    # A routine run that saw its known articles (not due, 304, unchanged) and whose only new
    # link was a PDF: the site answered as before (it ended `empty`, exit 3).
    for seen in ("not_due_documents", "not_modified", "unchanged", "updated"):
        routine = {**stats, f"schoolnews/{seen}": 13}
        assert run_status("finished", routine) == ("finished", None), seen
    # Pages not due that never made a document (a PDF, a dead link) are no sign of that.
    files = {**stats, "schoolnews/not_due": 2, "schoolnews/skipped/a firewall's challenge": 4}
    assert run_status("finished", files) == (
        "empty",
        "4 article page(s) fetched, none made a document (4 kept raw with the reason, most "
        "often: 4 a firewall's challenge: `stats` counts them)",
    )


def test_a_distributed_worker_is_not_judged_empty_on_its_share():
    assert run_status("finished", {**START, "schoolnews/distributed/seeder": False})[0] == (
        "finished"
    )


def test_close_reasons():
    assert run_status("shutdown", {})[0] == "interrupted"


@pytest.mark.parametrize(
    ("statuses", "code"),
    [
        (["finished", "finished"], 0),
        (["finished", "empty"], 3),
        (["failed"], 3),
        (["empty", "interrupted"], 130),
        ([], 1),
    ],
)
def test_exit_codes(statuses, code):
    assert exit_code(statuses) == code


def test_problem_statuses_are_red_with_their_reason():
    cell = status_cell("empty", "no article links followed")
    assert cell.plain == "empty\nno article links followed"
    assert "red" in str(cell.spans[0].style)
    assert status_cell("finished", None, full=True).plain == "finished (full)"
    assert not status_cell("finished").spans


def test_registry_ports_and_feeds(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(
        '[sites.a]\nname = "A"\nstart_urls = ["http://h.edu:8080/"]\n'
        'allowed_domains = ["h.edu:8080"]\nfeeds = ["http://h.edu:8080/rss"]\n'
    )
    site = load_registry(path)["a"]
    assert site.hosts == ("h.edu",) and site.feeds == ("http://h.edu:8080/rss",)
    assert site.classify("http://h.edu:8080/info/1/2.htm") == "article"
    assert site.classify("http://h.edu/info/1/2.htm") is None  # another port
    path.write_text('[sites.a]\nname = "A"\nstart_urls = ["http://h.edu:8080/"]\n')
    assert load_registry(path)["a"].classify("http://www.h.edu:81/info/1/2.htm") == "article"
    path.write_text('[sites.a]\nname = "A"\nstart_urls = ["http://h.edu/"]\nfeeds = ["rss.xml"]\n')
    with pytest.raises(RegistryError, match="feed URL 'rss.xml' is not an http"):
        load_registry(path)


@pytest.mark.parametrize(
    ("statuses", "reasons", "code"),
    [
        (["failed"], ["database_error"], 1),  # the machinery's problem, not the site's
        (["failed"], ["failed"], 1),  # Redis lost, a dead worker's share pending
        (["failed", "finished"], ["finished", "finished"], 3),  # start pages failed
        (["running"], [None], 1),
    ],
)  # the ledger could not record the end
def test_exit_codes_by_close_reason(statuses, reasons, code):
    assert exit_code(statuses, reasons) == code


def test_a_routine_run_whose_new_articles_mostly_copy_stored_ones_says_the_site_moved():
    """A redesign under new URLs: a routine run stores every story again and re-checks no old
    URL. Fewer than 5 copies, or fewer than half the new articles, is a site's reposting."""
    seen = {**START, "schoolnews/article_links": 40}
    copies = {
        **seen,
        "schoolnews/articles_stored": 35,
        "schoolnews/site_copies": 30,
        "schoolnews/site_copy_example": "http://a/new/1, first stored as http://a/old?id=1",
    }
    assert run_status("finished", copies, site="jcyz") == (
        "finished",
        "30 of the 35 new articles are copies of articles this site stored at other URLs "
        "(e.g. http://a/new/1, first stored as http://a/old?id=1): the site moved or was "
        "redesigned? Run schoolnews crawl jcyz --full once to mark the old URLs moved "
        '(README "When a site moves")',
    )
    for few in (
        {"schoolnews/site_copies": 4, "schoolnews/articles_stored": 4},
        {"schoolnews/site_copies": 5, "schoolnews/articles_stored": 11},
    ):
        assert run_status("finished", {**copies, **few})[1] is None, few
    half = {**copies, "schoolnews/site_copies": 5, "schoolnews/articles_stored": 10}
    assert run_status("finished", half)[1].startswith("5 of the 10 new articles are copies")


def test_moved_articles_and_copies_are_one_sentence():
    stats = {
        **START,
        "schoolnews/article_links": 40,
        "schoolnews/moved": 30,
        "schoolnews/moved_example": "http://a/old?id=1 → http://a/new/1",
        "schoolnews/articles_stored": 30,
        "schoolnews/site_copies": 30,
        "schoolnews/site_copy_example": "http://a/new/1, first stored as http://a/old?id=1",
        "schoolnews/full": True,
    }
    assert run_status("finished", stats, site="jcyz")[1] == (
        "30 stored article(s) now redirect to other URLs (e.g. http://a/old?id=1 → "
        "http://a/new/1), and 30 of the 30 new articles are copies of articles this site "
        "stored at other URLs: the site moved or was redesigned; copies of a story are linked "
        'as one story, see README "When a site moves"'
    )
    routine = {**stats, "schoolnews/full": False}
    assert run_status("finished", routine, site="jcyz")[1].endswith(
        '; run schoolnews crawl jcyz --full once to mark the old URLs moved (README "When a '
        'site moves")'
    )
