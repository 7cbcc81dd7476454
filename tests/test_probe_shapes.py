"""The URL shapes a probe writes into an entry when no profile knows the site's (probe_shapes)."""

from __future__ import annotations

import re

from crawler.probe_shapes import article_shapes, listing_shape

from .support.local_site import serving
from .support.sitegen import _page, article_html
from .test_probe import probe_and_crawl


def test_numbered_and_slug_shapes_most_links_first():
    urls = [
        "http://x.edu/news/college-signs-partnership-with-acme",
        "http://x.edu/news/students-win-regional-contest/",
        "http://x.edu/news/welding-program-expands",
        "http://x.edu/news?page=1",
        "http://x.edu/news?page=2",
        "http://x.edu/about",
        "http://x.edu/news/two-words",
    ]
    assert article_shapes(urls) == [
        "^/news/[A-Za-z0-9]+(?:-[A-Za-z0-9]+){2,}/?$",
        "/news\\?page=\\d+$",
    ]
    assert article_shapes(["http://x.edu/a/1.htm", "http://x.edu/about"]) == []


def test_a_list_pages_shape_takes_its_siblings_and_later_pages():
    column = re.compile(listing_shape("http://x.cn/Article/ShowClass.asp?ClassID=2"))
    for target in ("ClassID=3", "ClassID=2&page=2", "ClassID=12&page=10"):
        assert column.search(f"/Article/ShowClass.asp?{target}"), target
    assert not column.search("/Article/ShowArticle.asp?ArticleID=2")
    section = re.compile(listing_shape("http://x.edu/news/"))
    assert section.search("/news/") and section.search("/news/?page=2")
    assert not section.search("/news/some-story")
    listed = re.compile(listing_shape("http://x.cn/xwzx/list.htm"))
    assert listed.search("/xwzx/list.htm") and listed.search("/xwzx/list_2.htm")
    # A parameter's name is kept (XOOPS's g2p), and no character is escaped that needs none.
    paged = listing_shape("http://x.tw/modules/tadnews/index.php?g2p=2&Lang=zh-tw")
    assert "g2p=\\d+" in paged and "Lang=zh-tw" in paged, paged
    assert re.search(paged, "/modules/tadnews/index.php?Lang=zh-tw&g2p=3")
    # A Chinese column name, percent-encoded in the page's GBK: any column's name.
    named = listing_shape("http://x.cn/news_list.asp?BigClass=%D1%A7%D0%A3%D0%C2%CE%C5")
    assert re.search(named, "/news_list.asp?BigClass=%D0%A3%C6%F3%BA%CF%D7%F7&page=2"), named


def test_a_hash_in_a_list_pages_query_stands_for_any():
    """TYPO3 signs every link with a query by its cHash: tx_news's pager, page 2's hash
    shaped as its letters and digit runs took no other page."""
    pager = "tx_news_pi1%5Baction%5D=list&tx_news_pi1%5BcurrentPage%5D="
    shape = listing_shape(f"http://x.ac.uk/news?{pager}2&cHash=b7466cf467be33745e545721cbe14174")
    # as a crawl asks for it, its query sorted
    assert re.search(shape, f"/news?cHash=26c055692ec4960d98e5fc56a539abf4&{pager}3"), shape
    assert "b7466" not in shape


