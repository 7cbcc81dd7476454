"""The crawl service: everything around a Scrapy run of some sites, with no output of its own.

`run_crawl` migrates the database once (before Scrapy starts), takes the site locks, runs the
crawl, settles ledger rows a dead run left `running`, learns boilerplate from the sites that
finished, releases the locks and returns one RunSummary per site asked for. The CLI renders
the summaries; `due_sites` answers `crawl --due`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from crawler import locks
from crawler.registry import load_registry
from crawler.run import crawl, release_locks, settle_runs, unfinished_sites
from pipelines.db import dialect, ledger
from pipelines.db.session import session_scope, shared_engine


@dataclass
class CrawlOptions:
    sites_file: str | None = None  # registry file (None: the bundled one)
    overrides: dict[str, Any] = field(default_factory=dict)  # Scrapy settings
    distributed: bool = False  # workers share sites through Redis; no site locks
    full: bool = False  # refetch every known article
    verbose: bool = False
    interrupts: Any = None  # crawler.interrupts.Interrupts
    learn: bool = True  # learn boilerplate from the sites that finished, and re-extract them
    compact: bool = True  # train the sites' body dictionaries and recompress (db.bodies)


@dataclass
class RunSummary:
    """One site's outcome: its ledger row, or why there is none."""

    site: str
    run: Any = None  # pipelines.db.models.CrawlRun (detached), None when no run was recorded
    locked_by: str | None = None  # another process holds the site: not crawled
    learned: Learned | None = None  # boilerplate learned after the run


@dataclass
class Learned:
    lines: list[str]  # boilerplate lines new since before the learning
    documents: int  # re-extracted
    changed: int
    read: int = 0  # stored texts learned from
    known: int = 0  # boilerplate lines the site had before
    forgotten: int = 0  # known lines given back to the texts (a notice's form)


def learn(engine, slugs: list[str], registry: dict) -> dict[str, Learned]:
    """Learn each site's boilerplate from its stored texts and re-extract the sites whose
    rules changed; every slug is answered (lines == [] when nothing was learned)."""
    from pipelines import learning
    from pipelines.site_rules import registry_rules

    before = learning.boilerplate_snapshot(engine)
    found = learning.learn(engine, slugs)
    results = learning.reextract_changed(engine, found, registry_rules(registry))
    lines = learning.new_lines(engine, before)
    return {
        slug: Learned(
            lines.get(slug, []),
            results[slug].documents if slug in results else 0,
            results[slug].changed if slug in results else 0,
            site.documents,
            site.known,
            site.forgotten,
        )
        for slug, site in found.items()
    }


def due_sites(registry: dict, db_url: str) -> list[str]:
    """Sites whose last finished run started at least `every_hours` ago (or never ran)."""
    return [slug for slug, when in next_runs(registry, db_url).items() if when is None]


def next_runs(registry: dict, db_url: str) -> dict[str, datetime | None]:
    """Each site's next due time by its schedule (every_hours after its last finished run
    started); None: due now."""
    found: dict[str, datetime | None] = {}
    with session_scope(shared_engine(db_url)) as session:
        for slug, site in sorted(registry.items()):
            run = ledger.last_finished_run(session, slug)
            started = dialect.as_utc(run.started_at) if run else None
            then = started + timedelta(hours=site.every_hours) if started else None
            found[slug] = then if then and then > datetime.now(UTC) else None
    return found


def _lock_sites(engine, slugs: list[str], owner: str | None) -> tuple[list[str], dict]:
    """(sites this process may crawl, {site: holder} of the others)."""
    if owner is None:  # distributed: Redis coordinates the workers of a site
        return list(slugs), {}
    locked, held = [], {}
    for slug in slugs:
        with session_scope(engine) as session:
            holder = ledger.acquire_lock(session, slug, owner, locks.is_stale)
        if holder:
            held[slug] = holder
        else:
            locked.append(slug)
    return locked, held


def run_crawl(slugs: list[str], db_url: str, options: CrawlOptions) -> list[RunSummary]:
    """Crawl `slugs` in this process; one summary per slug, sorted by site."""
    engine = shared_engine(db_url)  # migrated here: fails before Scrapy starts
    owner = None if options.distributed else locks.owner()
    locked, held = _lock_sites(engine, slugs, owner)
    if not locked:
        return [RunSummary(slug, locked_by=held[slug]) for slug in sorted(held)]
    with session_scope(engine) as session:
        before = max((r.id for r in ledger.recent_runs(session, limit=1)), default=0)
    overrides = {
        **options.overrides,
        "SCHOOLNEWS_LOCK_OWNER": owner,
        "SCHOOLNEWS_FULL": options.full,
    }
    learned: dict = {}
    try:
        stats = crawl(
            locked,
            db_url,
            options.sites_file,
            overrides,
            verbose=options.verbose,
            interrupts=options.interrupts,
        )
        settle_runs(engine, stats, options.interrupts)
        finished = _finished(engine, locked, stats, options)
        if options.learn and finished:
            learned = learn(engine, finished, load_registry(options.sites_file))
        if options.compact:
            compact(engine, finished)
    finally:
        release_locks(engine, locked if owner else [], owner)
    runs = _runs_of(engine, stats, before, len(slugs), options.distributed)
    summaries = [RunSummary(slug, run=runs.get(slug), learned=learned.get(slug)) for slug in locked]
    summaries += [RunSummary(slug, locked_by=holder) for slug, holder in held.items()]
    return sorted(summaries, key=lambda s: s.site)


def _finished(engine, locked: list[str], stats: dict, options: CrawlOptions) -> list[str]:
    """The sites whose run finished, to learn from and compact. Distributed: only the last
    worker out of a site's crawl has it (the others' pages are all stored by then), so N
    workers do not re-extract the same site at once."""
    unfinished = unfinished_sites(engine, stats)
    return [
        s
        for s in locked
        if s not in unfinished
        and (not options.distributed or stats.get(s, {}).get("schoolnews/distributed/last_out"))
    ]


def compact(engine, slugs: list[str]) -> dict[str, int]:
    """Train each site's body dictionary once it has enough pages and recompress the pages
    stored without it; {site: pages recompressed}. One transaction per site."""
    from pipelines.db import bodies

    done = {}
    for slug in slugs:
        with session_scope(engine) as session:
            done[slug] = bodies.compact(session, slug)
    return done


def _runs_of(engine, stats: dict, before: int, sites: int, distributed: bool) -> dict:
    """{site: run} recorded by this crawl."""
    with session_scope(engine) as session:
        if distributed:  # this worker's runs; the other workers record their own
            ids = [s.get("schoolnews/run_id") for s in stats.values()]
            runs = [r for i in ids if i and (r := ledger.get_run(session, i))]
        else:
            runs = [r for r in ledger.recent_runs(session, limit=sites * 4) if r.id > before]
    found: dict = {}
    for run in runs:  # newest first: a site's own run of this crawl
        found.setdefault(run.site, run)
    return found
