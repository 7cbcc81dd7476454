"""Why article pages have no document: `pages.skip_reason`, written and counted.

Extraction's NotADocument reason is kept on the stored raw page, so a user sees what was
dropped and why (`schoolnews runs`, `schoolnews stats`) and can re-extract it later.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .models import Page

MAX_REASON = 255  # the column's width
# Reasons carry counts and types ("a list of links (7 of 9 lines are items)"): the kind of
# reason is what is counted.
_DETAIL = re.compile(r"\s*\(.*$")


def clip(reason: str | None) -> str | None:
    return reason[:MAX_REASON] if reason else None


def record_skip_reasons(session: Session, reasons: Iterable[tuple[int, str | None]]) -> None:
    """Set (or clear, with None) the skip reason of stored pages, one batched UPDATE."""
    rows = [{"page_id": page_id, "reason": clip(reason)} for page_id, reason in reasons]
    if rows:
        session.execute(
            sa.update(Page.__table__)
            .where(Page.id == sa.bindparam("page_id"))
            .values(skip_reason=sa.bindparam("reason")),
            rows,
        )


# Reasons a later fetch of the same URL does not change: the response is no page to read.
_FOR_GOOD = ("binary", "not HTML", "too large", "HTTP ", "not found")


def may_change(reason: str | None) -> bool:
    """An answered page kept with no document for a reason its next fetch may not have (a
    WAF's challenge page, "no main text", "a list of links"): not a file, not a dead link."""
    return reason is not None and not reason.startswith(_FOR_GOOD)


def reason_kind(reason: str) -> str:
    return _DETAIL.sub("", reason).strip() or reason


def skip_counts(
    session: Session, site: str | None = None, run_id: int | None = None
) -> dict[str, int]:
    """Article pages without a document, counted by the kind of reason, most common first."""
    query = sa.select(Page.skip_reason, sa.func.count()).where(Page.skip_reason.is_not(None))
    if site:
        query = query.where(Page.site == site)
    if run_id is not None:
        query = query.where(Page.run_id == run_id)
    counts: dict[str, int] = {}
    for reason, n in session.execute(query.group_by(Page.skip_reason)):
        kind = reason_kind(reason)
        counts[kind] = counts.get(kind, 0) + n
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


def skip_counts_by_run(session: Session, run_ids: list[int]) -> dict[int, dict[str, int]]:
    """{run id: {reason kind: pages}} for the runs given (pages last fetched by that run)."""
    out: dict[int, dict[str, int]] = {run_id: {} for run_id in run_ids}
    if not run_ids:
        return out
    query = (
        sa.select(Page.run_id, Page.skip_reason, sa.func.count())
        .where(Page.skip_reason.is_not(None), Page.run_id.in_(run_ids))
        .group_by(Page.run_id, Page.skip_reason)
    )
    for run_id, reason, n in session.execute(query):
        kinds = out[run_id]
        kinds[reason_kind(reason)] = kinds.get(reason_kind(reason), 0) + n
    return out


def format_counts(counts: dict[str, int]) -> str:
    return "; ".join(f"{n} {kind}" for kind, n in counts.items()) or "-"
