"""Commands that rework a stored corpus: `reextract`, `learn` and `db` (the schema).

The work is done by pipelines.reextract, crawler.service.learn and pipelines.db.migrate.
"""

from __future__ import annotations

import gc
import os
import signal

from crawler.cli.options import Common, corpus, positive, registry_with, shard
from crawler.cli.terminal import console, err
from pipelines.db.session import database_url

INTERRUPTED = (
    "schoolnews reextract: interrupted after extracting {} pages; the batches already written "
    "are kept, and the same command with --resume does the rest"
)
STOPPED = (
    "schoolnews reextract: interrupted; every page above is written, and the same command "
    "with --resume does the rest"
)
STOPPING = (
    "schoolnews reextract: stopping: the pages in hand are written first (Ctrl-C again stops "
    "at once)"
)


class _FirstInterrupt:
    """Ctrl-C once: stop between chunks, writing what is in hand; twice: stop at once.
    (Raised in the middle of a database read, KeyboardInterrupt made SQLAlchemy print its
    cursor's traceback.)"""

    def __init__(self) -> None:
        self.asked = False
        self.previous = signal.signal(signal.SIGINT, self)

    def __call__(self, signum, frame) -> None:
        if self.asked:
            raise KeyboardInterrupt
        self.asked = True
        err.print(STOPPING, markup=False)

    def restore(self) -> None:
        signal.signal(signal.SIGINT, self.previous)


def reextract_command(args) -> int:
    from rich.progress import Progress

    from pipelines.learning import rules_lookup
    from pipelines.reextract import load_shared, reextract
    from pipelines.site_rules import registry_rules

    registry = registry_with(args, args.site)
    engine = corpus(args)
    if not args.site:
        _require_registered(engine, registry)
    # A bar for a person at a terminal; none in a pipe or a log (it left a blank line there).
    progress = Progress(console=err, transient=True, disable=not err.is_terminal)
    task = progress.add_task("re-extracting", total=None)

    def on_total(total: int) -> None:  # the extraction processes are started by then
        progress.update(task, total=total)
        progress.start()  # its refresh thread, only now: no fork while it runs

    if args.workers > 1:  # trafilatura, which the pool's workers share
        load_shared()
    # What is loaded by now lives as long as the command: out of the cyclic GC's way, so its
    # full collections walk only what the batches make (a tenth of this process's CPU went to
    # re-walking the modules), and forked workers share those pages instead of copying them.
    # What the workers share too: left to the collector (the language profiles are 87,000
    # lists), its last collection, as Python exits, walked it after the work was done.
    gc.freeze()
    done = [0]

    def on_page() -> None:
        done[0] += 1
        progress.advance(task)

    interrupt = _FirstInterrupt()
    try:
        result = reextract(
            engine,
            rules_lookup(engine, registry_rules(registry)),
            site=args.site,
            on_page=on_page,
            workers=args.workers,
            shard=args.shard,
            resume=args.resume,
            on_total=on_total,
            should_stop=lambda: interrupt.asked,
        )
    except KeyboardInterrupt:
        progress.stop()
        err.print(INTERRUPTED.format(done[0]), markup=False)
        return 130
    finally:
        interrupt.restore()
        progress.stop()
    _print_result(args, result)
    if result.stopped:
        err.print(STOPPED, markup=False)
        return 130
    return 0


def _print_result(args, result) -> None:
    shard_note = f" (shard {args.shard[0]}/{args.shard[1]})" if args.shard else ""
    skipped = f"; {result.skipped} already current, skipped" if args.resume else ""
    console.print(
        f"re-extracted {result.pages} article pages{shard_note}: {result.documents} "
        f"documents, {result.changed} texts changed, {result.not_documents} not documents, "
        f"{result.failed} failed{skipped}"
    )


def _stored_sites(engine, registry: dict) -> tuple[list[str], list[str]]:
    """(the database's sites the registry knows, those it does not)."""
    from pipelines.db.session import session_scope
    from pipelines.db.stored_pages import article_sites

    with session_scope(engine) as session:
        stored = article_sites(session)
    return [s for s in stored if s in registry], [s for s in stored if s not in registry]


def _require_registered(engine, registry: dict) -> None:
    """Every stored site must be in the registry: one that is not would be re-extracted with
    no site rules (names, boilerplate), changing its documents without a word."""
    from crawler.cli.terminal import UsageError

    if unknown := _stored_sites(engine, registry)[1]:
        raise UsageError(
            f"stored sites not in the registry: {', '.join(unknown)}; name its file with "
            "--sites FILE (or re-extract one site with --site SLUG)"
        )


def learn_command(args) -> int:
    from crawler.cli.crawl import print_learned
    from crawler.service import learn

    registry = registry_with(args, args.site)
    engine = corpus(args)
    if args.site:
        slugs = [args.site]
    else:  # the database's sites (the registry's others have nothing stored to learn from)
        slugs, unknown = _stored_sites(engine, registry)
        if unknown:
            err.print(
                f"not in the registry, not learned (--sites names its file): {', '.join(unknown)}",
                markup=False,
            )
    learned = learn(engine, slugs, registry)
    print_learned(learned)  # one line (and the lines learned) per site
    gained = sum(bool(result.lines or result.forgotten) for result in learned.values())
    console.print(f"learned boilerplate checked for {len(slugs)} site(s), {gained} changed")
    return 0


def db_command(args) -> int:
    from pipelines.db.migrate import current_revision, head_revision
    from pipelines.db.session import make_engine, open_database

    if args.action == "upgrade":
        engine = open_database(database_url(args.db), migrate=True)
    else:
        engine = open_database(database_url(args.db), migrate=False, create=False)
    console.print(
        f"{engine.url.render_as_string()}: revision {current_revision(engine)} "
        f"(head {head_revision(make_engine(database_url(args.db)))})"
    )
    return 0


def add_parsers(sub, common: Common) -> None:
    p = sub.add_parser(
        "reextract",
        parents=[common.db, common.sites],
        help="extract stored pages again (no network)",
    )
    p.add_argument("--site", help="only this site (slug)")
    p.add_argument(
        "--workers",
        type=positive,
        default=os.cpu_count() or 1,
        metavar="N",
        help="extraction processes (default: one per core)",
    )
    p.add_argument(
        "--shard",
        type=shard,
        metavar="K/N",
        help="only the pages with id %% N == K-1 (split a job across machines)",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="skip pages whose document these rules already made after the fetch",
    )
    p.set_defaults(func=reextract_command)

    p = sub.add_parser(
        "learn",
        parents=[common.db, common.sites],
        help="learn per-site boilerplate from stored texts; re-extract what changes",
    )
    p.add_argument("--site", help="only this site (slug)")
    p.set_defaults(func=learn_command)

    p = sub.add_parser("db", parents=[common.db], help="database schema: upgrade or show revision")
    p.add_argument("action", choices=("upgrade", "current"))
    p.set_defaults(func=db_command)
