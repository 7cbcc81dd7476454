"""The stories a probe finds in the news widgets of the pages it read, whose lists a script
fills from a JSON endpoint (crawler.list_api): an ischool home page shows its columns in
frames whose HTML links no story, so the probe found none there and chose no profile (or
one that reads no such list); asked as the widget asks, the first page of each list names
its newest stories, as a crawl with the CMS's profile will."""

from __future__ import annotations

from urllib.parse import urlencode

from crawler.fetch import FetchError, fetch
from crawler.profiles import Profile

WIDGETS_READ = 4  # widgets asked for their list's first page


def widget_stories(urls: list[str], profiles: list[Profile]) -> tuple[list[str], int]:
    """(story URLs, lists read) of the first page of the lists of the widgets among these
    pages, as each profile that knows its CMS's widget asks for them."""
    stories: list[str] = []
    read = 0
    for url in urls:
        for api in (p.list_api for p in profiles if p.list_api is not None):
            if read == WIDGETS_READ or not (widget := api.widget(url)):
                continue
            endpoint, form = api.request(url, widget, api.first_page)
            try:
                page = fetch(endpoint, form=urlencode(form).encode())
            except FetchError:
                continue
            read += 1
            found = api.stories(page.body, page.url) if page.status == 200 else None
            stories += [u for u in (found or ([], None))[0] if u not in stories]
    return stories, read
