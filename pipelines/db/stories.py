"""Story assignment's SQL: load a batch, find candidates, write stories and their reasons.

The decision itself (which candidate, why) is `pipelines.processing.story_match`, a pure
function; this module only reads what it needs in a few queries per batch and writes the
result in batches: LSH band keys and MinHash sketches (near copies), (date, figure) fact keys
(rewrites and translations), stories, and each document's `story_id` and `story_link`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from pipelines.processing import facts as fact_tools
from pipelines.processing.similarity import Sketch, band_keys, shingles, take
from pipelines.processing.similarity import sketch as make_sketch
from pipelines.processing.story_match import Link, Merges, PinyinCache, Text, choose, page_keys

from .dialect import as_utc, now
from .models import Content, Document, Page, Story
from .site_languages import note_languages
from .story_candidates import find_candidates
from .story_index import stored_sketches, write_index


def _load(session: Session, document_ids: Sequence[int]) -> list:
    first = aliased(Document)
    return session.execute(
        sa.select(
            Document.id,
            Document.text,
            Document.content_hash,
            Document.story_id,
            Document.language,
            Document.script,
            Document.published,
            Document.site,
            Document.translations,
            Page.url,
            Content.first_document_id,
            first.content_hash.label("first_hash"),
            first.script.label("first_script"),
        )
        .join(Page, Page.id == Document.page_id)
        .join(Content, Content.content_hash == Document.content_hash, isouter=True)
        .join(first, first.id == Content.first_document_id, isouter=True)
        .where(Document.id.in_(document_ids))
        .order_by(Document.id)
    ).all()


def _text(row, ahead: Sketch | None = None) -> Text:
    """A document for the decision; `ahead`: its sketch, made by the extraction worker."""
    return Text(
        row.id,
        row.story_id,
        ahead.shingles if ahead else shingles(row.text),
        facts=ahead.facts if ahead else None,
        chinese=(row.language or "").startswith("zh"),
        published=row.published,
        text=row.text,
        site=row.site,
        url=row.url,
        translations=tuple(row.translations or ()),
    )


def _sketches_of(session: Session, docs, unchanged: set[int]) -> dict[int, Sketch]:
    """Each document's sketch: made ahead by the extraction worker (similarity.prime), else
    here. A text of the batch is sketched once. A worker leaves the signature out of a text
    whose content hash was already stored (similarity.known_sketch): a document of
    `unchanged` (its stored hash was its new one when this transaction read it) takes its
    stored signature, another is sketched here."""
    by_text: dict[str, Sketch] = {}
    for d in docs:
        if d.text not in by_text:
            by_text[d.text] = take(d.text) or make_sketch(d.text)
    made = {d.id: by_text[d.text] for d in docs}
    partial = {d.id: d.text for d in docs if made[d.id].signature is None}
    stored = stored_sketches(session, sorted(partial.keys() & unchanged)) if partial else {}
    for doc_id, text in partial.items():
        if doc_id in stored:
            blob, count = stored[doc_id]
            signature = np.frombuffer(blob, dtype="<u4")
            made[doc_id] = made[doc_id]._replace(
                signature=signature, bands=band_keys(signature), count=count
            )
        else:
            made[doc_id] = make_sketch(text)
    return made


def _signatures_and_bands(made: dict[int, Sketch]) -> tuple[dict, dict[int, list[int]]]:
    """Each document's (signature, shingle count), for the candidate screen, and band keys."""
    return (
        {i: (m.signature, m.count) for i, m in made.items()},
        {i: m.bands for i, m in made.items()},
    )


def _index_keys(texts: dict[int, Text], exact: dict) -> tuple[dict, dict]:
    """Each document's (date, figure) keys and page keys. An exact copy is found through its
    first copy: indexing its facts again would only fill
    story_candidates.MAX_FACT_CANDIDATES with copies of one text. Page keys (its URL and
    those it declares as its translations) find a translation whichever is stored first."""
    fact_keys = {
        i: [] if i in exact else fact_tools.keys(t.said(), t.published) for i, t in texts.items()
    }
    return fact_keys, {i: page_keys(t.url, t.translations) for i, t in texts.items()}


