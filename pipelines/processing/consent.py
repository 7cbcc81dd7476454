"""Consent banners: the cookie and privacy notices a consent script lays over the page.

They are in the served HTML, shown until a reader clicks them away, and never part of what
the page says; yet trafilatura took one for the main text where the page's own was short or
split (a forum thread, a product page: F1 0.13-0.17 on wcxb_dev), and articles kept their "We
use cookies to improve your experience" lines. Consent managers name their containers
(OneTrust, Cookiebot, CookieYes, Complianz, Didomi, Usercentrics, WordPress's Cookie Law
Info, Drupal's EU Cookie Compliance, a site's own "gdpr-banner"), so a banner is an element
whose id, class or label names cookies or consent, whose text speaks of cookies, consent or
privacy together with what a reader is asked to do (accept, manage, the "necessary" and
"analytics" categories), and which holds no headline or article of its own. A recipe card
classed "cookie" says none of those words; a page about cookie law keeps its <h1>.
"""

from __future__ import annotations

import re

# What consent managers call their containers, in an id, a class or a label.
_NAMES = re.compile(
    r"cookie|consent|gdpr|onetrust|didomi|usercentrics|cmplz|iubenda|osano|truste", re.I
)
# The elements a banner is built of. Walked in Python: an XPath contains() per name and case
# cost ten times as much (17 ms a page on wcxb_dev, against 1.7).
_CONTAINERS = ("div", "section", "aside", "form", "dialog", "footer")
_TOPIC = re.compile(r"cookie|consent|privacy|gdpr|datenschutz|隐私", re.I)
_ASKED = re.compile(
    r"accept|agree|allow|reject|decline|preferences|settings|manage|necessary|essential"
    r"|analytics|partners|opt[ -]?out|同意|接受|拒绝",
    re.I,
)
_OWN_CONTENT = "descendant-or-self::*[self::h1 or self::article or self::main]"


def _named(element) -> bool:
    return any(
        (value := element.get(attribute)) and _NAMES.search(value)
        for attribute in ("id", "class", "aria-label")
    )


def is_banner(element) -> bool:
    """A consent manager's container: see the module's docstring."""
    if not _named(element) or element.xpath(_OWN_CONTENT):
        return False
    text = " ".join(element.xpath(".//text()[not(ancestor::script or ancestor::style)]"))
    return bool(_TOPIC.search(text) and _ASKED.search(text))


def drop_banners(tree) -> int:
    """Remove the page's consent banners (the outermost element of each, tail text kept);
    how many."""
    dropped = []
    body = tree.find("body")
    for element in body.iter(*_CONTAINERS) if body is not None else ():
        if dropped and any(parent in dropped for parent in element.iterancestors()):
            continue  # inside a banner already taken
        if is_banner(element):
            dropped.append(element)
    for element in dropped:
        element.drop_tree()
    return len(dropped)
