"""`sites probe`'s proof: the real extraction on a few of the article pages it found.

A shape guessed from the links (no profile knows the site's article URLs) is kept only when
its pages read as articles; else the next shape the links share is tried (SHAPES at most).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from crawler.fetch import Fetched, FetchError, fetch
from crawler.probe import Choice, Findings, trial_site, with_shape
from crawler.probe_names import Samples, site_name
from pipelines.processing import NotADocument, RawPage, process

SAMPLES = 5  # article pages fetched and extracted


@dataclass
class Trial:
    choice: Choice
    name: str  # the site's name, which extraction strips from titles
    samples: list[dict]  # per sample page: its document's fields, or the problem
    problem: str | None  # why the samples say the entry would store no articles


def trials(found: Findings, choice: Choice) -> Iterator[Trial]:
    """The choice and its samples; while a guessed article shape's pages are not articles,
    the next shape the links share with its samples."""
    while True:
        fetched = fetch_samples(choice)
        name = site_name(found.home, fetched)
        samples = sample(choice, name, fetched)
        trial = Trial(choice, name, samples, samples_problem(choice, samples))
        yield trial
        if not trial.problem or not choice.other_shapes:
            return
        choice = with_shape(found, choice.other_shapes)


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


def fetch_samples(choice: Choice) -> Samples:
    """A few of the article pages found, each fetched (or why it could not be)."""
    fetched: Samples = []
    for url in choice.articles[:SAMPLES]:
        try:
            fetched.append((url, fetch(url)))
        except FetchError as reason:
            fetched.append((url, reason))
    return fetched


def sample(choice: Choice, name: str, fetched: Samples) -> list[dict]:
    """The real extraction (pipelines.processing.process) on the fetched sample pages."""
    site = trial_site(
        choice.profile, choice.articles[0], name=name, articles=tuple(choice.extra_articles)
    )
    rules = site.extraction_rules()
    return [{"url": url, **_read(url, page, rules)} for url, page in fetched]


def _read(url: str, page: Fetched | FetchError, rules) -> dict:
    """What the crawl would store of one sample page: the document's fields, or the problem."""
    if isinstance(page, FetchError):
        return {"problem": str(page)}
    if page.status >= 400:  # a crawl stores no document for it: nothing to extract
        return {"problem": f"HTTP {page.status}"}
    raw = RawPage(
        url=page.url,
        body=page.body,
        headers=page.headers,
        fetched_at=page.fetched_at,
        status=page.status,
        requested_url=url,
    )
    try:
        document = process(raw, rules)
    except NotADocument as reason:
        return {"problem": str(reason)}
    return {
        "title": document.title,
        "published": document.published,
        "language": document.language,
        "chars": len(document.text),
    }
