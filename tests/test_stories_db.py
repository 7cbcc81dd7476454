"""Story assignment's storage side (pipelines.db.stories) on migrated schemas, SQLite and
PostgreSQL alike: which candidates are sought, and how links chain across batches."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from crawler.items import PageItem
from pipelines.db import pages, stories
from pipelines.db.documents import save_documents
from pipelines.db.models import Document as DocumentRow
from pipelines.db.models import Page, SiteLanguage
from pipelines.db.session import session_scope
from pipelines.processing import Document, content_hash

FETCHED = datetime(2026, 1, 1, tzinfo=UTC)
VISIT_DAY = date(2019, 4, 18)
ENGLISH = (
    "On April 18, 2019, Principal Wang Qiang of Zunyi Honghuagang Vocational School led "
    "a delegation of 35 teachers to the college. The school will accept 120 interns "
    "every year. Zhiqiang Chen thanked the guests."
)
CHINESE = (
    "2019年4月18日，遵义红花岗职业学校校长王强带队，一行35人赴学院交流访问。学校每年将接收"
    "120名实习生。陈志强对来宾表示感谢。"
)
UNRELATED_ENGLISH = (
    "Students of the welding class won three gold medals at the provincial "
    "skills contest held in the new training hall last weekend."
)


def page(
    site: str,
    url: str,
    text: str,
    language: str,
    published: date | None = VISIT_DAY,
    translations: tuple[str, ...] = (),
):
    """A stored page with the document extraction would have made of `text`."""
    document = Document(
        translations=translations,
        url=url,
        title="A visit",
        text=text,
        published=published,
        author=None,
        source=None,
        language=language,
        script="Hans" if language.startswith("zh") else "Latn",
        content_hash=content_hash(text),
        declared_encoding="utf-8",
        used_encoding="utf-8",
        has_replacement_chars=False,
        extractor_version="test",
    )
    return PageItem(
        site,
        url,
        url,
        "article",
        200,
        {"Content-Type": "text/html"},
        text.encode(),
        FETCHED,
        document,
    )


def save(engine, *items: PageItem) -> None:
    with session_scope(engine) as session:
        pages.save_pages(session, list(items), run_id=None)


def links(engine) -> dict[str, tuple[int, str | None]]:
    """url -> (story_id, story_link)."""
    with session_scope(engine) as session:
        return {
            url: (story, why)
            for url, story, why in session.execute(
                sa.select(Page.url, DocumentRow.story_id, DocumentRow.story_link).join(
                    Page, Page.id == DocumentRow.page_id
                )
            )
        }


def test_translations_are_not_sought_between_two_single_language_sites(engine):
    save(
        engine,
        page("english-portal", "https://en/1", ENGLISH, "en"),
        page("chinese-portal", "https://zh/1", CHINESE, "zh-cn"),
    )
    found = links(engine)
    assert found["https://en/1"][0] != found["https://zh/1"][0]


def test_a_translation_joins_when_either_site_publishes_both_languages(engine):
    save(engine, page("school", "https://school/en/7", UNRELATED_ENGLISH, "en", None))
    save(
        engine,
        page("english-portal", "https://en/1", ENGLISH, "en"),
        page("school", "https://school/zh/1", CHINESE, "zh-cn"),
    )  # the school: bilingual now
    found = links(engine)
    assert found["https://en/1"][0] == found["https://school/zh/1"][0]
    assert found["https://school/zh/1"][1].startswith("cross-language")
    assert "2019-04-18" in found["https://school/zh/1"][1]
    with session_scope(engine) as session:
        assert set(session.execute(sa.select(SiteLanguage.site, SiteLanguage.language))) == {
            ("school", "en"),
            ("school", "zh-cn"),
            ("english-portal", "en"),
        }


PARTS = (
    "The provincial education bureau opened a training week for rural teachers of mechatronics "
    "and nursing, with lectures on modular teaching design and classroom evaluation. ",
    "Teachers visited the new training hall, tried the industrial robots and discussed how to "
    "bring enterprise practice into the first year of every vocational programme. ",
    "At the closing ceremony the organisers thanked the partner companies and announced a "
    "second session for the autumn, open to teachers of secondary vocational schools. ",
)


def test_a_story_folded_into_another_says_which_document_joined_them(engine):
    first_half, second_half = PARTS[0] + PARTS[1], PARTS[1] + PARTS[2]
    save(
        engine,
        page("a", "https://a/1", first_half * 2, "en", None),
        page("b", "https://b/1", second_half * 2, "en", None),
    )
    found = links(engine)
    assert found["https://a/1"][0] != found["https://b/1"][0]  # neither inside the other
    save(engine, page("c", "https://c/1", (PARTS[0] + PARTS[1] + PARTS[2]) * 2, "en", None))
    found = links(engine)
    assert len({story for story, _ in found.values()}) == 1  # the whole text holds both
    with session_scope(engine) as session:
        whole = session.scalar(
            sa.select(DocumentRow.id).join(Page).where(Page.url == "https://c/1")
        )
    assert found["https://c/1"][1].startswith("near ")
    assert sorted([found["https://a/1"][1], found["https://b/1"][1]], key=str) == [
        None,
        f"merged through document {whole}",
    ]  # the older story's first is still first


def test_the_first_document_keeps_no_link_when_its_story_is_assigned_again(engine):
    """Re-extraction decides a story's first document again: its later copies are then its
    candidates, and their link would label the original as a copy of its own copies."""
    copy = ENGLISH.replace("Zhiqiang Chen thanked the guests.", "The guests were thanked.")
    save(engine, page("alpha", "https://a.example/1.html", ENGLISH, "en"))
    save(engine, page("beta", "https://b.example/1.html", copy, "en"))
    before = links(engine)
    assert before["https://a.example/1.html"][1] is None
    assert before["https://b.example/1.html"][1] is not None  # the copy says why it joined
    with session_scope(engine) as session:
        ids = list(session.scalars(sa.select(DocumentRow.id).order_by(DocumentRow.id)))
        stories.assign_stories(session, ids)  # what reextract does, one batch
    assert links(engine) == before


def _stored_sketch(engine, url: str) -> tuple[bytes, int]:
    from pipelines.db.models import DocumentSketch

    with session_scope(engine) as session:
        return tuple(
            session.execute(
                sa.select(DocumentSketch.signature, DocumentSketch.shingles)
                .join(DocumentRow, DocumentRow.id == DocumentSketch.document_id)
                .join(Page, Page.id == DocumentRow.page_id)
                .where(Page.url == url)
            ).one()
        )


def test_an_unchanged_text_reextracted_without_its_sketch_keeps_story_and_index(engine):
    """reextract's workers leave out the shingles and signature of a text whose content hash
    was stored (similarity.known_sketch): the story step takes the stored signature for the
    candidate search and shingles the text only to verify a candidate."""
    from pipelines.processing.similarity import known_sketch, prime, sketch

    copy = ENGLISH.replace("Zhiqiang Chen thanked the guests.", "The guests were thanked.")
    save(engine, page("alpha", "https://a.example/1.html", ENGLISH, "en"))
    save(engine, page("beta", "https://b.example/1.html", copy, "en"))
    before, stored = links(engine), _stored_sketch(engine, "https://b.example/1.html")
    assert before["https://b.example/1.html"][1].startswith("near ")
    prime(copy, known_sketch(copy))
    save(engine, page("beta", "https://b.example/1.html", copy, "en"))
    assert links(engine) == before
    assert _stored_sketch(engine, "https://b.example/1.html") == stored
    made = sketch(copy)
    assert stored == (made.signature.astype("<u4").tobytes(), made.count)


def test_a_text_sketched_as_unchanged_that_did_change_is_sketched_by_the_story_step(engine):
    """A worker told a stale content hash (a concurrent writer) sends a partial sketch of a
    changed text: the stored signature is another text's, so the story step sketches it."""
    from pipelines.processing.similarity import known_sketch, prime, sketch

    save(engine, page("alpha", "https://a.example/1.html", UNRELATED_ENGLISH, "en"))
    prime(ENGLISH, known_sketch(ENGLISH))
    save(engine, page("alpha", "https://a.example/1.html", ENGLISH, "en"))
    made = sketch(ENGLISH)
    expected = (made.signature.astype("<u4").tobytes(), made.count)
    assert _stored_sketch(engine, "https://a.example/1.html") == expected


