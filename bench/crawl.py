"""Crawl benchmark: the whole pipeline against the naive version of itself and bare trafilatura.

    .venv/bin/python -m bench.crawl [--articles 1000] [--repeats 3] [--per-page 20]
        [--only crawl,naive,bare,reextract]

Generates a WebPlus-style site (bench/recrawl.py's generator), serves it through the
fixture proxy (a real local HTTP server, in this process), and in one series, interleaved,
`--repeats` times each:
  crawl      `schoolnews crawl` into a fresh SQLite file, politeness off (capacity, not manners);
  naive      bench/naive_pipeline.py (CrawlSpider + trafilatura.extract + langdetect on the full
             text + sha256 + one SQLAlchemy INSERT per item) over the same site;
  bare       plain `trafilatura.extract` over the same article bytes, one process, no crawling,
             importing nothing else (bench/bare.py);
  reextract  `schoolnews reextract` (default workers) over the crawl's database, and with
             `--workers 1`.
Every measurement is a separate process: wall time, CPU time of that process and all its
children (user + system, from wait4; this process is a child subreaper, so a forkserver's
workers count too), the CPU time of the measured process alone (the crawl's reactor process,
reextract's parent: sampled from /proc), and peak memory (the largest single process's RSS,
the process tree's summed PSS sampled every 0.1 s: shared pages of forked workers count
once; and each process's own peak PSS, by role: main, forkserver, worker, resource_tracker). The
fixture server's CPU is not in any figure. Printed: medians per pipeline, docs/s and CPU
ms/page, the ratios the issue asks for, the database size against the raw HTML it keeps
(after VACUUM, by table), and `uptime` before and after (the machine may be shared: prefer
CPU ms/page for comparisons).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.recrawl import FAST, HOST, build_bench_site
from crawler.fixture_server import FixtureServer
from tests.support.processes import children
from tests.support.storage_size import sizes

ROOT = Path(__file__).resolve().parents[1]

ARTICLE_PATTERN = r"/c10a\d+/page\.htm$"


@dataclass
class Measure:
    wall: float
    cpu: float
    max_rss_mb: float  # the largest single process (wait4's ru_maxrss)
    tree_pss_mb: float  # peak PSS summed over the process tree, sampled
    docs: int
    own_cpu: float = 0.0  # the measured process alone (the reactor, reextract's parent), sampled
    roles: str = ""  # peak PSS of each process, by role (main, forkserver, worker)


def _own_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) of this process alone, its children not counted."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _tree_pss(pid: int) -> dict[int, int]:
    """PSS by process of the tree: pages shared between processes (a forked worker and its
    parent) count once, split between them, unlike summed RSS. Their sum is the tree's."""
    found, todo = {}, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as f:
                found[current] = next(
                    int(line.split()[1]) * 1024 for line in f if line.startswith("Pss:")
                )
        except (OSError, StopIteration):
            continue
        todo += children(current)
    return found


def _role(pid: int, root: int, roles: dict[int, str]) -> str:
    """main (the measured process), forkserver, worker (forked by the forkserver), or the
    name of another helper process (resource_tracker)."""
    if pid == root:
        return "main"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            command = f.read()
        with open(f"/proc/{pid}/stat") as f:
            parent = int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return "other"
    if roles.get(parent) == "forkserver":
        return "worker"
    for name in (b"resource_tracker", b"forkserver"):
        if name in command:
            return name.decode()
    return "child"


def compile_bytecode() -> None:
    """The project's modules compiled to bytecode, as pip compiles an installed package's.

    An editable install's modules are compiled on first import and cached, unless
    PYTHONDONTWRITEBYTECODE is set (this machine sets it): then every process compiled ~90
    modules from source, 0.1 s at each start, which the installed libraries of bare
    trafilatura and the naive pipeline never pay. `make` compiles them after installing;
    this compiles what was edited since."""
    import compileall

    for package in ("crawler", "pipelines", "bench"):
        compileall.compile_dir(ROOT / package, quiet=1)


def become_subreaper() -> None:
    """Orphaned descendants of a measured process (a forkserver and the pool workers it
    reaped) are re-parented to this process, so their CPU time is counted, not lost."""
    import ctypes

    PR_SET_CHILD_SUBREAPER = 36
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def reap_orphans(wait: float = 10.0) -> float:
    """CPU seconds of the descendants left behind by the last measured process."""
    cpu, deadline = 0.0, time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.05)
            continue
        cpu += usage.ru_utime + usage.ru_stime
    return cpu


