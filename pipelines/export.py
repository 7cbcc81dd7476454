"""Export writers: JSON Lines and CSV, streamed row by row."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

from pipelines.db.repo import EXPORT_FIELDS

FORMATS = ("jsonl", "csv")


def write(rows: Iterable[dict], out: TextIO, fmt: str) -> int:
    if fmt == "jsonl":
        return write_jsonl(rows, out)
    if fmt == "csv":
        return write_csv(rows, out)
    raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")


def write_jsonl(rows: Iterable[dict], out: TextIO) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterable[dict], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count