SIGNING = (
    "5月11日上午，江南职业技术学院与比亚迪股份有限公司校企合作签约仪式在学校行政楼第一会议室隆重"
    "举行。学校党委书记张建华、校长李明远，比亚迪股份有限公司人力资源总监王晓东等出席签约仪式。",
    "仪式上，李明远校长介绍了学校的办学历史和专业建设情况。他表示，学校始终坚持产教融合、校企合作的"
    "办学理念，近年来与37家企业建立了稳定的合作关系，累计为区域输送技术技能人才12311余名。",
    "王晓东在讲话中指出，企业发展离不开高素质技术技能人才，希望双方以此次签约为契机，在人才培养、"
    "技术研发、实习实训、员工培训等方面开展全方位合作，实现资源共享、优势互补、互利共赢。",
    "根据协议，双方将共同建设产业学院，联合开发课程9门，共建校内外实训基地3个，企业每年为学生提供"
    "不少于120个实习岗位，并选派技术骨干担任兼职教师。学校将为企业员工提供学历提升和技能培训服务。",
    "签约仪式结束后，与会人员参观了学校的实训中心，并就订单班培养方案进行了深入交流。双方一致认为，"
    "校企合作要落到实处，要在课程共建、师资互派、学生实习等方面尽快拿出具体成果。",
)


