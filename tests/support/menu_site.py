"""A US district on Blackboard Web Community Manager, served on a local port as it answers:
a mega menu on every page linking its undated content pages (/Page/1234, /domain/56), more
links than its news has; two news apps (Flex "Headlines & Features" and "Announcements"), each
of its own ViewID (a GUID), whose stories are /site/default.aspx?PageType=3&…&FlexDataID=N and
whose lists are the same with FlexDataID=0, paged by &PageIndex=2; "Posted on: 12/03/2026"
under each headline, or no date at all (`undated`: a site whose stories are undated).

`python -m tests.support.menu_site [undated]` serves one until Ctrl-C."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from html import escape

from .cms_sites import answering, story_text

NAME = "Riverbend Unified School District"
APPS = {
    123: ("Headlines &amp; Features", "6446EE88-D30C-497E-9316-3F8874B3E108", 14),
    456: ("Announcements", "9B2C41A7-5E0D-4C3B-A1F2-7D8E6C5B4A39", 8),
}  # module: name, view, stories
MENU = [f"/Page/{1234 + 7 * n}" for n in range(36)] + [f"/domain/{56 + 3 * n}" for n in range(8)]
PER_PAGE = 5


def story_url(module: int, flex: int) -> str:
    view = APPS[module][1]
    return (
        f"/site/default.aspx?PageType=3&DomainID=4&ModuleInstanceID={module}&ViewID={view}"
        f"&RenderLoc=0&FlexDataID={flex}&PageID=1"
    )


def stories(module: int) -> list[int]:
    """The app's stories' FlexDataIDs, newest first."""
    return [module * 10 + n for n in range(APPS[module][2])]


def story_urls() -> set[str]:
    return {story_url(m, f) for m in APPS for f in stories(m)}


def _layout(body: str) -> str:
    menu = "".join(
        f'<li class="sw-channel-dropdown-item"><a href="{p}"><span>Page {p[-4:]}</span></a></li>'
        for p in MENU
    )
    return (
        f"<html lang='en'><head><meta charset='utf-8'><title>{NAME} / Homepage</title></head><body>"
        f'<nav id="sw-channel-list-container"><ul id="channel-navigation">'
        f'<li><a href="/site/Default.aspx?PageID=1">Home</a></li>{menu}</ul></nav>'
        f'<div id="sw-content-container2" class="region">{body}</div>'
        f'<div id="sw-footer">{NAME}<br>1200 River Road<br>Riverbend, OH 45801</div></body></html>'
    )


def _teasers(module: int, flexes: list[int]) -> str:
    items = "".join(
        f'<li><div class="ui-article"><h1><a href="{escape(story_url(module, f))}">'
        f"Story {f} of the district</a></h1><p>The first words of story {f}…</p></div></li>"
        for f in flexes
    )
    head = f'<div class="ui-widget app flexpage"><h1>{APPS[module][0]}</h1>'
    return f'{head}<ul class="ui-articles">{items}</ul>'


def _list(module: int, index: int) -> str | None:
    flexes = stories(module)[(index - 1) * PER_PAGE : index * PER_PAGE]
    if not flexes:
        return None
    pages = -(-len(stories(module)) // PER_PAGE)
    first = story_url(module, 0)
    pager = "".join(
        f'<li><a href="{escape(first + (f"&PageIndex={k}" if k > 1 else ""))}">{k}</a></li>'
        for k in range(1, pages + 1)
        if k != index
    )
    return _layout(_teasers(module, flexes) + f'<ul class="ui-pagination-list">{pager}</ul></div>')


def _story(module: int, flex: int, dated: bool) -> str:
    day = date(2026, 12, 3) - timedelta(days=flex % 100)
    posted = f'<span class="sw-flex-posted-date">Posted on: {day:%m/%d/%Y}</span>' if dated else ""
    return _layout(
        f'<div class="ui-widget app flexpage"><h1>{APPS[module][0]}</h1><div class="ui-article">'
        f'<h1 class="ui-article-title sw-flex-title">Story {flex} of the district</h1>{posted}'
        f'<div class="ui-article-description">{story_text(flex)}</div></div>'
        f'<a href="{escape(story_url(module, 0))}">Return to Headlines</a></div>'
    )


def _menu_page(path: str) -> str:
    return _layout(f"<h1>Menu page {path[-4:]}</h1>{story_text(int(path.rsplit('/', 1)[1]))}")


def answer(path: str, query: dict[str, str], dated: bool = True) -> str | None:
    """The page at this path and query (None: 404)."""
    if path == "/" or (path.lower() == "/site/default.aspx" and "PageType" not in query):
        home = "".join(
            _teasers(m, stories(m)[:3]) + f'<a href="{escape(story_url(m, 0))}">More</a></div>'
            for m in APPS
        )
        return _layout(home)
    if path in MENU:
        return _menu_page(path)
    module, flex = int(query.get("ModuleInstanceID", 0)), query.get("FlexDataID", "")
    if path != "/site/default.aspx" or module not in APPS or query.get("PageType") != "3":
        return None
    if flex == "0":
        return _list(module, int(query.get("PageIndex", 1)))
    return (
        _story(module, int(flex), dated)
        if flex.isdigit() and int(flex) in stories(module)
        else None
    )


def undated(path: str, query: dict[str, str]) -> str | None:
    """The district with undated stories, its apps at /site/news.aspx: SharePoint's profile
    takes any default.aspx?… for a list page, and an undated story read there is no story."""
    page = answer("/site/default.aspx" if path == "/site/news.aspx" else path, query, False)
    return page and page.replace("/site/default.aspx?", "/site/news.aspx?")


if __name__ == "__main__":
    with answering(undated if sys.argv[1:] == ["undated"] else answer) as base:
        print(base, flush=True)
        input()
