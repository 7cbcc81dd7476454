"""Organisations a document names, found by rule: a pure function called by process().

Chinese: a run of Han characters ending in an organisation suffix (学院, 学校, 大学, 公司,
集团, 教育局, 人民政府…), cut on the left where a sentence's other words end (与, 和, 赴, 来到,
近日…). English: capitalised words ending in College, School, University, Group, Bureau,
Committee, Government, Co., Ltd.… (and "University of X").

Names are normalised: the one OpenCC converter of this package (traditional to simplified),
spaces and case folded for English; a site's own aliases (its names in the registry, and
我校/本校/我院 on its pages) become its first name, so one organisation is one name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .fingerprint import to_simplified

SCHOOL = "school"
ENTERPRISE = "enterprise"
GOVERNMENT = "government"
OTHER = "other"

ZH_SUFFIXES = {
    "职业技术学院": SCHOOL, "学院": SCHOOL, "大学": SCHOOL, "中学": SCHOOL, "小学": SCHOOL,
    "学校": SCHOOL, "职教中心": SCHOOL, "技工学校": SCHOOL, "中专": SCHOOL, "幼儿园": SCHOOL,
    "公司": ENTERPRISE, "集团": ENTERPRISE, "工厂": ENTERPRISE, "银行": ENTERPRISE,
    "人民政府": GOVERNMENT, "政府": GOVERNMENT, "教育局": GOVERNMENT, "教育厅": GOVERNMENT,
    "教育部": GOVERNMENT, "管委会": GOVERNMENT, "委员会": GOVERNMENT, "人社局": GOVERNMENT,
    "研究院": OTHER, "研究所": OTHER, "协会": OTHER, "商会": OTHER, "联盟": OTHER,
}
# Words that end the words before a name (a name is cut after the last of them).
ZH_BEFORE = sorted([
    "与", "和", "及", "同", "跟", "在", "到", "赴", "对", "向", "由", "是", "了", "的", "将", "把",
    "被", "从", "率", "等", "并", "也", "还", "就", "都", "又", "或", "、", "为", "给", "至", "于",
    "近日", "日前", "今天", "昨天", "上午", "下午", "近期", "来到", "走进", "前往", "携手",
    "联合", "签订", "签署", "举行", "参观", "考察", "访问", "邀请", "组织", "来自", "代表", "一行",
    "召开", "举办", "开展", "共建", "牵头", "成立", "期间", "以及", "带领", "陪同", "位于", "隶属",
    "获批", "荣获", "入选", "作为", "分别", "其中", "包括", "通过", "根据", "按照", "依托",
], key=len, reverse=True)
# Name parts that say which kind, not which one: 各学校, 我校, 兄弟院校, 职业学校…
ZH_GENERIC = re.compile(
    r"^(?:[各该本我其每此这全多几两诸某]|相关|其他|兄弟|有关|中小|高等|职业|高职|中职|技工|合作|"
    r"知名|优秀|重点|地方|当地|民办|公办|示范|骨干|普通|高级|初级|中等|国家|省级|市级|县级|"
    r"附属|技术|国有|民营|上市|龙头|头部|优质|本地|外地|省内|市内|区内|县内|高新|科技|一流|双高)+"
    r"(?:职业技术|职业)?$")
ZH_SELF = ("我校", "本校", "我院", "本院")
MAX_ZH_NAME = 20  # Han characters before a suffix considered part of a name

_HAN = "\u3400-\u9fff\uf900-\ufaff"
_ZH = re.compile("|".join(sorted(map(re.escape, ZH_SUFFIXES), key=len, reverse=True)))
_HAN_RUN = re.compile(f"[{_HAN}]+$")
_EN_SUFFIX = (r"College|School|University|Academy|Institute|Group|Bureau|Committee|"
              r"Government|Commission|Ministry|Corporation|Company|Co\.,? Ltd\.?|Ltd\.?|Inc\.")
_EN = re.compile(
    r"\b((?:(?:[A-Z][\w&'’-]*|of|and|&|for)\s+){0,6}?[A-Z][\w&'’-]*\s+(?:" + _EN_SUFFIX + r")"
    r"(?:\s+of\s+(?:[A-Z][\w'’-]*\s?){1,4})?)")
_EN_LEAD = re.compile(r"^(?:(?:The|A|An|Our|This|That|Every|Each|Both|At|In|On|With|From|"
                      r"And|Of|For|By|To|Dear|Many|Several|Local)\s+)+")
_EN_GENERIC = re.compile(r"^(?:High|Middle|Primary|Secondary|Vocational|Technical|Private|"
                         r"Public|Partner|Local|Member|Our|Both|Several)\s", re.I)
_EN_KIND = {"college": SCHOOL, "school": SCHOOL, "university": SCHOOL, "academy": SCHOOL,
            "institute": OTHER, "group": ENTERPRISE, "corporation": ENTERPRISE,
            "company": ENTERPRISE, "co": ENTERPRISE, "ltd": ENTERPRISE, "inc": ENTERPRISE}
_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]|\n|$)")


@dataclass(frozen=True)
class Mention:
    name: str
    kind: str
    start: int
    end: int


def _zh_name(text: str, suffix_start: int, suffix_end: int) -> tuple[str, int] | None:
    """The name ending at the suffix and where it starts, or None for a generic phrase."""
    run = _HAN_RUN.search(text[max(0, suffix_start - MAX_ZH_NAME):suffix_start])
    lead = run.group(0) if run else ""
    cut = 0
    for word in ZH_BEFORE:
        at = lead.rfind(word)
        if at >= 0 and len(lead) - (at + len(word)) >= 2:
            cut = max(cut, at + len(word))
    lead = lead[cut:]
    if len(lead) < 2 or ZH_GENERIC.match(lead):
        return None
    return lead + text[suffix_start:suffix_end], suffix_start - len(lead)


def _chinese(text: str, aliases: dict[str, str]) -> list[Mention]:
    found = []
    for match in _ZH.finditer(text):
        kind = ZH_SUFFIXES[match.group(0)]
        if text[max(0, match.start() - 1):match.end()] in ZH_SELF or \
                text[match.start() - 1:match.start() + 1] in ZH_SELF:
            continue
        named = _zh_name(text, match.start(), match.end())
        if named:
            found.append(Mention(named[0], kind, named[1], match.end()))
    for self_name in ZH_SELF:
        if aliases.get("") and self_name in text:
            at = text.index(self_name)
            found.append(Mention(aliases[""], SCHOOL, at, at + len(self_name)))
    return found


def _english(text: str) -> list[Mention]:
    found = []
    for match in _EN.finditer(text):
        name = match.group(1).strip()
        lead = _EN_LEAD.match(name)
        start = match.start(1) + (lead.end() if lead else 0)
        name = name[lead.end():] if lead else name
        if len(name.split()) < 2 or _EN_GENERIC.match(name):
            continue
        last = re.findall(r"[A-Za-z]+", name.split(" of ")[0])[-1].lower()
        kind = _EN_KIND.get(last, GOVERNMENT)
        found.append(Mention(" ".join(name.split()), kind, start, start + len(name)))
    return found


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """Drop a mention inside a longer one (大学 in 某大学附属中学)."""
    mentions.sort(key=lambda m: (m.start, -m.end))
    kept: list[Mention] = []
    for mention in mentions:
        if kept and mention.start >= kept[-1].start and mention.end <= kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _sentence(text: str, start: int) -> str:
    for match in _SENTENCE.finditer(text):
        if match.start() <= start < max(match.end(), match.start() + 1):
            return match.group(0).strip()
    return ""


def normal_name(name: str, aliases: dict[str, str]) -> str:
    simple = to_simplified(name)
    if re.search("[A-Za-z]", simple):
        simple = " ".join(simple.split())
    return aliases.get(simple.casefold(), simple)


def find(title: str | None, text: str, site_names: tuple[str, ...] = ()) -> list[dict]:
    """[{name, kind, sentence}] once per organisation, in order of first mention."""
    aliases = {to_simplified(n).casefold(): to_simplified(site_names[0]) for n in site_names}
    if site_names:
        aliases[""] = to_simplified(site_names[0])  # what 我校 stands for
    full = (title or "") + "\n" + text
    mentions = _outermost(_chinese(full, aliases) + _english(full))
    out: dict[str, dict] = {}
    for mention in mentions:
        name = normal_name(mention.name, aliases)
        if name not in out:
            out[name] = {"name": name[:255], "kind": mention.kind,
                         "sentence": _sentence(full, mention.start)[:500]}
    return list(out.values())
