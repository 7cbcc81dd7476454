"""Did a site's run work? Its ledger status and the one line that says why.

Scrapy's close reason only says whether the spider ran to its end. A run can end normally and
still have achieved nothing: every start page failed (moved, renamed, server down), or the
site's pages linked no article the profile recognises (a wrong profile, or a layout change
after earlier runs stored many). Those runs are `failed` / `empty`, never a quiet `finished`.
A routine run that finds nothing *new* still saw its known article links, and stays
`finished`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# Scrapy close reasons that are not a normal end.
CLOSE_STATUS = {"finished": "finished", "shutdown": "interrupted", "database_error": "failed"}

# `schoolnews crawl` exit codes (README, "Exit codes").
EXIT_OK = 0
EXIT_ERROR = 1  # nothing recorded or reachable; a run ended by the database, Redis, a lost share
EXIT_SITE_PROBLEM = 3  # a site's run is failed or empty: read its status reason
EXIT_INTERRUPTED = 130  # as a shell reports Ctrl-C


def run_status(
    close_reason: str, stats: Mapping[str, Any], known_articles: int = 0, site: str = "SLUG"
) -> tuple[str, str | None]:
    """(status, status_reason) of a run from Scrapy's close reason and the run's stats.

    `known_articles` is the history: how many articles earlier runs stored for the site
    (`site`, named in the advice of a reason).
    """
    status = CLOSE_STATUS.get(close_reason, close_reason)
    if status != "finished":
        return status, f"spider closed: {close_reason}"
    starts = stats.get("schoolnews/start_pages", 0)
    failed = stats.get("schoolnews/start_pages_failed", 0)
    if starts and failed >= starts:
        reason = stats.get("schoolnews/start_failure") or "every start page failed"
        if starts > 1:
            reason += f" (and the {starts - 1} other start page(s) failed too)"
        # A redesign that retired the old home page: its pages may still have been reached
        # (a --full run re-checks the stored ones) and say where the site went.
        if moved := _moved_reason(stats, site):
            reason += f"; {moved}"
        return "failed", reason
    # A distributed worker sees only its share of the site's pages: its share says nothing.
    distributed = "schoolnews/distributed/seeder" in stats
    saw_articles = stats.get("schoolnews/article_links", 0) or stats.get(
        "schoolnews/article_pages", 0
    )
    if not saw_articles and not distributed:
        return "empty", _empty_reason(stats, known_articles)
    fetched = stats.get("schoolnews/article_pages", 0)
    kept_raw = stats.get("schoolnews/not_a_document", 0) + stats.get(
        "schoolnews/extraction_errors", 0
    )
    if fetched and kept_raw and not _site_answered(stats):
        # Every article page came back with no document (PDFs or error pages served in their
        # place, a layout extraction cannot read): the run stored nothing a reader can use.
        return "empty", (
            f"{fetched} article page(s) fetched, none made a document ({kept_raw} kept raw "
            f"with the reason{_commonest_skip(stats)}: `stats` counts them)"
        )
    return "finished", _moved_reason(stats, site)


MOVED_AT_LEAST = 5  # stored articles redirecting elsewhere: a move, not an odd alias
COPIES_AT_LEAST = 5  # new articles copying the site's stored ones: a move, not a repost


def _moved_reason(stats: Mapping[str, Any], site: str) -> str | None:
    """A finished run that stored the site's stories again at other URLs: its stored articles
    now redirect (several, or most of those checked again), or most of its new articles copy
    ones it stored at other URLs (a routine run after a redesign re-checks no old URL). The
    site moved or was redesigned, and the run said nothing. One sentence when both."""
    moved, copies = _redirects(stats), _copies(stats, example=True)
    if moved is None and copies is None:
        return None
    # A routine run re-checks few old URLs: one --full run marks them all.
    advice = f"schoolnews crawl {site} --full once to mark the old URLs moved"
    if moved is None:
        return (
            f'{copies}: the site moved or was redesigned? Run {advice} (README "When a site moves")'
        )
    if copies is not None:
        moved += f", and {_copies(stats, example=False)}"  # one example is enough
    moved += ": the site moved or was redesigned; copies of a story are linked as one story"
    if stats.get("schoolnews/full"):
        return f'{moved}, see README "When a site moves"'
    return f'{moved}; run {advice} (README "When a site moves")'


def _redirects(stats: Mapping[str, Any]) -> str | None:
    """'N stored article(s) now redirect to other URLs (e.g. OLD → NEW)', or None."""
    moved = stats.get("schoolnews/moved", 0)
    rechecked = moved + sum(
        stats.get(f"schoolnews/{key}", 0)
        for key in ("unchanged", "updated", "not_modified", "gone")
    )
    if not moved or (moved < MOVED_AT_LEAST and 2 * moved <= rechecked):
        return None
    example = stats.get("schoolnews/moved_example")
    return f"{moved} stored article(s) now redirect to other URLs" + (
        f" (e.g. {example})" if example else ""
    )


def _copies(stats: Mapping[str, Any], example: bool) -> str | None:
    """'N of the M new articles are copies of articles this site stored at other URLs (e.g.
    NEW, first stored as OLD)', or None: fewer than 5, or under half of the new articles (a
    story the site posts in two columns is no move)."""
    copies = stats.get("schoolnews/site_copies", 0)
    new = stats.get("schoolnews/articles_stored", 0)
    if copies < COPIES_AT_LEAST or 2 * copies < new:
        return None
    pair = stats.get("schoolnews/site_copy_example") if example else None
    return (
        f"{copies} of the {new} new articles are copies of articles this site stored at "
        "other URLs" + (f" (e.g. {pair})" if pair else "")
    )


def _commonest_skip(stats: Mapping[str, Any]) -> str:
    """', most often: N <reason>' (a firewall's challenge page, a list of links), or ''."""
    counts = {k: v for k, v in stats.items() if k.startswith("schoolnews/skipped/")}
    if not counts:
        return ""
    key = max(counts, key=counts.get)
    return f", most often: {counts[key]} {key.removeprefix('schoolnews/skipped/')}"


def _site_answered(stats: Mapping[str, Any]) -> bool:
    """Whether the run saw the site's articles as before: a document made, or a stored one
    confirmed (not due yet, answered 304, fetched unchanged or updated). A routine run whose
    one new link is a PDF is no empty run."""
    return any(
        stats.get(f"schoolnews/{key}", 0)
        for key in (
            "documents_extracted",
            "not_due_documents",
            "not_modified",
            "unchanged",
            "updated",
        )
    )


def _empty_reason(stats: Mapping[str, Any], known_articles: int) -> str:
    pages = stats.get("schoolnews/pages_seen", 0)
    outside = stats.get("schoolnews/links_not_followed", 0)
    reason = (
        f"no article links followed ({pages} page(s) read, {outside} link(s) outside the profile)"
    )
    if (shell := stats.get("schoolnews/start_page_shell", "")).startswith("answers a firewall"):
        reason += f"; the start page {shell}: ask the site to let the crawler through"
    elif shell:
        reason += (
            f"; the start page {shell}: its links are not in its HTML (a feed or a sitemap may "
            "list the articles: the entry's feeds, or sitemaps = true)"
        )
    if known_articles:
        reason += f"; earlier runs stored {known_articles} articles: layout change?"
    return reason


def exit_code(statuses: Iterable[str], close_reasons: Iterable[str | None] | None = None) -> int:
    """The exit code of a crawl whose site runs ended with these statuses.

    A run that Scrapy closed normally but that achieved nothing (`failed` start pages,
    `empty`) is the site's problem: 3. A run closed early by the machinery (a database
    error, Redis lost, a dead worker's share left pending: close reason not `finished`) is
    the operator's: 1, like an unreachable database.
    """
    statuses = list(statuses)
    reasons = list(close_reasons) if close_reasons is not None else ["finished"] * len(statuses)
    if not statuses:
        return EXIT_ERROR
    if "interrupted" in statuses:
        return EXIT_INTERRUPTED
    pairs = list(zip(statuses, reasons, strict=True))
    if any(s != "finished" and r != "finished" for s, r in pairs):
        return EXIT_ERROR
    if any(s != "finished" for s in statuses):
        return EXIT_SITE_PROBLEM
    return EXIT_OK


def is_problem(status: str) -> bool:
    """Shown in red: any run that did not finish normally (running is in progress)."""
    return status not in ("finished", "running")
