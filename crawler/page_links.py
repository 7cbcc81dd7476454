"""A page's links as a crawl follows them: those Scrapy's LinkExtractor finds in its markup,
and those a CMS keeps inside a script for its own JavaScript to render.

Hanweb's JCMS (大汉, common on education bureaus' and schools' sites) writes a column's items
as <script type="text/xml"><datastore><recordset><record><![CDATA[<li><a href="/art/…">…]]>:
no <a> element is in the page until a browser runs its pager, so a link extractor saw a list
page with no article on it, and the site's crawl stored nothing.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from lxml import html as lxml_html
from lxml.etree import ParserError
from scrapy.http import HtmlResponse
from scrapy.link import Link
from scrapy.linkextractors import IGNORED_EXTENSIONS, LinkExtractor

# Scrapy skips .psp as an image format; on WebPlus sites it is the dynamic article page.
DENY_EXTENSIONS = [ext for ext in IGNORED_EXTENSIONS if ext != "psp"]
# The link extractor's own test (url_has_any_extension) runs a generator over ~200 suffixes
# per link; str.endswith with a tuple is the same test in one C call. List pages that link
# every other list page made it a tenth of the crawl process's time at 3,000 articles.
_DENIED_SUFFIXES = tuple(f".{ext}" for ext in DENY_EXTENSIONS)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)


def frame_links(response: HtmlResponse) -> list[str]:
    """The pages the page shows in its frames and iframes (<frame src>, <iframe src>), in page
    order: a home page made of frames has its content, and its links, in them."""
    if not isinstance(response, HtmlResponse):
        return []
    found = []
    for src in response.xpath("//frame/@src | //iframe/@src").getall():
        src = src.strip()
        if not src or src.startswith(("#", "javascript:", "about:", "data:")):
            continue
        try:
            url = response.urljoin(src)
        except ValueError:
            continue  # a malformed link is skipped, never fatal
        if url.startswith(("http://", "https://")) and url not in found:
            found.append(url)
    return found


def denied(url: str) -> bool:
    """A link to a file no crawl fetches (an image, an archive, a document: DENY_EXTENSIONS)."""
    return urlparse(url).path.lower().endswith(_DENIED_SUFFIXES)  # urlparse: as Scrapy


def page_links(extractor: LinkExtractor, response: HtmlResponse) -> list[Link]:
    """The extractor's links, then those of the markup in the page's scripts' CDATA sections
    (not found before), in page order; none to a file (denied)."""
    links = extractor.extract_links(response)
    if b"<![CDATA[" in response.body:  # most pages: one byte search
        seen = {link.url for link in links}
        for link in script_links(response):
            if link.url not in seen:
                seen.add(link.url)
                links.append(link)
    return [link for link in links if not denied(link.url)]


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


SHELL_TEXT = 200  # characters of text under which a page with scripts and no links is a shell
SHELL_LINKS = 3


def app_shell(response: HtmlResponse) -> str | None:
    """What a page built by its scripts (a Vue or React app: `<div id="app"></div>` and its
    bundles) says in its HTML, when it says next to nothing: few characters of text, no more
    than SHELL_LINKS links, some scripts. A crawl reads no link there; None for other pages."""
    if not isinstance(response, HtmlResponse):
        return None
    visible = "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"
    text = " ".join(" ".join(response.xpath(visible).getall()).split())
    links = len(response.xpath("//body//a[@href]"))
    scripts = len(response.xpath("//script"))
    if len(text) >= SHELL_TEXT or links > SHELL_LINKS or not scripts:
        return None
    return (
        f"is drawn by JavaScript ({scripts} scripts, {len(text)} characters of text and "
        f"{links} links in its HTML)"
    )
