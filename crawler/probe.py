"""`schoolnews sites probe URL`: from a home page to a registry entry, with evidence.

Fetches the page politely (a few requests, one at a time), collects the URLs it and its first
list pages link, and those its feeds and sitemaps name; picks the profile that recognises the
most articles among them; extracts a few sample articles; prints a ready-to-paste entry.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from scrapy.http import HtmlResponse

from crawler.documents import linked
from crawler.dry_run import classify_links
from crawler.feeds import Entry, feed_links
from crawler.fetch import Fetched, canonical_link, fetch, fetch_each
from crawler.load_more import scripted_list
from crawler.page_links import frame_links
from crawler.probe_languages import other_languages
from crawler.probe_lists import widget_stories
from crawler.probe_reading import reads_as_story
from crawler.probe_shapes import article_shapes, guessed_shapes, listing_shape, matches, news_links
from crawler.probe_site import next_page, trial_site
from crawler.profiles import PROFILES, Profile, candidates
from crawler.registry import Site
from crawler.sitemaps import listed, named_sitemaps, read_sitemap

LIST_PAGES = 4  # list pages read when the page itself links few articles
FEW_ARTICLES = 5
SITEMAPS_READ = 3  # sitemaps of an index read


class ProbeError(Exception):
    """The probe found nothing to crawl: the one-line reason."""


@dataclass
class Findings:
    home: Fetched
    links: list[str] = field(default_factory=list)  # in the order pages link them
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)  # URLs the feeds and sitemaps name
    stories: set[str] = field(default_factory=set)  # the feeds' items: stories, whatever shape
    pages_read: int = 1
    wordpress: bool = False
    generator: str = ""  # the home page's <meta name="generator">: Ghost 5.96
    list_pages: dict[str, list[str]] = field(default_factory=dict)  # read list page: its links
    home_links: list = field(default_factory=list)  # the start page's (and its frames') links

    def profiles(self) -> list[Profile]:
        """The profiles to choose from: a CMS's that names its generator only for its pages."""
        return candidates(PROFILES.values(), self.generator)

    # Pages read for links that extract as dated stories (a sidebar's links): no list pages.
    stories_read: set[str] = field(default_factory=set)
    # The news menu links of the list pages read: a splash home page (a language choice) has
    # none; the pages it leads to (/chi/index.asp, /eng/index.asp) have.
    menu_news: list[str] = field(default_factory=list)
    # Links of the pages read to other domains' hosts: story pages there (WeChat's) are said.
    elsewhere: list[str] = field(default_factory=list)
    load_more: dict = field(default_factory=dict)  # page: its "Load more" and links (no pager)
    documents: dict = field(default_factory=dict)  # page: the documents it links (PDFs)
    languages: dict = field(default_factory=dict)  # the start page in other languages: its page


@dataclass
class Choice:
    profile: Profile
    articles: list[str]
    listings: list[str]
    not_followed: list[str]
    why: str
    # Entry-own listing patterns: list pages the probe read, which link articles but which the
    # profile would not follow (a /news/ section root): without them the crawl would not
    # reach the articles it promises.
    extra_listings: list[str] = field(default_factory=list)
    # The entry's own article pattern when no profile knows the site's article URLs: the shape
    # its links share (article_shape), kept only if the sample pages extract as articles.
    extra_articles: list[str] = field(default_factory=list)
    other_shapes: list[str] = field(default_factory=list)  # to try when those are not articles

    @property
    def named(self) -> list[str]:
        """The articles it knows by their own URLs: a system path's page (Drupal's /node/N)
        is stored at its alias, whose shape is still to be found."""
        return [u for u in self.articles if not self.profile.at_system_path(u)]


def gather(url: str) -> Findings:
    """The home page, its links, a few list pages' links, its feeds and sitemaps."""
    home = fetch(url)
    if home.status >= 400:
        raise ProbeError(f"{url} answers HTTP {home.status}")
    response = home.response()
    if not isinstance(response, HtmlResponse):
        raise ProbeError(f"{url} is not an HTML page ({home.headers.get('Content-Type')})")
    found = Findings(
        home=home,
        wordpress=bool(
            re.search(rb"wp-content|<meta[^>]+generator[^>]+WordPress", home.body, re.I)
        ),
        generator=" ".join(response.xpath(_GENERATOR).getall()),
    )
    anything = trial_site(PROFILES["generic"], home.url)
    pages = [response, *_frames(found, anything, response)]
    for page in pages:
        found.links += [u for u in _all_links(found, anything, page) if u not in found.links]
        found.feeds += [f for f in feed_links(page) if f not in found.feeds]
    found.home_links = list(found.links)
    _read_widgets(found, anything, [page.url for page in pages])
    # The home page's next page (its pager: Drupal's front page, /, pages on to
    # ?q=node&page=1) lists older stories, whose links may have another shape.
    _read_list_pages(found, anything, next_page(anything, response))
    best = max(_counts(found.links, found), key=lambda c: c[0])
    if best[0] < FEW_ARTICLES:
        _read_list_pages(found, anything, _known_list_pages(found))
    # Menu entries and "more" links to the news, whatever their shape: a column page no profile
    # knows (ShowClass.asp?ClassID=2) is where most of a site's articles are listed.
    news = [u for page in pages for u in news_links(anything, page)] or found.menu_news
    _read_news_pages(found, anything, _not_articles(news, found))
    _read_entry_points(found)
    return found


