"""Re-extraction: stored raw pages through `process` again, no network, in batches.

Pages are read in id order, `batch_size` at a time. `process()` is pure, so with `workers` > 1
it runs in a process pool (each batch split into chunks) while this process reads the next
batches and writes finished ones; each batch is written in its own transaction, in id order,
so the documents (and their stories) are the same whatever the number of workers.

`shard=(K, N)` takes only the pages with `id % N == K - 1`: N machines (or runs) split one
re-extraction. `resume=True` skips the pages whose document was already made by the rules this
run would use (same `extractor_version`) after the page was fetched: after an interrupted run,
the same command with `resume` does only what is left. `should_stop()` is asked before each
chunk is handed out: once it says so, the pages already handed out are extracted and written
and the rest is left to `resume` (Ctrl-C in `schoolnews reextract`). `repair_contents` runs
once at the end (idempotent, so every shard runs it).
"""

from __future__ import annotations

import functools
import gc
import logging
import multiprocessing
import os
import signal
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice

from pipelines.db.documents import document_hashes, repair_contents, save_documents
from pipelines.db.session import session_scope, sessions
from pipelines.db.skips import record_skip_reasons
from pipelines.db.stored_pages import (
    article_sites,
    count_pages_to_reextract,
    iter_pages_to_reextract,
)
from pipelines.processing import (
    Document,
    ExtractionRules,
    NotADocument,
    RawPage,
    extractor_version,
    load_extractor,
    max_page_bytes,
    process,
)
from pipelines.processing.similarity import Sketch, known_sketch, prime, sketch

logger = logging.getLogger(__name__)

AHEAD = 2  # batches in the pool beyond the one being written


def batch_chunks(items: Iterable, batch_size: int, chunk_size: int) -> Iterator[tuple[list, bool]]:
    """(chunk, whether it ends a batch): the items in batches of `batch_size`, each batch cut
    into chunks of at most `chunk_size`, read only as each chunk is asked for. A batch never
    shares a chunk with the next, so the batches are the same whatever the chunk size. The
    last batch may be short, and its last chunk then says False (the items ran out)."""
    iterator = iter(items)
    left = batch_size
    while chunk := list(islice(iterator, min(chunk_size, left))):
        left -= len(chunk)
        yield chunk, left == 0
        left = left or batch_size


def _work(chunk: list, hashes: dict[int, str]) -> list[tuple[int, str, RawPage, str | None]]:
    """What a worker gets for each stored page of a chunk (see extract_pages); only article
    pages are re-extracted."""
    return [
        (
            stored.id,
            stored.site,
            RawPage(
                url=stored.url,
                body=stored.body,
                headers=stored.headers,
                fetched_at=stored.fetched_at,
                requested_url=stored.requested_url,
                status=stored.status,
                site=stored.site,
                kind="article",
            ),
            hashes.get(stored.id),
        )
        for stored in chunk
    ]


@dataclass
class ReextractResult:
    pages: int = 0
    documents: int = 0
    changed: int = 0  # documents whose content hash differs from the stored one
    not_documents: int = 0
    failed: int = 0
    skipped: int = 0  # resume: pages whose document was already current
    stopped: bool = False  # asked to stop (should_stop): the pages read so far are written


# What a worker sends back per page: (page id, site, url, document or None, the document's
# sketch or None, traceback or None, NotADocument reason or None). The sketch (shingles,
# signature, band keys, facts, normal form) is the story step's, made on a worker's core and
# handed to it through similarity.prime: the parent's share stays small.
Outcome = tuple[int, str, str, Document | None, Sketch | None, str | None, str | None]


def extract_pages(
    pages: list[tuple[int, str, RawPage, str | None]], rules: dict[str, ExtractionRules]
) -> list[Outcome]:
    """Runs in the pool's workers (or inline): pure, no database. Each page comes with its
    stored document's content hash: a text that has not changed is not sketched again (its
    stored sketch stands, similarity.known_sketch)."""
    out: list[Outcome] = []
    max_bytes = max_page_bytes()  # the cap the crawl and `extract` apply too
    for page_id, site, page, stored_hash in pages:
        try:
            document = process(page, rules[site], max_bytes)
            made = known_sketch if document.content_hash == stored_hash else sketch
            out.append((page_id, site, page.url, document, made(document.text), None, None))
        except NotADocument as reason:
            out.append((page_id, site, page.url, None, None, None, str(reason)))
        except Exception:
            out.append((page_id, site, page.url, None, None, traceback.format_exc(), None))
    return out


