"""Peak memory and CPU of `schoolnews export --query` on a generated corpus: does a sub-corpus
stream in constant memory whatever its size?

    .venv/bin/python -m bench.query --docs 100000 --db sqlite:///PATH/q.db   # the corpus
    .venv/bin/python -m bench.export_query --db sqlite:///PATH/q.db [--repeat 3]

Each export runs as its own process (the CLI, output to /dev/null); its peak RSS comes from
getrusage of the child, its CPU time likewise. Queries go from a few hundred matches to every
document; the baseline is `--version` (the interpreter and imports alone). Medians of
--repeat interleaved runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = [
    ("baseline: --version", ["--version"]),
    ("rare name", ["export", "--query", "鲲鹏学院"]),
    ("OR of two words", ["export", "--query", "校企合作 OR 产教融合"]),
    ("2-char word", ["export", "--query", "合作"]),
    ("every document (-nosuchword)", ["export", "--query=-nosuchwordanywhere"]),
    ("every document, csv", ["export", "--query=-nosuchwordanywhere", "--format", "csv"]),
    (
        "every document, parquet",
        ["export", "--query=-nosuchwordanywhere", "--format", "parquet", "--out", os.devnull],
    ),
    ("per story, every document", ["export", "--query=-nosuchwordanywhere", "--per-story"]),
]


def peak_rss(args: list[str], db: str) -> tuple[float, float, int]:
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: run each in a fresh helper.
    code = (
        "import resource,subprocess,sys;"
        "p=subprocess.run(sys.argv[1:],stdout=subprocess.PIPE);"
        "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
        "print(u.ru_maxrss, u.ru_utime+u.ru_stime, p.stdout.count(b'\\n'))"
    )
    command = [sys.executable, "-m", "crawler.cli", *args]
    if args[0] != "--version":
        command += ["--db", db]
    out = subprocess.run(
        [sys.executable, "-c", code, *command], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]) / 1024, float(out[1]), int(out[2])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[tuple[float, float, int]]] = {name: [] for name, _ in CASES}
    for _ in range(args.repeat):  # interleaved
        for name, case in CASES:
            results[name].append(peak_rss(case, args.db))
    print(f"load average {os.getloadavg()[0]:.1f}; medians of {args.repeat} runs")
    print(f"{'export':<32}{'rows':>8}{'peak RSS MB':>13}{'CPU s':>8}")
    for name, _ in CASES:
        runs = results[name]
        print(
            f"{name:<32}{runs[0][2]:>8}{statistics.median(r[0] for r in runs):>13.0f}"
            f"{statistics.median(r[1] for r in runs):>8.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
