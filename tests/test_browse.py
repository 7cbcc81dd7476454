"""`schoolnews serve`: Datasette on a crawled SQLite file, driven over real HTTP (and, where
Debian's Chromium is installed, rendered by a headless browser)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli

CHROMIUM = Path("/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(base: str, path: str, **params) -> tuple[int, str]:
    url = base + urllib.parse.quote(path) + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def rows(base: str, path: str, **params) -> list[dict]:
    status, body = get(base, path, _shape="array", **params)
    assert status == 200, body
    return json.loads(body)


@pytest.fixture(scope="module")
def served(crawled, tmp_path_factory):
    """Datasette (`schoolnews serve`) on a copy of the crawled database: (base URL, db URL)."""
    source = Path(crawled.db_url.removeprefix("sqlite:///"))
    folder = tmp_path_factory.mktemp("serve")
    for part in source.parent.glob(source.name + "*"):
        shutil.copy(part, folder / part.name)
    db_url = f"sqlite:///{folder / source.name}"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    server = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "serve", "--db", db_url, "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"serve did not start:\n{server.communicate()[0]}")
            time.sleep(0.3)
    yield base, db_url, source.stem
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def test_search_query_over_http_both_scripts(served):
    base, _, name = served
    found = rows(base, f"/{name}/search.json", q="校企合作")
    assert found and all(
        "校企合作" in r["title"] or "<mark>校企合作</mark>" in r["snippet"] for r in found
    )
    assert all(r["url"].startswith("http") for r in found)
    simplified = rows(base, f"/{name}/search.json", q="职业教育")
    traditional = rows(base, f"/{name}/search.json", q="職業教育")
    assert simplified == traditional and len(simplified) >= 3
    assert {r["site"] for r in simplified} >= {"scedu", "cdcmzz"}
    assert rows(base, f"/{name}/search.json", q="合作")  # two characters: the scan fallback
    story = [r for r in rows(base, f"/{name}/search.json", q="cooperation") if r["also_on"]]
    assert story, "a story carried by several sites names the others"


def test_documents_table_search_and_facets(served):
    base, _, name = served
    status, body = get(base, f"/{name}/documents.json", _search="職業教育", _facet="site")
    assert status == 200, body
    table = json.loads(body)
    assert table["rows"] and {"site", "language", "published"} <= set(table["facet_results"])
    assert table["facet_results"]["published"]["type"] == "year"
    published = [row[table["columns"].index("published")] for row in table["rows"]]
    years = {v["value"]: v["count"] for v in table["facet_results"]["published"]["results"]}
    assert years == {
        y: sum(1 for p in published if p and p[:4] == y) for y in {p[:4] for p in published if p}
    }
    year = table["facet_results"]["published"]["results"][0]["value"]
    filtered = rows(base, f"/{name}/documents.json", published__startswith=year)
    assert filtered and all(r["published"].startswith(year) for r in filtered)


def test_article_page_is_readable_and_links_to_the_source(served):
    base, _, name = served
    hit = rows(base, f"/{name}/search.json", q="校企合作")[0]
    status, page = get(base, f"/{name}/article", id=hit["id"])
    assert status == 200
    assert f'<a href="{hit["url"]}"' in page
    assert page.count("<p>") >= 2 and f"<strong>{hit['title']}</strong>" in page
    record = {r["field"]: r["value"] for r in rows(base, f"/{name}/article.json", id=hit["id"])}
    assert (record["url"], record["site"], record["title"]) == (
        hit["url"],
        hit["site"],
        hit["title"],
    )
    assert "校企合作" in record["text"]


def test_read_only_and_live_on_a_wal_database(served):
    base, db_url, name = served
    status, body = get(base, f"/{name}.json", sql="delete from documents")
    assert status == 400 and "must be a SELECT" in body
    # Not --immutable: a crawl writing to the WAL database is seen at once.
    from pipelines.db import pages
    from pipelines.db.session import open_database, session_scope

    from .test_search import HANS, page

    engine = open_database(db_url)
    with session_scope(engine) as session:
        pages.save_pages(
            session,
            [
                page(
                    "cdcmzz", "https://cd.cn/news/20990101/9.html", "新到的稿件：鲲鹏实训基地", HANS
                )
            ],
            None,
        )
    engine.dispose()
    assert [r["title"] for r in rows(base, f"/{name}/search.json", q="鲲鹏实训")] == [
        "新到的稿件：鲲鹏实训基地"
    ]


def test_serve_refuses_postgresql_in_one_line():
    result = run_cli("serve", "--db", "postgresql+psycopg://nobody@127.0.0.1:9/none")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "schoolnews serve: error: serve works on SQLite files only, not postgresql+psycopg "
        "(export the corpus, or crawl into a SQLite file)"
    ]


def test_serve_on_a_port_in_use_says_so_in_one_line(served):
    """It announced "Serving … at" first, then uvicorn's lines about the address in use."""
    _, db_url, _ = served
    with socket.create_server(("127.0.0.1", 0)) as held:
        port = held.getsockname()[1]
        result = run_cli("serve", "--db", db_url, "--port", str(port), timeout=60)
    assert result.returncode == 1 and "Serving" not in result.stdout
    assert result.stderr.strip().splitlines() == [
        f"schoolnews serve: cannot serve at 127.0.0.1:{port}: Address already in use "
        "(another `serve`? --port N)"
    ]


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"
)
def test_search_page_renders_in_headless_chromium(served, tmp_path):
    base, _, name = served
    expected = rows(base, f"/{name}/search.json", q="校企合作")[0]["title"]
    url = f"{base}/{name}/search?" + urllib.parse.urlencode({"q": "校企合作"})
    result = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    dom = result.stdout
    assert expected in dom
    assert "<mark>校企合作</mark>" in dom
    assert f"/{name}/article?id=" in dom  # titles link to the readable article