def test_the_copies_of_a_text_that_changed_join_a_story_again(engine):
    """A portal's exact copy of a school's article is indexed through the school's document
    only. When the school's text changes (learned boilerplate dropped by re-extraction, an
    edit), the copy must join a story again: left alone, it kept its old story and its
    "exact" link, and the school's document, finding no candidate, started a story of its
    own (a story split in two by a crawl of both sites)."""
    school, portal = "https://school.example/news/1002.htm", "https://portal.example/2001.html"
    whole = "\n".join(SIGNING)
    save(engine, page("school", school, whole, "zh-cn"))
    save(engine, page("portal", portal, whole, "zh-cn"))
    assert links(engine)[portal] == (links(engine)[school][0], "exact")
    shorter = page("school", school, "\n".join(SIGNING[:2] + SIGNING[3:4]), "zh-cn")
    with session_scope(engine) as session:
        page_id = session.scalar(sa.select(Page.id).where(Page.url == school))
        save_documents(session, [(page_id, "school", shorter.document)])  # as reextract does
    after = links(engine)
    assert after[school][0] == after[portal][0]
    assert after[portal][1].startswith("near ")  # no longer an exact copy


SEVENTEEN = (
    "Seventeen students of the college's School of Automotive Engineering began an internship "
    "at BYD's Chongqing plant this week, where they will work on the battery assembly line."
)
JINRI = "近日，学院汽车工程学院十七名学生赴比亚迪重庆工厂开展顶岗实习，参与电池装配线工作。"


@pytest.mark.parametrize("english_first", [True, False], ids=["english-first", "chinese-first"])
def test_a_page_and_the_translation_it_declares_are_one_story(engine, english_first):
    """The Chinese page declares the English one (hreflang); they state no day or figure in
    common. Stored in either order, in two batches, the later finds the earlier through the
    page keys of document_facts; an undeclared page of the site stays alone."""
    en_url, zh_url = "https://college/en/2026/12/01/byd/", "https://college/2026/12/02/byd/"
    english = page("college", en_url, SEVENTEEN, "en", date(2026, 12, 1))
    chinese = page("college", zh_url, JINRI, "zh-cn", date(2026, 12, 2), (en_url,))
    other = page("college", "https://college/en/2026/12/01/gym/", UNRELATED_ENGLISH, "en")
    for item in (english, chinese) if english_first else (chinese, english):
        save(engine, item)
    save(engine, other)
    found = links(engine)
    later = zh_url if english_first else en_url
    assert found[en_url][0] == found[zh_url][0] != found[other.url][0]
    assert found[later][1] == "translation (hreflang)"
    assert found[other.url][1] is None
