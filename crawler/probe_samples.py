"""`sites probe`'s proof: the real extraction on a few of the article pages it found.

A shape guessed from the links (no profile knows the site's article URLs) is kept only when
its pages read as articles; else the next shape the links share is tried (SHAPES at most).
Once one is kept, each other shape the links share whose pages read as articles too is kept
beside it: a college's /news/<slug> and /events/<slug>, an education bureau's columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from crawler.fetch import FetchError, fetch
from crawler.probe import Choice, Findings, trial_site, with_shape
from crawler.probe_names import Samples, articles_name, site_name
from crawler.probe_reading import read
from crawler.probe_shapes import matches

SAMPLES = 5  # article pages fetched and extracted


@dataclass
class Trial:
    choice: Choice
    name: str  # the site's name, which extraction strips from titles
    samples: list[dict]  # per sample page: its document's fields, or the problem
    problem: str | None  # why the samples say the entry would store no articles
    added: str | None = None  # a shape tried beside a kept one (its samples: its pages alone)
    # The site's other names its kept shapes' pages share in their <title>s (the English
    # half's stories: its English name), for the entry's `aliases`.
    aliases: tuple[str, ...] = ()


def trials(found: Findings, choice: Choice) -> Iterator[Trial]:
    """The choice and its samples; while a guessed article shape's pages are not articles,
    the next shape the links share with its samples; once one is, each other shape, with
    its own pages' samples, kept beside it when they are articles too. The last trial
    yielded without a problem holds the choice to write."""
    while True:
        fetched = fetch_samples(choice)
        name = site_name(found.home, fetched)
        samples = sample(choice, name, fetched)
        trial = Trial(choice, name, samples, samples_problem(choice, samples))
        yield trial
        if not trial.problem:
            break
        if not choice.other_shapes:
            return
        choice = with_shape(found, choice.other_shapes)
    kept = trial
    for at, shape in enumerate(choice.other_shapes):
        own = _own_links(found, kept.choice, shape)
        if len(own) < 2:
            continue
        both = with_shape(
            found, [shape, *choice.other_shapes[at + 1 :]], tuple(kept.choice.extra_articles)
        )
        fetched = fetch_samples(own)
        samples = sample(both, kept.name, fetched)
        problem = samples_problem(with_shape(found, [shape]), samples) or _undated(samples)
        trial = Trial(both if not problem else kept.choice, kept.name, samples, problem, shape)
        if not problem:
            trial.aliases = _with_alias(kept, articles_name(fetched))
            kept = trial
        yield trial


def _own_links(found: Findings, kept: Choice, shape: str) -> list[str]:
    """The links of this shape the kept entry's patterns do not take (a numbered shape inside
    a slug one is theirs already). A feed's item counts here as its shape says, not as the
    feed does: a Joomla school's Sport feed names its newest stories, which a crawl takes from
    the feed, but the older ones only the Sport pages link, and only this shape reaches them
    (the shape was never tried: its links all looked followed)."""
    site = trial_site(kept.profile, found.home.url, articles=tuple(kept.extra_articles))
    urls = dict.fromkeys(found.links + found.listed)
    return [u for u in urls if matches(shape, u) and site.classify(u) != "article"]


def _with_alias(kept: Trial, name: str | None) -> tuple[str, ...]:
    """The kept trials' aliases, and the name another shape's pages share if it is new."""
    if name and name != kept.name and name not in kept.aliases:
        return (*kept.aliases, name)
    return kept.aliases


def _undated(samples: list[dict]) -> str | None:
    """Why a shape beside a kept one is not the site's stories: most of its pages carry no
    date (a school's own pages, 學校簡介, 校長的話: they read as articles, and are none)."""
    documents = [row for row in samples if "problem" not in row]
    if sum(bool(row.get("published")) for row in documents) * 2 < len(documents):
        return "most of its pages carry no date: the site's own pages, not its stories"
    return None


def samples_problem(choice: Choice, samples: list[dict]) -> str | None:
    """Why the sample pages say the entry would store no articles, or None."""
    documents = sum("problem" not in row for row in samples)
    if choice.extra_articles and documents * 2 < len(samples):
        # A shape guessed from the links (no profile knows it) is kept only when the pages
        # behind it read as articles: list pages would make a crawl of junk.
        return (
            f"{choice.extra_articles[0]}, the shape its links share, is not the shape of its "
            f"articles: {len(samples) - documents} of the {len(samples)} sample pages gave no "
            "document; give the URL of the site's home page or news list, or the entry's "
            "articles pattern (README: Adding a site)"
        )
    if not documents:
        return (
            f"no article found: none of the {len(samples)} sample pages gave a document "
            f"({samples[0]['problem']})"
        )
    return None


def fetch_samples(articles: Choice | list[str]) -> Samples:
    """A few of the article pages found (the choice's, or these), each fetched (or why it
    could not be)."""
    urls = _shaped_first(articles) if isinstance(articles, Choice) else articles
    fetched: Samples = []
    for url in urls[:SAMPLES]:
        try:
            fetched.append((url, fetch(url)))
        except FetchError as reason:
            fetched.append((url, reason))
    return fetched


def _shaped_first(choice: Choice) -> list[str]:
    """The choice's articles, those of the shape it guessed first: a shape is tried on its own
    pages. A Drupal feed's items at /node/N, which the profile takes and a feed's items lead,
    were every guessed shape's samples, and a shape whose pages were never read was kept."""
    if not choice.extra_articles:
        return choice.articles
    shape = choice.extra_articles[-1]
    return sorted(choice.articles, key=lambda url: not matches(shape, url))


def sample(choice: Choice, name: str, fetched: Samples) -> list[dict]:
    """The real extraction (pipelines.processing.process) on the fetched sample pages."""
    site = trial_site(
        choice.profile, choice.articles[0], name=name, articles=tuple(choice.extra_articles)
    )
    rules = site.extraction_rules()
    return [{"url": url, **read(url, page, rules)} for url, page in fetched]
