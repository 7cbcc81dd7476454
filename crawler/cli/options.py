"""What several commands share: argument types, the common options, the corpus and registry.

A command module registers its parser with `add_parser(sub, common)`; `common` holds the parent
parsers of the options every command spells the same way (--db, --sites, the filters).
"""

from __future__ import annotations

import argparse
import contextlib
from dataclasses import dataclass
from datetime import date

from crawler.cli.terminal import UsageError
from crawler.registry import load_registry
from pipelines.db.session import database_url


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return int(value)


def limit_or_all(value: str) -> int:
    """A --limit where 0 means no limit."""
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number (0: all), got {value!r}")
    return int(value)


def shard(value: str) -> tuple[int, int]:
    k, sep, n = value.partition("/")
    if not (sep and k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise argparse.ArgumentTypeError(f"expected K/N with 1 <= K <= N, got {value!r}")
    return int(k), int(n)


def setting(value: str) -> tuple[str, str]:
    key, sep, val = value.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {value!r}")
    return key, val


@dataclass(frozen=True)
class Common:
    """Parent parsers: `parents=[common.db]` gives a command the option as everyone spells it."""

    db: argparse.ArgumentParser
    sites: argparse.ArgumentParser
    filters: argparse.ArgumentParser  # --site --language --since --until


class Once(argparse.Action):
    """An option that takes one value: given twice, it is an error (argparse would keep the
    last one and drop the first without a word: `--site a --site b` exported site b)."""

    def __call__(self, parser, namespace, values, option_string=None):
        if getattr(namespace, self.dest, None) is not None:
            parser.error(f"{option_string} given twice: it takes one value")
        setattr(namespace, self.dest, values)


def common_options() -> Common:
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy URL or a SQLite file's path "
        "(default: $SCHOOLNEWS_DB or sqlite:///data/schoolnews.db)",
    )
    sites = argparse.ArgumentParser(add_help=False)
    sites.add_argument(
        "--sites",
        metavar="FILE",
        help="site registry (default: $SCHOOLNEWS_SITES or the bundled sites.toml)",
    )
    filters = argparse.ArgumentParser(add_help=False)
    filters.add_argument("--site", action=Once, help="only this site (slug)")
    filters.add_argument("--language", action=Once, help="only this language (en, zh-cn, …)")
    filters.add_argument(
        "--since", action=Once, type=iso_date, help="published on or after YYYY-MM-DD"
    )
    filters.add_argument(
        "--until", action=Once, type=iso_date, help="published on or before YYYY-MM-DD"
    )
    return Common(db, sites, filters)


def check_dates(args) -> None:
    """--since after --until selects nothing: a mistake, said before any work."""
    since, until = getattr(args, "since", None), getattr(args, "until", None)
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}: nothing can match")


def corpus(args, create: bool = False):
    """The engine of the corpus named by --db; only commands that store (crawl, demo) create
    one."""
    from pipelines.db.session import open_database

    return open_database(database_url(args.db), create=create)


def require_known_filters(args, engine=None, query: str | None = None) -> None:
    """--site and each site: of the query name a site this database holds, and each topic: a
    topic of the taxonomy: a typo is an error, not an empty result."""
    from pipelines.db import stored_pages
    from pipelines.db.session import session_scope
    from pipelines.query_language import QueryError, fields, parse

    found = []
    with contextlib.suppress(QueryError):  # the command says what is wrong with the query
        found = list(fields(parse(query or "")))
    for field in found:
        if field.name == "topic":
            require_topic(field.value)
    wanted = [args.site] if getattr(args, "site", None) else []
    wanted += [f.value for f in found if f.name == "site"]
    if not wanted:
        return
    with session_scope(engine or corpus(args)) as session:
        sites = stored_pages.stored_sites(session)
    for slug in wanted:
        if slug not in sites:
            raise UsageError(
                f"no site {slug!r} in this database; it holds: {', '.join(sites) or 'nothing yet'}"
            )


def require_topic(slug: str) -> None:
    """UsageError unless `slug` is a topic of the taxonomy."""
    if slug not in (known := known_topics()):
        raise UsageError(f"unknown topic {slug!r}; known: {', '.join(known)}")


def known_topics() -> list[str]:
    """The topics of the taxonomy, by slug (pipelines.processing.topics)."""
    from pipelines.processing.topics import default_taxonomy

    return [topic.slug for topic in default_taxonomy().topics]


def registry_with(args, *slugs: str | None) -> dict:
    """The registry named by --sites, after checking that it knows each slug given."""
    registry = load_registry(args.sites)
    for slug in slugs:
        if slug and slug not in registry:
            raise UsageError(f"unknown site {slug!r}; known: {', '.join(sorted(registry))}")
    return registry
