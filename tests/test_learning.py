"""Learned boilerplate: found in stored texts, saved per site, applied by re-extraction."""

from __future__ import annotations

from datetime import UTC, datetime

from crawler.items import PageItem
from pipelines.db import pages, queries, rules
from pipelines.db.session import session_scope
from pipelines.learning import learn, learn_and_reextract, rules_lookup
from pipelines.processing import ExtractionRules, RawPage, process

FOOTER = "Follow the college on WeChat for more campus news and notices"


def page(n: int) -> PageItem:
    html = (
        f"<html><head><title>News {n}</title></head><body><h1>News {n}</h1><div>"
        f"<p>Story number {n}: the college and partner company {n} signed an agreement on "
        f"apprenticeships for chemical engineering students this spring.</p>"
        f"<p>{FOOTER}</p></div></body></html>"
    ).encode()
    url = f"https://school.example/2024/0101/c1a{n}/page.htm"
    headers = {"Content-Type": "text/html; charset=utf-8"}
    item = PageItem("school", url, url, "article", 200, headers, html, datetime.now(UTC))
    item.document = process(RawPage(url=url, body=html, headers=headers))
    return item


def rules_for(site: str, boilerplate: frozenset[str]) -> ExtractionRules:
    return ExtractionRules(boilerplate=boilerplate)


def test_learn_then_reextract_drops_the_site_template(engine):
    with session_scope(engine) as session:
        pages.save_pages(session, [page(n) for n in range(10)], None)
    results = learn_and_reextract(engine, ["school"], rules_for)
    assert results["school"].documents == 10 and results["school"].changed == 10
    with session_scope(engine) as session:
        rows = list(queries.iter_documents(session, site="school"))
        learned = rules.learned_boilerplate(session)
    assert learned == {"school": frozenset({FOOTER})}
    assert all(FOOTER not in r["text"] for r in rows)
    learned_rules = rules_lookup(engine, rules_for)("school")
    assert learned_rules.boilerplate == {FOOTER}
    assert {r["extractor_version"].split("rules/")[1].split()[0] for r in rows} == {
        learned_rules.version
    }
    # Learning again finds nothing new and changes nothing.
    assert learn(engine, ["school"]) == {"school": 0}
