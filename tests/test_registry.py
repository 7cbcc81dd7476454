"""The site registry: validation with clear messages, and URL classification per profile."""

from __future__ import annotations

import pytest
from w3lib.url import canonicalize_url

from crawler.registry import RegistryError, load_registry
from crawler.spiderloader import RegistrySpiderLoader


def write(tmp_path, text: str):
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
[sites.myschool]
name = "My School"
profile = "webplus"
start_urls = ["https://www.myschool.edu.cn/main.htm"]
"""


def test_a_school_on_a_known_cms_needs_only_an_entry(tmp_path):
    site = load_registry(write(tmp_path, GOOD))["myschool"]
    assert site.allowed_domains == ("www.myschool.edu.cn",)
    assert site.classify("https://www.myschool.edu.cn/2024/0301/c12a345/page.htm") == "article"
    assert site.classify("https://www.myschool.edu.cn/12/list3.htm") == "listing"
    assert site.classify("https://elsewhere.cn/2024/0301/c12a345/page.htm") is None
    spiders = RegistrySpiderLoader({"myschool": None}).list()
    assert spiders == ["myschool"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[sites.x]\nname='X'\nstart_urls=['https://x.cn/']\nprofile='nope'",
            "unknown profile 'nope'",
        ),
        ("[sites.x]\nname='X'\nstart_urls=[]", "'start_urls' must be a non-empty list"),
        ("[sites.x]\nstart_urls=['https://x.cn/']", "'name' is required"),
        ("[sites.X-1]\nname='X'\nstart_urls=['https://x.cn/']", "slug must be"),
        ("[sites.x]\nname='X'\nstart_urls=['ftp://x.cn/']", "is not an http(s) URL"),
        ("[sites.x]\nname='X'\nstart_urls=['http://x.[y/']", "is not a URL (Invalid IPv6 URL)"),
        (
            "[sites.x]\nname='X'\nstart_urls=['http://a.cn/']\nallowed_domains=['x.[y']",
            "allowed domain 'x.[y' is not a host name",
        ),
        (
            "[sites.x]\nname='X'\nstart_urls=['http://a.cn/']\nallowed_domains=['b.cn']",
            "start URL 'http://a.cn/' is outside allowed_domains ['b.cn']",
        ),
        ("[sites.x]\nname='X'\nstart_urls=['https://x.cn/']\nstart_url='typo'", "unknown key"),
        (
            "[sites.x]\nname='X'\nstart_urls=['https://x.cn/']\n[sites.x.crawl]\narticles=['(']",
            "bad regular expression",
        ),
        ("[sites.x\nname='X'", "not valid TOML"),
        *(
            (
                f"[sites.x]\nname='X'\nstart_urls=['https://x.cn/']\n[sites.x.crawl]\n{option}",
                message,
            )
            for option, message in [
                ("articles='/x/'", "'articles' must be a list of strings"),
                ("path_prefixes='/news'", "'path_prefixes' must be a list of strings"),
                ("download_delay='fast'", "'download_delay' must be a number >= 0"),
                ("download_delay=-1", "'download_delay' must be a number >= 0"),
                ("concurrency=0", "'concurrency' must be a whole number >= 1"),
                ("max_pages='x'", "'max_pages' must be a whole number >= 0"),
                ("stop_at_known='false'", "'stop_at_known' must be true or false"),
            ]
        ),
        ("", "no [sites.<slug>] tables"),
    ],
)
def test_bad_entries_name_file_entry_and_problem(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(RegistryError) as error:
        load_registry(path)
    assert message in str(error.value) and str(path) in str(error.value)


def test_missing_file(tmp_path):
    with pytest.raises(RegistryError, match="no such registry file"):
        load_registry(tmp_path / "absent.toml")


def test_bundled_registry_has_the_five_sites():
    registry = load_registry()
    assert sorted(registry) == ["cdcmzz", "hzxx88", "newsflash", "scedu", "spa"]
    assert registry["scedu"].classify("http://777306.cn/gaoxiao/news/20201021/1.html") == "article"
    assert registry["scedu"].classify("http://777306.cn/shehui/news/20201021/1.html") is None
    assert (
        registry["spa"].canonical("https://spa.jsedu.sh.cn/2019/0418/c1a2/page.psp")
        == "https://spa.jsedu.sh.cn/2019/0418/c1a2/page.htm"
    )


@pytest.mark.parametrize(
    ("profile", "path", "kind"),
    [
        ("trs", "/jyxw/zxdt/202405/t20240520_1234567.html", "article"),
        ("trs", "/jyxw/zxdt/index_2.html", "listing"),
        ("trs", "/jyxw/zxdt/", "listing"),
        ("wordpress", "/?p=123", "article"),
        ("wordpress", "/?cat=3", "listing"),
        ("wordpress", "/?cat=3&paged=2", "listing"),
        ("wordpress", "/?m=202405", "listing"),
        ("wordpress", "/2024/05/20/open-day/", "article"),
        ("wordpress", "/news/2025/6/7/graduation-2025", "article"),  # Squarespace's
        ("wordpress", "/calendar/2026/12/12/winter-concert", None),  # an event
        ("wordpress", "/events/2026/12/12/winter-concert", None),
        ("wordpress", "/2026/12/07/", None),  # a day's archive: a post's date links to it
        ("wordpress", "/2026/11/06/114/", "article"),  # a post's number as its slug
        ("wordpress", "/2026/11/114/", "article"),
        ("wordpress", "/2026/11/06/page/2/", "listing"),
        ("wordpress", "/2026/12/", "listing"),
        ("powereasy", "/Item/1234.aspx", "article"),
        ("powereasy", "/Item/Show.asp?d=567&m=1", "article"),  # canonical: the query sorted
        ("powereasy", "/Article/ShowArticle.asp?ArticleID=123", "article"),
        ("powereasy", "/Category_12/Index_2.aspx", "listing"),
        ("powereasy", "/Special_3/Index.aspx", "listing"),
        ("powereasy", "/Article/ShowClass.asp?ClassID=2&page=2", "listing"),
        ("powereasy", "/Login.aspx", None),
        ("sharepoint", "/news/Pages/Students-visit-Siemens-plant.aspx", "article"),
        ("sharepoint", "/Pages/2026-12-01-MoU-signed.aspx", "article"),
        ("sharepoint", "/news/pages/students-visit-siemens-plant.aspx", "article"),
        ("sharepoint", "/Lists/Announcements/DispForm.aspx?ID=12", "article"),
        ("sharepoint", "/blog/Lists/Posts/Post.aspx?ID=7", "article"),
        ("sharepoint", "/news/Pages/default.aspx", "listing"),
        ("sharepoint", "/news/Pages/default.aspx?Paged=TRUE&p_ID=45&PageFirstRow=11", "listing"),
        ("sharepoint", "/Lists/Announcements/AllItems.aspx", "listing"),
        ("sharepoint", "/news/Pages/Forms/AllItems.aspx", "listing"),
        ("sharepoint", "/SitePages/About.aspx", None),
        ("sharepoint", "/Lists/Events/DispForm.aspx?ID=3", None),
        ("sharepoint", "/_layouts/15/viewlsts.aspx", None),
    ],
)
def test_profiles_know_these_cms_shapes(tmp_path, profile, path, kind):
    text = f"[sites.x]\nname='X'\nprofile='{profile}'\nstart_urls=['https://x.cn/']"
    site = load_registry(write(tmp_path, text))["x"]
    assert site.classify("https://x.cn" + path) == kind


@pytest.mark.parametrize(
    ("link", "asked_for", "kind"),
    [
        # A pattern that ends where the path ends: the path names the story, whatever query
        # a link adds (Edlio's category lists, a share button's ?share=, ?utm_source=).
        ("/apps/news/article/1734500?categoryId=55", "/apps/news/article/1734500", "article"),
        ("/apps/news/article/1734500", "/apps/news/article/1734500", "article"),
        ("/2024/05/open-day/?share=twitter", "/2024/05/open-day/", "article"),
        # A query a pattern names, a script's, a page number: another page.
        ("/news/show.php?id=5&from=home", "/news/show.php?from=home&id=5", "article"),
        ("/apps/news/article/1734500?page=2", "/apps/news/article/1734500?page=2", None),
        ("/apps/news/?categoryId=55", "/apps/news/?categoryId=55", None),
        ("/news/2024/view.php?nid=7", "/news/2024/view.php?nid=7", None),
    ],
)
def test_a_query_no_pattern_names_is_the_page_its_path_names(tmp_path, link, asked_for, kind):
    """One story, one URL: Edlio links a story bare from its home page and with the category
    it was listed under from a category's page; the crawl asks for it once, by its path, and
    follows it from either. A query that may name another page stays."""
    text = (
        "[sites.x]\nname='X'\nprofile='wordpress'\nstart_urls=['https://x.cn/']\n"
        "[sites.x.crawl]\narticles=['/apps/news/article/\\d+$', '/news/show\\.php\\?id=\\d+',"
        " '/news/\\d+/view\\.php$']"
    )
    site = load_registry(write(tmp_path, text))["x"]
    assert site.canonical(canonicalize_url("https://x.cn" + link)) == "https://x.cn" + asked_for
    assert site.classify("https://x.cn" + link) == kind


@pytest.mark.parametrize(
    "link",
    [
        "/news/Pages/Students-visit-Siemens-plant.aspx",
        "/news/pages/students-visit-siemens-plant.aspx",  # an editor's link, in lower case
        "/NEWS/Pages/Students-Visit-Siemens-Plant.aspx",
    ],
)
def test_a_sharepoint_page_is_one_url_whatever_case_a_link_writes(tmp_path, link):
    """IIS reads paths without regard to case: every link to the page is the one URL a crawl
    asks for and stores (before, each case a link wrote was a page of its own, stored again:
    four stories of a college's news stored twice)."""
    text = "[sites.x]\nname='X'\nprofile='sharepoint'\nstart_urls=['https://x.ac.uk/']"
    site = load_registry(write(tmp_path, text))["x"]
    asked = site.canonical(canonicalize_url("https://x.ac.uk" + link))
    assert asked == "https://x.ac.uk/news/pages/students-visit-siemens-plant.aspx"


@pytest.mark.parametrize(
    "link",
    [
        "/Lists/Announcements/DispForm.aspx?ID=12",
        "/Lists/Announcements/DispForm.aspx?ID=12&Source=https%3A%2F%2Fx%2Eac%2Euk%2FLists"
        "%2FAnnouncements%2FAllItems%2Easpx&ContentTypeId=0x0104007C3A1B2D",
    ],
)
def test_a_sharepoint_list_item_is_its_id_alone(tmp_path, link):
    """A list view links each item with where its Close button returns (Source) and its
    content type; the home page's rollup links it bare: one item, one URL."""
    text = "[sites.x]\nname='X'\nprofile='sharepoint'\nstart_urls=['https://x.ac.uk/']"
    site = load_registry(write(tmp_path, text))["x"]
    asked = site.canonical(canonicalize_url("https://x.ac.uk" + link))
    assert asked == "https://x.ac.uk/lists/announcements/dispform.aspx?ID=12"
    assert site.classify("https://x.ac.uk" + link) == "article"
