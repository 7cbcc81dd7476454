"""Consent banners are not what a page says (pipelines/processing/consent.py): on wcxb_dev
trafilatura took a OneTrust banner for a forum thread's text, and articles kept "This website
uses cookies" lines."""

from __future__ import annotations

from datetime import datetime

from lxml import html as lxml_html

from pipelines.processing import RawPage, consent, process

POSTS = [
    "I replaced the chain on my commuter bike last week and the shifting is still rough on "
    "the two smallest cogs, even after I adjusted the limit screws twice.",
    "Check the hanger alignment first: a bent derailleur hanger gives exactly that, and a "
    "shop can straighten it in five minutes with the right tool.",
    "That was it. The hanger was bent a few millimetres inwards; after the shop fixed it the "
    "gears run quietly again on every cog of the cassette.",
]

ONETRUST = (
    "<div id='onetrust-consent-sdk'><div id='onetrust-banner-sdk' role='region' "
    "aria-label='Cookie banner'><div class='ot-sdk-container' role='dialog'>"
    "<div id='onetrust-policy'><h2>We value your privacy</h2>"
    "<p>We and our 842 partners store and access information on your device, such as cookies, "
    "and process personal data such as unique identifiers and standard information sent by a "
    "device for personalised advertising and content, ad and content measurement, audience "
    "research and services development. With your permission we and our partners may use "
    "precise geolocation data and identification through device scanning. You may click to "
    "consent to our and our partners' processing as described above, or access more detailed "
    "information and change your preferences before consenting or refusing to consent.</p>"
    "<p>Strictly necessary cookies are always active. Analytics cookies help us understand how "
    "visitors use the site; targeting cookies are set by our advertising partners and build a "
    "profile of your interests to show you relevant adverts on other sites.</p></div>"
    "<button>Accept all cookies</button><button>Manage preferences</button>"
    "</div></div></div>"
)


def _thread(extra: str, posts=POSTS) -> RawPage:
    body = "".join(
        f"<div class='post'><b>rider{i}</b><div class='message'>{p}</div></div>"
        for i, p in enumerate(posts)
    )
    html = (
        "<html><head><title>Rough shifting after a new chain - Bike Forum</title></head><body>"
        f"<header><a href='/'>Bike Forum</a></header><h1>Rough shifting after a new chain</h1>"
        f"<div class='thread'>{body}</div>{extra}</body></html>"
    )
    return RawPage(
        url="https://forum.example/threads/rough-shifting.123/",
        body=html.encode(),
        fetched_at=datetime(2024, 1, 1),
    )


def test_a_consent_banner_is_not_taken_for_the_text():
    text = process(_thread(ONETRUST)).text
    assert all(post in text for post in POSTS)
    assert "cookies" not in text and "partners" not in text


def test_a_gdpr_notice_in_the_content_area_is_dropped_and_the_posts_stay():
    # eBay's own banner, inside the page's widgets: no "cookie" in its name, which is what
    # trafilatura's own boilerplate rules look for.
    notice = (
        "<section id='gdpr-banner' class='page-notice' role='region'><p>We use cookies and "
        "other technologies that are essential to provide you our services and site "
        "functionality, as described in our Cookie Notice. By continuing to browse, you agree "
        "to our use of these technologies; you can manage your preferences at any time.</p>"
        "<button>Accept</button></section>"
    )
    text = process(_thread("", posts=[*POSTS[:2], notice, POSTS[2]])).text
    assert all(post in text for post in POSTS)
    assert "cookies" not in text


def test_what_names_cookies_but_asks_nothing_of_the_reader_stays():
    recipe = (
        "<div class='cookie-recipe'><p>Cream the butter with both sugars until pale, then "
        "beat in the eggs one at a time and fold in the flour, salt and chocolate chips. Bake "
        "the cookies for eleven minutes, until the edges are golden and the middles still "
        "soft.</p></div>"
    )
    tree = lxml_html.document_fromstring(f"<html><body><h1>Cookies</h1>{recipe}</body></html>")
    assert consent.drop_banners(tree) == 0
    assert "chocolate chips" in tree.text_content()


def test_a_page_about_consent_keeps_its_article():
    article = (
        "<div class='consent-law'><article><h1>What the new consent rules mean</h1><p>Sites "
        "must let readers reject cookies as easily as they accept them, and manage their "
        "preferences later.</p></article></div>"
    )
    tree = lxml_html.document_fromstring(f"<html><body>{article}</body></html>")
    assert consent.drop_banners(tree) == 0


def test_only_the_outermost_element_of_a_banner_is_counted():
    tree = lxml_html.document_fromstring(f"<html><body><p>Text.</p>{ONETRUST}</body></html>")
    assert consent.drop_banners(tree) == 1
    assert tree.xpath("//*[@id='onetrust-banner-sdk']") == []
    assert "Text." in tree.text_content()
