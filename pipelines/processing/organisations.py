"""Organisations a document names, found by rule: a pure function called by process().

Chinese: a run of Han characters ending in an organisation suffix (学院, 学校, 大学, 公司,
集团, 教育局, 人民政府…), cut on the left where a sentence's other words end (与, 和, 赴, 来到,
近日…). English: capitalised words ending in College, School, University, Group, Bureau,
Committee, Government, Co., Ltd.… (and "University of X"). A name is on one line: never the
headline's last words and the text's first.

Names are normalised: the one OpenCC converter of this package (traditional to simplified),
spaces and case folded for English; a site's own aliases (its names in the registry, and
我校/本校/我院 on its pages when that name is a school's) become its first name, so one
organisation is one name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .fingerprint import to_simplified
from .han import HAN_CLASS

SCHOOL = "school"
ENTERPRISE = "enterprise"
GOVERNMENT = "government"
OTHER = "other"

ZH_SUFFIXES = {
    "职业技术学院": SCHOOL,
    "中学校": SCHOOL,
    "学院": SCHOOL,
    "大学": SCHOOL,
    "中学": SCHOOL,
    "小学": SCHOOL,
    "学校": SCHOOL,
    "职教中心": SCHOOL,
    "技工学校": SCHOOL,
    "中专": SCHOOL,
    "幼儿园": SCHOOL,
    "有限公司": ENTERPRISE,
    "有限责任公司": ENTERPRISE,
    "股份有限公司": ENTERPRISE,
    "公司": ENTERPRISE,
    "集团": ENTERPRISE,
    "工厂": ENTERPRISE,
    "银行": ENTERPRISE,
    "人民政府": GOVERNMENT,
    "政府": GOVERNMENT,
    "教育局": GOVERNMENT,
    "教育厅": GOVERNMENT,
    "教育部": GOVERNMENT,
    "管委会": GOVERNMENT,
    "委员会": GOVERNMENT,
    "人社局": GOVERNMENT,
    "研究院": OTHER,
    "研究所": OTHER,
    "协会": OTHER,
    "商会": OTHER,
    "联盟": OTHER,
}
# Words that end the words before a name (a name is cut after the last of them).
ZH_BEFORE = sorted(
    (
        "与 和 及 跟 在 到 赴 向 由 是 了 的 将 把 被 从 等 并 或 、 给 近日 "
        "日前 今天 昨天 上午 下午 近期 来到 走进 前往 携手 联合 签订 签署 举行 参观 "
        "考察 访问 邀请 组织 来自 代表 一行 召开 举办 开展 共建 牵头 成立 期间 以及 "
        "带领 陪同 位于 隶属 获批 荣获 入选 作为 分别 其中 包括 通过 根据 按照 依托 "
        "对口 受援 帮扶 支援 为期 即将 已经 正式 同时 帮助 接收 接待 获评 先后 评为 "
        "今年 去年 明年 目前 年来 得到 如果 介绍 担任 创办 吸纳 培养 毕业 兼谈 分析 "
        "以 但 而 还 再 使 就 因为 而且 买家 卖家 用户 时候 利用 强化 鼓励 选择 "
        "衡量 方便 可以 一方面 对于 致电 现任 来 校长 院长 书记 主任 局长 董事长 "
        "总经理 经理 加入 当选 成为 共同建设 双方 我校 本校 我院 本院 就读 考入 升入 报考 "
        # Verbs of a speaker about the school ("希望学校继续深化…": hopes the school will…).
        "希望 要求 支持 指导 督促 肯定 感谢 勉励 祝愿 指出 强调 表示 认为 建议 号召 引导 "
        # … and of what a school serves or drives ("推动区域内中职学校": the region's schools).
        "推动 推进 促进 服务 面向 覆盖 辐射 带动 "
        # A caption's lead ("图为学校举行…": the picture shows the school holding…).
        "图为 圖為 如图 如圖 "
        # … and of a bureau's notices ("要进一步完善政府…", "相关材料报送市教育局").
        "进一步 完善 健全 加强 落实 深入 报送 上报 提交 印发 转发 确定 推荐 "
    ).split(),
    key=len,
    reverse=True,
)
# Name parts that say which kind, not which one: 各学校, 我校, 兄弟院校, 职业学校…
ZH_GENERIC = re.compile(
    r"^(?:[各该本我其每此这些全多几两诸某也为更年对有经]|大部分|相关|其他|兄弟|有关|中小|高等|职业|高职|中职|技工|合作|单位|"
    r"知名|优秀|重点|地方|当地|民办|公办|示范|骨干|普通|高级|初级|中等|国家|省级|市级|县级|"
    r"附属|技术|国有|民营|上市|龙头|头部|优质|本地|外地|省内|市内|区内|县内|高新|科技|一流|双高|"
    r"示范性|我国|商业|专科|经济|金融|工商管理|最优|地区|中外|国内|国外|海外|境外|初中|高中|"
    r"物流|快递|电子商务|商务|第三方|网络科技|经理人|电子|学期|成员|产业|首批|区域内|区域|辖区内|辖区|"
    r"全国|全省|全市|全区|各级|[一二三]级|[镇市县区省乡村州])+"
    r"(?:职业技术|职业)?$"
)
ZH_SELF = ("我校", "本校", "我院", "本院")
_COUNTED = re.compile(r"^(?:[0-9一二两三四五六七八九十百千万几数多]*[所家个张名位座间]|年)")
_ZH_KIND_OF = ("上市", "上柜", "跨国", "民营", "国有", "外资", "合资")  # 上市公司: a kind
MAX_ZH_NAME = 20  # Han characters before a suffix considered part of a name

_ZH = re.compile("|".join(sorted(map(re.escape, ZH_SUFFIXES), key=len, reverse=True)))
_HAN_RUN = re.compile(f"[{HAN_CLASS}]+\\Z")  # \Z: "$" would match before a line's end
_EN_SUFFIX = (
    r"College|School|University|Academy|Institute|Group|Bureau|Committee|"
    r"Government|Commission|Ministry|Corporation|Company|Co\.,? Ltd\.?|Ltd\.?|Inc\."
)
# What each of _EN_SUFFIX's alternatives starts with (test_organisations checks they agree).
_EN_SUFFIX_WORDS = (
    *"College School University Academy Institute Group Bureau Committee".split(),
    *"Government Commission Ministry Corporation Company Co. Ltd Inc.".split(),
)
_EN_WORD = r"(?:[A-Z][\w&'’-]*|\([A-Z][\w ]*\))"
# Spaces within a line: a name never runs across a line break (the headline's last words and
# the name the text begins with made "Ofsted Rates\nHillside Academy" one name).
_GAP = r"[^\S\n]+"
_EN = re.compile(
    rf"{_EN_WORD}(?:{_GAP}(?:(?:of|and|&|the){_GAP})?{_EN_WORD}){{0,8}}?{_GAP}(?:{_EN_SUFFIX})"
    rf"(?:{_GAP}of{_GAP}{_EN_WORD}(?:{_GAP}(?:and{_GAP})?{_EN_WORD}){{0,4}})?"
)
# "and" inside a name joins these (Vocational and Technical College); before any other word
# it joins two names, and the one ending in the suffix is kept.
_EN_JOINED = set(
    (
        "Technical Technology Vocational Applied Engineering Science Sciences Arts Business Trade "
        "Commerce Industry Information Management Economics Tourism Health Social Security Reform "
        "Development Planning Training Education Culture Sports "
    ).split()
)
_EN_LEAD = re.compile(
    r"^(?:(?:The|A|An|Our|This|That|Every|Each|Both|At|In|On|With|From|"
    r"And|Of|For|By|To|Dear|Many|Several|Local|After|Before|During|When|"
    r"Since|Under|Between|Among|Its|Their|His|Her)\s+)+"
)
_EN_GENERIC = re.compile(
    r"^(?:High|Middle|Primary|Secondary|Vocational|Technical|Private|"
    r"Public|Partner|Local|Member|Our|Both|Several|Campus|Enterprise)\s"
    r"(?:\S+\s)?\S+$",
    re.I,
)
# Words of a headline after a name (Title Case makes them look like part of it).
_EN_VERB = re.compile(
    r"\s(?:Visits?|Launch(?:es)?|Signs?|Opens?|Jointly|Builds?|Completes?|"
    r"Won|Wins?|Holds?|Held|Comes?|Came|Joins?|Offers?|Deepens?|Shines?|"
    r"Attends?|Hosts?|Receives?|Welcomes?|Starts?|Founded|Established)\b.*$"
)
_EN_GENERIC_WORDS = set(
    (
        "Rural Provincial Municipal Party Central National Local Standing County City District "
        "Township Town Village People's Peoples Organizing Organising Expert Education Vocational "
        "Secondary Primary Middle High Technical Partner Member Our Both Several Campus "
        "Enterprise Enterprises The State Academic Teaching Steering "
    ).split()
)
_EN_ORG_WORD = re.compile(rf"(?:{_EN_SUFFIX})$")
_EN_KIND = {
    "college": SCHOOL,
    "school": SCHOOL,
    "university": SCHOOL,
    "academy": SCHOOL,
    "institute": OTHER,
    "group": ENTERPRISE,
    "corporation": ENTERPRISE,
    "company": ENTERPRISE,
    "co": ENTERPRISE,
    "ltd": ENTERPRISE,
    "inc": ENTERPRISE,
}
_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]|\n|$)")


@dataclass(frozen=True)
class Mention:
    name: str
    kind: str
    start: int
    end: int


# Words that hold one of ZH_BEFORE's and are part of a name: 中等职业学校, the places 和田 (on
# every east-west partnership's page about Xinjiang), 和平, 和政, 和静, 和硕, 和龙, 和顺.
_UNCUT = ("中等", "高等", "初等", "和田", "和平", "和政", "和静", "和硕", "和龙", "和顺")


def _zh_cut(lead: str, suffix: str) -> str | None:
    """The part of `lead` (the Han run before a suffix) that belongs to the name: after the
    last word that ends the sentence's other words, or after an earlier name with the same
    suffix (霍普金斯大学南京大学). None when nothing of a name is left."""
    cut = max(0, lead.rfind(suffix) + len(suffix)) if suffix in lead else 0
    best = -1
    masked = lead
    for word in _UNCUT:  # 中等专业学校 is not cut after 等, nor 和田地区教育局 after 和
        masked = masked.replace(word, "\0" * len(word))
    for word in ZH_BEFORE + ["对"]:
        at = masked.rfind(word)
        if word == "对" and lead[at + 1 : at + 2] == "外":
            continue  # 对外经济贸易大学
        if at >= 0:
            best = max(best, at + len(word))
    if best >= 0 and len(lead) - best == 0:
        return None  # 介绍了学校: a generic "the school"
    if best >= 0 and len(lead) - best == 1:
        return None  # 得到镇政府: one character is no name (和和平中学 is lost too)
    return lead[max(cut, best) :]


def _zh_name(text: str, suffix_start: int, suffix_end: int) -> tuple[str, int] | None:
    """The name ending at the suffix and where it starts, or None for a generic phrase."""
    run = _HAN_RUN.search(text[max(0, suffix_start - MAX_ZH_NAME) : suffix_start])
    lead = _zh_cut(run.group(0) if run else "", text[suffix_start:suffix_end])
    if lead is None:
        return None
    lead = _COUNTED.sub("", lead)
    if repeat := _REPEATED.search(lead):  # 西藏日喀则日喀则市…: the region, then the name
        lead = lead[repeat.start(1) + len(repeat.group(1)) :]
    if lead.startswith("自") and not lead.startswith(("自贡", "自治")):
        lead = lead[1:]  # "自沪遵职教联盟成立以来": since; 自贡 is a city, 自治区 a region
    if len(lead) < 2 or ZH_GENERIC.match(lead) or lead.endswith(_ZH_KIND_OF):
        return None
    return lead + text[suffix_start:suffix_end], suffix_start - len(lead)


# A run of two or more characters written twice in a row: a region named before a name that
# starts with it (西藏日喀则 + 日喀则市职业技术学校).
_REPEATED = re.compile(r"(\w{2,})(?=\1)")


def _chinese(text: str, aliases: dict[str, str]) -> list[Mention]:
    found = []
    for match in _ZH.finditer(text):
        kind = ZH_SUFFIXES[match.group(0)]
        after = text[match.end() : match.end() + 1]
        if match.group(0) in ("中学", "小学", "大学") and after in ("生", "习"):
            continue  # 中学生: a pupil, not a school; 扩大学习: to widen learning
        if (
            text[max(0, match.start() - 1) : match.end()] in ZH_SELF
            or text[match.start() - 1 : match.start() + 1] in ZH_SELF
        ):
            continue
        named = _zh_name(text, match.start(), match.end())
        if named:
            found.append(Mention(named[0], kind, named[1], match.end()))
    for self_name in ZH_SELF:
        if aliases.get("") and self_name in text:
            at = text.index(self_name)
            found.append(Mention(aliases[""], SCHOOL, at, at + len(self_name)))
    return found


def _english_name(name: str) -> tuple[str, int]:
    """The organisation's own name in a match, and how many characters were cut before it:
    no leading article or preposition, no person's title (President of …), no other name
    joined by "and"."""
    cut = 0
    words = name.split(" ")
    for at in range(len(words) - 1, 0, -1):
        if words[at] == "and" and words[at + 1].strip("(") not in _EN_JOINED:
            cut = len(" ".join(words[: at + 1])) + 1
            break
    if " of " in name[cut:]:
        before, _, after = name[cut:].partition(" of ")
        if not _EN_ORG_WORD.search(before) and _EN_ORG_WORD.search(after.split(" of ")[0]):
            cut += len(before) + 4
    lead = _EN_LEAD.match(name[cut:])
    if lead:
        cut += lead.end()
    return name[cut:], cut


def _english(text: str) -> list[Mention]:
    if not any(word in text for word in _EN_SUFFIX_WORDS):
        return []  # every match ends in one: substring tests spare the pattern's scan
    found = []
    for match in _EN.finditer(text):
        raw = _EN_VERB.sub("", " ".join(match.group(0).split()))
        name, cut = _english_name(raw)
        if len(name.split()) < 2 or _EN_GENERIC.match(name) or not name[:1].isupper():
            continue
        head = _EN_ORG_WORD.sub("", name.split(" of ")[0]).split()
        if all(word in _EN_GENERIC_WORDS for word in head):
            continue  # Provincial Party Committee: which one is not said
        head = name.split(" of ")[0]
        last = re.findall(r"[A-Za-z]+", head)[-1].lower()
        kind = _EN_KIND.get(last, GOVERNMENT)
        start = match.start() + cut
        found.append(Mention(name, kind, start, start + len(name)))
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


# Short forms a school goes by (成都财贸职高): site names, not suffixes to find names by.
_SCHOOL_SHORT = ("职高", "职中", "职校", "中专", "技校", "卫校", "师范")
_EN_SCHOOL = re.compile(r"\b(?:College|School|University|Academy|Institute|Polytechnic)\b")


def _a_school(name: str) -> bool:
    """Whether a site's name names a school (学校, 学院, 职高… College, School…)."""
    schools = (s for s, kind in ZH_SUFFIXES.items() if kind == SCHOOL)
    return name.endswith((*schools, *_SCHOOL_SHORT)) or _EN_SCHOOL.search(name) is not None


