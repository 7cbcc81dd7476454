"""Learning per-site extraction inputs from the stored corpus.

After a crawl, each site's stored texts are scanned for lines that repeat across its pages;
new boilerplate is saved per site (versioned) and the site's documents are re-extracted with
it, so every stored document was made by the same, recorded rules.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator

from pipelines.db import rules
from pipelines.db.session import session_scope
from pipelines.processing import ExtractionRules
from pipelines.processing.boilerplate import boilerplate_version, learn_boilerplate
from pipelines.reextract import ReextractResult, reextract

logger = logging.getLogger(__name__)

RulesFor = Callable[[str, frozenset[str]], ExtractionRules]


def learn(engine, sites: Iterable[str]) -> dict[str, int]:
    """Learn boilerplate for each site; return how many new lines each site gained."""
    gained = {}
    for site in sites:
        read = [0]  # the texts are streamed, never all held: a site may have 100k of them
        with session_scope(engine) as session:
            known = rules.learned_boilerplate(session).get(site, frozenset())
            lines = learn_boilerplate(_counted(rules.iter_site_texts(session, site), read), known)
        gained[site] = len(lines - known)
        if gained[site]:
            with session_scope(engine) as session:
                rules.save_learned_boilerplate(
                    session, site, lines, boilerplate_version(lines), read[0]
                )
            logger.info("%s: learned %d boilerplate line(s)", site, gained[site])
    return gained


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
    changed = [site for site, n in learn(engine, sites).items() if n]
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
