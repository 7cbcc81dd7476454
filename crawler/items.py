"""The one item the crawl produces: a fetched page, and its document once extracted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from pipelines.processing import Document, RawPage

if TYPE_CHECKING:
    from scrapy.http import Response


def response_headers(response: Response) -> dict[str, str]:
    """A response's headers as stored with its page: one value per name, repeats joined."""
    return {
        key.decode("latin-1"): b", ".join(values).decode("latin-1")
        for key, values in response.headers.items()
    }


@dataclass
class PageItem:
    site: str
    url: str  # final URL, after redirects
    requested_url: str
    kind: str  # "article" or "listing"
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    document: Document | None = None
    skip_reason: str | None = None  # extraction's NotADocument reason, stored with the page

    def raw_page(self) -> RawPage:
        return RawPage(
            url=self.url,
            body=self.body,
            headers=self.headers,
            fetched_at=self.fetched_at,
            requested_url=self.requested_url,
            status=self.status,
            site=self.site,
            kind=self.kind,
        )
