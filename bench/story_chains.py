"""Why distinct stories ended up in one story_id: each falsely merged story of a kept
`bench.dedup` database, its members in storage order with their `story_link`, and every
pair of members the pure decision links (the chain that joined them).

    .venv/bin/python -m bench.dedup --sizes 100000 --keep      # prints where it kept the DB
    .venv/bin/python -m bench.story_chains /tmp/dedup-bench-XXXX/dedup-100000.db 100000

The corpus is regenerated from (size, seed), as the bench generated it.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa

from pipelines.db.models import Document, Page
from pipelines.db.session import open_database, session_scope
from pipelines.processing.similarity import overlap, shingles
from pipelines.processing.story_match import PinyinCache, Text, link
from tests.support.story_corpus import generate


def _rows(url: str) -> list:
    engine = open_database(url, migrate=False)
    try:
        with session_scope(engine) as session:
            return session.execute(
                sa.select(
                    Page.url,
                    Document.id,
                    Document.story_id,
                    Document.story_link,
                    Document.content_hash,
                    Document.language,
                    Document.published,
                    Document.text,
                )
                .join(Page, Page.id == Document.page_id)
                .order_by(Document.id)
            ).all()
    finally:
        engine.dispose()


def false_stories(rows: Sequence, truth: dict[str, object]) -> dict[int, list]:
    """story_id -> its members, for the stories holding more than one true story."""
    members: dict[int, list] = defaultdict(list)
    for row in rows:
        if row.story_id is not None:
            members[row.story_id].append(row)
    return {s: m for s, m in members.items() if len({truth[r.url].story for r in m}) > 1}


def explain(story_id: int, members: Sequence, truth: dict) -> list[str]:
    lines = [
        f"story {story_id}: {len(members)} documents, true stories "
        f"{sorted({truth[r.url].story for r in members})}"
    ]
    for r in members:
        spec = truth[r.url]
        lines.append(
            f"  doc {r.id:>7} true {spec.story:>6} {spec.kind}/{spec.variant} "
            f"family {spec.family} {r.language} pub {r.published} "
            f"hash {r.content_hash[:8]} link {r.story_link!r}"
        )
    texts = {
        r.id: Text(
            r.id,
            1,
            shingles(r.text),
            chinese=(r.language or "").startswith("zh"),
            published=r.published,
            text=r.text,
        )
        for r in members
    }
    pinyin = PinyinCache()
    for a, b in itertools.combinations(members, 2):
        same = truth[a.url].story == truth[b.url].story
        if a.content_hash == b.content_hash:
            found = "same hash"
        else:
            found = link(texts[b.id], texts[a.id], pinyin)
            found = found and found.describe()
        if found or not same:
            j, c, ratio = overlap(texts[a.id].shingles, texts[b.id].shingles)
            lines.append(
                f"  {'TRUE ' if same else 'FALSE'} {a.id}-{b.id}: {found} "
                f"(J {j:.3f} C {c:.3f} len {ratio:.2f})"
            )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", help="SQLite file or SQLAlchemy URL of a kept bench database")
    parser.add_argument("n", type=int, help="the size it was generated at")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args(argv)
    url = args.db if "://" in args.db else f"sqlite:///{args.db}"
    truth = {s.url: s for s in generate(args.n, args.seed)}
    rows = _rows(url)
    found = false_stories(rows, truth)
    print(f"{len(found)} stories hold more than one true story")
    for story_id, members in sorted(found.items()):
        print("\n".join(explain(story_id, members, truth)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
