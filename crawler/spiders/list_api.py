"""SiteSpider's walk of a news list drawn by script from a JSON endpoint (crawler.list_api),
and its word on a start page's frame drawn by script that no profile reads.

A widget page its profile knows (ischool's main2.php?uid=WID_…) is asked for its list as its
script asks: a POST of the widget's form, page after page, each answer's rows followed as a
list page's article links are (stored ones not due are not asked for again). A routine walk
stops at a page that brings nothing new, as a list page's walk does; any walk stops at the
page its answer counts as the last, and at one that names nothing new to the walk (a server
answering every page number with the first page). The answers have no URL of their own:
read, not stored.

A start page's frame that is an app's shell (crawler.page_links.app_shell) and that no
profile reads is said in the run's reason: an ischool home page read with another profile
showed its news in two such frames, and the run stored the 4 stories its slides linked of 43
and said `finished`.
"""

from __future__ import annotations

from collections.abc import Iterator

import scrapy
from scrapy.http import HtmlResponse, Response

from crawler.page_links import app_shell

NOTE = "schoolnews/notes/scripted_frames"


class ListApiWalk:
    """SiteSpider's list-API callbacks (it supplies crawler, site, state, target, wanted,
    request, listing_failed and _listed)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.frames: set[str] = set()  # the start pages' frames: looked at for a shell

    def start_frames(self, links: list[str]) -> list[str]:
        """The canonical URLs of a start page's frames on the site, to read as list pages."""
        frames = [url for url, _ in map(self.target, links) if self.site.allows_host(url)]
        self.frames.update(frames)
        return frames

    def scripted_list(self, response: HtmlResponse) -> Iterator[scrapy.Request]:
        """A list page's first list-API request, when it is a widget its profile reads; of a
        start page's frame that is an app's shell and no such widget, the run's note."""
        api = self.site.profile.list_api
        if api is not None and (widget := api.widget(response.url)):
            self.crawler.stats.inc_value("schoolnews/list_api_widgets")
            yield self._api_request(response.url, widget, api.first_page)
        elif (
            response.url in self.frames
            and not self.crawler.stats.get_value(NOTE)  # the first such frame is named
            and (shell := app_shell(response))
        ):
            self.crawler.stats.set_value(NOTE, unread_frame(response.url, shell))

    def _api_request(self, widget_url: str, widget: str, page: int) -> scrapy.Request:
        url, form = self.site.profile.list_api.request(widget_url, widget, page)
        return scrapy.FormRequest(
            url,
            formdata=form,
            callback=self.parse_list_api,
            errback=self.listing_failed,
            meta={"kind": "listing", "widget": (widget_url, widget, page)},
        )

    def parse_list_api(self, response: Response) -> Iterator[scrapy.Request]:
        widget_url, widget, page = response.meta["widget"]
        api = self.site.profile.list_api
        read = api.stories(response.body, response.url) if response.status == 200 else None
        stats = self.crawler.stats
        if read is None:
            stats.inc_value("schoolnews/list_api_unreadable")
            self.logger.warning(
                "list not read: %s answered no JSON list for %s (page %d)",
                response.url,
                widget_url,
                page,
            )
            return
        stats.inc_value("schoolnews/list_api_pages")
        urls, pages = read
        articles = [url for url, kind in map(self.target, urls) if kind == "article"]
        listed = self._listed.setdefault(widget_url, set())
        walk_new = [u for u in articles if u not in listed]
        new = [u for u in walk_new if u not in self.state.known]
        listed.update(articles)
        for url in articles:
            if self.wanted(url):
                yield self.request(url, "article")
        last = pages is not None and page + 1 >= pages
        if last or not walk_new or (not new and self.state.stop_at_known):
            if not new and self.state.stop_at_known and not last and walk_new:
                stats.inc_value("schoolnews/walks_stopped")
            return
        yield self._api_request(widget_url, widget, page + 1)


def unread_frame(url: str, shell: str) -> str:
    """The run's note on a start page's frame drawn by script."""
    return (
        f"the start page's frame {url} {shell}: the list it shows is loaded by script, which "
        "the crawl does not run, and the stories it lists were not reached unless other pages "
        "link them (a feed or a sitemap may list them: the entry's feeds, or sitemaps = true; "
        "`schoolnews sites probe` chooses a profile that reads such a list where one knows it)"
    )
