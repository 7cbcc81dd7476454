"""TYPO3 with its news extensions, tx_news (TYPO3 7 to 13) and the older tt_news, as colleges
and schools run them. A story's page is tx_news's detail view: by route enhancers (RealURL
before TYPO3 9) at the detail page's path and the story's slug, /news/detail/<slug> (its
folder named detail, details, article or artikel on most sites; another name is the site's own,
and `sites probe` writes its shape into the entry), or, without them, the detail page by id
with the story's uid in the query: index.php?id=12&tx_news_pi1[news]=345&…&cHash=<32 hex>
(tt_news's tx_ttnews[tt_news]=345). Links are written with brackets percent-encoded or not.

Lists: the news page (its path or id the site's own: the probe writes its shape) walked by
the stock pager, ?tx_news_pi1[currentPage]=2&cHash=… (tx_news 9 and later), Fluid's widget
pager ?tx_news_pi1[@widget_0][currentPage]=2 before it, tt_news's ?tx_ttnews[pointer]=1, or a
route enhancer's /page-2; its category lists (?tx_news_pi1[overwriteDemand][categories]=3,
routed as /category/<slug>). Sitemaps: the seo extension's /sitemap.xml index (its pages
sitemap; news only where the site configured one). TYPO3 signs every link with a query by
its cHash and answers 404 to one without a valid one (whatever the order of the query): no
link is rewritten, its cHash kept. Only for a page whose generator says TYPO3 ("TYPO3 CMS").
"""

from .base import Profile

_OPEN, _CLOSE = r"(?:%5B|\[)", r"(?:%5D|\])"  # a bracket, percent-encoded or not


def _argument(plugin: str, *names: str) -> str:
    """A plugin argument in a query, tx_news_pi1[news]= (names nested: [a][b]=)."""
    return rf"[?&]{plugin}" + "".join(rf"{_OPEN}{n}{_CLOSE}" for n in names) + "="


PROFILE = Profile(
    name="typo3",
    articles=(
        r"/(?:detail|details|article|artikel|news-detail|newsdetail)/[^/?#]+/?$",
        _argument("tx_news_pi1", "news") + r"\d+(?:&|$)",
        _argument("tx_ttnews", "tt_news") + r"\d+(?:&|$)",
    ),
    listings=(
        r"^/$",
        _argument("tx_news_pi1", r"(?:(?:%40|@)widget_\d+" + _CLOSE + _OPEN + ")?currentPage")
        + r"\d+(?:&|$)",
        _argument("tx_news_pi1", "overwriteDemand", "categories") + r"\d+(?:&|$)",
        _argument("tx_ttnews", "(?:pointer|cat)") + r"\d+(?:&|$)",
        r"/page-\d+/?$",
        r"/(?:category|categories|kategorie)/[^/?#]+/?(?:page-\d+/?)?$",
    ),
    sitemaps=True,
    # "TYPO3 CMS" on every page TYPO3 renders (older: "TYPO3 4.5 CMS"): chosen by `sites
    # probe` over generic on a tie.
    generator=r"^TYPO3\b",
)