def run(args: list[str], env: dict, count_docs) -> Measure:
    """Runs one measured process to its end; count_docs(stdout) -> documents it made."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    peak, own = [0], [0.0]
    by_pid: dict[int, int] = {}
    role: dict[int, str] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            found = _tree_pss(proc.pid)
            peak[0] = max(peak[0], sum(found.values()))
            own[0] = max(own[0], _own_cpu(proc.pid) or 0.0)
            for pid, pss in sorted(found.items()):
                by_pid[pid] = max(by_pid.get(pid, 0), pss)
                role.setdefault(pid, _role(pid, proc.pid, role))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = proc.stdout.read()
    own[0] = max(own[0], _own_cpu(proc.pid) or 0.0)  # a zombie until wait4: its last figure
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.exit(f"{' '.join(args)} failed ({proc.returncode}):\n{output[-3000:]}")
    cpu = usage.ru_utime + usage.ru_stime + reap_orphans()
    roles = ", ".join(f"{role[pid]} {pss / 2**20:.0f}" for pid, pss in sorted(by_pid.items()))
    return Measure(
        wall, cpu, usage.ru_maxrss / 1024, peak[0] / 2**20, count_docs(output), own[0], roles
    )


def sqlite_count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as db:
        return db.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608


def english_articles(mirror: Path, eval_dir: Path) -> int:
    """Rewrites the generated articles' paragraphs as English: sentences drawn (seeded) from
    the English gold texts of the shared eval sets. The generator's pseudo-words make
    langdetect iterate five times longer than real text does (it never converges on them), so
    the syllable site measures langdetect more than the pipeline. Returns the sentence pool."""
    import html
    import json
    import random
    import re

    sentences = []
    for gold_file in sorted(eval_dir.glob("*/*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        if gold.get("lang") == "en":
            sentences += [
                html.escape(s)
                for s in re.split(r"(?<=[.!?])\s+", gold["text"])
                if re.fullmatch(r"[A-Z][^\n]{38,300}[.!?]", s)
            ]
    if not sentences:
        return 0
    rng = random.Random(7)
    pattern = re.compile(ARTICLE_PATTERN)
    for file in sorted(mirror.rglob("*.htm")):
        if pattern.search("/" + file.relative_to(mirror).as_posix()):
            page = file.read_text(encoding="utf-8")
            paragraphs = "".join(
                f"<p>{' '.join(rng.choices(sentences, k=4))}</p>" for _ in range(5)
            )
            page = re.sub(
                r"(</p>)(<p>.*</p>)(<div class='footer'>)",
                lambda m, p=paragraphs: m[1] + p + m[3],
                page,
                count=1,
            )
            file.write_text(page, encoding="utf-8")
    return len(sentences)


def last_int(prefix: str):
    def count(output: str) -> int:
        for line in reversed(output.splitlines()):
            if line.startswith(prefix):
                return int(line[len(prefix) :].split()[0])
        return 0

    return count


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--per-page", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--only", default="crawl,naive,bare,reextract", help="comma-separated pipelines to run"
    )
    parser.add_argument(
        "--text",
        choices=("english", "syllables"),
        default="english",
        help="article text: English sentences from the shared eval sets "
        "(default), or the generator's pseudo-words",
    )
    parser.add_argument(
        "--eval",
        default=os.environ.get("SCHOOLNEWS_SHARED", str(ROOT.parent / "shared")) + "/eval",
        help="the shared eval sets (for --text english)",
    )
    parser.add_argument(
        "--keep-db", metavar="FILE", help="copy the last crawl's database (after VACUUM) here"
    )
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    become_subreaper()
    compile_bytecode()
    python = sys.executable
    schoolnews = [python, "-m", "crawler.cli"]
    print(
        f"site: {args.articles} articles, {args.per_page} per list page; "
        f"{os.cpu_count()} cores; {args.repeats} interleaved repeats"
    )
    print(f"before: {uptime()}")
    results: dict[str, list[Measure]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        registry = build_bench_site(root, args.articles, args.per_page)
        mirror = root / "sites" / "bench" / "mirror"
        if args.text == "english":
            pool = english_articles(mirror, Path(args.eval))
            print(
                f"article text: English, from {pool} sentences of the shared eval sets"
                if pool
                else f"article text: pseudo-words ({args.eval} not found)"
            )
        raw_html = sum(p.stat().st_size for p in mirror.rglob("*.htm"))
        with FixtureServer(root / "sites") as server:
            env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
            env.update(http_proxy=server.url, https_proxy=server.url)
            db_file = None
            for repeat in range(args.repeats):
                steps = []
                if "crawl" in wanted:
                    db_file = root / f"crawl{repeat}.db"
                    steps.append(
                        (
                            "schoolnews crawl",
                            [
                                *schoolnews,
                                "crawl",
                                "bench",
                                "--sites",
                                str(registry),
                                "--db",
                                f"sqlite:///{db_file}",
                                *FAST,
                                "-s",
                                "SCHOOLNEWS_IDLE_CLOSE_SECONDS=1",
                                # capacity, not a trap guard: the site's 500 list pages of a 10k run
                                # are deeper than the default depth bound, its requests more than
                                # the default page budget
                                "-s",
                                "SCHOOLNEWS_MAX_PAGES=0",
                                "-s",
                                "SCHOOLNEWS_MAX_DEPTH=0",
                            ],
                            lambda _out, f=db_file: sqlite_count(f, "documents"),
                        )
                    )
                if "naive" in wanted:
                    steps.append(
                        (
                            "naive one-file pipeline",
                            [
                                python,
                                "-m",
                                "bench.naive_pipeline",
                                f"https://{HOST}/main.htm",
                                ARTICLE_PATTERN,
                                f"sqlite:///{root / f'naive{repeat}.db'}",
                            ],
                            last_int("naive: "),
                        )
                    )
                if "bare" in wanted:
                    steps.append(
                        (
                            "bare trafilatura.extract",
                            [python, "-m", "bench.bare", str(mirror), ARTICLE_PATTERN],
                            last_int("bare: "),
                        )
                    )
                if "reextract" in wanted and db_file is not None:
                    for label, extra in (
                        ("schoolnews reextract", []),
                        ("reextract --workers 1", ["--workers", "1"]),
                    ):
                        steps.append(
                            (
                                label,
                                [
                                    *schoolnews,
                                    "reextract",
                                    "--sites",
                                    str(registry),
                                    "--db",
                                    f"sqlite:///{db_file}",
                                    *extra,
                                ],
                                lambda _out, f=db_file: sqlite_count(f, "documents"),
                            )
                        )
                for label, command, count in steps:
                    measure = run(command, env, count)
                    results.setdefault(label, []).append(measure)
                    print(
                        f"  [{repeat + 1}] {label:<26} {measure.docs:>6} docs "
                        f"{measure.wall:>7.1f} s wall {measure.cpu:>7.1f} s CPU "
                        f"({measure.own_cpu:.1f} s its own) "
                        f"{measure.tree_pss_mb:>6.0f} MB tree"
                    )
                    if measure.roles:
                        print(f"      peak PSS MB by process: {measure.roles}")
        report(results, db_file, raw_html, args.keep_db)
    print(f"after: {uptime()}")


def report(
    results: dict[str, list[Measure]], db_file: Path | None, raw_html: int, keep: str | None
) -> None:
    med = {
        label: Measure(
            *(
                statistics.median(getattr(m, f) for m in runs)
                for f in Measure.__dataclass_fields__
                if f != "roles"
            )
        )
        for label, runs in results.items()
    }
    print(
        f"\n{'medians':<28}{'docs':>6}{'wall s':>8}{'docs/s':>8}{'CPU ms/page':>12}"
        f"{'own ms/page':>12}{'max RSS MB':>11}{'tree PSS MB':>12}"
    )
    for label, m in med.items():
        print(
            f"{label:<28}{m.docs:>6.0f}{m.wall:>8.1f}{m.docs / m.wall:>8.1f}"
            f"{1000 * m.cpu / max(m.docs, 1):>12.1f}{1000 * m.own_cpu / max(m.docs, 1):>12.1f}"
            f"{m.max_rss_mb:>11.0f}{m.tree_pss_mb:>12.0f}"
        )

    def rate(label: str) -> float | None:
        m = med.get(label)
        return m.docs / m.wall if m else None

    print()
    for text, a, b, target in (
        ("crawl docs/s / naive docs/s", "schoolnews crawl", "naive one-file pipeline", 2.5),
        ("crawl docs/s / bare trafilatura", "schoolnews crawl", "bare trafilatura.extract", None),
        (
            "naive docs/s / bare trafilatura",
            "naive one-file pipeline",
            "bare trafilatura.extract",
            None,
        ),
        (
            "reextract pages/s / bare trafilatura",
            "schoolnews reextract",
            "bare trafilatura.extract",
            1.0,
        ),
        ("reextract default / --workers 1", "schoolnews reextract", "reextract --workers 1", None),
    ):
        if rate(a) and rate(b):
            goal = f"   (target >= {target})" if target else ""
            print(f"{text:<40}{rate(a) / rate(b):>6.2f}x{goal}")
    if db_file is not None and db_file.exists():
        with sqlite3.connect(db_file) as db:  # what the database keeps, not what was served
            kept = db.execute("SELECT coalesce(sum(body_size), 0) FROM pages").fetchone()[0]
        print(
            f"\nraw HTML served: {raw_html / 2**20:.1f} MB, kept (pages.body_size): "
            f"{kept / 2**20:.1f} MB; database after VACUUM, against the HTML kept:"
        )
        for name, size in sizes(db_file)[:12]:
            print(f"  {name:<36}{size / 2**20:>8.2f} MB {size / max(kept, 1):>6.2f}x raw")
        if keep:
            shutil.copyfile(db_file, keep)
            print(f"kept {keep}")


if __name__ == "__main__":
    main()
