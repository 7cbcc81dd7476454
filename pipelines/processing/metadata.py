"""Title, author and source, from the page itself (the date: dates.py)."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from . import dates, labels
from .authors import signed_names
from .han import HAN_CLASS

# " - ", "_", "|" …, and a bare "-" only where it touches Chinese ("标题-学校名"). A double
# dash ("——", "--") or an unspaced "—" between Han characters joins a kicker to its headline
# (引题——主题): that is one title, never split.
_SEPARATORS = re.compile(
    rf"\s+[-|–—:·]\s+|\s*[_|｜]\s*|(?<![—–-])[–—](?![—–-])(?![{HAN_CLASS}])|"
    rf"(?<![{HAN_CLASS}])(?<![—–-])[–—](?![—–-])|"
    rf"(?<=[{HAN_CLASS}）)])-(?!-)|(?<!-)-(?=[{HAN_CLASS}（(])"
)
# A part of a <title> that names an institution or a site, not a headline.
_INSTITUTION = re.compile(
    r"(?:学校|學校|中学|中學|小学|小學|大学|大學|学院|學院|职高|職高|职中|職中|中专|中專|职专|職專|"
    r"技校|职校|職校|幼儿园|幼兒園|"
    r"教育网|教育網|网站|網站|官网|官網|在线|在線|门户|門戶|教育局|教育厅|教育廳|研究院|"
    r"中心|网|網)$"
)
_WS = re.compile(r"\s+")
# A <title> part that names the site, not the page: a host name, or a CMS's "Powered by …".
_SITE_CHROME = re.compile(
    r"powered by\b.*|(?:[\w-]+\.)+(?:com|net|org|edu|gov|info|biz|io|co|me|cn|hk|tw|mo|sg|"
    r"uk|us|ca|au|de|fr|jp|kr|ru|in)(?:\.[a-z]{2})?",
    re.I,
)

_ROLE = r"(?:通讯员|通訊員|记者|記者|特约记者|特約記者|编辑|編輯|文\s*/|图\s*/|圖\s*/)?"
_AUTHOR = re.compile(r"(?:作者|撰稿|文字)\s*[:：]\s*" + _ROLE + r"\s*([^\s:：|丨]{1,20})")
# English bylines with a label ("Author: Li Wei", "Written by: Anna Smith"): up to four
# capitalised words.
_EN_AUTHOR_LABELS = ("Author", "Written by", "Reporter", "Writer")
_EN_AUTHOR = re.compile(
    rf"\b(?:{'|'.join(_EN_AUTHOR_LABELS)})\s*[:：]\s*"
    r"([A-Z][\w'.-]*(?: [A-Z][\w'.-]*(?![\w'.-]*\s*[:：])){0,3})"
)
# An office named before the person in 作者 ("作者：办公室 李明"): the person is the author.
_OFFICE = re.compile(
    r"(?:办公室|辦公室|宣传部|宣傳部|[^\s]{0,8}(?:部|处|處|科|室|中心|团委|團委|系|组|組|办|辦))$"
)
_PERSON_AFTER = re.compile(r"[ \t\u3000]+([\u4e00-\u9fff·]{2,4})(?=$|[\s|丨])")
_AUTHOR_BRACKETS = re.compile(
    r"[（(]\s*(?:通讯员|通訊員|记者|記者)\s*([^\s）)]{2,12})\s*[）)]?\s*$"
)
# A reporter's or correspondent's byline, the way Chinese news prints it at the top or the foot
# of the text: "本报记者 葛灵丹", "新京报记者 彭冲 山东冠县报道", "（记者 格桑边觉）",
# "记者马俊峰/文", "文/张三". A name is 2-4 Han characters (· in minority names) ended by a
# space, a slash, a bracket, 摄 or the line's end: in prose ("记者近日从…", "记者了解到，")
# no name is so ended.
_REPORTER = re.compile(r"(?:记者|記者|通讯员|通訊員)[ \t]*|^文[ \t]*[/／][ \t]*", re.M)
_REPORTER_WORDS = ("记者", "記者", "通讯员", "通訊員", "文")  # one of them starts every match
_NAME = re.compile(
    r"[\u4e00-\u9fff][\u4e00-\u9fff·]{1,3}(?=$|[ \t、/／）)]|摄|攝)(?!\s*(?:报道|報道))"
)
_NAMES_GAP = re.compile(r"[ \t、]+")
# A source runs to the end of its line or to the next label ("来源：团委 发布时间：…").
_SOURCE = re.compile(
    rf"(?:{'|'.join(labels.SOURCE_WORDS)})\s*[:：]\s*([^|丨\n]{{2,60}}?)\s*"
    r"(?=$|\n|[|丨]|\s\S{1,12}\s*[:：])",
    re.I | re.M,
)
_NEXT_LABEL = re.compile(
    r"(?:作者|来源|來源|发布|發布|时间|時間|日期|"
    r"(?:浏览|瀏覽|点击|點擊|阅读|閱讀)(?:量|数|數|次数|次數)?)[:：]?$"
)
_COLON_NEXT = re.compile(r"\s*[:：]")  # what a byline's empty value leaves: the next label


def _heading_text(element) -> str:
    """The element's text with a line break read as a space ("2025 (US)<br>Your Guide")."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):  # comments and processing instructions say nothing
            parts.append(" " if child.tag == "br" else _heading_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def headings(tree: lxml_html.HtmlElement) -> tuple[list[str], str | None]:
    """Candidate headlines in document order (h1-h3 and elements whose class says title),
    and the text of the page's one <h1> when it has exactly one."""
    found = tree.xpath(
        "//body//h1|//body//h2|//body//h3|"
        "//body//*[contains(@class,'title') or contains(@class,'Title')][not(self::a)]"
    )
    texts, h1s = [], []
    for element in found:
        text = _WS.sub(" ", _heading_text(element)).strip()
        if element.tag == "h1":
            h1s.append(text)
        if 4 <= len(text) <= 200:
            texts.append(text)
    return texts, (h1s[0] if len(h1s) == 1 and 4 <= len(h1s[0]) <= 200 else None)


# A forum's label before a thread's title in its heading ("主题: 【…】", "Subject: …").
_TITLE_LABEL = re.compile(r"^(?:主题|主題|标题|標題|subject|topic)\s*[:：]\s*(?=\S)", re.I)


def clean_title(
    title_tag: str | None,
    candidates: list[str],
    site_names: tuple[str, ...],
    h1: str | None = None,
    lead: list[str] | None = None,
) -> str | None:
    """The headline (see _headline), without a forum's label before it. `lead`: the first
    lines of the extracted text, where a headline the <title> does not give stands."""
    # A heading the text begins with is the story's, not a sidebar's ("最新消息" first).
    starts = {_WS.sub(" ", line).strip() for line in lead or ()}
    leading = next((c for c in candidates if c in starts), None)
    if leading:
        candidates = [leading, *(c for c in candidates if c != leading)]
    title = _headline(title_tag, candidates, site_names, h1, leading)
    return _TITLE_LABEL.sub("", title) if title else title


def _headline(
    title_tag: str | None,
    candidates: list[str],
    site_names: tuple[str, ...],
    h1: str | None,
    leading: str | None = None,
) -> str | None:
    """The headline without site-name prefixes or suffixes.

    A heading of the page that the <title> contains is the headline; failing that, the
    page's one <h1> (as trafilatura reads it, and as a reader sees the headline: the <title>
    is often a search-engine variant of it); failing that, the <title> split on separators,
    minus the parts that name the site.
    """
    title_tag = _strip_names(_WS.sub(" ", title_tag or "").strip(), site_names)
    names = [n for n in site_names if n]
    # A heading that is the site's name, or part of it (the banner's <h1>), is no headline; one
    # that holds it ("某某职业学校举行开学典礼") may well be.
    candidates = [c for c in candidates if not _names_site(c, names)]
    parts = [p.strip() for p in _SEPARATORS.split(title_tag) if p and p.strip()]
    chrome = {p for p in parts if _SITE_CHROME.fullmatch(p)}
    candidates = [c for c in candidates if c not in chrome]
    parts = [p for p in parts if p not in chrome] or parts
    if title_tag:
        # A heading that is a shorter part of the <title> naming an institution is the site's
        # banner ("标题-某某学院" and <h1>某某学院</h1>), whether or not its names are known.
        # (Any shorter part would do for Chinese titles; an English headline is often shorter
        # than the site's name and tagline: on wcxb's articles that lost 17 headlines.)
        longest = max(parts, key=len, default="")
        banners = {p for p in parts if p != longest and _INSTITUTION.search(p)} | chrome
        inside = [
            c
            for c in candidates
            if c in title_tag and len(c) >= 0.3 * len(title_tag) and c not in banners
        ]
        if inside:
            return _with_kicker(max(inside, key=len), title_tag)
    # …unless it names an institution: the banner of a school's page whose <title> is the
    # headline alone ("<h1>星河职业技术学校</h1>" over a headline in a table cell).
    if h1 and not _names_site(h1, names) and h1 not in title_tag and not _INSTITUTION.search(h1):
        return h1
    if not title_tag:
        return candidates[0] if candidates else None
    if leading and len(parts) == 1 and names_institution(parts[0]) and leading != parts[0]:
        return leading  # a <title> that is the school's name alone, on every page
    kept = [p for p in parts if not any(n in p or p in n for n in names)]
    if len(kept) > 1:
        kept = [p for p in kept if not _INSTITUTION.search(p)] or kept
    if len(parts) > 1 and len(kept) == len(parts):
        # No known name matched: the shorter outer part is most likely the site name.
        kept = [max(parts, key=len)]
    if candidates and all(_names_site(p, names) for p in parts):
        return candidates[0]  # the <title> only names the site (one title for every page)
    return max(kept, key=len) if kept else title_tag


# A line that is no headline: a sentence, a breadcrumb, a label.
_NOT_HEADLINE = re.compile(r"[。！？!?；;]$|>>|＞＞|»|位置|当前|首页|[:：]$")


# Three Han characters over a date line that are no headline: a person's name (surname
# first, a byline's), an office signing the notice (教务处, 办公室), a page's or column's word
# (新闻稿, 通知书), a role (管理员, 发布人). A short headline is none of these (敬師日, 运动会).
_NO_SHORT_HEADLINE = re.compile(
    r"[王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧"
    r"曹彭曾肖萧蕭董袁潘蒋蔣蔡余杜叶葉程苏蘇魏吕呂沈姚卢盧钟鍾谭譚汪廖岑麦麥].."
    r"|.*(?:[处處室部科组組办辦院系所局厅廳网網站人员員者稿书書栏欄页頁]|新闻|新聞|"
    r"通知|公告|动态|動態|资讯|資訊|详情|詳情|正文|内容|內容|消息|简介|簡介)"
)
_HAN3 = re.compile(f"[{HAN_CLASS}]{{3}}")


def headline_above_date(visible: str, link_texts: set[str]) -> str | None:
    """The line just above the page's first labelled date line, where old CMSes print the
    headline in a layout table's row (a <font>, no heading): headline-sized (4 to 80
    characters, or three Han characters that name no person, office or column: 敬師日), no
    link's text (a menu's, a breadcrumb's), no sentence. None when there is no such line."""
    lines = [_WS.sub(" ", line).strip() for line in visible.splitlines()]
    lines = [line for line in lines if line]
    for at, line in enumerate(lines[:200]):
        if dates.labelled(line):
            above = lines[at - 1] if at else ""
            sized = 4 <= len(above) <= 80 or _short_headline(above)
            good = sized and above not in link_texts
            return above if good and not _NOT_HEADLINE.search(above) else None
    return None


def _short_headline(line: str) -> bool:
    """Three Han characters that may be a headline (开学礼, 運動會)."""
    return bool(_HAN3.fullmatch(line)) and not _NO_SHORT_HEADLINE.fullmatch(line)


def names_no_story(title: str, title_tag: str | None, link_texts: set[str]) -> bool:
    """The headline found is no story's: a link's text on the page (the column's name, as
    the menu and the breadcrumb give it: <title>学校新闻-某某职业中专</title>), or the <title>'s
    one part that names an institution (its site, when its name is not known)."""
    if title in link_texts:
        return True
    parts = [p.strip() for p in _SEPARATORS.split(title_tag or "") if p and p.strip()]
    return title in parts and names_institution(title)


SHORT_NAME = 16  # characters: a story's headline is longer than a column's or a school's name


def names_institution(text: str) -> bool:
    """A short text ending in an institution's word (某某职业中专); a headline ending in one
    is longer (市领导莅临我校视察新建的学生实训中心)."""
    return len(text) <= SHORT_NAME and bool(_INSTITUTION.search(text))


def _names_site(text: str, names: list[str]) -> bool:
    """The text is one of the site's names, or part of one."""
    return any(text in name for name in names)


_KICKER_DASH = r"\s*(?:——|—|--)\s*"


def _with_kicker(headline: str, title_tag: str) -> str:
    """The headline with the kicker the <title> joins to it by a dash (引题——主题)."""
    parts = _SEPARATORS.split(title_tag)
    for part in parts:
        if "—" not in part and "--" not in part:
            continue  # no dash, no kicker (and no pattern to compile for this headline)
        match = re.search(r"([^\s—–-][^—–]*?)" + _KICKER_DASH + re.escape(headline), part)
        if match and part.strip().endswith(headline):
            return part.strip()
    return headline


def _strip_names(title: str, site_names: tuple[str, ...]) -> str:
    """The title without a known site name (or alias) standing after a separator at either
    end ("标题-成都市财贸职业高级中学校", "School News | Headline")."""
    for name in sorted((n for n in site_names if n), key=len, reverse=True):
        escaped = re.escape(name)
        stripped = re.sub(rf"\s*(?:[-|_｜:·–—]+)\s*{escaped}\s*$", "", title)
        stripped = re.sub(rf"^\s*{escaped}\s*(?:[-|_｜:·–—]+)\s*", "", stripped)
        if stripped.strip():
            title = stripped.strip()
    return title


# What trafilatura's extract_author looks at (trafilatura.xpaths.AUTHOR_XPATHS, 2.3.1): elements
# named author (or rel), and the class, id, itemprop, rel, data-testid and data-component
# attributes, for these words (each of its tests, case-folded, contains one). A page with none
# has no author for it to find: it is not asked, which spares a copy of the tree and three
# XPath walks calling back into Python for every element (a tenth of `process`).
# tests/test_processing.py fails when trafilatura's XPaths change.
_AUTHOR_ATTRIBUTES = etree.XPath(
    "//@class|//@id|//@itemprop|//@rel|//@data-testid|//@data-component", smart_strings=False
)
_AUTHOR_ELEMENTS = etree.XPath("//author|//rel")
_AUTHOR_WORDS = re.compile(
    r"author|byl|bbl|username|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|"
    r"journalist-name|screenname|writer",
    re.I,
)


def may_name_author(tree) -> bool:
    """Whether trafilatura's extract_author(tree) could find anything."""
    if _AUTHOR_ELEMENTS(tree):
        return True
    return _AUTHOR_WORDS.search("\n".join(_AUTHOR_ATTRIBUTES(tree))) is not None


def _reporters(line: str) -> str | None:
    """The names the reporters' bylines in this line give ("彭冲", "张三 李四"), or None."""
    if not any(word in line for word in _REPORTER_WORDS):
        return None  # substring tests spare the pattern's scan of every position
    names: list[str] = []
    for match in _REPORTER.finditer(line):
        at = match.end()
        while (name := _NAME.match(line, at)) and not _REPORTER.fullmatch(name.group()):
            names.append(name.group())
            if (gap := _NAMES_GAP.match(line, name.end())) is None:
                break
            at = gap.end()
    return " ".join(dict.fromkeys(names)) or None


def _labelled_author(visible_text: str) -> str | None:
    """The name after 作者： (the person, not an office named before them), or Author:."""
    if match := _AUTHOR.search(visible_text):
        author = match.group(1).strip()
        # "作者：  浏览量：" (no author given): the word taken is the next label
        if _NEXT_LABEL.search(author) or _COLON_NEXT.match(visible_text, match.end()):
            return None
        if _OFFICE.search(author) and (person := _PERSON_AFTER.match(visible_text, match.end())):
            return person.group(1)
        return author
    if not any(label in visible_text for label in _EN_AUTHOR_LABELS):
        return None  # a substring test spares the pattern's scan of every position
    match = _EN_AUTHOR.search(visible_text)
    return match.group(1).strip() if match else None


def _source_match(visible_text: str) -> re.Match | None:
    """_SOURCE's first match, searched from the first place one of its labels could start
    (a scan of every position with IGNORECASE cost a twentieth of `process`)."""
    folded = visible_text.lower()
    starts = [at for label in labels.SOURCE_WORDS if (at := folded.find(label)) >= 0]
    if not starts and "\u017f" not in visible_text:  # ſ (long s) matches s when case is ignored
        return None
    # lower() keeps offsets where it keeps the length; else search the whole text
    start = min(starts, default=0) if len(folded) == len(visible_text) else 0
    return _SOURCE.search(visible_text, start)


def byline(
    visible_text: str,
    last_lines: list[str],
    first_lines: list[str] = (),
    kept_last_lines: list[str] = (),
) -> tuple[str | None, str | None]:
    """(author, source) as the page states them, role words (通讯员, 记者) left out: a
    labelled author in the page, else a reporter's byline in the text's first or last lines
    (those of trafilatura's text, and `kept_last_lines`, the last of the text as cleaned:
    the byline of a text that trafilatura ended with a share bar or an editor's note)."""
    author = _labelled_author(visible_text)
    if author is None:
        for line in last_lines:
            if match := _AUTHOR_BRACKETS.search(line):
                author = match.group(1)
                break
    if author is None:
        lines = dict.fromkeys([*first_lines, *last_lines, *kept_last_lines])
        author = next(filter(None, map(_reporters, lines)), None)
    if author is None and last_lines:
        author = signed_names(last_lines[-1])
    source = None
    if match := _source_match(visible_text):
        source = match.group(1).strip()
        if _NEXT_LABEL.search(source):
            source = None
    return author, source