def _longer_forms(names: set[str]) -> dict[str, str]:
    """A Chinese name that ends another name of the same document is that organisation
    named short (渝中职教中心 after 重庆市渝中职教中心): one organisation, its full name."""
    found = {}
    for name in names:
        if len(name) >= 4 and not re.search("[A-Za-z]", name):
            fuller = [other for other in names if other != name and other.endswith(name)]
            if len(fuller) == 1:
                found[name] = fuller[0]
    return found


def normal_name(name: str, aliases: dict[str, str]) -> str:
    simple = to_simplified(name)
    if re.search("[A-Za-z]", simple):
        simple = " ".join(simple.split())
    return aliases.get(simple.casefold(), simple)


def find(title: str | None, text: str, site_names: tuple[str, ...] = ()) -> list[dict]:
    """[{name, kind, sentence}] once per organisation, in order of first mention."""
    aliases = {to_simplified(n).casefold(): to_simplified(site_names[0]) for n in site_names}
    if site_names and any(_a_school(to_simplified(n)) for n in site_names):
        # What 我校 stands for. On a portal (四川教育在线) it is the school whose story the
        # portal carries, not the portal: there it names no one.
        aliases[""] = to_simplified(site_names[0])
    # Simplified first: the suffixes and stop words are written in it (t2s keeps Latin text).
    full = to_simplified((title or "") + "\n" + text)
    mentions = _outermost(_chinese(full, aliases) + _english(full))
    out: dict[str, dict] = {}
    longer = _longer_forms({normal_name(m.name, aliases) for m in mentions})
    for mention in mentions:
        name = normal_name(mention.name, aliases)
        name = longer.get(name, name)
        if name not in out:
            out[name] = {
                "name": name[:255],
                "kind": mention.kind,
                "sentence": _sentence(full, mention.start)[:500],
            }
    return list(out.values())