class _Inline(Executor):
    """One process: run each chunk at once, in this process."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def load_shared() -> None:
    """What the pool's forked workers share, loaded once in this process before they start:
    trafilatura. A caller that freezes the collector's objects loads it first
    (crawler.cli.maintain), so those are frozen too; the collector is off meanwhile (the import
    makes many objects, all of them alive as long as the process, and the workers wait).

    Not langdetect's profiles (0.3 s of this serial start, the workers waiting): Chinese and
    plainly English texts never need them (language.detect_language), and a corpus that does
    has each worker load its own copy on its first such text, both at once."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        load_extractor()
    finally:
        if was_enabled:
            gc.enable()


def _pool(workers: int) -> Executor:
    """The extraction processes, started now (before the caller has threads or a database
    cursor open). On Linux they are forked: they start at once with everything imported, and
    never touch the inherited database connections (they end with os._exit). Elsewhere
    forkserver, else spawn."""
    if workers <= 1:
        return _Inline()
    load_shared()
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods:
        context = multiprocessing.get_context("fork")
    else:
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    # The workers leave Ctrl-C to this process, which stops between chunks (should_stop):
    # hit in the middle of a task, they broke the pool and the parent's database read.
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=signal.signal,
        initargs=(signal.SIGINT, signal.SIG_IGN),
    )
    for future in [pool.submit(os.getpid) for _ in range(workers)]:
        future.result()  # one task each: every worker process is started here
    return pool


def default_workers() -> int:
    return os.cpu_count() or 1


def _store(
    engine, futures: list[Future], result: ReextractResult, on_page: Callable[[], None] | None
) -> None:
    """Write one batch's documents and skip reasons as the workers return them; count them
    in `result` (a page whose extraction crashed keeps its stored document)."""
    documents, reasons = [], []
    for future in futures:
        for page_id, page_site, url, document, ahead, failure, reason in future.result():
            result.pages += 1
            if failure is None:  # a crash keeps whatever was stored
                reasons.append((page_id, reason))
            if document is not None:
                documents.append((page_id, page_site, document))
                prime(document.text, ahead)
            elif failure is None:
                result.not_documents += 1
            else:
                result.failed += 1
                logger.error("re-extraction failed, stored document kept: %s\n%s", url, failure)
            if on_page:
                on_page()
    with session_scope(engine) as writer:
        before = document_hashes(writer, [page_id for page_id, _, _ in documents])
        save_documents(writer, documents)
        record_skip_reasons(writer, reasons)
    result.documents += len(documents)
    result.changed += sum(
        1 for page_id, _, doc in documents if before.get(page_id) != doc.content_hash
    )


def reextract(  # noqa: PLR0913  one job's options, each with a default; callers name them
    engine,
    rules_for: Callable[[str], ExtractionRules],
    site: str | None = None,
    batch_size: int = 200,
    on_page: Callable[[], None] | None = None,
    workers: int = 1,
    shard: tuple[int, int] | None = None,
    resume: bool = False,
    on_total: Callable[[int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ReextractResult:
    result = ReextractResult()
    chunk_size = max(1, -(-batch_size // (2 * workers)))  # a few chunks per worker and batch

    with _pool(workers) as pool, sessions(engine)() as reader:
        current = None
        if resume:
            sites = [site] if site else article_sites(reader)
            current = {s: extractor_version(rules_for(s)) for s in sites}
        total = count_pages_to_reextract(reader, site, shard, current)
        if resume:
            result.skipped = count_pages_to_reextract(reader, site, shard) - total
        if on_total:
            on_total(total)
        pages = iter_pages_to_reextract(reader, site, shard, current, batch=batch_size)
        rules_of = functools.cache(rules_for)  # a site's rules, made once for the run
        in_flight: deque[list[Future]] = deque()
        batch: list[Future] = []
        # Each chunk goes to the pool as soon as it is read: the workers start on the first
        # pages while this process reads the rest of the batch.
        for chunk, ends_batch in batch_chunks(pages, batch_size, chunk_size):
            if should_stop and should_stop():  # what is in hand is written below
                result.stopped = True
                break
            work = _work(chunk, document_hashes(reader, [stored.id for stored in chunk]))
            rules = {stored.site: rules_of(stored.site) for stored in chunk}
            batch.append(pool.submit(extract_pages, work, rules))
            if ends_batch:
                in_flight.append(batch)
                batch = []
                if len(in_flight) > AHEAD:
                    _store(engine, in_flight.popleft(), result, on_page)
        if batch:
            in_flight.append(batch)
        while in_flight:
            _store(engine, in_flight.popleft(), result, on_page)
    with session_scope(engine) as session:
        repair_contents(session)
    return result
