"""`schoolnews`: crawl, re-extract, export, query and inspect the corpus.

Argument parsing and output live in this package, one module per group of commands, each
registering its own parsers; the work is done by crawler.service (crawls), pipelines.reextract,
pipelines.export and the pipelines.db storage modules. Errors a user can fix print one line
and exit 2 (usage, registry) or 1 (database, I/O).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys

from sqlalchemy.exc import DBAPIError

from crawler.cli import corpus, crawl, export, maintain, pages, partners, probe, runs
from crawler.cli.options import common_options
from crawler.cli.terminal import ServiceError, UsageError, err
from crawler.registry import RegistryError
from pipelines.db.session import DatabaseError, one_line
from pipelines.extras import MissingExtra

# In `schoolnews --help` order.
COMMAND_MODULES = (crawl, maintain, export, corpus, partners, probe, runs, pages)


def _version() -> str:
    """The package version and what extraction is made of (recorded with every document)."""
    from importlib.metadata import PackageNotFoundError, version

    from pipelines.processing import extractor_version

    try:
        own = version("schoolnews")
    except PackageNotFoundError:
        own = "unknown (not installed)"
    return f"schoolnews {own} (extractor: {extractor_version()})"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="schoolnews",
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = common_options()
    for module in COMMAND_MODULES:
        module.add_parsers(sub, common)
    parser.commands = sub.choices
    return parser


# Mistakes a user can fix: the start of the one line printed, and the exit code.
USER_ERRORS: dict[type[Exception], tuple[str, int]] = {
    UsageError: ("error: ", 2),
    RegistryError: ("registry error: ", 2),
    DatabaseError: ("database error: ", 1),
    ServiceError: ("", 1),  # its message names the service (Redis)
    MissingExtra: ("", 2),  # its message names the extra to install
}


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The arguments; `query -word` (a query of one exclusion) is the query, not an option."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if getattr(args, "command", None) == "query" and args.text is None:
        if len(extra) == 1 and extra[0].startswith("-") and not extra[0].startswith("--"):
            args.text, extra = extra[0], []
        elif not extra:
            parser.commands["query"].error("the following arguments are required: QUERY")
    if extra:
        # The command's own usage, not the top level's: `crawl --delay 1` showed
        # `usage: schoolnews [-h] [--version] COMMAND ...`, which lists no option at all.
        command = parser.commands.get(getattr(args, "command", None), parser)
        why = _why_not(args, extra) or _did_you_mean(command, extra)
        command.error(f"unrecognized arguments: {' '.join(extra)}{why}")
    return args


def _why_not(args: argparse.Namespace, extra: list[str]) -> str:
    """Why a command takes no --sites: it reads the database alone (a user passing the flags
    of `crawl` to every command met a bare "unrecognized arguments")."""
    if any(arg == "--sites" or arg.startswith("--sites=") for arg in extra):
        return f" ({args.command} reads the database alone: it needs no registry)"
    return ""


def _did_you_mean(command: argparse.ArgumentParser, extra: list[str]) -> str:
    """The command's nearest option to a mistyped one; for `crawl`, where a Scrapy setting
    goes (`--delay`, `--concurrency` are settings, not options)."""
    usage = command.format_usage()
    options = re.findall(r"(?<![\w-])--?[A-Za-z][\w-]*", usage)
    for arg in extra:
        if arg.startswith("-"):
            near = difflib.get_close_matches(arg.split("=", 1)[0], options, n=1, cutoff=0.75)
            if near:
                return f" (did you mean {near[0]}?)"
    if "NAME=VALUE" in usage and any(arg.startswith("--") for arg in extra):
        return " (Scrapy settings go through -s NAME=VALUE, e.g. -s DOWNLOAD_DELAY=2)"
    return ""


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a full disk says so here, not in a traceback at exit
        return code
    except tuple(USER_ERRORS) as exc:
        label, code = next(v for kind, v in USER_ERRORS.items() if isinstance(exc, kind))
        err.print(f"schoolnews {args.command}: {label}{exc}", markup=False)
        return code
    except DBAPIError as exc:  # locked, read-only, gone away: what the database said, one line
        err.print(f"schoolnews {args.command}: database error: {one_line(exc)}", markup=False)
        return 1
    except BrokenPipeError:  # `schoolnews export | head`
        sys.stderr.close()
        return 0
    except OSError as exc:  # output that cannot be written: a full disk, a device gone
        where = f"{exc.filename}: " if exc.filename else ""
        err.print(f"schoolnews {args.command}: {where}{exc.strerror or exc}", markup=False)
        return 1
    except KeyboardInterrupt:  # outside a crawl (a crawl handles its own Ctrl-C)
        err.print(f"schoolnews {args.command}: interrupted")
        return 130
