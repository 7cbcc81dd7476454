"""Spiders come from the registry: one per entry, so adding a site needs no code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from crawler.registry import load_registry
from crawler.spiders.site import SiteSpider, spider_class

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.settings import BaseSettings


class RegistrySpiderLoader:
    def __init__(self, spiders: dict[str, type[SiteSpider]]) -> None:
        self._spiders = spiders

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Self:
        registry = load_registry(settings.get("SCHOOLNEWS_SITES_FILE"))
        return cls({slug: spider_class(site) for slug, site in registry.items()})

    def load(self, spider_name: str) -> type[SiteSpider]:
        try:
            return self._spiders[spider_name]
        except KeyError:
            raise KeyError(f"Spider not found: {spider_name}") from None

    def list(self) -> list[str]:
        return sorted(self._spiders)

    def find_by_request(self, request: Request) -> list[str]:
        return [name for name, spider in self._spiders.items() if spider.site.classify(request.url)]
