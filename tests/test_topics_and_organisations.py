"""Topics and organisations: found by process() (pure), stored per document, re-tagged by
reextract, measured on hand-labelled samples of the fixture gold articles (tests/data), and
`partners` on the crawl of the fixture sites."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import sqlalchemy as sa

from crawler.registry import load_registry
from pipelines.db.models import DocumentOrganisation, DocumentTopic
from pipelines.db.session import session_scope
from pipelines.processing import extractor_version, organisations, topics

from .conftest import all_gold, run_cli
from .test_search import HANS, HANT, corpus

DATA = Path(__file__).parent / "data"


def test_topic_recall_and_precision_on_the_labelled_gold_articles():
    labels = json.loads((DATA / "topic_labels.json").read_text(encoding="utf-8"))["articles"]
    gold = {case["url"]: case for case in all_gold()}
    assert len(labels) == len(gold) == 61
    wanted = found = tagged_all = 0
    for article in labels:
        case = gold[article["url"]]
        tagged = topics.tag(case["title"], case["text"])
        wanted += len(article["topics"])
        found += sum(topic in tagged for topic in article["topics"])
        tagged_all += len(tagged)
    assert wanted >= 50 and found / wanted >= 0.95, (found, wanted)
    # Any mention of a term tagged 129 themes, 60 right: a topic: filter was half noise.
    assert found / tagged_all >= 0.8, (found, tagged_all)


def test_organisation_precision_on_the_checked_fixture_sample():
    sample = json.loads((DATA / "organisation_sample.json").read_text(encoding="utf-8"))
    checked = {
        (m["doc"], m["name"]): m["correct"] for m in sample["mentions"] if m["source"] == "fixture"
    }
    registry = load_registry()
    gold = {case["url"]: case for case in all_gold()}
    mentions = []
    for doc in {doc for doc, _ in checked}:
        case = gold[doc]
        names = registry[case["site"]].extraction_rules().site_names
        mentions += [
            (doc, o["name"]) for o in organisations.find(case["title"], case["text"], names)
        ]
    correct = sum(checked.get(m, False) for m in mentions)  # unchecked counts as wrong
    assert len(mentions) >= 40 and correct / len(mentions) >= 0.9, (correct, len(mentions))


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a verb or a generic word before the suffix is no part of a name
        ("会议吸纳为成员学校，刘慧当选为联盟理事长。", []),
        ("我校加入沪遵职教联盟，双方共同建设产业学院。", ["沪遵职教联盟"]),
        ("学校成为首批双高学校。", []),
        # … and names holding such words stay whole
        ("中国建设银行与华为技术有限公司来校。", ["中国建设银行", "华为技术有限公司"]),
        # what a school serves, or a region's schools, name none (partners listed them)
        ("推动区域内中职学校发展，各二级学院积极参与。", []),
        # a region written before a name that starts with it is no part of the name
        ("援藏教师赴西藏日喀则日喀则市职业技术学校支教。", ["日喀则市职业技术学校"]),
        # 自 is "since" before a name, but the first character of 自贡
        (
            "自沪遵职教联盟成立以来，自贡市职业技术学校加入。",
            ["沪遵职教联盟", "自贡市职业技术学校"],
        ),
        # a short name after the full one is the same organisation
        ("重庆市渝中职教中心与我校签约。渝中职教中心校长致辞。", ["重庆市渝中职教中心"]),
        # 大学习 is to learn widely, and where one studies (就读) is not part of a name
        ("为扩大学习成效，学生继续就读科技大学，考入四川大学。", ["四川大学"]),
        # a notice's 经…推荐, 确定 and 单位为 are no part of a name
        (
            "经二级学院推荐，学校确定潍柴动力股份有限公司等5家单位为学院首批合作企业。",
            ["潍柴动力股份有限公司"],
        ),
        # a bureau notice's verbs name no one; 中等 and the place 和田 are no cut
        ("各地要进一步完善政府购买服务，相关材料报送市教育局。", []),
        (
            "团队深入当地职业学校，与和田地区教育局、城建中等专业学校座谈。",
            ["和田地区教育局", "城建中等专业学校"],
        ),
        # a caption's 图为 ("the picture shows") is no part of a name
        (
            "图为学校举行毕业典礼现场。图为宁波市职业技术教育中心学校校长讲话。",
            ["宁波市职业技术教育中心学校"],
        ),
    ],
)
def test_a_chinese_name_starts_after_the_sentences_words(text, names):
    assert [o["name"] for o in organisations.find(None, text)] == names


def test_a_name_does_not_run_on_from_the_title_into_the_text():
    """The headline's last words are no part of a name the text begins with (before:
    产学合作交流茶会学校, as "$" matched before the line break)."""
    found = organisations.find("产学合作交流茶会", "学校邀请企业代表参加。")
    assert found == [], found


@pytest.mark.parametrize(
    ("title", "text", "names"),
    [
        (
            "Launches Certified Nursing Assistant Program",
            "Maple Valley Adult School opened a course for carers.",
            ["Maple Valley Adult School"],
        ),
        (
            "Students Meet Harwood Engineering",
            "Northfield College welcomed engineers.\nLeeds Trinity\nUniversity of Leeds",
            ["Northfield College"],
        ),
    ],
)
def test_an_english_name_does_not_run_across_a_line_break(title, text, names):
    """No name spans the headline and the text's first line, nor two lines of the text (before:
    "Launches Certified Nursing Assistant Program Maple Valley Adult School", as the pattern's
    spaces took the line break for one)."""
    assert [o["name"] for o in organisations.find(title, text)] == names


def test_organisations_normalised_across_scripts_and_site_aliases():
    found = organisations.find("樂山市旅遊學校與甘孜州職業技術學校", HANT)
    assert {o["name"] for o in found} >= {"乐山市旅游学校", "甘孜州职业技术学校"}
    mine = organisations.find(None, "我校与华为技术有限公司签约。", ("成都财贸职高", "财贸职高"))
    assert [(o["name"], o["kind"]) for o in mine] == [
        ("成都财贸职高", "school"),
        ("华为技术有限公司", "enterprise"),
    ]
    assert organisations.find(None, "介绍了学校的情况，各学校和初中学生。") == []
    speaker = "调研组希望学校继续深化校企合作，要求星河职业技术学校做好总结。"
    assert [o["name"] for o in organisations.find(None, speaker)] == ["星河职业技术学校"]
    english = organisations.find(
        "SPA and Wanhua Chemical (Shanghai) Co., Ltd. Jointly Build",
        "A delegation of the President of Dingxi Vocational and Technical College visited.",
    )
    assert [o["name"] for o in english] == [
        "Wanhua Chemical (Shanghai) Co., Ltd.",
        "Dingxi Vocational and Technical College",
    ]


def test_taxonomy_is_part_of_the_extractor_version(tmp_path, monkeypatch):
    assert f"topics/{topics.default_taxonomy().version}" in extractor_version()
    edited = tmp_path / "topics.toml"
    edited.write_text('[sport]\nlabel = "Sport"\nterms = ["足球", "football"]\n', "utf-8")
    taxonomy = topics.load(edited)
    assert taxonomy.version != topics.default_taxonomy().version
    assert topics.tag("Football Final", "The team won.", taxonomy) == {"sport": ["football"]}
    assert topics.tag(None, "The mountain", topics.load()) == {}  # "mou" is a whole word
    bad = tmp_path / "bad.toml"
    bad.write_text("[x]\nterms = []\n", "utf-8")
    try:
        topics.load(bad)
    except topics.TaxonomyError as exc:
        assert "[x] needs terms" in str(exc)
    else:
        raise AssertionError("an empty theme was accepted")


def test_stored_per_document_with_matched_terms(engine):
    corpus(engine)
    with session_scope(engine) as session:
        rows = session.execute(sa.select(DocumentTopic.topic, DocumentTopic.terms)).all()
        orgs = set(session.scalars(sa.select(DocumentOrganisation.name)))
    assert ("school-enterprise", ["校企合作"]) in [(t, terms) for t, terms in rows]
    assert {"四川航空股份有限公司", "乐山市旅游学校"} <= orgs
    assert "成都市财贸职业高级中学校" in HANS and "成都市财贸职业高级中学校" in orgs


def test_partners_on_the_fixture_crawl(crawled, tmp_path):
    table = run_cli("partners", "--topic", "school-enterprise", "--db", crawled.db_url)
    assert table.returncode == 0, table.stderr
    assert "四川航空股份有限公司" in table.stdout and "Evonik Specialty Chemicals" in table.stdout
    edges = tmp_path / "edges.csv"
    run_cli("partners", "--format", "csv", "--out", str(edges), "--db", crawled.db_url)
    text = edges.read_text(encoding="utf-8-sig")
    assert text.startswith("source,target,source_kind,target_kind,documents")
    assert any(
        "四川航空股份有限公司" in line and "成都市财贸职业高级中学校" in line
        for line in text.splitlines()
    )
    graph = tmp_path / "partners.graphml"
    run_cli("partners", "--format", "graphml", "--out", str(graph), "--db", crawled.db_url)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(graph).getroot()
    assert root.findall(".//g:edge", ns) and root.findall(".//g:node", ns)
    unknown = run_cli("partners", "--topic", "nosuchtopic", "--db", crawled.db_url)
    assert unknown.returncode == 2 and "unknown topic 'nosuchtopic'" in unknown.stderr
    # A file is the whole network (it was cut at the table's 50 pairs without a word).
    rows = len(list(csv.DictReader(io.StringIO(text))))
    table_all = run_cli("partners", "--limit", "0", "--db", crawled.db_url)
    assert rows > 50 and f"{rows} pairs of organisations named together" in table_all.stdout
    cut = run_cli("partners", "--db", crawled.db_url)
    assert "the 50 pairs named together in the most stories; --limit 0 for all" in cut.stderr
    # A story republished on several sites is one story: spa's and its mirror's copies, and
    # newsflash's rewrite (3 documents, 2 stories). An example sentence is never doubled.
    edge = {(r["source"], r["target"]): r for r in csv.DictReader(io.StringIO(text))}
    evonik = edge[
        (
            "Evonik Specialty Chemicals (Shanghai) Co., Ltd.",
            "Shanghai Modern Chemical Industry Vocational College",
        )
    ]
    assert (evonik["documents"], evonik["stories"]) == ("3", "2")
    for row in edge.values():
        halves = row["example_sentence"].split(" … ")
        assert len(halves) == len(set(halves)), row


def test_a_term_inside_a_longer_term_is_still_found(tmp_path):
    """Which terms a text holds is read in one pass (topics._automaton); a term whose only
    occurrence lies inside a longer term's must still count: here the longer one is no whole
    word ("dayz"), the shorter one is ("sports"). Fails if that pass reports each position's
    longest term alone."""
    edited = tmp_path / "topics.toml"
    edited.write_text(
        '[sport]\nterms = ["sports day", "sport"]\n[port]\nterms = ["port", "足球"]\n', "utf-8"
    )
    taxonomy = topics.load(edited)
    assert topics.tag("The sports dayz.", "", taxonomy) == {"sport": ["sports"]}
    assert topics.tag("Sports Day at the Port 足球", "", taxonomy) == {
        "sport": ["sports day"],
        "port": ["port", "足球"],
    }


def test_a_theme_the_title_does_not_name_needs_three_mentions_in_the_text(tmp_path):
    edited = tmp_path / "topics.toml"
    edited.write_text('[agreements]\nterms = ["协议", "签约"]\n', "utf-8")
    taxonomy = topics.load(edited)
    passing = "运动会圆满结束。按照协议，各班轮流值日。"
    assert topics.tag("我校举行运动会", passing, taxonomy) == {}
    assert topics.tag("我校举行运动会", passing + "协议", taxonomy) == {}
    assert topics.tag("我校举行运动会", passing + "签约，协议", taxonomy) == {
        "agreements": ["协议", "签约"]
    }
    assert topics.tag("两校签约", passing, taxonomy) == {"agreements": ["签约", "协议"]}


@pytest.mark.parametrize(
    ("title", "theme"),
    [
        ("本校與台積電簽訂產學合作計畫", "school-enterprise"),
        ("建教合作班學生赴廠實習成果發表", "school-enterprise"),
        ("商校合作計劃：企業導師到校分享", "school-enterprise"),
        ("日本大阪府立工業高校師生蒞校參訪", "visits"),
        ("本校與新加坡南洋理工學院締結姊妹校", "agreements"),
    ],
)
def test_the_bundled_themes_know_taiwans_and_hong_kongs_words(title, theme):
    """Taiwan writes school-enterprise cooperation 產學合作 or 建教合作 and a visit 參訪;
    Hong Kong's schools run 商校合作: with mainland terms alone these stories had no theme."""
    assert theme in topics.tag(title, "")


