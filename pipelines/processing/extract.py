"""`process()`'s work: trafilatura's reading of the page, the article-or-not decision, the
cleaned text and its metadata (pipelines.processing.process calls `extract`)."""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from datetime import date

import trafilatura
from trafilatura.settings import Extractor, use_config

from . import (
    alternates,
    challenge,
    consent,
    continuations,
    dates,
    extractor_version,
    headline,
    hidden,
    html_clean,
    latest_lists,
    layout_tables,
    leads,
    list_forms,
    metadata,
    missed_blocks,
    narrower,
    not_found,
    organisations,
    page_kind,
    page_signals,
    page_vocab,
    site_updated,
    topics,
    wechat,
)
from .authors import clean_author, written_by
from .decoding import decode_html
from .fingerprint import content_hash
from .han import han_share
from .language import detect_language
from .markup import read_markup
from .page import Document, NotADocument, RawPage
from .page_metadata import PageMetadata, published_date
from .readings import strip_readings
from .rules import NO_RULES, ExtractionRules
from .size_cap import DEFAULT_MAX_PAGE_BYTES, check_size
from .sniffing import not_html_reason
from .text_clean import clean_text, from_headline, through_last_prose

# trafilatura falls back to the whole page when the main text is under MIN_EXTRACTED_SIZE
# characters (250). One Chinese character carries about a word, so a 60-character notice is
# a whole article: Chinese pages get a threshold in characters, not in Latin letters.
_LATIN_CONFIG = use_config()
_CJK_CONFIG = use_config()
_CJK_CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "50")
# A short story the crawl fetched read again with that fallback under these sizes only: so
# the shared sets' 64 articles under 1,500 characters scored higher (wcxb 0.768 -> 0.796).
_LATIN_SHORT = use_config()
_LATIN_SHORT.set("DEFAULT", "MIN_EXTRACTED_SIZE", "30")
_CJK_SHORT = use_config()
_CJK_SHORT.set("DEFAULT", "MIN_EXTRACTED_SIZE", "10")
SHORT_STORY = 1500  # characters of text a reading of a short story holds at most


# Reasons that say the first pass found no article text at all (not that it found a list).
_NO_PROSE = "no prose"
_THIN = ("no main text", _NO_PROSE)
NOT_FOUND = "not found (the page says so, answered 200)"

# trafilatura reads a tree without comments (its own parser leaves them out) and loses the
# text after one: React pages write `<!-- -->` between text runs, whole paragraphs went
# missing. Our tree keeps them for the metadata readers (Founder ENP's `<!--enpproperty
# <date>…` is how many Chinese news CMSes date a page) and as hidden.py's placeholders, so
# they are pruned, tails kept, from trafilatura's own copy.
_COMMENTS = "//comment()"


@functools.cache
def _options(cjk: bool, favor_recall: bool, whole: bool = False, short: bool = False) -> Extractor:
    """The options `bare_extraction` would build from its keywords: built once, since reading
    them from the configparser each call cost a tenth of trafilatura's own time per page.
    `whole`: a tree that is all body (a hidden body read alone), read by trafilatura's own
    extractor alone: its fallbacks (readability, jusText) look for the main part of a page,
    and cut a body's last lines (a WeChat story's closing sentence). `short`: the whole-page
    fallback only under a lower size (_short_story)."""
    configs = (_CJK_SHORT, _LATIN_SHORT) if short else (_CJK_CONFIG, _LATIN_CONFIG)
    return Extractor(
        config=configs[0] if cjk else configs[1],
        output_format="python",
        fast=whole,
        recall=favor_recall,
        comments=False,
        tables=True,
        dedup=False,
    )


def _trafilatura(
    tree, cjk: bool, url: str, favor_recall: bool = False, whole: bool = False, short: bool = False
):
    """trafilatura's main text (it works on its own copy of the tree), without metadata:
    `PageMetadata` reads that only when the page itself does not say it; with the lists and
    headings it left out from between its paragraphs put back (missed_blocks), and the rest
    of a text cut into containers of one kind after the one it read (continuations), and the
    story's own teaser it dropped put back before it (leads)."""
    # trafilatura copies it too, never mutates it
    options = copy.copy(_options(cjk, favor_recall, whole, short))
    # As Extractor(url=url) sets them.
    options.url = url
    options.source = url and url.encode("utf-8", "replace").decode("utf-8")
    extracted = trafilatura.bare_extraction(tree, options=options, prune_xpath=_COMMENTS)
    if extracted is not None and extracted.text:
        text = continuations.put_back(tree, missed_blocks.put_back(tree, extracted.text))
        extracted.text = leads.put_back(tree, text)
    return extracted


