"""Learned boilerplate: found in stored texts, saved per site, applied by re-extraction."""

from __future__ import annotations

from datetime import UTC, datetime

from crawler.items import PageItem
from pipelines.db import pages, queries, rules
from pipelines.db.session import open_database, session_scope
from pipelines.learning import learn, learn_and_reextract, rules_lookup
from pipelines.processing import ExtractionRules, RawPage, process

from .conftest import run_cli

FOOTER = "Follow the college on WeChat for more campus news and notices"


def page(n: int, site: str = "school") -> PageItem:
    html = (
        f"<html><head><title>News {n}</title></head><body><h1>News {n}</h1><div>"
        f"<p>Story number {n}: the college and partner company {n} signed an agreement on "
        f"apprenticeships for chemical engineering students this spring.</p>"
        f"<p>{FOOTER}</p></div></body></html>"
    ).encode()
    url = f"https://{site}.example/2024/0101/c1a{n}/page.htm"
    headers = {"Content-Type": "text/html; charset=utf-8"}
    item = PageItem(site, url, url, "article", 200, headers, html, datetime.now(UTC))
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
    assert learn(engine, ["school"])["school"].gained == 0


def test_learn_command_says_per_site_what_it_learned(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'learn.db'}"
    engine = open_database(db_url)
    with session_scope(engine) as session:
        pages.save_pages(session, [page(n) for n in range(10)], None)
        pages.save_pages(session, [page(n, "tiny") for n in range(3)], None)
    engine.dispose()
    registry = tmp_path / "sites.toml"
    registry.write_text(
        "".join(
            f"[sites.{slug}]\nname = '{slug}'\nprofile = 'generic'\n"
            f"start_urls = ['https://{slug}.example/']\n"
            for slug in ("school", "tiny")
        )
    )
    first = run_cli("learn", "--sites", str(registry), "--db", db_url)
    assert first.returncode == 0, first.stderr
    said = first.stdout.splitlines()
    assert said[0] == "school: learned 1 boilerplate line(s), now dropped from its texts:"
    assert "tiny: nothing learned: 3 stored text(s), fewer than the 8 needed" in said
    assert said[-1] == "learned boilerplate checked for 2 site(s), 1 changed"
    again = run_cli("learn", "--site", "school", "--sites", str(registry), "--db", db_url)
    assert again.stdout.splitlines() == [
        "school: nothing new learned from 10 stored texts (1 boilerplate line(s) already known)",
        "learned boilerplate checked for 1 site(s), 0 changed",
    ]
    # Without --sites, the bundled registry knows neither: it says so (it learned from the
    # five demo sites, which have nothing stored here, and said nothing of these).
    bundled = run_cli("learn", "--db", db_url)
    assert bundled.returncode == 0, bundled.stderr
    assert "not in the registry, not learned (--sites names its file): school, tiny" in (
        bundled.stderr.replace("\n", " ")
    )
    assert bundled.stdout.splitlines() == ["learned boilerplate checked for 0 site(s), 0 changed"]


def test_a_notices_form_learned_before_goes_back_into_the_texts(engine):
    """A site whose notices were a third of its stories learned their close ("特此通知。")
    before a notice's form was excluded: learning again forgets it and re-extracts the site,
    and the line is back in every text that has it."""
    close = "特此通知。"
    with session_scope(engine) as session:
        pages.save_pages(session, [page(n) for n in range(10)], None)
        rules.save_learned_boilerplate(session, "school", frozenset({close}), "old", 10)
    found = learn(engine, ["school"])["school"]
    assert (found.gained, found.forgotten, found.changed) == (1, 1, True)
    with session_scope(engine) as session:
        assert rules.learned_boilerplate(session) == {"school": frozenset({FOOTER})}


def test_a_learned_line_too_long_to_show_is_cut_at_a_word_with_an_ellipsis(capsys):
    """A trial's crawl printed "…and two have already offered summer posi": cut mid-word,
    with nothing to say it was cut."""
    from crawler.cli.crawl import print_learned, shortened
    from crawler.service import Learned

    long = (
        "Several local employers visited to watch the students work, and two have already "
        "offered summer positions to graduating seniors."
    )
    chinese = "本网站由学校信息中心负责维护" * 10
    print_learned({"school": Learned([long, "Short line"], 10, 2)})
    said = capsys.readouterr().out.splitlines()
    shown = "Several local employers visited to watch the students work, and two have already"
    assert said[1] == f"  - {shown} offered summer…"
    assert said[2] == "  - Short line"
    assert shortened(chinese) == chinese[:99] + "…"  # no spaces: cut at the width
