"""The dedup bench's write path: planted documents stored with `pages.save_pages` in
batches, as the crawl's storage pipeline calls it, timed where the work is done."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from crawler.items import PageItem
from pipelines.db import documents, pages, stories, story_candidates
from pipelines.db.session import open_database, session_scope
from pipelines.processing import Document, content_hash, story_match
from tests.support.story_corpus import EN, Spec, render

BATCH = 500  # pages per save_pages call (the crawl's default is 200; 500 stays under SQLite's
# 32,766 bound parameters: 500 documents x 25 band keys x 2 columns)

FETCHED = datetime(2026, 1, 1, tzinfo=UTC)
HTML = "<html><head><title>{t}</title></head><body><h1>{t}</h1>{p}</body></html>"


@dataclass
class Clock:
    """Seconds and calls of one function, timed where the write path calls it."""

    calls: int = 0
    seconds: float = 0.0

    def wrap(self, func: Callable) -> Callable:
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
                self.calls += 1

        return timed


@dataclass
class StoreStats:
    documents: int = 0
    seconds: float = 0.0  # save_pages + commit: the crawl's storage cost
    cpu_seconds: float = 0.0  # … in this process's CPU time (steadier on a shared machine)
    render_seconds: float = 0.0  # building the documents (bench only)
    hash: Clock = field(default_factory=Clock)  # content_hash (extraction's share in a crawl)
    # shingles of stored (out-of-batch) candidates verified, inside assign_stories
    shingles: Clock = field(default_factory=Clock)
    # sketches (shingles, MinHash, band and fact keys) of texts no extraction worker sketched
    minhash: Clock = field(default_factory=Clock)
    screen: Clock = field(default_factory=Clock)  # stored candidates screened on their sketch
    verify: Clock = field(default_factory=Clock)
    batch_seconds: list[float] = field(default_factory=list)
    batch_rss_mb: list[float] = field(default_factory=list)  # resident set after each batch


def page_item(spec: Spec, stats: StoreStats | None = None) -> PageItem:
    """The crawl's PageItem with the Document extraction would have produced (no HTML parse)."""
    rendered = render(spec)
    traditional = "s2t" in {e[0] for e in spec.edits}
    start = time.perf_counter()
    digest = content_hash(rendered.text)
    if stats:
        stats.hash.seconds += time.perf_counter() - start
        stats.hash.calls += 1
    document = Document(
        url=spec.url,
        title=rendered.title,
        text=rendered.text,
        published=rendered.published,
        author=None,
        source=None,
        language="en" if spec.lang == EN else ("zh-tw" if traditional else "zh-cn"),
        script="Latn" if spec.lang == EN else ("Hant" if traditional else "Hans"),
        content_hash=digest,
        declared_encoding="utf-8",
        used_encoding="utf-8",
        has_replacement_chars=False,
        extractor_version="bench/dedup",
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in rendered.text.split("\n"))
    body = HTML.format(t=rendered.title, p=paragraphs).encode("utf-8")
    headers = {"Content-Type": "text/html; charset=utf-8"}
    return PageItem(spec.site, spec.url, spec.url, "article", 200, headers, body, FETCHED, document)


def _batches(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def store(
    specs: Sequence[Spec],
    url: str,
    batch: int = BATCH,
    progress: Callable[[StoreStats], None] | None = None,
) -> StoreStats:
    """Save every document with `pages.save_pages`, one transaction per batch like the crawl."""
    stats = StoreStats(documents=len(specs))
    # Time the similarity work where the story step does it (names bound in its modules).
    wrapped = (
        (stories, "shingles", stats.shingles),
        (stories, "make_sketch", stats.minhash),
        (story_candidates, "worth_verifying", stats.screen),
        (story_match, "link", stats.verify),
    )
    originals = [getattr(module, name) for module, name, _ in wrapped]
    for module, name, clock in wrapped:
        setattr(module, name, clock.wrap(getattr(module, name)))
    engine = open_database(url)
    try:
        for chunk in _batches(specs, batch):
            start = time.perf_counter()
            items = [page_item(spec, stats) for spec in chunk]
            stats.render_seconds += time.perf_counter() - start
            start, cpu = time.perf_counter(), time.process_time()
            with session_scope(engine) as session:
                pages.save_pages(session, items, run_id=None)
            stats.batch_seconds.append(time.perf_counter() - start)
            stats.cpu_seconds += time.process_time() - cpu
            stats.batch_rss_mb.append(_current_rss_mb())
            if progress:
                progress(stats)
    finally:
        for (module, name, _), original in zip(wrapped, originals, strict=True):
            setattr(module, name, original)
        engine.dispose()
    stats.seconds = sum(stats.batch_seconds)
    return stats


def read_back(url: str) -> dict[str, tuple[int | None, str]]:
    """url -> (story_id, content_hash), in one query."""
    engine = open_database(url, migrate=False)
    try:
        with session_scope(engine) as session:
            return {u: (story, digest) for u, story, digest in documents.story_assignments(session)}
    finally:
        engine.dispose()


def _current_rss_mb() -> float:
    """Resident set now: whether memory keeps climbing batch after batch."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
