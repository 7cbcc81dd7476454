"""A story's own teaser on its page is its first paragraph (pipelines/processing/leads.py):
trafilatura drops every block whose class says teaser, and every story of a TYPO3 tx_news
site (its stock Detail template prints the teaser above the body) lost its opening sentence."""

from __future__ import annotations

from datetime import datetime

import lxml.html

from pipelines.processing import RawPage, leads, process

LEAD = (
    "Northfield Technical College and Hartwell Precision Engineering have agreed a new way of "
    "working together that will benefit learners in Engineering."
)
BODY = [
    "Over the coming year, around 40 learners will take part in placements, projects and "
    "masterclasses run jointly by the college and its partners.",
    "The arrangement was welcomed by the college's Head of Engineering, who said that employers "
    "like Hartwell help keep our courses close to the needs of industry.",
    "Employers interested in working with the college can contact the Business Development "
    "Unit at the Riverside campus.",
]
OTHER = "Welding student wins gold at WorldSkills UK regional heats"
OTHER_TEASER = "Students from the Welding department have once again shown what they can do."


def _teaser(title: str, text: str) -> str:
    """A list view's teaser of another story: its headline link, summary, "Read more"."""
    return (
        '<div class="article articletype-0" itemscope itemtype="http://schema.org/Article">'
        f'<div class="header"><h3><a href="/news/detail/x"><span itemprop="headline">{title}'
        f'</span></a></h3></div><div class="teaser-text"><div itemprop="description"><p>{text}'
        '</p></div><a class="more" href="/news/detail/x">Read more</a></div></div>'
    )


def _detail(lead: str = LEAD) -> RawPage:
    """tx_news's stock Detail.html: headline, date line, teaser, body, related, back link."""
    body = "".join(f"<p>{p}</p>" for p in BODY)
    html = (
        "<html><head><title>Northfield Technical College: College signs partnership</title>"
        '<meta name="generator" content="TYPO3 CMS"></head><body><nav><a href="/">Home</a>'
        '<a href="/news">News</a></nav><div class="news news-single"><div class="article" '
        'itemscope="itemscope" itemtype="http://schema.org/Article"><div class="header">'
        '<h3 itemprop="headline">College signs partnership</h3></div><div class="footer"><p>'
        '<span class="news-list-date"><time itemprop="datePublished" datetime="2025-05-14">'
        "14/05/2025</time></span></p></div>"
        f'<div class="teaser-text" itemprop="description"><p>{lead}</p></div>'
        f'<div class="news-text-wrap" itemprop="articleBody">{body}</div>'
        '<div class="news-backlink-wrap"><a href="/news">Back</a></div></div></div>'
        f"<aside><h2>Latest news</h2>{_teaser(OTHER, OTHER_TEASER)}</aside>"
        "<footer>Riverside Campus, Mill Lane</footer></body></html>"
    )
    return RawPage(
        url="https://www.northfield-tech.ac.uk/news/detail/college-signs-partnership",
        body=html.encode(),
        fetched_at=datetime(2025, 6, 1),
    )


def test_a_tx_news_storys_teaser_is_its_first_paragraph():
    lines = process(_detail()).text.splitlines()
    assert lines[0] == LEAD
    assert lines[1:] == BODY


def test_another_storys_teaser_beside_it_stays_out():
    text = process(_detail()).text
    assert OTHER_TEASER not in text
    assert OTHER not in text


def test_a_teaser_of_links_is_no_lead():
    linked = '<a href="/news/category/partnerships">Partnerships and cooperation agreements</a>'
    text = process(_detail(lead=linked)).text
    assert "Partnerships and cooperation" not in text
    assert text.splitlines() == BODY


def test_several_teasers_before_the_body_are_cards_of_other_pages():
    """A landing page's topic cards, each a teaser block in the article before its text: a
    wcxb article (hrsa.gov's, seven cards) had them all put back and was then rejected as a
    list of links. A story has one teaser of its own."""
    cards = "".join(
        f'<div class="teaser__content"><p>{OTHER_TEASER} Card {n} of the landing page.</p></div>'
        for n in range(3)
    )
    body = "".join(f"<p>{p}</p>" for p in BODY)
    tree = lxml.html.fromstring(
        f'<html><body><article class="node">{cards}<div class="text">{body}</div></article>'
        "</body></html>"
    )
    text = "\n".join(BODY)
    assert leads.put_back(tree, text) == text
    one = lxml.html.fromstring(
        f'<html><body><article class="node"><div class="teaser-text"><p>{LEAD}</p></div>'
        f'<div class="text">{body}</div></article></body></html>'
    )
    assert leads.put_back(one, text) == "\n".join([LEAD, *BODY])
