"""A run's status as tables show it: red when the run did not work, with its reason."""

from __future__ import annotations

from rich.text import Text

from crawler.outcome import is_problem


def status_cell(status: str, reason: str | None = None, full: bool = False) -> Text:
    """`finished (full)`, or `empty` in red with its one-line reason under it."""
    cell = Text(
        status + (" (full)" if full else ""), style="bold red" if is_problem(status) else ""
    )
    if reason and is_problem(status):
        cell.append("\n" + reason, style="red")
    return cell
