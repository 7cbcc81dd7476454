"""Shared fixtures: the fixture-site proxy, databases on migrated schemas, the CLI, one crawl."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.fixture_server import FixtureServer, RequestRecord

ROOT = Path(__file__).resolve().parents[1]
SITES_DIR = ROOT / "crawler" / "demo_sites"
SLUGS = sorted(p.name for p in SITES_DIR.glob("*") if (p / "site.json").exists())
PG_ADMIN_URL = os.environ.get("SCHOOLNEWS_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def load_gold(slug: str) -> list[dict]:
    return json.loads((SITES_DIR / slug / "gold.json").read_text(encoding="utf-8"))


def all_gold() -> list[dict]:
    return [dict(case, site=slug) for slug in SLUGS for case in load_gold(slug)]


def site_json(slug: str) -> dict:
    return json.loads((SITES_DIR / slug / "site.json").read_text(encoding="utf-8"))


def mirror_file(slug: str, url: str) -> Path:
    """The mirror file serving `url` (tests/fixtures/README.md: `/` -> index.html, ? -> @)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path + ("@" + parts.query if parts.query else "")
    if path.endswith("/"):
        path += "index.html"
    return SITES_DIR / slug / "mirror" / path.lstrip("/")


def fixture_page(slug: str, url: str):
    """The RawPage the fixture server would answer for `url` (bytes and Content-Type)."""
    from datetime import UTC, datetime

    from pipelines.processing import RawPage

    content_type = site_json(slug)["content_type"]
    path = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
    override = site_json(slug).get("headers", {}).get(path, {})
    headers = {"Content-Type": override.get("Content-Type", content_type)}
    return RawPage(
        url=url,
        body=mirror_file(slug, url).read_bytes(),
        headers=headers,
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
        site=slug,
    )


# -- databases -------------------------------------------------------------------------------


def _postgres_database():
    """A fresh PostgreSQL database, or a skip (a failure under CI, where it must be there)."""
    try:
        import psycopg

        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except Exception as exc:  # any reason PostgreSQL cannot be reached
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required under CI and unreachable: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}")
    name = f"schoolnews_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return admin, name, f"{base}/{name}"


@contextmanager
def postgres_database() -> Iterator[str]:
    """The URL of a fresh PostgreSQL database, dropped afterwards (or a skip, see above)."""
    admin, name, url = _postgres_database()
    try:
        yield url
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def pg_url():
    """An empty PostgreSQL database."""
    with postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """An empty database of each backend; tests migrate it themselves or through open_database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    with postgres_database() as url:
        yield url


@pytest.fixture
def engine(db_url):
    from pipelines.db.session import open_database

    engine = open_database(db_url)
    yield engine
    engine.dispose()


# -- the CLI and the fixture sites -----------------------------------------------------------


def run_cli(
    *args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    """`schoolnews ARGS` in a subprocess (the Twisted reactor runs once per process)."""
    full_env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        cwd=cwd or ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# A site served on 127.0.0.1, reached directly whatever proxy the machine sets; wide output.
LOCAL_ENV = {"no_proxy": "127.0.0.1", "COLUMNS": "300"}


def probe_cli(url: str, slug: str, registry: Path) -> subprocess.CompletedProcess:
    """`schoolnews sites probe URL --slug SLUG --write REGISTRY --delay 0` of a local site."""
    args = ("sites", "probe", url, "--slug", slug, "--write", str(registry), "--delay", "0")
    return run_cli(*args, env=LOCAL_ENV)


def proxy_env(server: FixtureServer) -> dict[str, str]:
    return {"http_proxy": server.url, "https_proxy": server.url}


FAST = [
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=4",
]


@pytest.fixture(scope="session")
def fixture_server():
    with FixtureServer(SITES_DIR) as server:
        yield server


@dataclass
class Crawl:
    db_url: str
    result: subprocess.CompletedProcess
    requests: list[RequestRecord]


def _crawl_all(server: FixtureServer, db_url: str) -> Crawl:
    server.clear_log()
    result = run_cli("crawl", "--all", "--db", db_url, *FAST, env=proxy_env(server))
    assert result.returncode == 0, result.stdout + result.stderr
    return Crawl(db_url, result, server.requests)


@pytest.fixture(scope="session")
def crawled(fixture_server, tmp_path_factory) -> Crawl:
    """One `schoolnews crawl --all` of the fixture sites into a fresh SQLite file."""
    return _crawl_all(fixture_server, f"sqlite:///{tmp_path_factory.mktemp('crawl') / 'c.db'}")


@pytest.fixture(scope="session")
def crawled_pg(fixture_server) -> Crawl:
    """The same crawl into a fresh PostgreSQL database."""
    with postgres_database() as url:
        yield _crawl_all(fixture_server, url)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def any_crawled(request) -> Crawl:
    """The crawl of the fixture sites, on each backend."""
    return request.getfixturevalue("crawled" if request.param == "sqlite" else "crawled_pg")


# -- running in parallel (make test: pytest-xdist, --dist loadgroup) ----------------------------

SHARED_CRAWLS = {"crawled", "crawled_pg", "any_crawled"}


@pytest.hookimpl(optionalhook=True)  # pytest without xdist (an older venv) still runs
def pytest_xdist_auto_num_workers(config):
    """`-n auto`: two workers a core. Most tests wait on `schoolnews` subprocesses, servers and
    databases (one at a time, the suite kept 0.56 of one core busy), so one worker a core
    leaves the cores idle half the time."""
    return 2 * len(os.sched_getaffinity(0))


def pytest_collection_modifyitems(config, items):
    """Tests that share an expensive fixture go to one xdist worker, so it is built once:
    every test of the session crawls on one, each module with a module-scoped fixture on one.
    The other tests are spread one by one. Without xdist this changes nothing."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & SHARED_CRAWLS:
            item.add_marker(pytest.mark.xdist_group("crawl"))
            continue
        defs = getattr(item, "_fixtureinfo", None)
        defs = defs.name2fixturedefs if defs else {}
        if any(d and d[-1].scope == "module" for d in map(defs.get, names)):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
