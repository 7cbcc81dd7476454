"""Linux process trees read from /proc: what a measured process started (bench/crawl.py) and
what a test's process left running (tests/test_extraction_pool.py)."""

from __future__ import annotations

import os


def children(pid: int) -> list[int]:
    """The pids of a process's children, of all its threads; none once it has ended."""
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return found
