"""A seeded corpus of school news for the story benchmarks and tests (issue 4, issue 16).

English and simplified Chinese news about vocational schools (visits, agreements, training
bases, competitions, ...), with planted copies:

- exact copies on other sites (same text; whitespace, full-width and indentation noise that
  the content hash must fold),
- traditional-character copies of Chinese articles (OpenCC s2t),
- copies with a changed headline and one paragraph removed, and copies with one added,
- aggregator rewrites and translations (`story_rewrites`),
- distinct articles that must NOT merge: articles of one school that all end with the same
  2-3 paragraph school introduction, and notices filled into one template (names, dates,
  numbers and lists changed).

A `Spec` is a document's ground truth and the recipe of its text; `render` makes the text,
`generate` plans a corpus. Used by `bench.dedup` and by tests (which must not import benches).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from opencc import OpenCC

from .story_news import ADDED, BODY, CLOSINGS, LEADS, OPENERS
from .story_notices import INTRO, NOTICE_HOUSE, NOTICES, ROADS, ROADS_ZH, TOPICS
from .story_rewrites import EN, ZH, aggregate, plant_variants
from .story_vocabulary import (
    CITIES,
    COMPANY_ROLES,
    DEPARTMENTS,
    FIRMS,
    GIVEN,
    INDUSTRIES,
    MAJORS,
    MOTTOS,
    PROVINCES,
    SCHOOL_ROLES,
    SCHOOL_TYPES,
    SPECIALTIES,
    SURNAMES,
)

__all__ = ["EN", "ZH", "Rendered", "Spec", "aggregate", "generate", "render"]

EVENTS = list(LEADS)


# -- the plan: lightweight specs, texts rendered on demand -----------------------------------
# A spec names its story's seed and the edits that turn the story's original into this copy,
# so the 100k corpus is a few MB of specs, not hundreds of MB of strings that would distort
# the memory figures; rendering is deterministic and kept out of the timed region.


@dataclass(frozen=True)
class Spec:
    """One planted document and its ground truth."""

    url: str
    site: str
    story: int  # documents with one story number carry the same article
    exact: int  # documents with one exact number have the same text (up to normalisation)
    kind: str  # "news" | "intro" | "notice": how the original was written
    variant: str  # "original" | "exact" | "traditional" | "cut" | "added" (+ "-copy" chained)
    lang: int  # EN or ZH
    seed: int  # the story's seed (all its copies share it)
    family: int  # school (intro) or template (notice) whose boilerplate the story shares
    edits: tuple = ()  # ("cut", i) | ("add", j) | ("noise", k) | ("s2t",), applied in order
    retitle: bool = False


@dataclass
class Rendered:
    title: str
    text: str
    published: date


class Facts(dict):
    """Slot values; `{School}` is `{school}` with a capital (sentence-initial English)."""

    def __missing__(self, key: str) -> str:
        if key[:1].isupper() and key.lower() in self:
            value = str(self[key.lower()])
            return value[:1].upper() + value[1:]
        raise KeyError(key)


def _pick(rng: random.Random, pool, lang: int):
    return rng.choice(pool)[lang]


def _school(rng: random.Random, lang: int) -> str:
    city, spec, kind = (
        _pick(rng, CITIES, lang),
        _pick(rng, SPECIALTIES, lang),
        _pick(rng, SCHOOL_TYPES, lang),
    )
    return f"{city} {spec} {kind}" if lang == EN else f"{city}{spec}{kind}"


def _company(rng: random.Random, lang: int) -> str:
    city, firm, industry = (
        _pick(rng, CITIES, lang),
        _pick(rng, FIRMS, lang),
        _pick(rng, INDUSTRIES, lang),
    )
    return (
        f"{city} {firm} {industry} Co., Ltd." if lang == EN else f"{city}{firm}{industry}有限公司"
    )


def _person(rng: random.Random, lang: int, roles=None) -> str:
    i, j = rng.randrange(len(SURNAMES)), rng.randrange(len(GIVEN))
    if lang == EN:
        name = f"{SURNAMES[i][0]} {GIVEN[j][0]}"
        return f"{rng.choice(roles)[0]} {name}" if roles else name
    name = SURNAMES[i][1] + GIVEN[j][1]
    return f"{rng.choice(roles)[1]}{name}" if roles else name


def _date(rng: random.Random, lang: int, year: int | None = None) -> tuple[str, date]:
    day = date(year or rng.randint(2018, 2025), 1, 1) + timedelta(days=rng.randrange(365))
    text = (
        f"{day:%B} {day.day}, {day.year}" if lang == EN else f"{day.year}年{day.month}月{day.day}日"
    )
    return text, day


def _article_facts(rng: random.Random, lang: int, school: str | None = None) -> Facts:
    majors = rng.sample(MAJORS, 4)
    industries = rng.sample(INDUSTRIES, 2)
    when, day = _date(rng, lang)
    return Facts(
        school=school or _school(rng, lang),
        school2=_school(rng, lang),
        company=_company(rng, lang),
        company2=_company(rng, lang),
        city=_pick(rng, CITIES, lang),
        province=_pick(rng, PROVINCES, lang),
        guest=_person(rng, lang, SCHOOL_ROLES),
        host=_person(rng, lang, SCHOOL_ROLES),
        boss=_person(rng, lang, COMPANY_ROLES),
        reporter=_person(rng, lang),
        major=majors[0][lang],
        major2=majors[1][lang],
        major3=majors[2][lang],
        major4=majors[3][lang],
        industry=industries[0][lang],
        industry2=industries[1][lang],
        date=when,
        year=day.year,
        year0=day.year - rng.randint(2, 9),
        published=day,
    )


def _fill(rng: random.Random, template: str, facts: Facts) -> str:
    # Fresh numbers per sentence: distinct articles must not agree on them by chance.
    numbers = {
        "n1": rng.randint(2, 12),
        "n2": rng.randint(3, 60),
        "n3": rng.randint(20, 400),
        "n4": rng.randint(500, 30000),
        "pct": rng.randint(90, 99),
    }
    numbers["N2"] = numbers["n2"]
    return template.format_map(Facts(facts, **numbers))


def _joiner(lang: int) -> str:
    return " " if lang == EN else ""


def _news_paragraphs(
    rng: random.Random, lang: int, facts: Facts, count: int, event: str
) -> list[str]:
    """`count` paragraphs: a lead, body paragraphs of 2-4 sentences, sometimes a closing."""
    body = rng.sample(BODY, len(BODY))  # each template at most once per article
    lead = [rng.choice(LEADS[event])[lang]] + [body.pop()[lang] for _ in range(rng.randint(1, 2))]
    paragraphs = [lead]
    for _ in range(count - 1):
        paragraphs.append([body.pop()[lang] for _ in range(rng.randint(2, 4)) if body])
    if count > 2 and rng.random() < 0.6:
        paragraphs[-1].append(rng.choice(CLOSINGS)[lang])
    return [_joiner(lang).join(_sentence(rng, s, facts, lang) for s in p) for p in paragraphs if p]


def _sentence(rng: random.Random, template: str, facts: Facts, lang: int) -> str:
    sentence = _fill(rng, template, facts)
    if rng.random() < 0.25:
        opener = rng.choice(OPENERS)[lang]
        if lang == EN and sentence.split(" ", 1)[0] in (
            "The",
            "A",
            "Both",
            "Many",
            "Students",
            "Teachers",
            "Participants",
            "Leaders",
        ):
            sentence = sentence[0].lower() + sentence[1:]
        sentence = opener + sentence
    return sentence


def _headline(rng: random.Random, lang: int, facts: Facts, event: str) -> str:
    en = {
        "visit": "{school2} delegation visits {school}",
        "agreement": "{school} signs cooperation agreement with {company}",
        "base": "{major} training base unveiled at {school}",
        "competition": "{school} students shine in {major} skills competition",
        "teachers": "{major} teacher training course opens at {school}",
        "jobs": "{school} holds campus job fair",
        "eastwest": "{school} and {school2} deepen east-west cooperation",
        "apprentice": "{company} order class opens at {school}",
    }
    zh = {
        "visit": "{school2}到{school}考察交流",
        "agreement": "{school}与{company}签订校企合作协议",
        "base": "{school}{major}实训基地揭牌",
        "competition": "{school}学子在{major}技能大赛中获佳绩",
        "teachers": "{major}专业教师培训班在{school}开班",
        "jobs": "{school}举办校园双选会",
        "eastwest": "{school}与{school2}深化东西部协作",
        "apprentice": "{company}订单班在{school}开班",
    }
    return (en if lang == EN else zh)[event].format_map(facts)


def _retitle(rng: random.Random, lang: int, title: str) -> str:
    """A reposting site's headline: a prefix, a suffix or a shortened form."""
    if lang == EN:
        return rng.choice(
            [
                "School news: {t}",
                "{t} (reprint)",
                "Vocational education | {t}",
                "{t}: two sides pledge closer ties",
            ]
        ).format(t=title)
    return rng.choice(
        ["【职教动态】{t}", "{t}（转载）", "职教资讯｜{t}", "{t}，双方携手共进"]
    ).format(t=title)