@dataclass
class _Seen:
    """What the page shows besides its main text: the article-or-not decision's inputs."""

    url: str
    kind: str | None  # the crawl's URL class: "article", "listing" or None (not known)
    title: str | None
    anchors: set[str]
    markup: object  # markup.Markup
    tree: object  # the page as served less its hidden elements, which nothing changes after
    visible: str = ""  # the page's visible text
    cjk: bool = False  # written in Han characters (trafilatura's threshold in characters)

    @functools.cached_property
    def dated(self) -> bool:
        """A full date printed by the headline (a story's date line, 发布时间：2024-05-20)."""
        visible = dates.in_arabic(self.visible)
        return dates.date_near_headline(
            visible, self.title, None
        ) is not None or dates.english_date_line_near(visible, self.title)

    @property
    def story(self) -> bool:
        """The crawl took the page for an article and it prints its date by its headline."""
        return self.kind == "article" and self.dated

    @functools.cached_property
    def layout(self) -> dict[str, float]:
        """The layout signals, read only when the decision weighs them: an article the crawl
        took for one, with a long body, never needs them (a quarter of `process` on such
        pages). trafilatura and the metadata readers work on copies of the tree."""
        return page_signals.layout_signals(self.tree, self.url, self.markup)

    def words(self) -> float:
        """The page's chrome words' listing score (page_vocab), asked for only near the cut."""
        return page_vocab.score(self.tree, self.url)


def _body(extracted, rules: ExtractionRules, seen: _Seen) -> tuple[str | None, list[str]]:
    """(why there is no article, or None; the article's lines)."""
    if extracted is None or not (extracted.text or "").strip():
        return "no main text", []
    text = clean_text(extracted.text, rules, title=seen.title)
    if not text:
        return "no main text after cleaning", []
    lines = text.splitlines()
    if not_found.says_not_found((seen.title, seen.tree.findtext(".//title")), lines):
        return NOT_FOUND, []
    reason, kept = page_kind.classify_lines(lines, seen.anchors, seen.markup)
    if reason and reason.startswith(page_kind.LIST_OF_LINKS) and seen.story:
        # A short story (a three-line notice) beside a sidebar of eight headlines reads as a
        # list by its lines alone; the crawl took its URL for an article's and it prints its
        # date by its headline: the story, less the sidebar's lines.
        return None, page_kind.without_link_lines(lines, seen.anchors)
    if reason is None:
        share, longest = page_kind.text_shape(lines, seen.anchors)
        list_url = seen.kind is None and page_signals.listing_url(seen.url)
        if seen.markup.record:  # one list item (SharePoint's): its text is its notes
            return None, list_forms.notes(seen.tree, kept)
        if seen.kind == "article" and (longest >= page_kind.LONG_RUN or seen.dated):
            return None, kept  # the crawl took it for an article: it has a body, or a date line
        # Text with prose can still be a card grid or a section root: weigh everything. A
        # list-shaped URL only lowers the model's cut (it took service pages at /services/).
        found = page_signals.signals(seen.layout, lines, seen.anchors, share, longest)
        reason = page_signals.listing_reason(
            found, list_url, words=seen.words, reach=page_vocab.reach()
        )
    return reason, kept


def _recall_pass(page: RawPage, cjk: bool, latest: date | None, rules, seen: _Seen):
    """(extraction, metadata, (reason, lines)) of a recall pass over the page as served, for
    when the precise pass found no article: on real pages mostly trafilatura missing the body
    (or one in hidden elements a script moves into place)."""
    pristine = layout_tables.unwrapped(_parse(page)[1])
    extracted = _trafilatura(pristine, cjk, page.url, favor_recall=True)
    return extracted, PageMetadata(pristine, page.url, latest), _body(extracted, rules, seen)


def _hidden_body(taken: hidden.HiddenBlocks, cjk: bool, rules, seen: _Seen, reason: str):
    """(the extraction, (reason, lines)) of a page that shows no article text (`reason`: no
    prose, no main text; a list of links is a list page, whatever it hides) whose one hidden
    block holds more text than the page shows, in sentences: that block read alone, shown
    (hidden.HiddenBlocks.main_body), a body a script reveals; else (None, (reason, [])).

    WeChat's #js_content is served `visibility: hidden`, and trafilatura drops an element whose
    style says hidden, in the page as served too (the recall pass's) and in the blocks
    `_with_hidden` puts back. No menu, dialog, form or template is such a block (hidden.py
    keeps none), and `_body` still decides, on the page as shown, whether it is an article."""
    taken.keep_new(seen.visible)
    if (page := taken.main_body()) is None:
        return None, (reason, [])
    extracted = _trafilatura(page, cjk, seen.url, whole=True)
    found, lines = _body(extracted, rules, seen)
    return (None, (reason, [])) if found else (extracted, (None, lines))