def table_ids(base: str, name: str, **params) -> set[int]:
    status, body = get(base, f"/{name}/documents.json", _shape="array", _size="max", **params)
    assert status == 200, body
    return {row["id"] for row in json.loads(body)}


def test_query_language_in_the_browser_as_in_the_command_line(served):
    """Every operator on the search page and in the documents table's search box, checked
    against `schoolnews query` / `export --query` on the same file."""
    base, db_url, name = served
    for query in (
        "校企合作 OR 产教融合",
        "合作 -签约",
        '"school-enterprise cooperation"',
        "vocation* site:spa",
        "合作 lang:zh-cn after:2021",
        "協作 topic:east-west",
        "(签约 OR 协议) NOT 四川",
    ):
        exported = run_cli("export", "--query", query, "--db", db_url)
        expected = {json.loads(line)["url"] for line in exported.stdout.splitlines()}
        assert expected, query
        ranked = run_cli("query", query, "--format", "jsonl", "--limit", "500", "--db", db_url)
        stories = [json.loads(line)["url"] for line in ranked.stdout.splitlines()]
        assert [r["url"] for r in rows(base, f"/{name}/search.json", q=query, _size="max")][
            :50
        ] == stories[:50], query
        status, body = get(
            base, f"/{name}/documents.json", _search=query, _shape="array", _size="max", _col="id"
        )
        assert status == 200, body
        ids = {row["id"] for row in json.loads(body)}
        assert len(ids) == len(expected), (query, len(ids), len(expected))
    assert len(table_ids(base, name, _search="合作 -签约")) < len(
        table_ids(base, name, _search="合作")
    )
    union = table_ids(base, name, _search="校企合作 OR 乐山")
    assert union == table_ids(base, name, _search="校企合作") | table_ids(
        base, name, _search="乐山"
    )


def test_two_character_chinese_in_the_documents_table(served):
    base, db_url, name = served
    found = table_ids(base, name, _search="合作")
    exported = run_cli("export", "--query", "合作", "--db", db_url)
    assert found and len(found) == len(exported.stdout.splitlines())
    assert found == table_ids(base, name, _search="合作 OR 合作")


def test_topic_facet_and_filter(served):
    base, _, name = served
    status, body = get(base, f"/{name}/documents.json", _facet_topic="id")
    table = json.loads(body)
    assert status == 200 and table["facet_results"]["topic"]["type"] == "topic"
    counts = {v["value"]: v["count"] for v in table["facet_results"]["topic"]["results"]}
    assert counts["school-enterprise"] >= 5
    assert len(table_ids(base, name, _topic="school-enterprise")) == counts["school-enterprise"]


def test_page_titles_name_the_page_not_its_sql(served):
    base, _, name = served
    status, page = get(base, f"/{name}/article", id="1")
    assert status == 200
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "select" not in title.lower() and "Article" in title
    status, page = get(base, f"/{name}/search", q="校企合作")
    assert "<title>校企合作 · search · schoolnews</title>" in page
    status, body = get(base, f"/{name}/search.json", q="(校企合作")
    assert status == 400 and "not closed" in body
