"""Optional features and the extras that install them.

A plain `pip install schoolnews` crawls into SQLite, queries and exports JSONL/CSV. Browsing,
plotting, Parquet, WARC, the distributed crawl and PostgreSQL each need packages of their own,
installed with an extra (`pip install 'schoolnews[serve]'`); a command that needs a missing one
says which, in one line, instead of a traceback.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# extra -> (what it enables, the modules it provides)
EXTRAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "serve": ("schoolnews serve (Datasette)", ("datasette",)),
    "plot": ("stats --plot (matplotlib)", ("matplotlib",)),
    "parquet": ("export --format parquet (pyarrow)", ("pyarrow",)),
    "warc": ("export --format warc (warcio)", ("warcio",)),
    "distributed": ("crawl --distributed (scrapy-redis, redis)", ("scrapy_redis", "redis")),
    "postgres": ("PostgreSQL databases (psycopg)", ("psycopg",)),
}


class MissingExtra(ImportError):
    """An optional feature is used without its packages; the message is one line."""


def missing_extra(extra: str) -> MissingExtra:
    feature = EXTRAS[extra][0]
    return MissingExtra(f"{feature} needs the '{extra}' extra: pip install 'schoolnews[{extra}]'")


def require(extra: str) -> list[ModuleType]:
    """Import the modules of `extra`, or raise MissingExtra naming it."""
    try:
        return [importlib.import_module(name) for name in EXTRAS[extra][1]]
    except ImportError as exc:
        raise missing_extra(extra) from exc