def assign_stories(session: Session, document_ids: Sequence[int], unchanged=frozenset()) -> None:
    """Index the documents' LSH bands and fact keys and put each in a story: its exact
    copy's, else its best-linked candidate's (story_match.choose), else the one it already
    had if it was alone in it (re-extraction keeps story ids stable), else a new one. A few
    queries per batch, not per item.

    Candidates share LSH bands (screened on their stored MinHash sketch before their text
    is fetched) or two (date, figure) fact keys. `unchanged`: see _sketches_of.
    """
    if not document_ids:
        return
    docs = _load(session, document_ids)
    batch = {d.id for d in docs}
    # The first document with this text, if it still has it (its own text may have changed
    # since, in this batch or before the contents row was repaired).
    exact = {
        d.id: d
        for d in docs
        if d.first_document_id not in (None, d.id) and d.first_hash == d.content_hash
    }
    story_of: dict[int, int | None] = {d.id: d.story_id for d in docs}
    story_of |= _story_ids(session, {d.first_document_id for d in exact.values()} - batch)
    made = _sketches_of(session, docs, unchanged)  # shingles, signature, band keys and facts
    texts = {d.id: _text(d, made[d.id]) for d in docs}
    sketch, keys = _signatures_and_bands(made)
    fact_keys, pages = _index_keys(texts, exact)
    write_index(session, document_ids, keys, sketch, {i: fact_keys[i] + pages[i] for i in pages})
    note_languages(session, docs)

    # An exact copy needs no candidates: it joins its first copy's story (an earlier document
    # of the batch gets one; a stored one may lack one if stored before stories existed).
    searching = [
        d
        for d in docs
        if d.id not in exact
        or (
            exact[d.id].first_document_id not in batch
            and story_of.get(exact[d.id].first_document_id) is None
        )
    ]
    candidates = find_candidates(session, searching, keys, (fact_keys, pages), sketch)
    stored = _stored_texts(session, {i for ids in candidates.values() for i in ids} - batch)
    texts |= stored
    story_of |= {i: t.story for i, t in stored.items()}
    others_in = dict(
        session.execute(
            sa.select(Document.story_id, sa.func.count())
            .where(Document.story_id.in_({d.story_id for d in docs} - {None}))
            .group_by(Document.story_id)
        ).all()
    )
    merged = Merges()
    merged.texts = _texts_in(session, {s for s in story_of.values() if s is not None})
    known = Known(exact, story_of, texts, candidates, others_in)
    final, links = _decide(docs, known, merged)
    _write(session, docs, final, links, merged)


@dataclass
class Known:
    """What a batch's decision starts from."""

    exact: dict  # document id -> its first copy's row (an exact copy)
    story_of: dict  # document id -> story id (stored, or decided earlier in the batch)
    texts: dict  # document id -> story_match text (the batch's and its candidates')
    candidates: dict  # document id -> candidate document ids
    others_in: dict  # story id -> how many documents it holds


def _decide(docs, known: Known, merged: Merges):
    """Each document's story (provisional -id for one it starts) and link, in id order, so
    that later documents of the batch find earlier ones."""
    exact, story_of, texts = known.exact, known.story_of, known.texts
    candidates, others_in = known.candidates, known.others_in
    pinyin = PinyinCache()
    links: dict[int, Link | None] = {}
    for doc in docs:
        story, link = None, None
        if doc.id in exact:
            story = merged.find(story_of.get(exact[doc.id].first_document_id))
            link = Link("exact" if doc.script == exact[doc.id].first_script else "cross-script")
        if story is None:
            for i in candidates.get(doc.id, ()):
                texts[i].story = merged.find(story_of.get(i))
            decision = choose(texts[doc.id], [texts[i] for i in candidates.get(doc.id, ())], pinyin)
            story, link = decision.story, decision.link
            for other in decision.also:
                merged.union(story, other, doc.id)
            for other in decision.weak if story is not None else ():
                merged.absorb_single_text(story, other, doc.id)
            if story is None and doc.story_id is not None and others_in.get(doc.story_id, 0) <= 1:
                story = doc.story_id  # alone in it: re-extraction keeps the id
        story_of[doc.id] = story if story is not None else -doc.id
        merged.add(story_of[doc.id], doc.content_hash)
        links[doc.id] = link if story is not None else None
    return {d.id: merged.find(story_of[d.id]) for d in docs}, links


def _write(session: Session, docs, story_of, links, merges: Merges) -> None:
    merged = merges.stored()
    starters = [d.id for d in docs if story_of[d.id] == -d.id]
    created = {}
    if starters:
        moment = now()
        created = {
            -first: story_id
            for story_id, first in session.execute(
                sa.insert(Story).returning(
                    Story.id, Story.first_document_id, sort_by_parameter_order=True
                ),
                [{"first_document_id": i, "created_at": moment} for i in starters],
            )
        }
    final = {d.id: created.get(story_of[d.id], story_of[d.id]) for d in docs}
    if merged:  # documents of the stored stories folded into another follow it
        session.execute(
            sa.update(Document.__table__)
            .where(Document.story_id == sa.bindparam("old"), Document.story_link.is_(None))
            .values(story_link=sa.bindparam("why")),
            [{"old": old, "why": merges.why(old)} for old in sorted(merged)],
        )
        session.execute(
            sa.update(Document.__table__)
            .where(Document.story_id == sa.bindparam("old"))
            .values(story_id=sa.bindparam("new")),
            [{"old": old, "new": created.get(new, new)} for old, new in sorted(merged.items())],
        )
    session.execute(
        sa.update(Document.__table__)
        .where(Document.id == sa.bindparam("doc_id"))
        .values(story_id=sa.bindparam("story"), story_link=sa.bindparam("link")),
        [
            {
                "doc_id": i,
                "story": s,
                "link": links[i].describe()[:255] if links[i] else merges.why(-i),
            }
            for i, s in final.items()
        ],
    )
    _first_has_no_link(session, list(final))
    left = {d.story_id for d in docs if d.story_id is not None and d.story_id != final[d.id]}
    repair_stories(session, left | set(final.values()) | set(merged))