def test_probe_tries_the_next_shape_when_the_first_is_not_articles(tmp_path):
    """A home page linking four topic pages (/topics/t1.html…, lists of links) and three
    stories at /news/<slug> (Drupal's story URLs, no number in them): the numbered shape the
    most links share fails its samples, so the probe tries the slug shape next, whose pages
    are articles, and the crawl of the entry stores the three (before: exit 3, no entry)."""
    slugs = ["college-signs-partnership-with-acme", "students-win-regional-skills-contest"]
    slugs.append("welding-program-expands-to-evenings")
    pages = {
        f"/news/{s}": article_html(s.replace("-", " "), "2024-05-01", n)
        for n, s in enumerate(slugs)
    }
    for n in range(1, 5):
        links = [(f"/elsewhere/{n}{k}.html", f"Another headline here number {k}") for k in range(9)]
        pages[f"/topics/t{n}.html"] = _page(links)
    home = [(f"/topics/t{n}.html", f"Topic {n}") for n in range(1, 5)]
    pages["/"] = _page(home + [(f"/news/{s}", s.replace("-", " ")) for s in slugs], title="College")
    with serving(pages) as base:
        out, entry, stored = probe_and_crawl(base, "/", "slugs", tmp_path)
    assert "so the next shape the links share" in out, out
    assert "articles = ['^/news/[A-Za-z0-9]+(?:-[A-Za-z0-9]+){2,}/?$']" in entry, entry
    assert stored == {f"{base}/news/{s}" for s in slugs}


def test_probe_keeps_each_shape_whose_pages_are_articles(tmp_path):
    """A college's news at /news/<slug> and its events at /events/<slug>, three of each on
    the home page and a page of links at /topics/…: both slug shapes read as articles and go
    into the entry, and the crawl stores all six (before: one of the two, whichever the
    probe tried first)."""
    pages, home = {}, []
    stories = {
        "news": ["college signs partnership", "students win skills contest", "new welding lab"],
        "events": ["open day for applicants", "careers fair in march", "alumni dinner at ten"],
    }
    for section, titles in stories.items():
        for n, words in enumerate(titles):
            slug = words.replace(" ", "-")
            pages[f"/{section}/{slug}"] = article_html(words, "2024-05-01", n)
            home.append((f"/{section}/{slug}", words))
    links = [(f"/elsewhere/{k}.html", f"Another headline here number {k}") for k in range(9)]
    pages["/topics/t1.html"] = _page(links)
    # The college's own pages (history, principal's word): prose with no date, no stories.
    prose = "<p>The college was founded to train technicians for the region's industry.</p>" * 5
    for about in ("our-long-history", "the-principals-word", "how-to-find-us"):
        pages[f"/about/{about}"] = (
            f"<html><head><title>{about}</title></head><body>{prose}</body></html>"
        )
        home.append((f"/about/{about}", about.replace("-", " ")))
    pages["/"] = _page([("/topics/t1.html", "Topic"), *home], title="College")
    with serving(pages) as base:
        out, entry, stored = probe_and_crawl(base, "/", "two", tmp_path)
    assert "and another shape the links share" in out, out
    assert "^/news/[A-Za-z0-9]+" in entry and "^/events/[A-Za-z0-9]+" in entry, entry
    assert "^/about/" not in entry and "most of its pages carry no date" in out, out
    assert stored == {base + p for p in pages if p.startswith(("/news/", "/events/"))}


def wordpress_site() -> dict[str, str]:
    """A WordPress college with post-name permalinks (/<slug>/): a /feed/ of the four newest
    posts, /category/news/ listing the eight, and three pages of its menu named as posts are
    (/about-our-college/), linked before the posts."""
    slugs = [f"college-news-story-number-{n}" for n in range(8)]
    head = "<link rel='alternate' type='application/rss+xml' href='/feed/'>"
    pages = {
        f"/{s}/": article_html(s.replace("-", " "), "2024-05-01", n) for n, s in enumerate(slugs)
    }
    items = "".join(f"<item><title>{s}</title><link>/{s}/</link></item>" for s in slugs[-4:])
    pages["/feed/"] = f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel></rss>"
    pages["/category/news/"] = _page([(f"/{s}/", s.replace("-", " ")) for s in slugs])
    home = [("/category/news/", "News")]
    for about in ("/about-our-college/", "/contact-us-today/", "/visit-the-campus/"):
        pages[about] = _page([("/", "Home")], title="About")  # the menu's pages: no prose
        home.append((about, about.strip("/")))
    pages["/"] = _page(home + [(f"/{s}/", s) for s in slugs[-2:]], "College", head + "wp-content")
    return pages


