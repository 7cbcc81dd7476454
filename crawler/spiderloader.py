"""Spiders come from the registry: one per entry, so adding a site needs no code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from crawler.registry import load_registry
from crawler.spiders.site import SiteSpider

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.settings import BaseSettings

    from crawler.registry import Site


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


def spider_class(site: Site) -> type[SiteSpider]:
    """A spider class named after the site, carrying its entry and crawl options."""
    settings: dict[str, Any] = {}
    if site.download_delay is not None:
        settings["DOWNLOAD_DELAY"] = float(site.download_delay)
    if site.concurrency is not None:
        settings["CONCURRENT_REQUESTS_PER_DOMAIN"] = int(site.concurrency)
    class_name = "".join(part.capitalize() for part in site.slug.split("_")) + "Spider"
    return type(
        class_name,
        (SiteSpider,),
        {
            "name": site.slug,
            "site": site,
            "allowed_domains": list(site.hosts),  # Scrapy's offsite filter wants no ports
            "custom_settings": settings,
            "__module__": SiteSpider.__module__,
        },
    )
