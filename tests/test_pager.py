"""A list page's pager links that no pattern of the site knows (crawler.spiders.pager's
sibling_pages): followed as list pages when they lead to the page itself with another page
number, so that a column is walked to its last page."""

from __future__ import annotations

import json

import pytest
from scrapy.http import HtmlResponse

from crawler.spiders.pager import NEXT_PAGE, PAGER, sibling_pages

from .conftest import FAST, run_cli
from .support.local_site import serving
from .support.sitegen import _page, article_html

pytestmark = pytest.mark.xdist_group("pager")

NEWS = "/modules/tadnews/index.php"
PER_PAGE, PAGES = 8, 3


def tadnews_site() -> dict[str, str]:
    """A XOOPS school site with the tadnews module: the home page links its news list
    (`index.php`, which the generic profile follows) and its newest; the list pages one
    another by `?g2p=N` (which no pattern knows), eight articles (`?nsn=N`) a page."""
    pages = {}
    for page in range(1, PAGES + 1):
        ids = range(page * 100 + 1, page * 100 + PER_PAGE + 1)
        items = [(f"{NEWS}?nsn={n}", f"校企合作新闻 {n}") for n in ids]
        pager = [(f"{NEWS}?g2p={p}", str(p)) for p in range(1, PAGES + 1) if p != page]
        if page < PAGES:
            pager.append((f"{NEWS}?g2p={page + 1}", "下一页"))
        # A calendar's next month is no page of the list (another parameter, not a number).
        pager.append((f"{NEWS}?month=2024-0{page + 5}", "＞"))
        # Every page advertises the module's feed, which is not there (an optional one).
        feed = "<link rel='alternate' type='application/rss+xml' href='/backend.php'>"
        listing = _page(items + pager, title="最新消息", extra_head=feed)
        pages[f"{NEWS}?g2p={page}"] = listing
        if page == 1:
            pages[NEWS] = listing
        for n in ids:
            pages[f"{NEWS}?nsn={n}"] = article_html(f"校企合作新闻 {n}", "2024-05-01", n)
    # The home page shows the newest, as the first list page does: that page brings nothing
    # new, and its pager is walked all the same.
    newest = [(f"{NEWS}?nsn={n}", f"校企合作新闻 {n}") for n in range(101, 101 + PER_PAGE)]
    pages["/"] = pages["/main.htm"] = _page([*newest, (NEWS, "更多...")], title="示范学校")
    return pages


def _crawl(base: str, tmp_path):
    registry = tmp_path / "sites.toml"
    registry.write_text(
        f'[sites.xoops]\nname = "示范学校"\nstart_urls = ["{base}/"]\n'
        "[sites.xoops.crawl]\narticles = ['/modules/tadnews/index\\.php\\?nsn=\\d+$']\n",
        encoding="utf-8",
    )
    db = f"sqlite:///{tmp_path / 'c.db'}"
    env = {"no_proxy": "127.0.0.1", "COLUMNS": "300"}
    result = run_cli("crawl", "xoops", "--sites", str(registry), "--db", db, *FAST, env=env)
    runs = json.loads(run_cli("runs", "--db", db, "--format", "json").stdout)
    return result, runs[0]


