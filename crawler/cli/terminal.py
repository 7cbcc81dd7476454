"""What every command writes to, and the error a command-line mistake raises."""

from __future__ import annotations

import sys

from rich.console import Console

# Piped output (CI logs, files) gets room for the wide run tables.
console = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)


class UsageError(Exception):
    """A command-line mistake: one line, exit code 2."""


class ServiceError(Exception):
    """A service the command needs is unreachable (Redis): one line, exit code 1."""
