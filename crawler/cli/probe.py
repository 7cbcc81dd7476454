"""`schoolnews sites` (the registry) and `schoolnews sites probe URL [--slug SLUG] [--write
FILE]`: the report and the entry."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from crawler.cli import terminal
from crawler.cli.options import Common
from crawler.outcome import EXIT_ERROR, EXIT_OK, EXIT_SITE_PROBLEM
from crawler.registry import load_registry

SHOWN = 8
EXIT_USAGE = 2


def probe_command(args, console: Console, err: Console) -> int:
    # Imported here: the prober brings the spider and extraction, which `--help` does not need.
    from crawler.fetch import FetchError, Politeness, check_address
    from crawler.probe import ProbeError, choose_profile, gather
    from crawler.probe_entry import toml_entry
    from crawler.probe_names import default_slug

    try:
        check_address(args.url)
    except FetchError as exc:
        err.print(f"schoolnews sites probe: {exc}", markup=False)
        return EXIT_USAGE
    slug = args.slug or default_slug(args.url)
    if not re.match(r"^[a-z0-9][a-z0-9_]*$", slug):  # as the registry requires
        err.print(
            f"schoolnews sites probe: --slug {slug!r}: use lowercase letters, digits and _",
            markup=False,
        )
        return EXIT_USAGE
    if args.write and (taken := _registry_problem(Path(args.write), slug)):
        err.print(f"schoolnews sites probe: {taken}", markup=False)  # before any fetching
        return EXIT_USAGE
    Politeness.delay = args.delay
    if (wait := Politeness.crawl_delay(args.url)) > args.delay:  # a quiet minute is no hang
        console.print(
            f"robots.txt asks for a Crawl-delay of {wait:g} s: the probe waits that long "
            "between its requests (some twenty of them)",
            markup=False,
        )
    try:
        found = gather(args.url)
    except (FetchError, ProbeError) as reason:
        err.print(f"schoolnews sites probe: {reason}", markup=False)
        return EXIT_ERROR
    choice = choose_profile(found)
    _print_found(console, found, choice)
    if not choice.articles:
        err.print(_no_article(found), markup=False, soft_wrap=True)
        return EXIT_SITE_PROBLEM
    trial = _settle(found, choice, console, err)
    if trial.problem:
        return EXIT_SITE_PROBLEM
    entry = toml_entry(slug, trial.name, found.home.url, trial.choice, found, trial.aliases)
    console.print("\n# ready to paste into your registry (schoolnews sites --sites FILE)")
    console.print(entry, markup=False, highlight=False, soft_wrap=True)
    if args.write:
        return _write(Path(args.write), slug, entry, console, err)
    return EXIT_OK


def _settle(found, choice, console: Console, err: Console):
    """Each trial's samples, printed (a guessed article shape whose pages are not articles
    is followed by the next shape the links share); the last trial."""
    from crawler.probe_samples import trials

    kept = None
    for trial in trials(found, choice):
        if trial.added:  # beside the shape kept: its own pages' samples
            console.print(
                f"and another shape the links share, kept if its pages read as articles too: "
                f"{trial.added}",
                markup=False,
            )
        elif trial.choice is not choice:  # the shape before it was not the articles'
            console.print(f"so the next shape the links share: {trial.choice.why}", markup=False)
        console.print(_samples_table(trial.samples))
        if trial.problem and trial.added:
            why = trial.problem if "date" in trial.problem else "its pages are not articles"
            console.print(f"left out: {trial.added}, {why}", markup=False)
        elif trial.problem:
            err.print(f"schoolnews sites probe: {trial.problem}", markup=False, soft_wrap=True)
        kept = trial if not trial.problem else kept
    return kept or trial


def _no_article(found) -> str:
    """Why no link is an article: no profile knows them and they share no shape (the probe
    tries the shape they share when there is one), or the page has no links in its HTML."""
    from crawler.page_links import app_shell, firewall_page

    if wall := firewall_page(found.home.response()):
        return (
            f"schoolnews sites probe: no article found: {found.home.url} {wall} instead of "
            "the page: ask the site to let the crawler through"
        )
    if shell := app_shell(found.home.response()):
        return (
            f"schoolnews sites probe: no article found: {found.home.url} {shell}, so its "
            "links are not in its HTML, and no feed or sitemap was found; give the URL of a "
            "page that lists the news in HTML, or of the site's feed or sitemap"
        )
    return (
        f"schoolnews sites probe: no article found: none of the {len(found.links)} "
        f"links of {found.home.url} (nor its feeds and sitemaps) has the URL shape "
        "of an article in any profile, and no two share a numbered or slug shape; give the "
        "URL of the site's home page or news list"
    )


def _print_found(console: Console, found, choice) -> None:
    """What the probe read, the profile it chose and why, and where the links would lead."""
    from crawler.probe_languages import said

    console.print(
        f"[bold]{escape(found.home.url)}[/bold]: {found.pages_read} page(s) read, "
        f"{len(found.links)} links of this site (any host of its domain)"
    )
    console.print(f"profile [bold]{choice.profile.name}[/bold]: {escape(choice.why)}")
    console.print(f"feeds: {escape(', '.join(found.feeds)) or 'none found'}")
    console.print(f"sitemaps: {escape(', '.join(found.sitemaps)) or 'none found'}")
    if found.languages:
        console.print(said(list(found.languages)), markup=False, soft_wrap=True)
    if choice.extra_articles:
        console.print(_added_shape(found, choice), markup=False, soft_wrap=True)
    _print_links(console, "would follow as articles", choice.articles)
    _print_links(console, "would follow as lists", choice.listings)
    starts = {u.rstrip("/") for u in found.languages}  # start URLs of the entry: followed
    not_followed = [u for u in choice.not_followed if u.rstrip("/") not in starts]
    _print_links(console, "would not follow", not_followed)
    for line in [*_other_hosts(found, choice), *_load_more(found, choice), *_documents(found)]:
        console.print(f"[yellow]{escape(line)}[/yellow]", soft_wrap=True)
    if choice.extra_listings:
        console.print(
            "list pages the profile does not know, which link articles: the entry adds their "
            "shape (crawl listings; their later pages and sibling columns too), or the crawl "
            "would not reach those articles",
            markup=False,
        )
        for pattern in choice.extra_listings:
            console.print(f"  {escape(pattern)}", soft_wrap=True, highlight=False)


def _other_hosts(found, choice) -> list[str]:
    """Story pages the pages read link on hosts of other domains (WeChat's), which a crawl of
    the entry would not follow: each host, how many, and what to add to the entry for them."""
    from crawler.other_hosts import describe, elsewhere
    from crawler.probe import trial_site
    from crawler.probe_entry import article_hosts

    hosts = article_hosts(found.home.url, choice) or [urlsplit(found.home.url).hostname or ""]
    entry = replace(trial_site(choice.profile, found.home.url), allowed_domains=tuple(hosts))
    return [describe(entry, other, "the pages read") for other in elsewhere(entry, found.elsewhere)]


def _documents(found) -> list[str]:
    """The documents (PDFs, Word, Excel) the pages read link, when one links several: a
    column published as files, which a crawl does not fetch (crawler.documents)."""
    from crawler.documents import note

    said = note(found.documents, "the pages read")
    return [said] if said else []


def _load_more(found, choice) -> list[str]:
    """A list read that loads its older stories by script ("Load more") and has no pager,
    whose articles a crawl would not reach: unless a sitemap or feed names more articles
    than the pages read linked (crawler.load_more)."""
    from crawler.load_more import describe

    articles = set(choice.articles)
    if len(articles.intersection(found.listed)) > len(articles.intersection(found.links)):
        return []
    for page, (said, links) in found.load_more.items():
        if shown := len(articles.intersection(links)):  # a news list: it links articles
            return [describe(page, said, shown, crawl=False)]
    return []


def _added_shape(found, choice) -> str:
    """Why the entry has an article shape of its own: the shape of pages read for their links
    that are stories, beside the articles the profile knows; else the links' shape."""
    from crawler.probe import trial_site
    from crawler.probe_shapes import matches

    shape = choice.extra_articles[0]
    plain = trial_site(choice.profile, found.home.url)
    profile_knows = any(plain.classify(url) == "article" for url in choice.articles)
    if profile_knows and any(matches(shape, url) for url in found.stories_read):
        return (
            "pages read for their links are stories themselves (their extraction gives a "
            f"dated headline): the entry adds their shape, {shape} (crawl articles), not a "
            "list page's"
        )
    return (
        "no profile knows this site's article URLs: the entry adds the shape its links "
        f"share, {shape} (crawl articles), kept if the samples below read as articles"
    )


def _print_links(console: Console, title: str, urls: list[str]) -> None:
    console.print(f"{title}: {len(urls)}")
    for url in urls[:SHOWN]:
        console.print(f"  {escape(url)}", soft_wrap=True, highlight=False)
    if len(urls) > SHOWN:
        console.print(f"  … and {len(urls) - SHOWN} more")


def _samples_table(samples: list[dict]) -> Table:
    table = Table(title="Sample articles, extracted as a crawl would")
    for column in ("url", "title", "published", "lang", "chars"):
        table.add_column(column, overflow="fold")
    for row in samples:
        if "problem" in row:
            table.add_row(row["url"], f"[red]{escape(row['problem'])}[/red]", "", "", "")
        else:
            table.add_row(
                row["url"],
                escape(row["title"] or "-"),
                str(row["published"] or "-"),
                row["language"],
                str(row["chars"]),
            )
    return table


def _registry_problem(path: Path, slug: str) -> str | None:
    """Why the entry cannot be appended to this registry file, if it cannot."""
    try:
        existing = path.read_text(encoding="utf-8") if path.exists() else ""
        sites = tomllib.loads(existing).get("sites", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return f"{path}: not a registry file to append to: {exc}"
    if slug in sites:
        # A moved or redesigned site is probed again under its own slug, so its stored
        # articles and the new ones stay one site: say how, not only "another slug".
        return (
            f"{path} already has [sites.{slug}]; choose another --slug, or, to probe that "
            f"site again (it moved or was redesigned), keep --slug {slug}, write the new "
            f"entry to another file (--write new.toml) and replace the old [sites.{slug}] "
            f'with it: the site\'s stored pages stay its own (README, "When a site moves")'
        )
    return None


def _write(path: Path, slug: str, entry: str, console: Console, err: Console) -> int:
    """Append the entry to a registry file (created if missing), refusing a slug it has."""
    if problem := _registry_problem(path, slug):  # the file may have changed since
        err.print(f"schoolnews sites probe: {problem}", markup=False)
        return EXIT_USAGE
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    separator = "\n" if existing and not existing.endswith("\n\n") else ""
    with path.open("a", encoding="utf-8") as out:
        out.write(separator + entry)
    console.print(f"appended [sites.{slug}] to {path}", markup=False)
    return EXIT_OK


def sites_command(args) -> int:
    table = Table(title=f"Sites ({args.sites or 'bundled registry'})")
    for column in ("slug", "name", "profile", "start URLs"):
        table.add_column(column)
    for site in load_registry(args.sites).values():
        table.add_row(site.slug, site.name, site.profile.name, "\n".join(site.start_urls))
    terminal.console.print(table)
    return 0


def add_parsers(sub, common: Common) -> None:
    p = sub.add_parser(
        "sites",
        parents=[common.sites],
        help="list the sites of the registry (sites probe URL: a new site's entry)",
    )
    p.set_defaults(func=sites_command)
    probe = p.add_subparsers(dest="sites_command", metavar="probe").add_parser(
        "probe", help="detect a site's profile, entry points and articles; print its entry"
    )
    probe.add_argument("url", metavar="URL", help="the site's home page (or any page)")
    probe.add_argument("--slug", help="the entry's slug (default: from the host name)")
    probe.add_argument("--write", metavar="FILE", help="append the entry to this registry")
    probe.add_argument(
        "--delay",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="between two requests to the site (default 1.0)",
    )
    probe.set_defaults(func=lambda args: probe_command(args, terminal.console, terminal.err))