def _frames(found: Findings, anything: Site, response) -> list:
    """The responses of the pages the home page shows in its frames (a frameset home page has
    no link of its own), as a crawl reads them with its start page; and of the home page in
    the site's other languages (probe_languages), which the entry's crawl starts at too."""
    frames = [u for u in frame_links(response) if anything.allows_host(u)][:LIST_PAGES]
    read = _read_pages(found, frames + other_languages(anything, response))
    found.languages = {url: page for url, page in read if url not in frames}
    return [page.response() for _, page in read]


def _read_widgets(found: Findings, anything: Site, urls: list[str]) -> None:
    """The stories the first page of these pages' news widgets' lists names (probe_lists)."""
    stories, read = widget_stories(urls, found.profiles())
    found.pages_read += read
    links = [canonical_link(anything, u) for u in stories]
    found.links += [u for u in links if u not in found.links]


def _read_pages(found: Findings, urls: list[str]) -> list[tuple[str, Fetched]]:
    """(URL, page) of each of these pages that answers (counted among the pages read)."""
    answered = fetch_each(urls)
    found.pages_read += len(answered)
    return [(url, page) for url, page in answered if page.status < 400]


def _all_links(found: Findings, site: Site, response) -> list[str]:
    """The page's links to the site; those to other hosts go to `found.elsewhere`, and the
    page to `found.load_more` when it loads more by script."""
    kinds = classify_links(site, response)
    links = [u for urls in kinds.values() for u in urls]
    if said := scripted_list(response, lambda u: (canonical_link(site, u), site.classify(u))):
        found.load_more[response.url] = (said, links)
    found.elsewhere += [u for u in links if not site.allows_host(u) and u not in found.elsewhere]
    found.documents[response.url] = linked(response)
    return [u for u in links if site.allows_host(u)]


def _known_list_pages(found: Findings) -> list[str]:
    """The links some profile takes for a list page."""
    home_url = found.home.url
    return [
        u
        for u in found.links
        if u != home_url
        and any(trial_site(p, home_url).classify(u) == "listing" for p in found.profiles())
    ]


def _not_articles(urls: list[str], found: Findings) -> list[str]:
    """The links no profile takes for an article: list pages, whether some profile knows
    their shape or not (EmpireCMS's /news/xyxw/ is one to dated_portal, not to generic,
    which the probe may choose: read, it goes into the entry as a list page's shape)."""
    home_url = found.home.url
    sites = [trial_site(p, home_url) for p in found.profiles()]
    return [u for u in urls if u != home_url and not any(s.classify(u) == "article" for s in sites)]


def _read_list_pages(found: Findings, anything: Site, candidates: list[str]) -> list:
    """Read these pages for their links (LIST_PAGES at most): the responses of those that
    are no story."""
    candidates = [u for u in candidates if u not in found.list_pages]
    rules = anything.extraction_rules()
    lists = []
    for url, page in _read_pages(found, candidates[:LIST_PAGES]):
        response = page.response()
        if reads_as_story(url, page, rules):
            found.stories_read.add(url)
        else:
            lists.append(response)
        links = _all_links(found, anything, response)
        found.menu_news += [u for u in news_links(anything, response) if u not in found.menu_news]
        found.list_pages[url] = links
        found.links += [u for u in links if u not in found.links]
        found.feeds += [f for f in feed_links(response) if f not in found.feeds]
    return lists


