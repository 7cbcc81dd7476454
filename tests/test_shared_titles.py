"""A run whose stories mostly share one title says so (pipelines/shared_titles.py)."""

from __future__ import annotations

import sqlite3
from http.server import BaseHTTPRequestHandler
from types import SimpleNamespace

from pipelines.shared_titles import SharedTitles

from .conftest import FAST, run_cli
from .support.local_site import local_site, send_html


class Academy(BaseHTTPRequestHandler):
    """A UK school CMS: every story's <title> and <h1> name the site and the section, the
    story's headline is an <h2>, and the footer heading names the school."""

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if not self.path.startswith("/news/"):
            links = "".join(f'<li><a href="/news/{n}.html">Story {n}</a></li>' for n in range(6))
            return send_html(self, 200, f"<html><body><ul>{links}</ul></body></html>")
        n = self.path.split("/")[-1].split(".")[0]
        text = f"<p>Year {n} students visited the engineering plant and met its apprentices. " * 6
        send_html(
            self,
            200,
            "<html><head><title>Hillside Academy - Latest News</title></head><body>"
            f"<h1>Latest News</h1><h2>Year {n} visit the plant</h2><p>15th May 2024</p>"
            f"{text}</p><footer><h3>Hillside Academy</h3></footer></body></html>",
        )


def test_a_run_whose_stories_share_one_title_says_so(tmp_path):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    with local_site(tmp_path, Academy, "academy", "Hillside Academy - Home") as registry:
        run = run_cli("crawl", "academy", "--sites", str(registry), "--db", db, *FAST)
    with sqlite3.connect(tmp_path / "c.db") as con:
        titles = {title for (title,) in con.execute("select title from documents")}
        reason = con.execute("select status_reason from crawl_runs").fetchone()[0]
    assert len(titles) == 1, titles  # what the note is about
    assert run.returncode == 0
    assert "6 of the 6 stories stored share the title" in reason
    assert "share the title" in run.stdout + run.stderr
    # The remedy the note names: the headline's element in the entry, then reextract.
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text + '[sites.academy.extraction]\nheadline = "h2"\n', encoding="utf-8")
    run_cli("reextract", "--site", "academy", "--sites", str(registry), "--db", db)
    with sqlite3.connect(tmp_path / "c.db") as con:
        titles = {title for (title,) in con.execute("select title from documents")}
    assert titles == {f"Year {n} visit the plant" for n in range(6)}


def test_a_bad_headline_selector_is_a_one_line_error(tmp_path):
    registry = tmp_path / "sites.toml"
    registry.write_text(
        '[sites.x]\nname = "X"\nstart_urls = ["http://x.example/"]\n'
        '[sites.x.extraction]\nheadline = "h2[["\n',
        encoding="utf-8",
    )
    run = run_cli("sites", "--sites", str(registry))
    assert run.returncode == 2
    assert "bad CSS selector 'h2[['" in run.stderr and len(run.stderr.strip().splitlines()) == 1


def _stored(pipeline: SharedTitles, titles: list[str], language: str) -> None:
    for title in titles:
        document = SimpleNamespace(title=title, language=language)
        pipeline.process_item({"document": document})


def test_a_few_or_varied_titles_say_nothing():
    pipeline = SharedTitles()
    _stored(pipeline, ["通知"] * 4 + [f"第{n}号" for n in range(20)], "zh-cn")
    assert pipeline.note() is None  # four, and a sixth of the stories: notices titled 通知
    _stored(pipeline, ["通知"] * 20, "zh-cn")
    assert "24 of the 44 stories stored share the title '通知'" in pipeline.note()


def test_a_bilingual_sites_shared_titles_are_counted_by_language():
    """A Hong Kong school's English stories all titled with its name, its Chinese ones
    right: 8 of 19 stories, under half of the run, but every English one."""
    pipeline = SharedTitles()
    _stored(pipeline, [f"第{n}則消息" for n in range(11)], "zh-tw")
    _stored(pipeline, ["Grace Haven College"] * 8, "en")
    assert "8 of the 8 stories stored share the title 'Grace Haven College'" in pipeline.note()