def test_probe_takes_the_shape_of_a_feeds_posts_wordpress_post_names(tmp_path):
    """Its posts at /<slug>/, a shape no profile knows and too common at a site's root to
    guess from links alone: the feed's items are posts, so their shape goes into the entry,
    and the crawl stores all eight posts, the four older ones only the category page links
    (before: 'no article found'). The sample pages are the feed's posts, not the menu's pages
    the shape takes too (three of five samples with no document would refuse the shape)."""
    with serving(pages := wordpress_site()) as base:
        out, entry, stored = probe_and_crawl(base, "/", "wp", tmp_path)
    assert "articles = ['^/[A-Za-z0-9]+(?:-[A-Za-z0-9]+){2,}/?$']" in entry, out + entry
    assert stored == {base + p for p in pages if p.startswith("/college-news")}


def test_news_links_by_their_words_or_their_urls():
    """A menu of images with no alt text names its columns only in their URLs' pinyin
    (/tzgg/ 通知公告); a text menu in its words; other pages are not news."""
    from scrapy.http import HtmlResponse

    from crawler.probe import PROFILES, trial_site
    from crawler.probe_shapes import news_links

    menu = (
        "<a href='/tzgg/'><img src='m1.gif'></a><a href='/about/'><img src='m2.gif'></a>"
        "<a href='/col/12.asp'>学校新闻</a><a href='/lxwm/'>联系我们</a>"
        "<a href='/files/news.pdf'>News in print</a><a href='http://other.cn/news/'>News</a>"
    )
    page = HtmlResponse("http://x.edu.cn/", body=f"<html><body>{menu}</body></html>".encode())
    site = trial_site(PROFILES["generic"], "http://x.edu.cn/")
    assert news_links(site, page) == ["http://x.edu.cn/tzgg/", "http://x.edu.cn/col/12.asp"]


def test_probe_reads_the_columns_the_menu_names_that_another_profile_knows(tmp_path):
    """EmpireCMS: articles at /news/xyxw/2024-05-20/N.html (generic's dated shape), columns at
    /news/xyxw/ and index_2.html, named by the menu: another profile takes /news/xyxw/ for a
    list page, generic does not. The probe reads the columns all the same and writes their
    shape, and the crawl stores all 32 (before: the home page's six and what their related
    links led to)."""
    pages, home = {}, []
    for c, column in enumerate(("xyxw", "tzgg")):
        ids = [f"2024-05-{10 + n:02d}/{c * 100 + n}" for n in range(16)]
        for n, i in enumerate(ids):
            pages[f"/news/{column}/{i}.html"] = article_html(f"新闻 {column} {n}", "2024-05-01", n)
        for page in (1, 2):
            items = [(f"/news/{column}/{i}.html", f"新闻 {i}") for i in ids[(page - 1) * 8 :][:8]]
            name = "" if page == 1 else "index_2.html"
            pages[f"/news/{column}/{name}"] = _page(items + [(f"/news/{column}/index_2.html", "2")])
        home += [(f"/news/{column}/{i}.html", f"新闻 {i}") for i in ids[:3]]
    menu = [("/news/xyxw/", "学院新闻"), ("/news/tzgg/", "通知公告")]
    pages["/"] = pages["/main.htm"] = _page(home + menu, title="学院")
    with serving(pages) as base:
        out, entry, stored = probe_and_crawl(base, "/", "empire", tmp_path)
    assert "^/news/xyxw/" in entry, out
    assert stored == {base + p for p in pages if re.search(r"/\d+\.html$", p)}, out


