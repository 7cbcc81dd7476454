"""Optional features are extras: the core crawls, queries and exports JSONL without them, and
each command that needs one names the extra in one line.

The subprocesses run with the optional packages made unimportable (a `sitecustomize` on
PYTHONPATH refuses them), which is what a plain `pip install schoolnews` leaves.
"""

from __future__ import annotations

import json
import tomllib

import pytest

from pipelines.extras import EXTRAS

from .conftest import FAST, ROOT, proxy_env, run_cli

OPTIONAL_MODULES = sorted({m for _, modules in EXTRAS.values() for m in modules})
OPTIONAL_PACKAGES = (
    "datasette",
    "matplotlib",
    "pyarrow",
    "warcio",
    "scrapy-redis",
    "redis",
    "psycopg",
    "cryptography",
)

BLOCKER = """
import importlib.abc, sys

BLOCKED = {blocked!r}

class _Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}} (blocked by the test)")
        return None

sys.meta_path.insert(0, _Refuse())
"""


def test_base_dependencies_hold_no_optional_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = [
        dep.split(">")[0].split("[")[0].split("<")[0].strip().lower()
        for dep in project["dependencies"]
    ]
    assert not set(names) & set(OPTIONAL_PACKAGES)
    extras = project["optional-dependencies"]
    assert set(EXTRAS) <= set(extras)


@pytest.fixture
def bare_env(tmp_path):
    """Environment of a subprocess that cannot import any optional package."""
    site = tmp_path / "bare"
    site.mkdir()
    (site / "sitecustomize.py").write_text(BLOCKER.format(blocked=OPTIONAL_MODULES))
    return {"PYTHONPATH": str(site)}


def test_blocker_blocks(bare_env):
    result = run_cli("serve", "--db", "sqlite:///nowhere.db", env=bare_env)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "schoolnews serve: schoolnews serve (Datasette) needs the "
        "'serve' extra: pip install 'schoolnews[serve]'"
    )


def test_core_works_without_extras(fixture_server, tmp_path, bare_env):
    db = f"sqlite:///{tmp_path / 'core.db'}"
    env = {**proxy_env(fixture_server), **bare_env}
    crawl = run_cli("crawl", "cdcmzz", "--db", db, *FAST, env=env)
    assert crawl.returncode == 0, crawl.stdout + crawl.stderr
    query = run_cli("query", "合作", "--db", db, "--format", "jsonl", env=bare_env)
    assert query.returncode == 0, query.stderr
    assert query.stdout.strip()
    out = tmp_path / "docs.jsonl"
    export = run_cli("export", "--format", "jsonl", "--db", db, "--out", str(out), env=bare_env)
    assert export.returncode == 0, export.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows and all(row["site"] == "cdcmzz" for row in rows)

    for args, extra in [
        (["export", "--format", "parquet", "--out", str(tmp_path / "x.parquet")], "parquet"),
        (["export", "--format", "warc", "--out", str(tmp_path / "x.warc.gz")], "warc"),
        (["stats", "--plot", str(tmp_path / "x.png")], "plot"),
        (["serve"], "serve"),
        (["crawl", "cdcmzz", "--distributed", "--redis", "redis://127.0.0.1:1/0"], "distributed"),
    ]:
        result = run_cli(*args, "--db", db, env=bare_env)
        assert result.returncode == 2, (args, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and f"pip install 'schoolnews[{extra}]'" in lines[0], lines
    assert not (tmp_path / "x.parquet").exists() and not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("scheme", ["postgresql", "postgresql+psycopg"])
def test_a_postgres_url_without_the_extra_names_it(bare_env, scheme):
    pg = run_cli("runs", "--db", f"{scheme}://nobody@127.0.0.1:9/none", env=bare_env)
    assert pg.returncode == 2  # like every missing extra, not a database error
    assert pg.stderr.strip() == (
        "schoolnews runs: PostgreSQL databases (psycopg) needs the "
        "'postgres' extra: pip install 'schoolnews[postgres]'"
    )
