"""The house rules of product code (crawler/, pipelines/): short modules, short functions.

A module over MAX_MODULE_LINES lines, or a function over MAX_FUNCTION_LINES lines whose
docstring gives no reason (a line starting "Long because"), fails here with its place, so a
newcomer reads rooms that each do one thing. Migrations are frozen history: their
upgrade() steps are exempt from the function rule.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("crawler", "pipelines")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
REASON = "Long because"
FROZEN = ROOT / "pipelines" / "db" / "migrations"
# Functions in modules another change is reworking (the lead splits them at the merge).
PENDING: set[str] = set()  # functions allowed to stay long for now: none


def product_modules() -> list[Path]:
    return sorted(p for package in PRODUCT for p in (ROOT / package).rglob("*.py"))


def long_functions(source: str, limit: int = MAX_FUNCTION_LINES) -> list[tuple[str, int, int]]:
    """(name, first line, lines) of each function over `limit` lines with no reason given."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        lines = node.end_lineno - node.lineno + 1
        docstring = ast.get_docstring(node) or ""
        reasoned = any(line.strip().startswith(REASON) for line in docstring.splitlines())
        if lines > limit and not reasoned:
            found.append((node.name, node.lineno, lines))
    return found


def test_the_rules_catch_what_they_are_about():
    body = "\n".join(f"    x = {i}" for i in range(70))
    assert long_functions(f"def f():\n{body}\n") == [("f", 1, 71)]
    reasoned = f'def f():\n    """A table.\n\n    Long because: one row a line.\n    """\n{body}\n'
    assert long_functions(reasoned) == []
    assert long_functions(f"async def g():\n{body}\n", limit=80) == []


@pytest.mark.parametrize("path", product_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_the_limit(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)}: {lines} lines"


def test_no_function_is_long_without_a_reason():
    found = [
        f"{path.relative_to(ROOT)}:{line} {name}() is {lines} lines"
        for path in product_modules()
        if FROZEN not in path.parents
        for name, line, lines in long_functions(path.read_text(encoding="utf-8"))
        if f"{path.relative_to(ROOT)}:{name}" not in PENDING
    ]
    assert not found, f"split them, or say why not in the docstring ({REASON} …):\n" + "\n".join(
        found
    )


def readme_map() -> str:
    """The tree of rooms in README's "How it is built" (the first code block there)."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## How it is built", 1)[1]
    return section.split("```", 2)[1]


def test_the_readme_map_names_every_module():
    """Packages that describe themselves (processing/, profiles/, migrations/) are one line;
    every other module is named in the map, so a newcomer finds it there."""
    text = readme_map()
    unnamed = [
        str(path.relative_to(ROOT))
        for path in product_modules()
        if path.name not in ("__init__.py", "__main__.py")
        and not {"processing", "profiles", "migrations"} & set(path.parts)
        and path.name not in text
    ]
    assert not unnamed, f"not in README's map of the rooms: {unnamed}"


@pytest.mark.parametrize(
    "command", [("check", "--quiet"), ("format", "--check", "--quiet")], ids=" ".join
)
def test_ruff_is_clean(command):
    """`ruff check` and `ruff format --check` over the whole repository, as `make lint` runs."""
    done = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_tests_never_import_benchmarks():
    """Benchmarks use the test kit (tests/support), never the other way round."""
    importers = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "tests").rglob("*.py")
        if "fixtures" not in path.parts
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Import | ast.ImportFrom)
        and any(
            name == "bench" or name.startswith("bench.")
            for name in ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            + [alias.name for alias in node.names if isinstance(node, ast.Import)]
        )
    ]
    assert not importers, f"tests importing bench/: {importers}"


def test_every_data_file_of_the_product_is_installed():
    """A file the product reads at run time (the registry, migrations, the page model, the demo
    sites) is package data, or `pip install` leaves it behind."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = {
        path
        for package, patterns in config["tool"]["setuptools"]["package-data"].items()
        for pattern in patterns
        for path in (ROOT / package.replace(".", "/")).glob(pattern)
        if path.is_file()
    }
    tracked = subprocess.run(
        ["git", "ls-files", *PRODUCT], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    data = {ROOT / name for name in tracked if name and not name.endswith(".py")}
    assert data, "git ls-files found nothing"
    left_behind = sorted(str(path.relative_to(ROOT)) for path in data - shipped)
    assert not left_behind, f"not in pyproject's package-data: {left_behind}"
