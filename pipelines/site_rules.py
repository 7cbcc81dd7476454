"""One place that assembles a site's ExtractionRules, for the crawl, reextract and extract.

The registry entry gives names, aliases and drop patterns; the database gives the boilerplate
learned for the site. A site gone from the registry (or none given) still gets its learned
lines. The live crawl, `reextract` and `extract FILE --site` all call `rules_for`, so the same
page under the same site is extracted with the same rules everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from pipelines.processing import ExtractionRules


class _Site(Protocol):
    def extraction_rules(self, boilerplate: frozenset[str] = ...) -> ExtractionRules: ...


def rules_for(
    site: str | None, registry: Mapping[str, _Site], boilerplate: frozenset[str] = frozenset()
) -> ExtractionRules:
    if site and site in registry:
        return registry[site].extraction_rules(boilerplate)
    return ExtractionRules(boilerplate=boilerplate)


def registry_rules(
    registry: Mapping[str, _Site],
) -> Callable[[str, frozenset[str]], ExtractionRules]:
    """(site, learned boilerplate) -> rules over this registry: what learning and
    `reextract` take (pipelines.learning.RulesFor)."""
    return lambda site, boilerplate: rules_for(site, registry, boilerplate)


def stored_boilerplate(db_url: str, site: str) -> frozenset[str]:
    """The boilerplate learned for `site` in the database at `db_url` (empty if none)."""
    from pipelines.db import rules
    from pipelines.db.session import session_scope, shared_engine

    with session_scope(shared_engine(db_url)) as session:
        return rules.learned_boilerplate(session).get(site, frozenset())