def _with_hidden(taken: hidden.HiddenBlocks, shown: str, cjk: bool, rules, seen: _Seen, first):
    """(the extraction, (reason, lines)) of the page read again with the hidden blocks a
    reader can open (accordion answers, tabs) when they add to what the page shows (`shown`,
    its visible text); `first` as read without them.

    An article: the text only is read again, whether it is an article stays read from the
    page as shown (given the blocks, trafilatura's reading of a listing can pass for an
    article's). `first` stays when the new reading is no longer: trafilatura then picked
    another part of the page (a cart pop-up) instead of adding to the one read.
    A page rejected as shown: read again, and decided on that reading, only when the blocks
    hold more than it shows (render.com, miro.com: a menu shown, the rest faded in by a
    script; they were "a list of links")."""
    extracted, (reason, lines) = first
    if not taken.keep_new(shown) or (reason and not taken.hold_most()):
        return first
    with taken.shown():
        fuller = _trafilatura(layout_tables.unwrapped(seen.tree), cjk, seen.url)
    if reason:
        return fuller, _body(fuller, rules, seen)
    text = clean_text(fuller.text, rules, title=seen.title) if fuller else ""
    if len(text) <= sum(map(len, lines)):
        return first
    return fuller, (None, page_kind.classify_lines(text.splitlines(), seen.anchors, seen.markup)[1])


def _other_readings(taken: hidden.HiddenBlocks, rules, seen: _Seen, first, current):
    """(the extraction, (reason, lines)) after the readings that may find a body the first
    missed: a body hidden for a script to show (WeChat's), the page without its lists of the
    latest; and, for a story the crawl fetched and that still has no prose, the lines first
    read (`first`): a notice whose text is its attachment ("详见附件", "附件：….pdf")."""
    extracted, (reason, lines) = current
    if reason and reason.startswith(_THIN):  # it shows no text: its body hidden for a script?
        extracted, (reason, lines) = _hidden_body(taken, seen.cjk, rules, seen, reason)
    extracted, (reason, lines) = _without_latest(rules, seen, (extracted, (reason, lines)))
    extracted, (reason, lines) = _short_story(rules, seen, (extracted, (reason, lines)))
    shown, (said, read) = first
    if reason and said and said.startswith(_NO_PROSE) and seen.story and shown and read:
        return shown, (None, page_kind.without_link_lines(read, seen.anchors) or read)
    return extracted, (reason, lines)


def _without_latest(rules, seen: _Seen, first):
    """(the extraction, (reason, lines)) of an article read again without the page's lists
    of the latest when trafilatura read them (latest_lists), kept when narrower (narrower).
    A story the crawl fetched (seen.story) that no reading found prose in is read so too
    (trafilatura pruned its short column beside such a list), and kept when an article."""
    extracted, (reason, lines) = first
    if reason and not (reason.startswith(_THIN) and seen.story):
        return first
    boxes = latest_lists.find(seen.tree)
    if not boxes or not (reason or latest_lists.read_in(boxes, extracted.text)):
        return first
    with latest_lists.left_out(boxes):
        other = _trafilatura(layout_tables.unwrapped(seen.tree), seen.cjk, seen.url)
    found = _body(other, rules, seen)
    if found[0] or not (reason or narrower.narrower(lines, found[1])):
        return first
    return other, found


def _short_story(rules, seen: _Seen, first):
    """(the extraction, (reason, lines)) of a short article the crawl fetched, read again with
    trafilatura's whole-page fallback only under a lower size, kept when an article: a story
    of a sentence or two, under the fallback's 250 characters (50 in Han), came out as the
    whole page, its menus, share buttons and footer (Joomla, SiteServer, Nuxt, Weebly). A dated
    story no reading found text in (`bare`: trafilatura took an Rpage notice's headline and
    info row over its one sentence) is read whole, from its headline to its last sentence."""
    extracted, (reason, lines) = first
    bare = bool(reason) and reason.startswith(_THIN) and seen.story
    if (reason and not bare) or seen.kind != "article" or sum(map(len, lines)) >= SHORT_STORY:
        return first  # a page of unknown kind: wcxb's short product and service pages lost text
    tree = layout_tables.unwrapped(seen.tree)
    if (other := _trafilatura(tree, seen.cjk, seen.url, whole=bare, short=True)) and bare:
        other.text = from_headline(other.text or "", seen.title)
    said, read = _body(other, rules, seen)  # six words are no prose, but a dated story's
    read = through_last_prose(page_kind.without_link_lines(read, seen.anchors)) if bare else read
    if said and not (said.startswith(_NO_PROSE) and seen.story):
        return first
    less = 0 < sum(map(len, read)) < (SHORT_STORY if bare else sum(map(len, lines)))
    return (other, (None, read)) if less else first  # more than first read: another part


