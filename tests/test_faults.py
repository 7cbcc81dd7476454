"""Faults (issue 14, part A): every run ends, tells the truth, and loses nothing.

Each test runs one scenario of tests/support/faults_storage.py or faults_inputs.py (the same
code `python -m bench.faults` runs): real `schoolnews` subprocesses against the fixture-site
proxy, real SQLite files on real tmpfs / loop-mounted ext4 filesystems (root only; skipped
otherwise), the real PostgreSQL. A scenario names each thing it checks; a test fails with the
names of the checks that did not hold and what happened.
"""

from __future__ import annotations

import os

import pytest

from tests.support import faults_inputs, faults_storage

from .conftest import PG_ADMIN_URL
from .support.fault_tools import Context


@pytest.fixture
def ctx(fixture_server, tmp_path):
    context = Context(tmp_path, fixture_server.url, fixture_server, PG_ADMIN_URL)
    yield context
    context.close()


def check(row: dict) -> None:
    if row["happened"].startswith("skipped:"):
        if os.environ.get("CI") and "PostgreSQL" in row["happened"]:
            pytest.fail(row["happened"])
        pytest.skip(row["happened"])
    failed = [name for name, held in row["checks"].items() if not held]
    assert not failed, f"{row['fault']}: {failed}; happened: {row['happened']}"
    assert row["ok"]
    assert row["pages_lost"] == 0, row["happened"]


# 1. The per-site lock holds on both backends; a dead holder's lock is taken over.


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_concurrent_crawls_of_one_site_one_crawls(ctx, backend):
    check(faults_storage._lock_contention(ctx, backend))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_killed_crawl_lock_taken_over_and_run_marked_killed(ctx, backend):
    check(faults_storage._killed_takeover(ctx, backend))


# 5. Storage errors end the run: full filesystem, file made read-only mid-run.


def test_full_disk_stops_the_crawl_and_fails_the_run(ctx):
    check(faults_storage.full_disk(ctx))


def test_database_made_read_only_mid_run_ends_with_a_summary(ctx):
    check(faults_storage.read_only_mid_run(ctx))


# 6. Interrupts.


def test_ctrl_c_once_says_what_it_waits_for_and_records_interrupted(ctx):
    check(faults_storage.interrupt_once(ctx))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_ctrl_c_twice_still_leaves_ledger_and_locks_true(ctx, backend):
    check(faults_storage._interrupt(ctx, 2, backend))


# 7. serve under hostile requests. 8. Registry files and paths.


def test_serve_bounds_memory_and_refuses_writes_cleanly(ctx):
    check(faults_inputs.serve_hostile_requests(ctx))


def test_registry_bom_gbk_directory_and_bad_values(ctx):
    check(faults_inputs.registry_files(ctx))


def test_stats_plot_to_a_missing_directory_creates_nothing(ctx):
    check(faults_inputs.plot_to_missing_directory(ctx))
