"""A page's links as a crawl follows them: those Scrapy's LinkExtractor finds in its markup,
and those a CMS keeps inside a script for its own JavaScript to render.

Hanweb's JCMS (大汉, common on education bureaus' and schools' sites) writes a column's items
as <script type="text/xml"><datastore><recordset><record><![CDATA[<li><a href="/art/…">…]]>:
no <a> element is in the page until a browser runs its pager, so a link extractor saw a list
page with no article on it, and the site's crawl stored nothing.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html
from lxml.etree import ParserError
from scrapy.http import HtmlResponse
from scrapy.link import Link
from scrapy.linkextractors import LinkExtractor

_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)


def page_links(extractor: LinkExtractor, response: HtmlResponse) -> list[Link]:
    """The extractor's links, then those of the markup in the page's scripts' CDATA sections
    (not found before), in page order."""
    links = extractor.extract_links(response)
    if b"<![CDATA[" not in response.body:
        return links  # most pages: one byte search
    seen = {link.url for link in links}
    for link in script_links(response):
        if link.url not in seen:
            seen.add(link.url)
            links.append(link)
    return links


def script_links(response: HtmlResponse) -> list[Link]:
    """The <a href> links of the markup inside the CDATA sections of the page's inline scripts."""
    markup = "".join(
        fragment
        for script in response.xpath("//script[not(@src)]/text()").getall()
        for fragment in _CDATA.findall(script)
    )
    if "href" not in markup:
        return []
    try:
        tree = lxml_html.fromstring(f"<div>{markup}</div>")
    except (ParserError, ValueError):
        return []  # not markup after all
    found = []
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        try:
            url = response.urljoin(href)
        except ValueError:
            continue  # a malformed link is skipped, never fatal
        found.append(Link(url, text=anchor.text_content().strip()))
    return found