@cache
def _intro(family: int, lang: int) -> tuple[list[str], str]:
    """The 2-3 paragraph introduction one school appends to every article."""
    rng = random.Random(family)
    facts = _article_facts(rng, lang)
    facts.update(
        founded=rng.randint(1950, 2005),
        area=rng.randint(150, 1200),
        barea=rng.randint(40000, 400000),
        assets=rng.randint(2000, 30000),
        students=rng.randint(3000, 20000),
        staff=rng.randint(200, 1200),
        profs=rng.randint(30, 300),
        nmajors=rng.randint(12, 45),
        ncomp=rng.randint(50, 300),
        nbases=rng.randint(20, 120),
        pct=rng.randint(92, 99),
        alumni=rng.randint(3, 20) * 10000,
        motto=_pick(rng, MOTTOS, lang),
    )
    paragraphs = [rng.choice(options)[lang].format_map(facts) for options in INTRO]
    return paragraphs[: rng.choice((2, 3, 3))], facts["school"]


def _people(rng: random.Random, lang: int, n: int) -> list[str]:
    return [_person(rng, lang) for _ in range(n)]


def _notice(rng: random.Random, lang: int, family: int) -> tuple:
    """One notice: its family's template (one school office's wording of one of the common
    notice types) filled with this instance's names, dates, numbers and lists."""
    house = random.Random(family)  # what every notice of the family shares
    template = NOTICES[(family // 2) % len(NOTICES)]  # family = office * 2 + language
    school, dept = _school(house, lang), _pick(house, DEPARTMENTS, lang)
    standing = house.sample(NOTICE_HOUSE, house.randint(2, 4))
    places = [house.randrange(1, len(template["paragraphs"])) for _ in standing]
    phone2 = f"0{house.randint(10, 99)}-{house.randint(10**7, 10**8)}"
    sep = ", " if lang == EN else "、"
    facts = _article_facts(rng, lang, school)
    year = rng.randint(2018, 2025)
    (d0, _), (d1, day), (d2, _) = sorted(
        (_date(rng, lang, year) for _ in range(3)), key=lambda d: d[1]
    )
    cases = [
        (
            f"{_pick(rng, DEPARTMENTS, lang)} and {_company(rng, lang)}: joint "
            f"{_pick(rng, MAJORS, lang)} industry college"
            if lang == EN
            else f"{_pick(rng, DEPARTMENTS, lang)}与{_company(rng, lang)}"
            f"共建{_pick(rng, MAJORS, lang)}产业学院"
        )
        for _ in range(rng.randint(2, 7))
    ]
    placements = [
        (f"{name}: {_company(rng, lang)}" if lang == EN else f"{name}（{_company(rng, lang)}）")
        for name in _people(rng, lang, rng.randint(4, 12))
    ]
    quota = [
        (
            f"{m[lang]} {rng.randint(2, 8) * 20} places"
            if lang == EN
            else f"{m[lang]}{rng.randint(2, 8) * 20}人"
        )
        for m in rng.sample(MAJORS, rng.randint(3, 8))
    ]
    facts.update(
        year=year,
        d0=d0,
        d1=d1,
        d2=d2,
        when=d2,
        docno=rng.randint(3, 99),
        abbr=facts["school"][:2] + "职院",
        a=rng.randint(2, 9),
        b=rng.randint(3, 15),
        c=rng.randint(5, 300),
        dept=dept,
        phone2=phone2,
        cases1=sep.join(cases[: len(cases) // 3 + 1]),
        cases2=sep.join(cases[len(cases) // 3 + 1 :]),
        topics=sep.join(t[lang] for t in rng.sample(TOPICS, rng.randint(2, 5))),
        road=rng.choice(ROADS if lang == EN else ROADS_ZH),
        email=f"px{rng.randint(100, 999)}@{rng.choice(['163.com', 'qq.com', 'edu.cn'])}",
        contact=_person(rng, lang),
        phone=f"0{rng.randint(10, 99)}-{rng.randint(10**7, 10**8)}",
        placements=sep.join(placements),
        quota=sep.join(quota),
        fee=rng.randint(10, 60) * 100,
        grant=rng.choice([2000, 2300, 3300]),
    )
    title = template["title"][lang].format_map(facts)
    text = [p[lang] for p in template["paragraphs"]]
    for sentence, place in zip(standing, places, strict=True):
        text[place - 1] += _joiner(lang) + sentence[lang]
    return title, [p.format_map(facts) for p in text], day


def _noise(text: str, lang: int, how: int) -> str:
    """What an exact copy's page does to the same text: all folded by the content hash."""
    paragraphs = text.split("\n")
    if how == 1:  # blank lines between paragraphs, trailing spaces
        return "\n\n".join(p + "  " for p in paragraphs)
    if how == 2 and lang == ZH:  # CMS indentation with ideographic spaces
        return "\n".join("\u3000\u3000" + p for p in paragraphs)
    if how == 3:  # full-width digits and Latin letters (NFKC folds them)
        return text.translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)})
    return text


_S2T = OpenCC("s2t")


def render(spec: Spec) -> Rendered:
    """The title and text of a planted document (deterministic in its spec)."""
    rng = random.Random(spec.seed)
    lang = spec.lang
    if spec.kind == "notice":
        title, paragraphs, published = _notice(rng, lang, spec.family)
    else:
        school = None
        if spec.kind == "intro":
            intro, school = _intro(spec.family, lang)
        facts = _article_facts(rng, lang, school)
        event = rng.choice(EVENTS)
        count = rng.randint(1, 4) if spec.kind == "intro" else rng.randint(3, 8)
        paragraphs = _news_paragraphs(rng, lang, facts, count, event)
        title, published = _headline(rng, lang, facts, event), facts["published"]
        if spec.kind == "intro":
            # A copy that lost its only own paragraph would be the bare introduction, i.e.
            # no longer this article: cuts then take a paragraph of the introduction.
            keep = 1 if count == 1 else 0
            paragraphs = paragraphs + intro
    for edit in spec.edits:
        if edit[0] == "cut":
            if spec.kind == "intro":
                del paragraphs[keep + edit[1] % (len(paragraphs) - keep)]
            else:
                del paragraphs[edit[1] % len(paragraphs)]
        elif edit[0] == "aggregate":
            paragraphs = aggregate(paragraphs, lang, edit[1])
        elif edit[0] == "add":
            erng = random.Random(spec.seed * 1000 + edit[1])  # not hash(): salted per process
            facts = _article_facts(erng, lang)
            added = _fill(erng, ADDED[edit[1] % len(ADDED)][lang], facts)
            paragraphs = paragraphs + [added] if edit[1] % 2 else [added] + paragraphs
    text = "\n".join(paragraphs)
    if spec.retitle:
        title = _retitle(random.Random(spec.seed + 1), lang, title)
    for edit in spec.edits:
        if edit[0] == "noise":
            text = _noise(text, lang, edit[1])
        elif edit[0] == "s2t":
            text, title = _S2T.convert(text), _S2T.convert(title)
    return Rendered(title, text, published)


def generate(n: int, seed: int = 4, variants: bool = True) -> list[Spec]:
    """About `n` planted documents in crawl order (shuffled: copies may come before originals).

    `variants`: also aggregator rewrites and translations (story_variants; without them, the
    same corpus minus those documents)."""
    rng = random.Random(seed)
    specs: list[Spec] = []
    texts = 0  # exact-text numbers handed out
    sites = [f"site{i:02d}" for i in range(40)]
    # ~15% of documents are intro articles: ~20 of them per school share its introduction;
    # ~8% are notices: ~25 per family share its template. Both scale with the corpus, as
    # a bigger corpus means more schools, not more articles per school.
    schools = max(n // 266, 2)
    offices = max(n // 300, 4)
    story = 0
    while len(specs) < n:
        story += 1
        lang = rng.choice((EN, ZH))
        kind = rng.choices(("news", "intro", "notice"), weights=(70, 18, 12))[0]
        family = rng.randrange(schools if kind == "intro" else offices) * 2 + lang
        base = dict(story=story, kind=kind, lang=lang, seed=rng.getrandbits(48), family=family)
        home = rng.choice(sites)
        elsewhere = [s for s in sites if s != home]

        def plant(
            variant: str,
            text: int | None,
            edits=(),
            retitle=False,
            site=None,
            lang=None,
            base=base,
            elsewhere=elsewhere,
        ) -> Spec:
            nonlocal texts
            if text is None:  # a text of its own
                texts += 1
                text = texts
            site = site or rng.choice(elsewhere)
            specs.append(
                Spec(
                    url=f"https://{site}.example.edu.cn/info/{len(specs) + 1}.htm",
                    site=site,
                    exact=text,
                    variant=variant,
                    edits=tuple(edits),
                    retitle=retitle,
                    **(base | {"lang": base["lang"] if lang is None else lang}),
                )
            )
            return specs[-1]

        texts += 1
        original = texts
        plant("original", original, site=home)
        # How often a story is reposted; notices and school-intro articles travel less.
        repost = 1.0 if kind == "news" else 0.4
        for _ in range(rng.choices((0, 1, 2, 3), weights=(55, 25, 12, 8))[0]):
            if rng.random() < repost:
                plant("exact", original, [("noise", rng.randrange(4))])
        if lang == ZH and rng.random() < 0.25 * repost:
            plant("traditional", original, [("noise", rng.randrange(4)), ("s2t",)])
        if rng.random() < 0.25 * repost:
            texts += 1
            cut = plant("cut", texts, [("cut", rng.randrange(1, 64))], retitle=True)
            if rng.random() < 0.3:  # the edited copy is itself reposted verbatim
                plant("cut-copy", cut.exact, cut.edits, retitle=True)
        if rng.random() < 0.2 * repost:
            texts += 1
            added = plant("added", texts, [("add", rng.randrange(64))], retitle=rng.random() < 0.5)
            if rng.random() < 0.3:
                plant("added-copy", added.exact, added.edits)
        if variants:
            plant_variants(plant, story, base["seed"], kind, lang, elsewhere)
    specs = specs[:n]
    rng.shuffle(specs)
    return specs