def _parse(page: RawPage):
    """(the decoded page, its tree) or NotADocument."""
    decoded = decode_html(page.body, page.header("content-type"))
    # Readings injected after Han characters go before anything reads the text.
    tree = html_clean.parse(strip_readings(decoded.text))
    if tree is None:
        raise NotADocument("unparseable HTML")
    consent.drop_banners(tree)  # never what the page says, whatever else reads it
    site_updated.drop_site_updated(tree)  # the site's day, not the page's: no reader sees it
    return decoded, tree


def _refuse_unread(page: RawPage, max_bytes: int) -> None:
    """NotADocument for what is refused before it is parsed: too large, not HTML, a
    firewall's challenge in the page's place, a list page by the site's URL patterns."""
    check_size(page, max_bytes)
    if reason := not_html_reason(page.body, page.header("content-type")):
        raise NotADocument(reason)
    if wall := challenge.firewall(page.body, page.headers):
        raise NotADocument(challenge.reason(wall))
    if page.kind == "listing":  # the crawl keeps list pages raw; `extract --site` does too
        raise NotADocument("a list page by the site's URL patterns")


def extract(
    page: RawPage, rules: ExtractionRules = NO_RULES, max_bytes: int = DEFAULT_MAX_PAGE_BYTES
) -> Document:
    """pipelines.processing.process: the document a fetched article page carries, or
    NotADocument."""
    _refuse_unread(page, max_bytes)
    decoded, tree = _parse(page)
    _held = html_clean.hold(tree)  # until this function returns
    latest: date | None = page.fetched_at.date() if page.fetched_at else None
    title_tag = tree.findtext(".//title")
    taken = hidden.take_hidden(tree)  # whether it is an article is read from the page as shown
    markup = read_markup(tree)
    heads, h1 = metadata.headings(tree)
    anchors = page_kind.link_texts(tree, page.url)
    visible = html_clean.visible_text(tree)
    cjk = han_share(visible) > 0.3
    read = layout_tables.unwrapped(tree)  # what trafilatura and the metadata readers read
    extracted = _trafilatura(read, cjk, page.url)
    found = PageMetadata(read, page.url, latest)
    shown = title_tag or (found.get("title") if extracted else None)
    lead = (extracted.text or "").splitlines()[:3] if extracted else []
    offered = headline.Candidates(shown, heads, h1, lead)
    title = headline.title(offered, rules, tree, visible, page.url, cjk)
    seen = _Seen(page.url, page.kind, title, anchors, markup, tree, visible, cjk)
    first = extracted, _body(extracted, rules, seen)
    if first[1][0] and first[1][0].startswith(_THIN):
        extracted, found, read_so = _recall_pass(page, cjk, latest, rules, seen)
    else:
        extracted, read_so = _with_hidden(taken, visible, cjk, rules, seen, first)
    extracted, (reason, lines) = _other_readings(taken, rules, seen, first, (extracted, read_so))
    if reason:
        raise NotADocument(reason)
    raw_lines = [line.strip() for line in extracted.text.splitlines() if line.strip()]
    text = "\n".join(lines)
    author, source = metadata.byline(visible, raw_lines[-3:], raw_lines[:3], lines[-3:])
    platform = wechat.byline(tree) if not (author and source) else (None, None)
    published = published_date(visible, title, found, page.url, latest, lines)
    language, script = detect_language(text)
    return Document(
        url=page.url,
        title=title,
        text=text,
        published=published,
        # As the page labels it, as its markup gives it, else a "By Name" line of its own.
        author=clean_author(author)
        or clean_author(platform[0])
        or clean_author(found.get("author"))
        or written_by(visible, title, dates.NEAR_HEADLINE),
        source=source or platform[1],  # WeChat's account, where the text names no source
        language=language,
        script=script,
        content_hash=content_hash(text),
        declared_encoding=decoded.declared,
        used_encoding=decoded.used,
        has_replacement_chars=decoded.has_replacement_chars,
        extractor_version=extractor_version(rules),
        topics=topics.tag(title, text),
        organisations=organisations.find(title, text, rules.site_names),
        translations=alternates.translations(tree, page.url),
    )
