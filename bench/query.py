"""Search and export on a generated corpus: latency, throughput, index size.

    .venv/bin/python -m bench.query [--docs 100000] [--db URL] [--repeat 7] [--keep]

Generates N documents (45% simplified Chinese, 15% traditional Chinese, 40% English; 8% of
them exact copies carried by a second site, i.e. one story on two sites), loads them through
tests/support/synthetic.py (batched INSERT ... RETURNING; the search index is filled by the same
triggers / GIN index as in a crawl), then times pipelines.db.search.search() for a fixed set
of queries (2- and 4-character Chinese, traditional, English words and phrases, a rare name),
and the JSONL and Parquet exports. Default database: a fresh SQLite file in a temporary
folder; `--db postgresql+psycopg://...` measures PostgreSQL instead (an empty database).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from opencc import OpenCC

from pipelines.db.search import search
from pipelines.db.session import open_database, session_scope
from pipelines.export import write_jsonl, write_parquet
from pipelines.processing.fingerprint import normalise
from pipelines.processing.searchable import search_form
from tests.support.synthetic import count_documents, insert_documents, storage_figures

QUERIES = [
    ("zh 2 chars", "合作"),
    ("zh 2 chars", "实训"),
    ("zh 4 chars", "职业教育"),
    ("zh 4 chars", "校企合作"),
    ("zh 4 chars", "产教融合"),
    ("zh-tw query", "職業教育"),
    ("zh-tw query", "東西部協作"),
    ("en word", "vocational"),
    ("en words", "teacher training"),
    ("en phrase", '"cooperation agreement"'),
    ("rare name", "鲲鹏学院"),
    ("OR", "校企合作 OR 产教融合"),
    ("NOT", "职业教育 -合作"),
    ("prefix", "vocation*"),
    ("filter", "合作 lang:en after:2022"),
]

COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
    "下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量"
    "都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各"
    "重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代"
    "想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接"
    "知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北"
    "造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打"
    "白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今"
    "集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近"
    "矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写"
)
PHRASES = [
    "职业教育",
    "校企合作",
    "产教融合",
    "东西部协作",
    "实训基地",
    "人才培养",
    "技能大赛",
    "签约仪式",
    "结对帮扶",
    "现代学徒制",
    "中等职业学校",
    "高职院校",
    "专业建设",
    "师资培训",
    "交流访问",
    "合作协议",
    "实习就业",
    "课程体系",
    "乡村振兴",
    "双师型",
]
EN_WORDS = [
    "vocational",
    "school",
    "college",
    "students",
    "teachers",
    "training",
    "cooperation",
    "agreement",
    "enterprise",
    "exchange",
    "delegation",
    "visit",
    "east-west",
    "collaboration",
    "skills",
    "competition",
    "program",
    "industry",
    "education",
    "partnership",
    "signed",
    "ceremony",
    "internship",
    "curriculum",
]
SITES = {
    "zh-cn": ["cdcmzz", "spa-zh", "gzzy", "hnzj"],
    "zh-tw": ["scedu", "twvoc"],
    "en": ["hzxx88", "newsflash"],
}


def _zipf_pool(rng: random.Random, words: list[str], size: int) -> tuple[list[str], list[float]]:
    """A vocabulary and its cumulative Zipf weights (frequent words first)."""
    pool = rng.sample(words, min(size, len(words)))
    return pool, list(itertools.accumulate(1.0 / (rank + 1) ** 0.9 for rank in range(len(pool))))


class Generator:
    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        rng = self.rng
        chars = list(dict.fromkeys(COMMON))
        zh_words = list({rng.choice(chars) + rng.choice(chars) for _ in range(30000)})
        self.zh_pool, self.zh_weights = _zipf_pool(rng, zh_words, 8000)
        s2t = OpenCC("s2t")
        self.to_trad = {}
        for word in self.zh_pool + PHRASES:
            trad = s2t.convert(word)
            self.to_trad[word] = trad if normalise(trad) == word else word
        syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"]
        en_words = list(
            {"".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(20000)}
        )
        self.en_pool, self.en_weights = _zipf_pool(rng, en_words, 6000)
        self.rare = "鲲鹏学院"
        self.to_trad[self.rare] = s2t.convert(self.rare)

    def _zh(self, n_chars: int, traditional: bool) -> tuple[str, str]:
        """(display text, its search form) of about n_chars characters."""
        shown, folded, length = [], [], 0
        while length < n_chars:
            words = self.rng.choices(self.zh_pool, cum_weights=self.zh_weights, k=12)
            if self.rng.random() < 0.35:
                words[self.rng.randrange(12)] = self.rng.choice(PHRASES)
            sentence = "".join(words)
            folded.append(sentence + "。")
            shown.append(
                "".join(self.to_trad.get(w, w) for w in words) + "。"
                if traditional
                else sentence + "。"
            )
            length += len(sentence) + 1
        return "".join(shown), "".join(folded)

    def _en(self, n_words: int) -> tuple[str, str]:
        words = self.rng.choices(self.en_pool, cum_weights=self.en_weights, k=n_words)
        for _ in range(n_words // 12):
            words[self.rng.randrange(n_words)] = self.rng.choice(EN_WORDS)
        if self.rng.random() < 0.3:
            at = self.rng.randrange(n_words - 1)
            words[at : at + 2] = ["cooperation", "agreement"]
        text = " ".join(words).capitalize() + "."
        return text, text.casefold()

    def documents(self, count: int):
        rng = self.rng
        start = date(2015, 1, 1)
        story = 0
        produced = 0
        while produced < count:
            language = rng.choices(["zh-cn", "zh-tw", "en"], [45, 15, 40])[0]
            if language == "en":
                title, title_form = self._en(rng.randint(6, 12))
                text, text_form = self._en(rng.randint(120, 400))
            else:
                trad = language == "zh-tw"
                title, title_form = self._zh(rng.randint(12, 24), trad)
                text, text_form = self._zh(rng.randint(300, 1200), trad)
                if rng.random() < 0.0005:  # a name a few documents carry
                    rare = self.to_trad.get(self.rare, self.rare) if trad else self.rare
                    text, text_form = rare + text, self.rare + text_form
            site = rng.choice(SITES[language])
            published = start + timedelta(days=rng.randrange(3650))
            story += 1
            copies = [site] + (
                [rng.choice([s for s in SITES[language] if s != site])]
                if rng.random() < 0.08
                else []
            )
            digest = hashlib.sha256(text_form.encode()).hexdigest()
            for copy_site in copies[: count - produced]:
                produced += 1
                yield {
                    "site": copy_site,
                    "url": f"https://{copy_site}.example/news/{produced}.html",
                    "title": title,
                    "text": text,
                    "search_text": normalise(title_form) + "\n" + text_form + "\n",
                    "published": published,
                    "language": language,
                    "script": {"zh-cn": "Hans", "zh-tw": "Hant", "en": "Latn"}[language],
                    "content_hash": digest,
                    "story": story if len(copies) > 1 else None,
                    "html": f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
                    f"<p>{text}</p></body></html>",
                }


class Sink:
    """A text stream that only counts what is written."""

    def __init__(self):
        self.bytes = 0

    def write(self, text: str) -> int:
        self.bytes += len(text.encode("utf-8"))
        return len(text)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--db", help="database URL (default: a new SQLite file in a temp dir)")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per query")
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--keep", action="store_true", help="keep the generated SQLite file")
    parser.add_argument(
        "--reuse", action="store_true", help="--db already holds a generated corpus: only measure"
    )
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="schoolnews-bench-"))
    url = args.db or f"sqlite:///{folder / 'bench.db'}"
    engine = open_database(url)
    generator = Generator()

    started = time.perf_counter()
    batch, stories, checked = [], {}, 0
    for doc in [] if args.reuse else generator.documents(args.docs):
        if checked < 200:  # the fast search form is the real one
            assert doc["search_text"] == search_form(doc["title"], doc["text"]), doc["url"]
            checked += 1
        batch.append(doc)
        if len(batch) == args.batch:
            with session_scope(engine) as session:
                insert_documents(session, batch, stories)
            batch = []
    if batch:
        with session_scope(engine) as session:
            insert_documents(session, batch, stories)
    load_seconds = time.perf_counter() - started
    if args.reuse:
        with session_scope(engine) as session:
            args.docs = count_documents(session)
        if not args.docs:
            raise SystemExit(f"--reuse: {url} holds no documents; run once without --reuse")
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()

    if args.reuse:
        print(f"corpus: {args.docs} documents ({engine.dialect.name}), generated earlier")
    else:
        print(
            f"corpus: {args.docs} documents ({engine.dialect.name}), {len(stories)} stories "
            f"on two sites; generated and loaded in {load_seconds:.1f} s "
            f"({args.docs / load_seconds:.0f} docs/s)"
        )
    print(
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start",
        flush=True,
    )

    print(f"\nsearch (limit 20, one row per story), {args.repeat} timed runs after one warm-up")
    print(f"{'query':<28}{'kind':<14}{'results':>8}{'median ms':>11}{'p95 ms':>9}")
    every: list[float] = []
    medians: list[float] = []
    with session_scope(engine) as session:
        for kind, query in QUERIES:
            hits = search(session, query, limit=20)
            timings = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                search(session, query, limit=20)
                timings.append((time.perf_counter() - t0) * 1000)
            every += timings
            medians.append(statistics.median(timings))
            print(
                f"{query:<28}{kind:<14}{len(hits):>8}{statistics.median(timings):>11.1f}"
                f"{percentile(timings, 0.95):>9.1f}"
            )
    median = statistics.median(every)
    print(
        f"all queries: median {median:.1f} ms, p95 {percentile(every, 0.95):.1f} ms "
        f"(target: median under 50 ms: {'met' if median < 50 else 'NOT met'})"
    )

    print("\nexport (all documents)")
    from pipelines.db.queries import iter_documents

    with session_scope(engine) as session:
        sink = Sink()
        t0 = time.perf_counter()
        count = write_jsonl(iter_documents(session), sink)
        seconds = time.perf_counter() - t0
        print(
            f"jsonl    {count} docs in {seconds:.1f} s: {count / seconds:,.0f} docs/s, "
            f"{sink.bytes / seconds / 1e6:.1f} MB/s"
        )
    with session_scope(engine) as session:
        target = folder / "export.parquet"
        t0 = time.perf_counter()
        with open(target, "wb") as stream:
            count = write_parquet(iter_documents(session), stream)
        seconds = time.perf_counter() - t0
        print(
            f"parquet  {count} docs in {seconds:.1f} s: {count / seconds:,.0f} docs/s, "
            f"file {target.stat().st_size / 1e6:.1f} MB"
        )
        target.unlink()

    with session_scope(engine) as session:
        sizes = storage_figures(session)
    mb = {k: v / 1e6 for k, v in sizes.items()}
    print(
        f"\nstorage: database {mb['database']:.1f} MB; search index {mb['index']:.1f} MB = "
        f"{sizes['index'] / sizes['database']:.1%} of the database "
        f"({sizes['index'] / max(1, sizes['documents_table']):.2f}x the documents table, "
        f"{mb['documents_table']:.1f} MB, which holds the {mb['search_column']:.1f} MB "
        f"search column)"
    )
    engine.dispose()
    if args.db is None:
        if args.keep:
            print(f"kept {folder / 'bench.db'}")
        else:
            for path in folder.iterdir():
                path.unlink()
            os.rmdir(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
