"""The name `sites probe` writes for a site, from its start page's <title> (or og:site_name)
and its sample articles' <title>s: the <title>s of real sites the probe misnamed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from crawler.fetch import Fetched
from crawler.probe_names import site_name

HOME = "http://school.example/"


def page(title: str, url: str = HOME, head: str = "") -> Fetched:
    """A page as the probe fetched it: its <title>, and `head`'s other tags."""
    html = f"<html><head><title>{title}</title>{head}</head><body><p>Text</p></body></html>"
    return Fetched(
        url=url,
        requested_url=url,
        status=200,
        headers={"Content-Type": "text/html; charset=utf-8"},
        body=html.encode(),
        fetched_at=datetime(2024, 6, 1, tzinfo=UTC),
    )


def samples(*titles: str) -> list[tuple[str, Fetched]]:
    urls = [f"{HOME}news/{n}.html" for n in range(len(titles))]
    return [(url, page(title, url)) for url, title in zip(urls, titles, strict=True)]


@pytest.mark.parametrize(
    ("home", "articles", "name"),
    [
        # WordPress: the tagline last on the home page, the name last in its posts' titles
        (
            "Northfield College – Skills for life, careers for the future",
            ("Open day in June – Northfield College", "Harwood visit – Northfield College"),
            "Northfield College",
        ),
        # a UK school CMS's home page: "Home" names the page
        ("Hillside Academy - Home", (), "Hillside Academy"),
        ("Hillside Academy - Home", ("Ofsted report | Hillside Academy",) * 2, "Hillside Academy"),
        # Discuz: its portal's 门户 and its own credit name neither
        (
            "门户 - 南江职业技术学院 -  Powered by Discuz!",
            ("校企合作签约仪式 - 门户 - 南江职业技术学院 -  Powered by Discuz!",) * 3,
            "南江职业技术学院",
        ),
        ("门户 - 南江职业技术学院 -  Powered by Discuz!", (), "南江职业技术学院"),
        # the name before the headline in the articles' titles
        ("首页 - 某某学院", ("某某学院 - 校园开放日", "某某学院 - 技能大赛"), "某某学院"),
        # as before: the title's last part, or what the articles share under a section's title
        ("News - Some School", (), "Some School"),
        ("学校新闻_某某学校", (), "某某学校"),
        ("新闻中心", ("标题一-某某职业教育中心", "标题二-某某职业教育中心"), "某某职业教育中心"),
        ("News", ("Open day - Some School", "Sports day - Other News"), "News"),
        # Blackboard Web Community Manager: "District / Page" on every page
        (
            "Riverbend Unified School District / Homepage",
            ("Riverbend Unified School District / Homepage",) * 3,
            "Riverbend Unified School District",
        ),
        # TYPO3's default page title, "Site: Page" (config.pageTitleSeparator), whose
        # headlines hold colons of their own
        (
            "Northfield Technical College: Home",
            (
                "Northfield Technical College: Open Day",
                "Northfield Technical College: Supported internships: six learners find jobs",
            ),
            "Northfield Technical College",
        ),
        ("Northfield Technical College: Home", (), "Northfield Technical College"),
        # nothing but a generic word: the host
        ("Home", ("Open day", "Sports day"), "school.example"),
    ],
)
def test_the_site_is_named_after_what_its_titles_share_and_never_home(home, articles, name):
    assert site_name(page(home), samples(*articles)) == name


def test_the_pages_own_site_name_comes_first_unless_generic():
    head = '<meta property="og:site_name" content="Riverside College">'
    assert site_name(page("Welcome | Riverside", head=head)) == "Riverside College"
    generic = '<meta property="og:site_name" content="Home">'
    assert site_name(page("Home | Riverside College", head=generic)) == "Riverside College"


def _story(title: str, n: int, menu: str) -> tuple[str, Fetched]:
    """An old school site's story: the menu links its columns, the logo links home."""
    url = f"{HOME}tc/news_detail.php?id={n}"
    links = f"<a href='index.php'>{title.split(' - ')[0]}</a><a href='news.php'>{menu}</a>"
    story = page(title, url)
    return url, replace(story, body=story.body.replace(b"<p>", links.encode() + b"<p>"))


def test_a_columns_name_in_every_storys_title_names_no_site():
    """Every story's <title> is "嘉華工業中學 - 學校新聞", the menu linking 學校新聞 (before:
    the site was named 學校新聞, its news column); the splash page's one-part <title> is both
    languages' names. The English stories' shared name is the site's alias."""
    home = page("嘉華工業中學 Ka Wah Technical Secondary School")
    chinese = [_story("嘉華工業中學 - 學校新聞", n, "學校新聞") for n in range(4)]
    assert site_name(home, chinese) == "嘉華工業中學"

    from crawler.probe_names import articles_name

    english = [_story("Ka Wah Technical Secondary School - School News", 7, "School News")]
    assert articles_name(english * 3) == "Ka Wah Technical Secondary School"


def test_the_names_other_shapes_stories_share_are_the_entrys_aliases():
    """The English half's stories (another shape, kept beside the Chinese ones) share the
    school's English name; the splash page links no hreflang alternate (before: no alias, and
    every English story was titled with the school's name)."""
    from crawler.probe import Choice, Findings
    from crawler.probe_entry import toml_entry
    from crawler.profiles import PROFILES

    home = page("嘉華工業中學 Ka Wah Technical Secondary School")
    choice = Choice(PROFILES["generic"], [f"{HOME}tc/news_detail.php?id=1"], [], [], "")
    aliases = ("Ka Wah Technical Secondary School", "嘉華工業中學")
    entry = toml_entry("kw", "嘉華工業中學", HOME, choice, Findings(home=home), aliases)
    assert 'aliases = ["Ka Wah Technical Secondary School"]\n' in entry, entry