def _read_news_pages(found: Findings, anything: Site, candidates: list[str]) -> None:
    """Up to LIST_PAGES of the news links that are list pages, one at a time: the links of a
    shape many of the links share (the stories' own: JEECMS's /xwzx/xydt/12409.jhtml, which
    its column folder names) after the others (the columns, /xwzx/xydt/index.jhtml), and none
    of the shape of a page read and found to be a story (a headline's link). Read in page
    order, a home page's five headlines came first and the list they belong to was never
    read: the entry had no list shape, and the crawl stored the newest stories alone."""
    shapes = article_shapes(found.links)
    ordered = sorted(candidates, key=lambda u: any(matches(s, u) for s in shapes))
    lists = 0
    for url in ordered[: 2 * LIST_PAGES]:
        if lists == LIST_PAGES or url in found.list_pages:
            continue
        if any(article_shapes([url, story]) for story in found.stories_read):
            continue  # a sibling of a story read: another story
        for page in _read_list_pages(found, anything, [url]):
            lists += 1  # and its older page when that has another shape (Weebly's)
            own = listing_shape(page.url)
            on = [u for u in next_page(anything, page) if listing_shape(u) != own]
            _read_list_pages(found, anything, on)


def _read_entry_points(found: Findings) -> None:
    """The feeds' and sitemaps' URLs, canonical as the links read on pages are (Drupal's
    ?q=news/2024/05/… is ?q=news%2F2024%2F05%2F… there): a story a feed names and a list
    page links is one URL."""
    site = trial_site(PROFILES["generic"], found.home.url)

    def canonical(entries: list[Entry]) -> list[Entry]:
        return [dataclasses.replace(e, url=canonical_link(site, e.url)) for e in entries]

    origin = "{0.scheme}://{0.netloc}".format(urlsplit(found.home.url))
    for url in named_sitemaps(origin)[0]:
        urls = read_sitemap(url, nested=SITEMAPS_READ)
        if urls is None:
            continue
        found.sitemaps.append(url)
        urls = canonical(urls)
        found.listed += [e.url for e in urls if not e.index]
        found.stories.update(e.url for e in urls if e.story)
    for feed in list(found.feeds):
        urls = listed(feed)
        if urls is None:
            found.feeds.remove(feed)  # advertised, but not a feed we can read
        else:
            urls = canonical(urls)
            found.listed += [e.url for e in urls]
            found.stories.update(e.url for e in urls if e.story)


def _counts(urls: list[str], found: Findings) -> list[tuple[int, Profile]]:
    counts = []
    for profile in found.profiles():
        site = trial_site(profile, found.home.url)
        counts.append((sum(site.classify(u) == "article" for u in urls), profile))
    return counts


# Drupal's core writes name="Generator": the attribute's value in any case, as browsers read it.
_GENERATOR = "//meta[translate(@name, 'GENRATO', 'genrato')='generator']/@content"


def choose_profile(found: Findings) -> Choice:
    """The profile that recognises the most articles; on a tie WordPress when the page says it
    is one, then one that would walk some of the list pages found (a profile that recognises
    none of them would crawl the home page's articles only), then a specific CMS over
    generic."""
    urls = list(dict.fromkeys(found.links + found.listed))
    choice = _choose(found, urls)
    # A feed's items no pattern knows (WordPress's /<slug>/): the crawl takes them from the
    # feed; the older ones only the list pages link need their shape.
    plain = trial_site(choice.profile, found.home.url)
    unshaped = [u for u in sorted(found.stories) if plain.allows_host(u) and not plain.classify(u)]
    if shapes := article_shapes(unshaped, root=True):
        return with_shape(found, shapes + _other_shapes(choice, shapes))
    # Pages read for their links that are stories themselves (a Discuz portal's
    # portal.php?mod=view&aid=N, whose sidebar links the newest) beside the articles a
    # profile knows: their shape is the entry's own article shape. (When no profile knows
    # any, the shapes the links share are tried below, theirs among them.)
    shapes = article_shapes(choice.not_followed) if choice.named else []
    # A page the profile walks as a list is none (Rpage's column /p/403-1000-12.php, dated by
    # its first row, shares its shape with the site's own undated pages, /p/412-1000-101.php).
    read_stories = [u for u in found.stories_read if u not in choice.listings]
    if read := [s for s in shapes if any(matches(s, u) for u in read_stories)]:
        return with_shape(found, read)
    # No profile knows the article URLs (/news/12.htm, which VSB takes for a column's older
    # list pages; /news/<slug>): the shape the links share, as the entry's own pattern. The
    # samples (probe_samples.trials) show whether those pages are articles, and the next
    # shape is tried when they are not.
    if not choice.named and (shapes := guessed_shapes(found, choice.not_followed, choice.listings)):
        return with_shape(found, shapes)
    return choice