def test_a_column_paged_by_a_parameter_no_pattern_knows_is_walked(tmp_path):
    """All 24 articles (the first list page's 8 before); the calendar is not walked; the
    advertised feed that answers 404 is no error of the run (it counted one)."""
    with serving(tadnews_site()) as base:
        result, run = _crawl(base, tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        assert (run["new_documents"], run["errors"]) == (PAGES * PER_PAGE, 0), run
        # A routine run: the first page brings nothing new, and the walk ends there.
        result, run = _crawl(base, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert run["new_documents"] == 0, run


def _target(url: str) -> tuple[str, str | None]:
    return url, ("article" if "nsn=" in url else None)


def _siblings(url: str, links: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    body = "".join(f"<a href='{href}'>{text}</a>" for href, text in links)
    return sibling_pages(HtmlResponse(url, body=body.encode(), encoding="utf-8"), _target)


def test_only_links_to_the_same_page_with_another_number_are_siblings():
    base = "http://s.example"
    nexts, every = _siblings(
        f"{base}/list.php?cat=5",
        [
            ("list.php?cat=5&page=2", "2"),
            ("list.php?cat=5&page=2", "下一页"),
            ("list.php?cat=5&page=2&sort=new", "4"),  # two parameters apart
            ("other.php?cat=5&page=2", "5"),  # another path
            ("list.php?cat=5&month=2024-06", "›"),  # a calendar: not a number
            ("list.php?cat=5&ym=202406", "›"),  # … nor a year and month
            ("list.php?cat=5&date=20240612", "12"),  # … nor a day
            ("list.php?cat=5&page=9", "Archives"),  # no pager text
        ],
    )
    assert (nexts, every) == ([f"{base}/list.php?cat=5&page=2"], [f"{base}/list.php?cat=5&page=2"])
    # A path that differs in its numbers alone, by a page number (not a calendar's month).
    assert _siblings(f"{base}/news/2024/06/list.htm", [("/news/2024/07/list.htm", "›")]) == ([], [])
    assert _siblings(f"{base}/news/index.htm", [("index_2.htm", "2"), ("/news2/x.htm", "3")]) == (
        [],
        [f"{base}/news/index_2.htm"],
    )


def trs_site() -> dict[str, str]:
    """A TRS WCM education bureau: two columns of three pages (index.html, index_1.html,
    index_2.html) whose pagers a script writes, createPageHTML(…) in one, `var countPage` in
    the other; four articles a page at ./202405/t20240520_N.html; the home page links the
    columns and the two newest of each."""
    pages, newest = {}, []
    for c, column in enumerate(("jyxw/zxdt", "zwgk/tzgg")):
        for page in range(PAGES):
            ids = [f"2024050{page + 1}_{1000 + c * 100 + page * 10 + n}" for n in range(4)]
            items = [(f"./202405/t{i}.html", f"校企合作新闻 {i}") for i in ids]
            script = (
                f'createPageHTML({PAGES}, {page}, "index", "html");'
                if column == "jyxw/zxdt"
                else f"var currentPage = {page};//所在页\nvar countPage = {PAGES}//共多少页"
            )
            name = f"index_{page}.html" if page else "index.html"
            pages[f"/{column}/{name}"] = _page(items).replace(
                "</ul>", f"</ul><script>{script}</script>"
            )
            for n, i in enumerate(ids):
                pages[f"/{column}/202405/t{i}.html"] = article_html(f"新闻 {i}", "2024-05-01", n)
            newest += [(f"/{column}/202405/t{i}.html", f"新闻 {i}") for i in ids[:2]] * (page == 0)
    menu = [("/jyxw/zxdt/index.html", "最新动态"), ("/zwgk/tzgg/index.html", "通知公告")]
    pages["/"] = pages["/index.html"] = pages["/main.htm"] = _page(newest + menu, title="市教育局")
    return pages


def test_a_trs_column_whose_pager_a_script_writes_is_walked(tmp_path):
    """The probe takes the trs profile, and the crawl reads every page of both columns: 24
    articles (before: the first pages' 8)."""
    from .test_probe import probe_and_crawl

    with serving(site := trs_site()) as base:
        out, entry, stored = probe_and_crawl(base, "/", "bureau", tmp_path)
    assert 'profile = "trs"' in entry, out
    assert stored == {base + p for p in site if "/202405/" in p}, out
    assert len(stored) == 2 * PAGES * 4


def siteserver_pages(count: int) -> dict[str, str]:
    """A SiteServer-style school site with `count` articles (/contents/12/N.html, newest
    first), ten a page in its column (/channels/12.html, 12_2.html, …), and a home page that
    shows the ten newest, as many as a column's page."""
    ids = list(range(1000 + count, 1000, -1))
    pages = {f"/contents/12/{n}.html": article_html(f"校企合作 {n}", "2024-05-01", n) for n in ids}
    chunks = [ids[i : i + 10] for i in range(0, len(ids), 10)]
    for number, chunk in enumerate(chunks, 1):
        items = [(f"/contents/12/{n}.html", f"校企合作 {n}") for n in chunk]
        pager = [(f"/channels/12_{p}.html", str(p)) for p in range(2, len(chunks) + 1)]
        pages["/channels/12.html" if number == 1 else f"/channels/12_{number}.html"] = _page(
            items + pager, title="学院新闻"
        )
    newest = [(f"/contents/12/{n}.html", f"校企合作 {n}") for n in ids[:10]]
    pages["/"] = pages["/main.htm"] = _page([*newest, ("/channels/12.html", "更多")], "学院")
    return pages


def test_a_routine_run_walks_a_column_the_home_page_shows_the_newest_of(tmp_path):
    """14 new articles where the home page shows the 10 newest, as many as a column's first
    page: that page is no reason to stop the walk (it brought nothing the home page had not),
    and the run stores all 14 (before: 10, and the other four never, on any routine run)."""
    registry = tmp_path / "sites.toml"
    db = f"sqlite:///{tmp_path / 'c.db'}"
    env = {"no_proxy": "127.0.0.1", "COLUMNS": "300"}
    pages = siteserver_pages(20)
    with serving(pages) as base:
        registry.write_text(
            f'[sites.ss]\nname = "学院"\nstart_urls = ["{base}/"]\n[sites.ss.crawl]\n'
            "articles = ['/contents/\\d+/\\d+\\.html$']\n"
            "listings = ['^/channels/\\d+(?:_\\d+)?\\.html$']\n",
            encoding="utf-8",
        )
        runs = []
        for count in (20, 34):
            pages.clear()
            pages.update(siteserver_pages(count))  # the served site, 14 articles later
            result = run_cli("crawl", "ss", "--sites", str(registry), "--db", db, *FAST, env=env)
            assert result.returncode == 0, result.stdout + result.stderr
            runs = json.loads(run_cli("runs", "--db", db, "--format", "json").stdout)
    assert [r["new_documents"] for r in sorted(runs, key=lambda r: r["id"])] == [20, 14]


def test_a_run_says_when_its_list_pages_link_many_pages_no_pattern_follows(tmp_path):
    """A college's news at /news/<slug>, which its entry does not know (it knows its events):
    the run stores the events and says, in its reason, what its list pages linked."""
    slugs = [f"college-signs-agreement-number-{w}" for w in "abcdefghijkl"]
    pages = {
        f"/news/{s}": article_html(s.replace("-", " "), "2024-05-01", n)
        for n, s in enumerate(slugs)
    }
    pages["/events/open-day-for-applicants"] = article_html("Open day", "2024-05-01", 1)
    pages["/"] = pages["/main.htm"] = _page(
        [(f"/news/{s}", s) for s in slugs] + [("/events/open-day-for-applicants", "Open day")]
    )
    registry = tmp_path / "sites.toml"
    db = f"sqlite:///{tmp_path / 'c.db'}"
    with serving(pages) as base:
        registry.write_text(
            f'[sites.col]\nname = "College"\nstart_urls = ["{base}/"]\n[sites.col.crawl]\n'
            "articles = ['^/events/[a-z-]+$']\n",
            encoding="utf-8",
        )
        env = {"no_proxy": "127.0.0.1", "COLUMNS": "300"}
        result = run_cli("crawl", "col", "--sites", str(registry), "--db", db, *FAST, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    (run,) = json.loads(run_cli("runs", "--db", db, "--format", "json").stdout)
    assert (run["status"], run["new_documents"]) == ("finished", 1), run
    assert "list pages linked 12 pages of one shape no pattern follows" in run["status_reason"]


def test_the_note_leaves_out_what_the_run_followed_by_another_way():
    from crawler.unfollowed import Unfollowed

    urls = [f"http://x.tw/modules/tadnews/index.php?g2p={n}" for n in range(2, 14)]
    walked = Unfollowed(followed=lambda url: True)  # a pager's pages, walked as list pages
    walked.add(urls)
    assert walked.note() is None
    missed = Unfollowed()
    missed.add(urls)
    assert "list pages linked 12 pages of one shape" in missed.note()


def test_the_note_leaves_out_the_menu_every_list_page_links():
    """A Blackboard district's mega menu links its 63 undated /Page/N pages from every page:
    a routine run's note told the user to add /Page/\\d+$ as articles (the menu as stories)."""
    from crawler.unfollowed import Unfollowed

    menu = [f"http://x.org/Page/{1234 + n}" for n in range(12)]
    district = Unfollowed()
    for _ in range(3):
        district.add(menu)
    assert district.note() is None
    column = Unfollowed()  # a column's stories, a few on each list page: still said
    for page in range(3):
        column.add(menu[page * 4 : page * 4 + 4])
    assert "list pages linked 12 pages of one shape" in column.note()


def test_a_bare_first_pages_pager_may_name_its_list():
    """Drupal 7 with clean URLs off: its front page, /, pages on to ?q=node&page=1, a page
    number and the list's name (two parameters a bare URL gains). One number, one name at
    most: a bare page's link to another list's page (?cat=5&page=2) is no sibling."""
    base = "http://d.example"
    nexts, every = _siblings(
        f"{base}/",
        [
            ("/?q=node&page=1", "2"),
            ("/?q=node&page=1", "next ›"),
            ("/?q=node&page=3", "last »"),
            ("/?cat=5&page=2", "2"),
            ("/?q=node&page=1&sort=new", "3"),
        ],
    )
    assert nexts == [f"{base}/?q=node&page=1"], nexts
    assert every == [f"{base}/?q=node&page=1", f"{base}/?q=node&page=3"], every


@pytest.mark.parametrize(
    "text", ["Start", "« Start", "End", "End »", "First page", "Last", "首页", "尾页", "最后一页"]
)
def test_first_and_last_page_labels_are_a_pagers(text):
    """Joomla's "Start" and "End" (Before: no pager labels, "End" was followed as a list page
    of its own by a routine walk), and the Chinese 最后一页 beside 首页 and 尾页."""
    assert PAGER.match(text) and not NEXT_PAGE.match(text)


def test_an_icon_links_label_is_its_pager_text():
    """Joomla 4's pager anchors hold an icon alone and say what they are in aria-label
    ("Go to next page", "Go to page 2"): with no text, no pager was found."""
    from crawler.spiders.pager import pager_links

    url = "http://s.example/index.php/news?start=5"
    body = "".join(
        f"<a href='/index.php/news?start={start}' aria-label='{label}'><span class='icon'>"
        "</span></a>"
        for start, label in ((0, "Go to start page"), (10, "Go to page 3"), (10, "Go to next page"))
    )
    response = HtmlResponse(url, body=body.encode(), encoding="utf-8")
    following, every = pager_links(response, lambda u: (u, "listing"))
    assert following == {"http://s.example/index.php/news?start=10"}
    assert every == {"http://s.example/index.php/news?start=0", *following}
    nexts, _ = sibling_pages(response, lambda u: (u, None))
    assert nexts == ["http://s.example/index.php/news?start=10"]


def mixed_column() -> dict[str, str]:
    """A college's news list, three pages: its newest page links 5 events (/events/<slug>, a
    shape the entry knows), its two older pages 12 news stories (/news/<slug>, which it does
    not know)."""
    events = [f"/events/open-day-number-{w}" for w in "abcde"]
    news = [f"/news/college-signs-agreement-number-{w}" for w in "fghijklmnopq"]
    lists = {"/list.htm": events, "/list2.htm": news[:6], "/list3.htm": news[6:]}
    pages = {"/": _page([("/list.htm", "News")], title="College")}
    for n, (path, links) in enumerate(lists.items(), 2):
        pager = [(f"/list{n}.htm", "下一页")] if n <= len(lists) else []
        pages[path] = _page([(u, u.rsplit("/", 1)[1]) for u in links] + pager, title="News")
    for n, url in enumerate(events + news):
        pages[url] = article_html(url.rsplit("/", 1)[1].replace("-", " "), "2024-05-01", n)
    return pages


def test_the_unfollowed_note_says_a_full_run_reaches_the_older_stories(tmp_path):
    """The note's advice, as a user takes it: the shape added alone, a routine run stores 0
    new (its walk stops at the first list page, all events, stored); `crawl SLUG --full`, as
    the note now says, stores the 12. Before, the note named the shape alone."""
    registry = tmp_path / "sites.toml"
    db = f"sqlite:///{tmp_path / 'c.db'}"
    entry = '[sites.col]\nname = "College"\nstart_urls = ["{}/"]\n[sites.col.crawl]\n'
    env = {"no_proxy": "127.0.0.1", "COLUMNS": "300"}
    with serving(mixed_column()) as base:
        registry.write_text(entry.format(base) + "articles = ['^/events/[a-z-]+$']\n")
        for args in ([], [], ["--full"]):
            result = run_cli(
                "crawl", "col", "--sites", str(registry), "--db", db, *FAST, *args, env=env
            )
            assert result.returncode == 0, result.stdout + result.stderr
            # The shape the note names, added as it says.
            registry.write_text(
                entry.format(base) + "articles = ['^/events/[a-z-]+$', '^/news/[a-z-]+$']\n"
            )
    runs = sorted(
        json.loads(run_cli("runs", "--db", db, "--format", "json").stdout), key=lambda r: r["id"]
    )
    assert [r["new_documents"] for r in runs] == [5, 0, 12], runs
    assert "then run `schoolnews crawl col --full` once" in runs[0]["status_reason"], runs[0]


@pytest.mark.parametrize(
    ("text", "next_page"),
    [
        ("<< Previous", False),
        ("Previous >>", False),
        ("Next >>", True),
        ("Older posts", True),
        ("Older Entries", True),
        ("« Older Entries", True),
        ("Newer posts", False),
        ("Newer Entries »", False),
    ],
)
def test_doubled_arrows_and_older_and_newer_are_pager_labels(text, next_page):
    """Weebly's "<< Previous" and "Next >>" (one arrow was allowed, not two) and WordPress
    themes' "Older posts", "« Older Entries", "Newer posts": before, no pager labels; "Older"
    is the next (older) page."""
    assert PAGER.match(text)
    assert bool(NEXT_PAGE.match(text)) is next_page


def _walk(url: str, links: list[tuple[str, str]], backwards: bool = False):
    from crawler.spiders.pager import pager_walk

    body = "".join(f"<a href='{href}'>{text}</a>" for href, text in links)
    response = HtmlResponse(url, body=body.encode(), encoding="utf-8")
    return pager_walk(response, lambda u: (u, "listing"), backwards)


def test_a_pagers_previous_link_leads_on_where_it_has_no_next():
    """Weebly's blog page links its older posts by "<< Previous" alone (no newer page to the
    first page of a list): the way on. Its older pages link "<< Previous" on and "Next >>"
    back: a walk that came by "Previous" goes on by it."""
    site = "http://s.example"
    first = _walk(f"{site}/news.html", [("/news/previous/2", "<< Previous")])
    assert first == ({f"{site}/news/previous/2"}, {f"{site}/news/previous/2"}, True)
    older = [("/news/previous/3", "<< Previous"), ("/news.html", "Next >>")]
    every = {f"{site}/news/previous/3", f"{site}/news.html"}
    assert _walk(f"{site}/news/previous/2", older, backwards=True) == (
        {f"{site}/news/previous/3"},
        every,
        True,
    )
    # Reached otherwise (a menu's link to it), "Next" is the way on, as on any pager.
    assert _walk(f"{site}/news/previous/2", older)[0] == {f"{site}/news.html"}
    # A CMS's last page: "Previous" leads back to the page before (asked once, never again).
    last = [("/news?page=3", "Previous"), ("/news?page=1", "1"), ("/news?page=4", "4")]
    assert _walk(f"{site}/news?page=4", last)[0] == {f"{site}/news?page=3"}
    assert _walk(f"{site}/news", [("/news?page=2", "Newer posts")])[0] == set()
