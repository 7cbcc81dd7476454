"""The crawl's extraction processes: `process()` off the reactor thread.

One pool per crawl process, shared by every site's ExtractionPipeline (a `crawl --all` of a
hundred sites still runs `workers` processes), started on first use and shut down when the
last pipeline closes. Workers are forked from a forkserver (never from the reactor process,
which has threads) with the extraction modules preloaded, so they start in a moment.

Rules reach a worker once: the pool's initializer gives every worker the first site's rules;
a worker asked for rules it has not seen (another site of the same process) answers
`NEED_RULES` and the page comes back with the rules attached, which the worker then keeps.
Results are plain tuples (no exception crosses the process boundary), so a failure arrives
with its traceback as text.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import traceback
from concurrent.futures import Future, ProcessPoolExecutor

from pipelines.processing import (
    Document,
    ExtractionRules,
    NotADocument,
    RawPage,
    chinese_script,
    language,
    load_extractor,
    process,
)
from pipelines.processing.similarity import Sketch, sketch

logger = logging.getLogger(__name__)

# What a worker answers: ("document", (Document, its similarity.sketch)) | ("not", reason)
# | ("error", traceback text) | ("rules?", None) when it lacks the rules named by the task.
Outcome = tuple[str, tuple[Document, Sketch] | str | None]
NEED_RULES = "rules?"

_rules: dict[str, ExtractionRules] = {}  # in a worker: rules by their version fingerprint


# The pid of the crawl process that starts the pool, for the processes it starts.
_PARENT_ENV = "SCHOOLNEWS_POOL_PARENT"


def _die_with_parent() -> None:
    """Linux: be killed when the process that started this one dies (PR_SET_PDEATHSIG).

    A crawl killed with -9 would otherwise leave its forkserver and workers behind, holding
    memory and the crawl's stdout (a caller reading it to the end would wait forever)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(0)


if os.environ.get(_PARENT_ENV) not in (None, str(os.getpid())):
    _die_with_parent()  # imported by the forkserver (its preload), a child of the crawl
    # What only extraction needs is built here, once, before the workers are forked from it
    # (pages they share), and never in the crawl process, which imports this module too.
    load_extractor()
    chinese_script.to_traditional()
    language.load_profiles()


def _start_worker(rules: ExtractionRules) -> None:
    """The pool initializer: die with the forkserver, know the first site's rules."""
    _die_with_parent()
    _remember(rules)


def _remember(rules: ExtractionRules) -> None:
    """Keep rules by version (the initializer's, and those attached to a resubmitted task)."""
    _rules[rules.version] = rules


def extract(page: RawPage, version: str, rules: ExtractionRules | None = None) -> Outcome:
    """Runs in a worker (or inline): `process()` with the rules of that version."""
    if rules is not None:
        _remember(rules)
    known = _rules.get(version)
    if known is None:
        return NEED_RULES, None
    try:
        document = process(page, known, max_bytes=0)  # the pipeline applied the size cap
        # The story step's shingles, signature, band keys and facts, made on a worker's core
        # (similarity.prime).
        return "document", (document, sketch(document.text))
    except NotADocument as reason:
        return "not", str(reason)
    except Exception:
        return "error", traceback.format_exc()


def default_workers() -> int:
    """Cores minus the one the reactor (fetching, storage, stories) needs; at least one."""
    return max(1, (os.cpu_count() or 1) - 1)


class SharedPool:
    """A ProcessPoolExecutor counted by its users: the last to release it shuts it down."""

    def __init__(self) -> None:
        self.executor: ProcessPoolExecutor | None = None
        self.users = 0

    def start_server(self) -> multiprocessing.context.BaseContext:
        """The context workers are started from. With a forkserver, start it now: its preload
        (trafilatura, langdetect's profiles: about a second) then overlaps the crawl's own
        start, instead of stopping the reactor at the first page handed to the pool."""
        context = multiprocessing.get_context(
            "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        )
        if context.get_start_method() == "forkserver":
            from multiprocessing import forkserver

            context.set_forkserver_preload(["pipelines.extraction_pool"])
            # Set for the server's start only: left in this process's environment it would be
            # inherited by any Python program this process runs later, which would take itself
            # for a forkserver (importing trafilatura, dying with its parent).
            os.environ[_PARENT_ENV] = str(os.getpid())
            try:
                forkserver.ensure_running()  # once a process: a running server is left as is
            finally:
                del os.environ[_PARENT_ENV]
        return context

    def acquire(self, workers: int, rules: ExtractionRules) -> ProcessPoolExecutor:
        if self.executor is None:
            self.executor = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=self.start_server(),
                initializer=_start_worker,
                initargs=(rules,),
            )
            logger.info("extraction pool: %d worker processes", workers)
        self.users += 1
        return self.executor

    def release(self) -> None:
        self.users -= 1
        if self.users <= 0 and self.executor is not None:
            executor, self.executor = self.executor, None
            executor.shutdown(wait=True, cancel_futures=True)

    def broken(self) -> None:
        """A worker died: drop the pool; users fall back to extracting inline."""
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = None


POOL = SharedPool()


def submit(
    executor: ProcessPoolExecutor, page: RawPage, rules: ExtractionRules, attach: bool = False
) -> Future:
    return executor.submit(extract, page, rules.version, rules if attach else None)
