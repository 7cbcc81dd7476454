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

import logging
import multiprocessing
import os
import traceback
from concurrent.futures import Future, ProcessPoolExecutor

import numpy as np

from pipelines.processing import Document, ExtractionRules, NotADocument, RawPage, process
from pipelines.processing.similarity import sketch

logger = logging.getLogger(__name__)

# What a worker answers: ("document", (Document, its similarity.sketch)) | ("not", reason)
# | ("error", traceback text) | ("rules?", None) when it lacks the rules named by the task.
Outcome = tuple[str, tuple[Document, tuple[np.ndarray, np.ndarray]] | str | None]
NEED_RULES = "rules?"

_rules: dict[str, ExtractionRules] = {}  # in a worker: rules by their version fingerprint


def _remember(rules: ExtractionRules) -> None:
    """The pool initializer (and the rules attached to a resubmitted task)."""
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
        # The story step's shingles and signature, made on a worker's core (similarity.prime).
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

    def acquire(self, workers: int, rules: ExtractionRules) -> ProcessPoolExecutor:
        if self.executor is None:
            context = multiprocessing.get_context(
                "forkserver" if "forkserver" in multiprocessing.get_all_start_methods()
                else "spawn")
            if context.get_start_method() == "forkserver":
                context.set_forkserver_preload(["pipelines.extraction_pool"])
            self.executor = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                                initializer=_remember, initargs=(rules,))
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


def submit(executor: ProcessPoolExecutor, page: RawPage, rules: ExtractionRules,
           attach: bool = False) -> Future:
    return executor.submit(extract, page, rules.version, rules if attach else None)
