"""The two values extraction works between: a stored response in, a document out.

Both are plain frozen dataclasses so the live crawl, `reextract` and `extract FILE` hand the
very same inputs to the very same function.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class RawPage:
    """A response exactly as fetched: all extraction may look at."""

    url: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: datetime | None = None
    requested_url: str | None = None
    status: int = 200
    site: str | None = None
    # What the crawl took the URL for, by the site's profile: "article", "listing", or None
    # when no profile was asked (a file given to `extract` without --site and --url).
    kind: str | None = None

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers.items():
            if key.lower() == name:
                return value
        return None


@dataclass(frozen=True)
class Document:
    """What a page says, as the pipeline stores it."""

    url: str
    title: str | None
    text: str
    published: date | None
    author: str | None
    source: str | None
    language: str
    script: str | None
    content_hash: str
    declared_encoding: str | None
    used_encoding: str
    has_replacement_chars: bool
    extractor_version: str
    # Themes of the taxonomy ({slug: matched terms}) and organisations named ([{name, kind,
    # sentence}]): pipelines.processing.topics and .organisations.
    topics: dict[str, list[str]] = field(default_factory=dict)
    organisations: list[dict] = field(default_factory=list)
    # The same site's pages it declares as its other languages (pipelines.processing.alternates):
    # storage makes them one story.
    translations: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        data = dataclasses.asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        data["translations"] = list(self.translations)
        return data


class NotADocument(ValueError):  # noqa: N818 - it names the outcome, not a failure
    """The response is not an article page (not HTML, or no main text)."""