def _first_has_no_link(session: Session, document_ids: list[int]) -> None:
    """A story's earliest document is why the story exists, not a document joining it: on
    re-extraction its later copies are its best candidates, and their link must not stick."""
    earlier = aliased(Document)
    session.execute(
        sa.update(Document.__table__)
        .where(
            Document.id.in_(document_ids),
            Document.story_link.is_not(None),
            ~sa.exists().where(earlier.story_id == Document.story_id, earlier.id < Document.id),
        )
        .values(story_link=None)
    )


def _story_ids(session: Session, document_ids: set[int]) -> dict[int, int | None]:
    if not document_ids:
        return {}
    return dict(
        session.execute(
            sa.select(Document.id, Document.story_id).where(Document.id.in_(document_ids))
        ).all()
    )


def _texts_in(session: Session, story_ids: set[int]) -> dict[int, set[str]]:
    """Each stored story's distinct content hashes (how many texts it holds)."""
    found: dict[int, set[str]] = {}
    if story_ids:
        for story, digest in session.execute(
            sa.select(Document.story_id, Document.content_hash)
            .distinct()
            .where(Document.story_id.in_(story_ids))
        ):
            found.setdefault(story, set()).add(digest)
    return found


def _stored_texts(session: Session, document_ids: set[int]) -> dict[int, Text]:
    if not document_ids:
        return {}
    return {
        row.id: _text(row)
        for row in session.execute(
            sa.select(
                Document.id,
                Document.story_id,
                Document.text,
                Document.language,
                Document.published,
                Document.site,
                Document.translations,
                Page.url,
            )
            .join(Page, Page.id == Document.page_id)
            .where(Document.id.in_(document_ids))
        )
    }


def repair_stories(session: Session, story_ids: set[int] | None = None) -> None:
    """Each of these stories (or all) names its earliest document; one left with none is
    removed."""
    if story_ids is not None and not story_ids:
        return
    earliest = (
        sa.select(sa.func.min(Document.id)).where(Document.story_id == Story.id).scalar_subquery()
    )
    update, delete = sa.update(Story), sa.delete(Story).where(Story.first_document_id.is_(None))
    if story_ids is not None:
        update, delete = (
            update.where(Story.id.in_(story_ids)),
            delete.where(Story.id.in_(story_ids)),
        )
    session.execute(update.values(first_document_id=earliest))
    session.execute(delete)


# -- reading ---------------------------------------------------------------------------------


def stories(session: Session, min_sites: int = 2, limit: int | None = 100) -> list[dict]:
    """Stories carried by at least `min_sites` sites, largest first (`limit` of them, None:
    all), with every appearance and why it is in the story."""
    wide = (
        sa.select(Document.story_id)
        .where(Document.story_id.is_not(None))
        .group_by(Document.story_id)
        .having(sa.func.count(sa.distinct(Document.site)) >= min_sites)
        .order_by(sa.func.count(sa.distinct(Document.site)).desc(), Document.story_id)
        .limit(limit)
    )
    story_ids = list(session.scalars(wide))
    rows = session.execute(
        sa.select(
            Document.story_id,
            Document.id,
            Document.site,
            Document.title,
            Document.published,
            Document.story_link,
            Page.url,
            Page.fetched_at,
            Story.first_document_id,
        )
        .join(Page, Page.id == Document.page_id)
        .join(Story, Story.id == Document.story_id)
        .where(Document.story_id.in_(story_ids))
        .order_by(Document.id)
    ).all()
    by_story: dict[int, dict] = {i: {"story_id": i, "appearances": []} for i in story_ids}
    for row in rows:
        story = by_story[row.story_id]
        if row.id == row.first_document_id:
            story.update(
                title=row.title, first_url=row.url, first_seen=as_utc(row.fetched_at).isoformat()
            )
        story["appearances"].append(
            {
                "document_id": row.id,
                "site": row.site,
                "url": row.url,
                "title": row.title,
                "published": row.published.isoformat() if row.published else None,
                # why it is in the story (None: the first, or stored before)
                "link": row.story_link,
            }
        )
    for story in by_story.values():
        dates = [a["published"] for a in story["appearances"] if a["published"]]
        story["earliest_published"] = min(dates) if dates else None
        story["sites"] = sorted({a["site"] for a in story["appearances"]})
    return [by_story[i] for i in story_ids]