def portal_site() -> dict[str, str]:
    """A college whose news a profile knows (/news/show.php?id=N) and whose notices are a
    Discuz portal's articles (portal.php?mod=view&aid=N): the home page links six of each,
    the notices by their headlines (关于…的通知, words that name news, so the probe reads
    them), and each notice page lists the news and the other notices in a sidebar."""
    pages, home = {}, []
    for n in range(1, 7):
        pages[f"/news/show.php?id={n}"] = article_html(f"学院举办技能大赛 {n}", "2024-05-01", n)
        home.append((f"/news/show.php?id={n}", f"学院举办技能大赛 {n}"))
    # Linked as a crawl asks for them (parameters sorted): the test's server knows one order.
    notices = [(f"/portal.php?aid={n}&mod=view", f"关于招生工作的通知 {n}") for n in range(1, 7)]
    sidebar = "".join(f"<li><a href='{href}'>{text}</a></li>" for href, text in home + notices)
    for n, (href, text) in enumerate(notices, 1):
        page = article_html(text, "2024-05-02", 10 + n)
        pages[href] = page.replace("</body>", f"<ul class='side'>{sidebar}</ul></body>")
    pages["/"] = _page(home + notices, title="门户 - 南江职业技术学院 - Powered by Discuz!")
    return pages


def test_probe_takes_pages_that_read_as_articles_for_articles_not_list_pages(tmp_path):
    """The notices the probe read (their headlines name news) link the college's news in a
    sidebar, and no profile knows their shape: they were written as a list page's shape
    (listings), so the crawl fetched them as list pages and stored none. Their own
    extraction gives a dated headline: their shape goes with the articles, and the crawl
    stores all twelve."""
    with serving(pages := portal_site()) as base:
        out, entry, stored = probe_and_crawl(base, "/", "portal", tmp_path)
    assert "pages read for their links are stories themselves" in out, out
    assert "articles = ['/portal\\.php\\?aid=\\d+&mod=view$']" in entry, entry
    assert "listings" not in entry, entry
    assert stored == {base + p for p in pages if p != "/"}, out


def test_forum_threads_and_action_links_are_no_story_shape():
    """A Discuz! portal's BBS threads read as dated pages, and its vote links come by the
    dozen, as a calendar's events (Squarespace's /calendar/2026/12/12/<event>) do: none is a
    shape to follow or to name in a run's note."""
    urls = [f"http://dz.example/forum.php?mod=viewthread&tid={n}" for n in range(5)]
    urls += [f"http://dz.example/thread-{n}-1-1.html" for n in range(5)]
    urls += [f"http://dz.example/home.php?ac=click&clickid={n}&mod=spacecp" for n in range(5)]
    urls += [f"http://dz.example/?m=2024{n:02d}" for n in range(1, 12)]  # WordPress's months
    urls += [f"http://dz.example/?destination=node/{n}&q=user/login" for n in range(5)]
    urls += [f"http://dz.example/calendar/2026/12/{n}/winter-concert-in-hall" for n in range(5)]
    # Weebly's month archives and categories, which every post's sidebar links
    urls += [f"http://dz.example/news/archives/{n:02d}-2026" for n in range(1, 12)]
    urls += [f"http://dz.example/news/category/year-{n}-class" for n in range(1, 7)]
    assert article_shapes(urls) == []
    stories = [f"http://dz.example/article-{n}-1.html" for n in range(5)]
    assert article_shapes(urls + stories) == [r"/article-\d+-\d+\.html$"]


def test_a_query_added_to_a_path_linked_bare_too_is_no_shape_of_its_own():
    """Edlio's category lists link …/article/N?categoryId=55, its home page …/article/N: one
    shape, that of the path, which a crawl takes with any query (Site.canonical). A query on
    a script (show.php?id=) or a path never linked bare keeps its shape."""
    bare = [f"http://x.org/apps/news/article/{n}" for n in (11, 12)]
    listed = [f"http://x.org/apps/news/article/{n}?categoryId=55" for n in (13, 14, 15)]
    assert article_shapes(bare + listed) == ["/apps/news/article/\\d+$"]
    assert article_shapes(listed) == ["/apps/news/article/\\d+\\?categoryId=\\d+$"]
    scripts = [f"http://x.org/news/{n}/show.php" for n in (2023, 2024)]
    scripts += [f"http://x.org/news/2024/show.php?id={n}" for n in (5, 6, 7)]
    assert article_shapes(scripts)[0] == "/news/\\d+/show\\.php\\?id=\\d+$"


