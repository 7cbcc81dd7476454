"""A column of a school's site published as documents (circulars as PDFs, a form, a fee
table) that a list page links: the crawl does not fetch them, and says so in one line of the
run's reason, `crawl --dry-run` and `sites probe` (crawler/documents.py). Before, the links
were dropped as files before anything counted them, and the run said `finished` and no more;
a story's own attachments are normal, and said nothing of."""

from __future__ import annotations

import json

from crawler.documents import Documents, kind, note

from .conftest import FAST, run_cli
from .support.circular_site import CIRCULARS, circular_site
from .support.cms_sites import answering

ENTRY = (
    '[sites.tz]\nname = "学校"\nprofile = "php_news"\nstart_urls = ["{base}/"]\n'
    "[sites.tz.crawl]\nlistings = ['^/tzgg/list\\.php$', '^/news/list\\.php$']\n"
)


def _registry(tmp_path, base: str) -> str:
    (tmp_path / "sites.toml").write_text(ENTRY.format(base=base), encoding="utf-8")
    return str(tmp_path / "sites.toml")


def test_a_run_whose_list_page_links_documents_says_how_many_and_what(tmp_path):
    asked: list[str] = []
    db = f"sqlite:///{tmp_path / 'c.db'}"
    with answering(circular_site(asked)) as base:
        sites = _registry(tmp_path, base)
        result = run_cli("crawl", "tz", "--sites", sites, "--db", db, *FAST)
    assert result.returncode == 0, result.stdout + result.stderr
    (run,) = json.loads(run_cli("runs", "--db", db, "--format", "json").stdout)
    assert (run["status"], run["new_documents"]) == ("finished", 4), run
    reason = run["status_reason"] or ""
    said = f"list pages linked 9 documents (7 PDF, 1 Excel, 1 Word; e.g. {base}{CIRCULARS[0]}"
    assert said in reason, reason
    assert f"; 9 on {base}/tzgg/list.php), which the crawl does not fetch" in reason, reason
    assert "/upload/news/" not in reason  # the stories' attachments: normal, not said
    assert "list pages linked 9 documents" in " ".join(result.stderr.split())  # the summary
    assert not [p for p in asked if "/upload/" in p], asked  # none fetched


def test_the_dry_run_says_the_documents_its_start_pages_link(tmp_path):
    with answering(circular_site([])) as base:
        sites = _registry(tmp_path, base)
        dry = run_cli("crawl", "--dry-run", "tz", "--sites", sites, env={"COLUMNS": "300"})
    assert dry.returncode == 0, dry.stdout + dry.stderr
    out = " ".join(dry.stdout.split())
    assert "the start pages linked 5 documents (5 PDF; e.g." in out, out
    assert "which a crawl does not fetch" in out, out


def test_the_probe_says_the_documents_the_pages_it_read_link(tmp_path):
    with answering(circular_site([])) as base:
        probe = run_cli("sites", "probe", f"{base}/", "--slug", "tz", "--delay", "0")
    assert probe.returncode == 0, probe.stdout + probe.stderr
    out = " ".join(probe.stdout.split())
    assert "the pages read linked 9 documents (7 PDF, 1 Excel, 1 Word; e.g." in out, out


def test_a_storys_attachments_and_a_footers_form_say_nothing():
    documents = Documents()
    story = [f"http://s.cn/upload/{n}.pdf" for n in range(8)]
    documents.page("http://s.cn/news/show.php?id=1", "article", _links(story))
    footer = ["http://s.cn/files/application.doc", "http://s.cn/files/calendar.pdf"]
    for n in range(3):
        documents.page(f"http://s.cn/news/list.php?page={n}", "listing", _links(footer))
    assert documents.note() is None
    assert note({"http://s.cn/": footer}, "the start pages") is None
    assert [kind(u) for u in ("/a.PDF", "/b.docx", "/c.xlsx", "/d.pptx", "/e.zip", "/f.htm")] == [
        "PDF",
        "Word",
        "Excel",
        "PowerPoint",
        None,
        None,
    ]


def _links(urls: list[str]) -> list:
    from scrapy.link import Link

    return [Link(u) for u in urls]
