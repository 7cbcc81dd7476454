"""A news list a page fills by script from a JSON endpoint, read as a list page is.

Some school CMSes draw their news lists in a widget page that holds no story link: a script
POSTs a form to a JSON endpoint and writes the rows it answers (ischool, on which most of
Taiwan's junior high and vocational schools run: main2.php?uid=WID_… posts to
news_query_json.php, whose rows name their stories by newsId). A crawl reading the widget's
HTML found no link: a trial site of 40 stories stored the 4 its home page's slides linked,
and the run said `finished`. A profile that knows its CMS's endpoint names it in a ListApi;
the crawl then asks for the list's pages as the widget does and follows the stories its rows
name (crawler.spiders.list_api). Pure functions here: which page is such a widget, what to
post, and which stories an answer names.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

MAX_ROWS = 1000  # rows read from one answer (a bound on what one response may ask for)


@dataclass(frozen=True)
class ListApi:
    # Searched in the widget page's path and query; its group "id" names the widget's list.
    shell: str
    endpoint: str  # the JSON endpoint's path, posted to on the widget's host
    # The form the widget posts; a value "{id}" is the widget's id.
    form: tuple[tuple[str, str], ...]
    page_field: str  # the form field numbering the page asked for
    row_id: str  # the key of a row naming its story
    story: str  # the story's path, "{id}" its row's id
    pages: str = ""  # the key of the answer's row that counts its pages (ischool's totalPages)
    first_page: int = 0

    def widget(self, url: str) -> str | None:
        """The widget's id, when `url` is its page."""
        parts = urlsplit(url)
        found = re.search(self.shell, parts.path + (f"?{parts.query}" if parts.query else ""))
        return found.group("id") if found else None

    def request(self, url: str, widget: str, page: int) -> tuple[str, dict[str, str]]:
        """(endpoint URL, form) asking for one page of the widget's list."""
        form = {key: widget if value == "{id}" else value for key, value in self.form}
        form[self.page_field] = str(page)
        return urljoin(url, self.endpoint), form

    def stories(self, body: bytes, url: str) -> tuple[list[str], int | None] | None:
        """(story URLs, pages the list has, if it says) an answer names; None when it is no
        JSON list (an error page, "Fail to query!")."""
        try:
            rows = json.loads(body.decode("utf-8-sig", errors="replace"))
        except ValueError:
            return None
        if isinstance(rows, dict):  # {"rows": [...], ...}: the first list it holds
            rows = next((v for v in rows.values() if isinstance(v, list)), None)
        if not isinstance(rows, list):
            return None
        found, pages = [], None
        for row in rows[:MAX_ROWS]:
            if not isinstance(row, dict):
                continue
            if self.pages and self.pages in row and self.row_id not in row:
                pages = _number(row[self.pages])
            elif re.fullmatch(r"[\w-]+", str(row.get(self.row_id, ""))):
                found.append(urljoin(url, self.story.replace("{id}", str(row[self.row_id]))))
        return list(dict.fromkeys(found)), pages


def _number(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None
