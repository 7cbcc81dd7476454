"""Drupal (8 to 11, and 7 with clean URLs): every page is a node, answered at its system path
/node/N and at the alias Pathauto gives it (/news/college-signs-partnership,
/about/press-releases/<slug>), which are the site's own and no profile can know (`sites probe`
writes their shapes into the entry). Drupal links the system path in places (the head's
shortlink, a Views block or RSS feed whose rows link node/N, an editor's link) and answers it
200 with the node's page, whose `<link rel="canonical">` names the alias: without the Redirect
module's 301, one story was stored twice, once under each URL. A page fetched at /node/N whose
canonical link names an article URL of the site is stored as that page, as a redirect there
would be (`system_paths`). Lists: the front page (/node in Drupal 7), taxonomy terms
(/taxonomy/term/N, aliased too) and Views pages, whose zero-based pager (?page=1) the pager
walk follows; sitemaps (simple_sitemap, xmlsitemap at /sitemap.xml). Only for a page whose
generator says Drupal: its /node/N shape is nobody else's, but its aliases are anybody's.
"""

from .base import Profile

PROFILE = Profile(
    name="drupal",
    articles=(r"^/node/\d+/?$",),
    listings=(r"^/$", r"^/node/?$", r"^/taxonomy/term/\d+/?(?:\?[^#]*)?$"),
    sitemaps=True,
    system_paths=(r"^/node/\d+/?$",),
    # Chosen by `sites probe` for a page that says it is Drupal ("Drupal 10
    # (https://www.drupal.org)", which core writes on every page), over generic on a tie.
    generator=r"^Drupal\b",
)
