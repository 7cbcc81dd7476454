"""Learning per-site extraction inputs from the stored corpus.

After a crawl, each site's stored texts are scanned for lines that repeat across its pages;
new boilerplate is saved per site (versioned) and the site's documents are re-extracted with
it, so every stored document was made by the same, recorded rules.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from pipelines.db import rules
from pipelines.db.session import session_scope
from pipelines.processing import ExtractionRules
from pipelines.processing.boilerplate import boilerplate_version, learn_boilerplate
from pipelines.reextract import ReextractResult, reextract

logger = logging.getLogger(__name__)

RulesFor = Callable[[str, frozenset[str]], ExtractionRules]


@dataclass(frozen=True)
class SiteLearning:
    """What learning found for one site."""

    gained: int  # boilerplate lines new to the site
    documents: int  # stored texts read (fewer than MIN_DOCUMENTS: nothing can be learned)
    known: int  # boilerplate lines the site had before
    forgotten: int = 0  # known lines no longer boilerplate (a notice's form), back in the texts

    @property
    def changed(self) -> bool:
        return bool(self.gained or self.forgotten)


def learn(engine, sites: Iterable[str]) -> dict[str, SiteLearning]:
    """Learn boilerplate for each site; what each site gained, from how many texts."""
    found = {}
    for site in sites:
        read = [0]  # the texts are streamed, never all held: a site may have 100k of them
        with session_scope(engine) as session:
            known = rules.learned_boilerplate(session).get(site, frozenset())
            lines = learn_boilerplate(_counted(rules.iter_site_texts(session, site), read), known)
        found[site] = SiteLearning(len(lines - known), read[0], len(known), len(known - lines))
        if found[site].changed:
            with session_scope(engine) as session:
                rules.save_learned_boilerplate(
                    session, site, lines, boilerplate_version(lines), read[0]
                )
            logger.info("%s: learned %d boilerplate line(s)", site, found[site].gained)
    return found


def _counted(texts: Iterable[str], read: list[int]) -> Iterator[str]:
    """The texts, counted into read[0] as they pass."""
    for text in texts:
        read[0] += 1
        yield text


def rules_lookup(engine, rules_for: RulesFor) -> Callable[[str], ExtractionRules]:
    """site -> its ExtractionRules, with the boilerplate stored for it now."""
    with session_scope(engine) as session:
        learned = rules.learned_boilerplate(session)
    return lambda site: rules_for(site, learned.get(site, frozenset()))


def learn_and_reextract(
    engine, sites: Iterable[str], rules_for: RulesFor
) -> dict[str, ReextractResult]:
    """Learn, then re-extract the sites whose rules changed."""
    return reextract_changed(engine, learn(engine, sites), rules_for)


def reextract_changed(
    engine, learned: dict[str, SiteLearning], rules_for: RulesFor
) -> dict[str, ReextractResult]:
    """Re-extract the sites that `learn` gave new boilerplate."""
    changed = [site for site, found in learned.items() if found.changed]
    lookup = rules_lookup(engine, rules_for)
    return {site: reextract(engine, lookup, site=site) for site in changed}


def boilerplate_snapshot(engine) -> dict[str, frozenset[str]]:
    """Every site's learned boilerplate now (compare with new_lines after learning)."""
    with session_scope(engine) as session:
        return rules.learned_boilerplate(session)


def new_lines(engine, before: dict[str, frozenset[str]]) -> dict[str, list[str]]:
    """{site: the boilerplate lines learned since `before`, sorted}, sites that gained some."""
    now = boilerplate_snapshot(engine)
    return {
        site: sorted(lines - before.get(site, frozenset()))
        for site, lines in sorted(now.items())
        if lines - before.get(site, frozenset())
    }
