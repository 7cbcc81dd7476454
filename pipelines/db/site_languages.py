"""The languages each site publishes in (`site_languages`, migration 0011): cross-language
story candidates are sought only where a site publishes in both English and Chinese. One
upsert and one small select per batch, never a scan of `documents`."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .dialect import insert
from .models import SiteLanguage


def note_languages(session: Session, docs: Sequence) -> None:
    """Record a batch's (site, language) pairs (rows with `site` and `language`): a site's
    first page in a language makes it bilingual for the documents of this batch already."""
    pairs = sorted({(d.site, d.language) for d in docs if d.site and d.language})
    if pairs:
        session.execute(
            insert(session, SiteLanguage).on_conflict_do_nothing(),
            [{"site": site, "language": language} for site, language in pairs],
        )


def bilingual_sites(session: Session, sites: set[str]) -> set[str]:
    """The sites among these that have published both English and Chinese documents."""
    if not sites:
        return set()
    languages: dict[str, set[str]] = {}
    for site, language in session.execute(
        sa.select(SiteLanguage.site, SiteLanguage.language).where(SiteLanguage.site.in_(sites))
    ):
        languages.setdefault(site, set()).add("zh" if language.startswith("zh") else language[:2])
    return {site for site, found in languages.items() if {"en", "zh"} <= found}
