"""Ctrl-C (SIGINT) and SIGTERM during `schoolnews crawl`.

The first signal stops the crawl gracefully (Scrapy's `CrawlerProcess.stop()`: requests in
flight are answered, fetched pages stored, each run recorded `interrupted`) and says what it
waits for, so the operator is not left guessing for the 10-20 s it takes. The second stops the
reactor at once; `crawl` then records every run still `running` as `interrupted` and releases
the locks (crawler.cli), so the ledger stays true either way. Exit code 130 in both cases.

Scrapy's own handlers are not installed (`install_signal_handlers=False`): these do the same
through public API, plus the messages.
"""

from __future__ import annotations

import inspect
import signal
import sys
from typing import Any

from scrapy.utils.defer import deferred_from_coro

SIGNALS = (signal.SIGINT, signal.SIGTERM)
EXIT_CODE = 130  # as a shell reports a process ended by Ctrl-C


class Interrupts:
    def __init__(self) -> None:
        self.count = 0
        self.process = None
        self.crawlers: dict[str, Any] = {}

    def install(self, process, crawlers: dict[str, Any]) -> None:
        self.process, self.crawlers = process, crawlers
        for signum in SIGNALS:
            signal.signal(signum, self._handle)

    def _handle(self, signum: int, _frame) -> None:
        from twisted.internet import reactor

        self.count += 1
        # No printing or logging inside a signal handler (it may interrupt either): the
        # reactor runs these next, in its own thread.
        if self.count == 1:
            reactor.callFromThread(self._stop_gracefully, signal.Signals(signum).name)
        elif self.count == 2:
            reactor.callFromThread(self._stop_now)

    def in_flight(self) -> tuple[int, int]:
        """(requests being downloaded, fetched pages waiting for the next batch write)."""
        requests = pages = 0
        for crawler in self.crawlers.values():
            engine = getattr(crawler, "engine", None)
            downloader = getattr(engine, "downloader", None)
            requests += len(getattr(downloader, "active", ()) or ())
            if crawler.stats:
                pages += crawler.stats.get_value("schoolnews/pages_pending", 0) or 0
        return requests, pages

    def _stop_gracefully(self, name: str) -> None:
        requests, pages = self.in_flight()
        print(
            f"\n{name}: stopping. Waiting for {requests} request(s) already handed to the "
            f"downloader to be answered and {pages} fetched page(s) to be stored, then "
            "each site's run is recorded as interrupted and its lock released. Press Ctrl-C "
            "again to stop at once (the ledger and locks are still kept right; unstored "
            "pages are fetched again by the next run).",
            file=sys.stderr,
            flush=True,
        )
        stopping = self.process.stop()  # a coroutine on AsyncCrawlerProcess
        if inspect.iscoroutine(stopping):
            deferred_from_coro(stopping)

    def _stop_now(self) -> None:
        from twisted.internet import reactor

        requests, pages = self.in_flight()
        print(
            f"stopping at once: {requests} request(s) in flight abandoned, {pages} page(s) "
            "not stored; recording the runs as interrupted.",
            file=sys.stderr,
            flush=True,
        )
        if reactor.running:
            reactor.stop()

    def reason(self) -> str:
        if self.count >= 2:
            return "stopped at once by a second Ctrl-C/SIGTERM"
        return "stopped by Ctrl-C/SIGTERM"
