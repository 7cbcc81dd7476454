"""A news list that loads its older stories by script ("Load more" calling a JSON API, no pager
link: a Nuxt district's, tests/support/nuxt_site.py): `sites probe` and the crawl's run reason
say so (crawler/load_more.py). Before, both ended with 12 of 40 stories, the run `finished`
and no word; with a sitemap naming every story all 40 are stored, and nothing is said."""

from __future__ import annotations

import json

import pytest
from scrapy.http import HtmlResponse

from crawler.load_more import LoadMore, control, scripted_list

from .conftest import run_cli
from .support.cms_sites import answering
from .support.nuxt_site import PER_PAGE, STORIES, nuxt
from .test_probe import probe_and_crawl

CARDS = "".join(f"<li><a href='/article/{n}'>Story {n}</a></li>" for n in range(5))


def page(more: str) -> HtmlResponse:
    html = f"<html><body><ul>{CARDS}</ul>{more}</body></html>"
    return HtmlResponse("http://x.org/news", body=html.encode(), encoding="utf-8")


@pytest.mark.parametrize(
    "more",
    [
        "<button class='btn'><span>Load more</span></button>",
        "<button value='2' name='page'>Load more</button>",  # its value is no text
        "<a href='#'>Show more</a>",
        "<a href='javascript:void(0)' onclick='more()'>View more ›</a>",
        "<input type='button' value='More news'>",
        "<a href='javascript:;'>点击加载更多</a>",
        "<div role='button'>載入更多</div>",
        "<a>顯示更多</a>",
    ],
)
def test_a_control_going_nowhere_loads_more(more):
    assert control(page(more)) is not None, more


@pytest.mark.parametrize(
    "more",
    [
        "<a href='/article/3'>Read more</a>",  # a story's link
        "<a href='/news'>More news</a>",  # a list page's
        "<a href=\"javascript:window.open('list2.htm')\">查看更多</a>",  # a page a script opens
        "<button aria-expanded='false'>Show more</button>",  # a toggle of the text
        "<button>Load more comments about this story</button>",
        "<button class='dropdown'>See more</button>",  # not the control's words: a menu's
    ],
)
def test_a_link_going_somewhere_or_a_toggle_is_no_control(more):
    assert control(page(more)) is None, more


def test_a_list_with_a_pager_is_walked_and_says_nothing():
    def target(url: str) -> tuple[str, str | None]:
        return url, "article" if "/article/" in url else None

    button = "<button>Load more</button>"
    assert scripted_list(page(button), target) == "Load more"
    pager = "<a href='/news?page=2'>2</a> <a href='/news?page=2'>Next</a>"
    assert scripted_list(page(button + pager), target) is None


def test_a_sitemap_naming_more_articles_than_the_lists_linked_silences_the_note():
    load_more = LoadMore()
    shown = [f"http://x.org/article/{n}" for n in range(5)]
    load_more.page(page("<button>Load more</button>"), lambda u: (u, None), shown)
    assert '("Load more"): the crawl reached only the 5 it shows' in (load_more.note() or "")
    load_more.entry_points(shown)  # a feed of the newest: no more than the list showed
    assert load_more.note() is not None
    load_more.entry_points(f"http://x.org/article/{n}" for n in range(5, 40))
    assert load_more.note() is None


def _run(tmp_path) -> dict:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    (run,) = json.loads(run_cli("runs", "--db", db, "--format", "json").stdout)
    return run


@pytest.mark.parametrize("sitemap", [False, True], ids=["no-sitemap", "sitemap"])
def test_a_nuxt_list_that_loads_more_by_script_is_said(tmp_path, sitemap):
    """12 cards and a Load more button on /news, no pager. Without a sitemap the probe and the
    run's reason name the list and what would reach the 28 older stories (the run stays
    `finished`: it stored 12); with one listing all 40, they are stored and nothing is said."""
    with answering(nuxt(sitemap=sitemap)) as base:
        out, entry, stored = probe_and_crawl(base, "/", "nuxt", tmp_path)
    run, said = _run(tmp_path), "loads older stories by script"
    reason = run["status_reason"] or ""
    assert run["status"] == "finished", run
    if sitemap:
        assert f"sitemaps: {base}/sitemap.xml" in out, out  # generic reads it: no entry line
        assert stored == {f"{base}/article/{n}" for n in STORIES}, out + entry
        assert said not in " ".join(out.split()), out
        assert said not in reason, reason
        return
    assert len(stored) == PER_PAGE, stored
    line = f'the news list {base}/news {said} ("Load more"): a crawl reaches only the 12'
    assert line in " ".join(out.split()), out
    assert f'{base}/news {said} ("Load more"): the crawl reached only the 12' in reason, run
    assert "sitemaps = true, or feeds = [...]" in reason and "site's API" in reason, reason


def test_the_dry_run_of_a_list_that_loads_more_by_script_says_so(tmp_path):
    """Started at /news, the dry run printed its 12 article links and '12 article links
    would be followed', no more; it names the list too, as the crawl's reason does."""
    sites = tmp_path / "sites.toml"
    with answering(nuxt()) as base:
        sites.write_text(
            f'[sites.nuxt]\nname = "Nuxt"\nstart_urls = ["{base}/news"]\n'
            "[sites.nuxt.crawl]\narticles = ['/article/\\d+$']\n",
            encoding="utf-8",
        )
        dry = run_cli("crawl", "--dry-run", "nuxt", "--sites", str(sites), env={"COLUMNS": "300"})
    assert dry.returncode == 0, dry.stdout + dry.stderr
    out = " ".join(dry.stdout.split())
    assert f'{base}/news loads older stories by script ("Load more"): a crawl reaches only' in out
    assert "from the sitemaps" not in out, out  # it reads them, as the crawl does: none here