def test_wo_xiao_is_the_site_on_a_school_site_and_no_one_on_a_portal():
    """A portal carries schools' stories: its 我校 and 本校 are the story's school, not the
    portal (scedu's copy made 四川教育在线 a partner of the school it reported on)."""
    text = "我校教师赴浙江湖州职业学校交流，推动本校教学改革。"
    on_portal = organisations.find(None, text, ("四川教育在線", "四川教育在线"))
    assert [o["name"] for o in on_portal] == ["浙江湖州职业学校"]
    on_school = organisations.find(None, text, ("成都市财贸职业高级中学校",))
    assert [o["name"] for o in on_school] == ["成都市财贸职业高级中学校", "浙江湖州职业学校"]


def test_every_english_suffix_starts_with_a_word_the_prefilter_looks_for():
    """organisations._english skips texts holding none of _EN_SUFFIX_WORDS: every way
    _EN_SUFFIX can match must contain one, or names are lost."""
    import re

    samples = [
        *"College School University Academy Institute Group Bureau Committee".split(),
        *"Government Commission Ministry Corporation Company".split(),
        *("Co., Ltd.", "Co. Ltd", "Ltd", "Ltd.", "Inc."),
    ]
    alternatives = organisations._EN_SUFFIX.split("|")
    for alternative in alternatives:  # a new alternative needs a sample here
        assert any(re.fullmatch(alternative, s) for s in samples), alternative
    for sample in samples:
        assert re.fullmatch(organisations._EN_SUFFIX, sample), sample
        assert any(word in sample for word in organisations._EN_SUFFIX_WORDS), sample
    found = organisations.find(None, "He joined Jinhua Polytechnic Trade Co., Ltd. in May.")
    assert [o["name"] for o in found] == ["Jinhua Polytechnic Trade Co., Ltd."]