def _other_shapes(choice: Choice, shapes: list[str]) -> list[str]:
    """The shapes the links these shapes do not take share, to try beside them (kept when
    their own pages read as dated articles): a feed names the newest stories, of one shape
    (Drupal's aliases, ?q=news/2024/05/<slug>), the pages older ones of another (?q=node/12)."""
    rest = [u for u in choice.not_followed if not any(matches(s, u) for s in shapes)]
    return [s for s in article_shapes(rest) if s not in shapes]


def with_shape(found: Findings, shapes: list[str], kept: tuple[str, ...] = ()) -> Choice:
    """The choice with the first of these article shapes as the entry's own (beside the
    `kept` ones, whose pages were articles); the others to try next."""
    urls = list(dict.fromkeys(found.links + found.listed))
    articles = (*kept, shapes[0])
    choice = _choose(found, urls, articles)
    choice.extra_articles = list(articles)
    choice.other_shapes = shapes[1:]
    return choice


def _choose(found: Findings, urls: list[str], articles: tuple = ()) -> Choice:
    def kind(site: Site, url: str) -> str | None:  # a feed's item is a story, as a crawl takes it
        return site.classify(url, "article" if url in found.stories else None)

    profiles = found.profiles()
    guess = bool(articles) or not _cms_knows(found.home.url, urls, profiles)

    def rank(profile: Profile) -> tuple:
        site = trial_site(profile, found.home.url, articles=articles)
        kinds = [kind(site, u) for u in urls]
        return (
            len(_articles(site, dict(zip(urls, kinds, strict=True)), set())),
            found.wordpress and profile.name == "wordpress",
            # The page names its CMS (Drupal's generator meta): its profile over generic.
            bool(profile.generator),
            "listing" in kinds,
            # A CMS's profile over generic, unless no CMS's patterns know the articles (the
            # entry's own shape; a feed's items alone): then nothing says which CMS it is,
            # and generic guesses least.
            (profile.name == "generic") == guess,
            kinds.count("listing"),
        )

    profile = max(profiles, key=rank)
    site = trial_site(profile, found.home.url, articles=articles)
    kinds = {u: kind(site, u) for u in urls}
    choice = Choice(
        profile,
        _articles(site, kinds, found.stories, set(found.list_pages) - found.stories_read),
        [u for u, k in kinds.items() if k == "listing"],
        [u for u, k in kinds.items() if k is None],
        "",
    )
    bridges = [  # a story's sidebar links articles too: it is no list page
        page
        for page, links in found.list_pages.items()
        # A page read but linked by no <a> (a script pager's index_1.html) is classed too: its
        # shape went into the entry though the profile walks it, "or the crawl would not
        # reach those articles" said of articles it reaches.
        if (kinds[page] if page in kinds else kind(site, page)) is None
        and page not in found.stories_read
        and any(kinds.get(u) == "article" for u in links)
    ]
    choice.extra_listings = list(dict.fromkeys(listing_shape(page) for page in bridges))
    # The entry's crawl walks the pages of those shapes: the columns' later pages too.
    walked = trial_site(
        profile, found.home.url, articles=articles, listings=tuple(choice.extra_listings)
    )
    reached = [u for u in choice.not_followed if walked.classify(u) == "listing"]
    choice.listings += reached
    choice.not_followed = [u for u in choice.not_followed if u not in reached]
    runner_up = sorted((rank(p)[0], p.name) for p in profiles if p != profile)[-1]
    shapes = f"its shapes and {' and '.join(articles)}" if articles else "its shapes"
    choice.why = (
        f"{len(choice.articles)} article and {len(choice.listings)} list URLs "
        f"match {shapes} among {len(urls)} found (next best: {runner_up[1]}, "
        f"{runner_up[0]} articles)"
    )
    return choice


def _cms_knows(home_url: str, urls: list[str], profiles: list[Profile]) -> bool:
    """Whether some CMS's profile takes some of these links for articles by its own patterns.
    A feed's items, which every profile takes (Drupal's ?q=news/…), say nothing of the CMS:
    with them alone, the first profile (webplus) won the tie and wrote its rewrites."""
    sites = [trial_site(p, home_url) for p in profiles if p.name != "generic"]
    return any(site.classify(u) == "article" for site in sites for u in urls)


def _articles(site: Site, kinds: dict, stories: set[str], lists: set[str] = frozenset()) -> list:
    """The article links, each once as a crawl asks for it (Edlio's …/article/N?categoryId=55
    is …/article/N), a feed's items first, the pages read as `lists` last (Blackboard's list,
    FlexDataID=0, is of its stories' shape): the samples, the first five, are stories."""
    urls = dict.fromkeys(site.canonical(u) for u, k in kinds.items() if k == "article")
    return sorted(urls, key=lambda u: (u not in stories, u in lists))
