"""A page's links as a crawl follows them: those Scrapy's LinkExtractor finds in its markup,
those a CMS keeps inside a script for its own JavaScript to render, and those a script opens.

Hanweb's JCMS (大汉, common on education bureaus' and schools' sites) writes a column's items
as <script type="text/xml"><datastore><recordset><record><![CDATA[<li><a href="/art/…">…]]>:
no <a> element is in the page until a browser runs its pager, so a link extractor saw a list
page with no article on it, and the site's crawl stored nothing. Old ASP sites open their
stories by script (`href="javascript:window.open('news_view.asp?id=132')"`, `<tr onclick=
"location.href='…'">`) or list them in a jump menu (`<select onchange="location=this.value">
<option value="…">`): links all the same. TRS WCM's list templates write each item with
document.write from a script's string (`var _url = "./202405/t20240501_1.html"`), so that a
link-out document's absolute URL and a story's relative one come out alike: the column's page
had no link in its markup, the crawl reached its stories only where another page linked them,
and never walked its pager (a list page that brings no article link is not paged on).
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from lxml import html as lxml_html
from lxml.etree import ParserError
from scrapy.http import HtmlResponse
from scrapy.link import Link
from scrapy.linkextractors import IGNORED_EXTENSIONS, LinkExtractor
from w3lib.url import safe_url_string

from pipelines.processing import challenge

# Scrapy skips .psp as an image format; on WebPlus sites it is the dynamic article page.
DENY_EXTENSIONS = [ext for ext in IGNORED_EXTENSIONS if ext != "psp"]
# The link extractor's own test (url_has_any_extension) runs a generator over ~200 suffixes
# per link; str.endswith with a tuple is the same test in one C call. List pages that link
# every other list page made it a tenth of the crawl process's time at 3,000 articles.
_DENIED_SUFFIXES = tuple(f".{ext}" for ext in DENY_EXTENSIONS)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
# Where a page opens pages by script: its javascript: links, its onclick handlers.
_SCRIPTED = (
    "//a[starts-with(translate(normalize-space(@href), 'JAVSCRIPT', 'javscript'), 'javascript:')]"
    "/@href | //@onclick"
)
# Whether a page may: one search of its bytes (old markup writes onClick, onChange).
_MAY_OPEN = re.compile(rb"(?i)javascript:|\bon(?:click|change)\b")
# The page a script opens: window.open('…'), location.href = '…', location='…', and a
# SharePoint list view's pager, RefreshPageTo(event, "\u002fLists\u002f…AllItems.aspx?Paged=TRUE…").
_OPENED = re.compile(
    r"""(?:window\.open|\blocation(?:\.href)?\s*=|location\.(?:assign|replace)|"""
    r"""\bRefreshPageTo\s*\(\s*event\s*,)\s*\(?\s*['"]([^'"]+)['"]"""
)
# A page's URL quoted in a script that writes markup (document.write): a path to an .htm,
# .html or .shtml page, relative (./, ../), from the root or absolute. Other strings (the
# pager's "index", a counter's script) are no page's.
_WRITTEN = re.compile(r"""["']((?:\.{1,2}/|/|https?://)[^"'\s<>()+]*?\.s?html?)["']""")
# A JavaScript string's \uXXXX escape, as the browser reads it (\u002f is "/", \u0026 "&").
_JS_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


# A jump menu whose script puts the chosen option's value after a URL's start:
# location.href='news.asp?year='+this.value (or +this.options[this.selectedIndex].value).
_PREFIXED = re.compile(
    r"""(?:window\.open|\blocation(?:\.href)?\s*=|location\.(?:assign|replace))\s*\(?\s*"""
    r"""['"]([^'"]+)['"]\s*\+\s*this\.(?:value|options\[this\.selectedIndex\]\.value)"""
)


def opens_page(code: str) -> bool:
    """Whether a `javascript:` link or an onclick handler opens a page (window.open('…'),
    location.href = '…'): a link all the same."""
    return bool(_OPENED.search(code))


def absolute_url(response: HtmlResponse, href: str) -> str:
    """A link's absolute URL as a browser asks for it: its query's characters percent-encoded
    in the page's encoding, as Scrapy's link extractor does (an ASP site's ?BigClass=学校新闻
    on a GBK page is %D1%A7…; UTF-8's %E5%AD%A6… it answers 404). ValueError: malformed."""
    return safe_url_string(response.urljoin(href.strip()), response.encoding)


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
            url = absolute_url(response, src)
        except ValueError:
            continue  # a malformed link is skipped, never fatal
        if url.startswith(("http://", "https://")) and url not in found:
            found.append(url)
    return found


def denied(url: str) -> bool:
    """A link to a file no crawl fetches (an image, an archive, a document: DENY_EXTENSIONS)."""
    return urlparse(url).path.lower().endswith(_DENIED_SUFFIXES)  # urlparse: as Scrapy


def page_links(
    extractor: LinkExtractor, response: HtmlResponse, files: list[Link] | None = None
) -> list[Link]:
    """The extractor's links, then those of the markup in the page's scripts' CDATA sections
    and those its scripts open (not found before), in page order; none to a file (denied):
    those go to `files`, when given (crawler.documents counts them)."""
    links = extractor.extract_links(response)
    more = script_links(response) if b"<![CDATA[" in response.body else []  # one byte search
    if _MAY_OPEN.search(response.body):
        more += opened_links(response)
    if b"document.write" in response.body:
        more += written_links(response)
    seen = {link.url for link in links}
    for link in more:
        if link.url not in seen and link.url.startswith(("http://", "https://")):
            seen.add(link.url)
            links.append(link)
    pages = []
    for link in links:  # each URL's path read once: this runs on every page of a crawl
        if not denied(link.url):
            pages.append(link)
        elif files is not None:
            files.append(link)
    return pages


def opened_links(response: HtmlResponse) -> list[Link]:
    """The pages the page's `javascript:` links and onclick handlers open, and its jump
    menus' options."""
    found = []
    for code in response.xpath(_SCRIPTED):  # <tr onclick="window.location.href='…'"> too
        if opened := _OPENED.search(code.get()):
            href = _JS_ESCAPE.sub(lambda m: chr(int(m[1], 16)), opened.group(1))
            found.append((href, code.xpath("normalize-space(..)").get() or ""))
    for select in response.xpath("//select[@onchange]"):
        # location.href='news.asp?year='+this.value: the option's value ends the URL
        prefix = _PREFIXED.search(select.attrib["onchange"])
        for option in select.xpath("./option[@value] | ./optgroup/option[@value]"):
            value = option.attrib["value"].strip()
            if not value or value.startswith(("#", "javascript:")):
                continue
            if prefix or "/" in value or "." in value:
                href = prefix.group(1) + value if prefix else value
                found.append((href, option.xpath("normalize-space(.)").get() or ""))
    links = []
    for href, text in found:
        try:
            links.append(Link(absolute_url(response, href), text=text))
        except ValueError:
            continue  # a malformed link is skipped, never fatal
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
            url = absolute_url(response, href)
        except ValueError:
            continue  # a malformed link is skipped, never fatal
        found.append(Link(url, text=anchor.text_content().strip()))
    return found


def written_links(response: HtmlResponse) -> list[Link]:
    """The pages named in the strings of the page's inline scripts that write markup
    (document.write): the items a TRS WCM column writes by script."""
    found = []
    for script in response.xpath("//script[not(@src)]/text()").getall():
        if "document.write" not in script:
            continue
        for href in _WRITTEN.findall(script):
            try:
                found.append(Link(absolute_url(response, href)))
            except ValueError:
                continue  # a malformed link is skipped, never fatal
    return found


SHELL_TEXT = 200  # characters of text under which a page with scripts and no links is a shell
SHELL_LINKS = 3


def firewall_page(response) -> str | None:
    """What the page is when a web firewall answered in its place (a script that sets a
    cookie and reloads: crawling it needs the site's leave, no feed or sitemap helps)."""
    if not isinstance(response, HtmlResponse):
        return None
    headers = {
        key.decode("latin-1"): b"; ".join(values).decode("latin-1")
        for key, values in response.headers.items()
    }
    if name := challenge.firewall(response.body, headers):
        return f"answers a firewall's challenge ({name}: a script sets a cookie and reloads)"
    return None


def app_shell(response: HtmlResponse) -> str | None:
    """What a page built by its scripts (a Vue or React app: `<div id="app"></div>` and its
    bundles) says in its HTML, when it says next to nothing: few characters of text, no more
    than SHELL_LINKS links, some scripts. A crawl reads no link there; None for other pages
    (a firewall's challenge too: firewall_page)."""
    if not isinstance(response, HtmlResponse) or firewall_page(response):
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