def test_a_query_holding_a_path_is_shaped_as_a_path():
    """Drupal 7 with clean URLs off names each page in ?q= (canonical: %2F for its slashes):
    a node's number and an alias's slug are shaped as a path's, under / and index.php alike
    (before: the alias's words stood in its shape, one a story, and no shape was written);
    its log-in link is no story shape."""
    base = "http://d.example"
    urls = [
        f"{base}/?q=news%2F2024%2F0{m}%2F{s}"
        for m, s in ((5, "open-day-for-all"), (4, "new-welding-lab-opens"))
    ]
    urls += [f"{base}/?q=node%2F{n}" for n in (3, 5)]
    urls += [f"{base}/index.php?q=node%2F{n}" for n in (4, 6)]
    urls += [f"{base}/?q=contact", f"{base}/?destination=node&q=user%2Flogin"]
    shapes = article_shapes(urls)
    assert shapes == [
        "^/\\?q=news%2F\\d+%2F\\d+%2F[A-Za-z0-9]+(?:-[A-Za-z0-9]+){2,}$",
        "^/\\?q=node%2F\\d+$",
        "^/index\\.php\\?q=node%2F\\d+$",
    ]
    assert re.search(shapes[1], "/?q=node%2F12")
    assert not re.search(shapes[1], "/?q=node%2F12%2Fedit")


def test_many_stories_slugs_make_a_folder_whose_two_word_slugs_are_stories(tmp_path):
    """A slug of three words or more is a story's, but a folder five of them share is the
    stories' (Squarespace's /news/<slug>, Finalsite's …/post/<slug>): its two-word slugs
    (/news/mountain-day, /news/commencement-2026) are stories too, which the shape left out and
    the crawl never stored. One word (/news/archive) stays a section's name, and a folder of
    fewer stories (/about/) keeps three words."""
    long = [
        "college-signs-partnership-with-acme",
        "students-win-regional-skills-contest",
        "welding-program-expands-to-evenings",
        "library-opens-new-reading-room",
        "choir-sings-at-the-state-capitol",
    ]
    short = ["mountain-day", "commencement-2026"]
    about = ["http://x.edu/about/board-of-trustees", "http://x.edu/about/mission-and-values"]
    urls = [f"http://x.edu/news/{s}" for s in long] + about
    shapes = article_shapes(urls)
    assert shapes[0] == "^/news/[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+/?$", shapes
    assert not any(re.search(s, "/about/our-history") for s in shapes), shapes
    assert not re.search(shapes[0], "/news/archive")
    pages = {
        f"/news/{s}": article_html(s.replace("-", " "), "2024-05-01", n)
        for n, s in enumerate(long + short)
    }
    links = [(f"/news/{s}", s.replace("-", " ").capitalize()) for s in long + short]
    pages["/"] = _page(links, title="College")
    with serving(pages) as base:
        out, entry, stored = probe_and_crawl(base, "/", "short", tmp_path)
    assert stored == {f"{base}/news/{s}" for s in long + short}, out + entry


def test_a_list_page_without_a_query_takes_its_filtered_lists_too():
    """Kept on purpose: a Squarespace trial's /news shape took its 26 ?tag= and ?author=
    lists (robots.txt forbids them there: counted in the run's reason, never fetched), but
    Edlio's news page lists a few stories and its ?categoryId= lists the rest (limited to
    the queries that page, a probe's entry stored 9 of 45: test_probe_queries)."""
    shape = re.compile(listing_shape("http://x.edu/news"))
    for query in ("", "?page=2", "?offset=1781429400000&reversePaginate=true", "?tag=welding"):
        assert shape.search(f"/news{query}"), query
    assert shape.search("/news?categoryId=5501") and not shape.search("/news/a-story")
