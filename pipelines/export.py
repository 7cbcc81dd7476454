"""Export writers, all streamed: JSON Lines and CSV (text), Parquet and WARC (binary).

Documents go out as JSONL, CSV or Parquet (one row per stored article URL, the fields of
queries.EXPORT_FIELDS, then `topics` and `organisations`: lists in JSONL and Parquet, joined by
"; " in CSV); WARC writes the stored raw responses themselves, one `response` record
per fetched page, so the corpus can be archived and replayed by standard tools.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from http import HTTPStatus
from typing import BinaryIO, TextIO

from pipelines.db.queries import EXPORT_FIELDS
from pipelines.db.stored_pages import StoredPage

TEXT_FORMATS = ("jsonl", "csv")
BINARY_FORMATS = ("parquet", "warc")
FORMATS = TEXT_FORMATS + BINARY_FORMATS
PARQUET_ROW_GROUP = 5000  # rows held in memory at a time
LIST_FIELDS = ("topics", "organisations")
DOCUMENT_FIELDS = EXPORT_FIELDS + LIST_FIELDS
# CSV starts with a byte-order mark unless asked not to: Excel (a Chinese Windows above all)
# reads a CSV without one in the local code page and shows mojibake. Python reads it back with
# encoding="utf-8-sig"; pandas strips it itself.
BOM = "\ufeff"


def write(rows: Iterable, out: TextIO | BinaryIO, fmt: str, bom: bool = True) -> int:
    """Write `rows` (document dicts; StoredPages for warc) to `out`; the count written."""
    writers = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet, "warc": write_warc}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    if fmt == "csv":
        return write_csv(rows, out, bom)
    return writers[fmt](rows, out)


def write_jsonl(rows: Iterable[dict], out: TextIO) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterable[dict], out: TextIO, bom: bool = True) -> int:
    if bom:
        out.write(BOM)
    writer = csv.DictWriter(out, fieldnames=DOCUMENT_FIELDS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({**row, **{f: "; ".join(row.get(f) or ()) for f in LIST_FIELDS}})
        count += 1
    return count


# -- Parquet ---------------------------------------------------------------------------------


def parquet_schema():
    import pyarrow as pa

    types = {
        "published": pa.date32(),
        "story_id": pa.int64(),
        "fetched_at": pa.timestamp("us", tz="UTC"),
        "gone_at": pa.timestamp("us", tz="UTC"),
        "has_replacement_chars": pa.bool_(),
        **{name: pa.list_(pa.string()) for name in LIST_FIELDS},
    }
    return pa.schema([(name, types.get(name, pa.string())) for name in DOCUMENT_FIELDS])


def _parquet_value(name: str, value):
    if value is None:
        return None
    if name == "published" and isinstance(value, str):
        return date.fromisoformat(value)
    if name in ("fetched_at", "gone_at") and isinstance(value, str):
        return datetime.fromisoformat(value)
    return value


def write_parquet(rows: Iterable[dict], out: BinaryIO, row_group: int = PARQUET_ROW_GROUP) -> int:
    """One row group per `row_group` documents: memory holds one group, not the corpus."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    count = 0
    columns: dict[str, list] = {name: [] for name in DOCUMENT_FIELDS}
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:

        def flush():
            if columns["url"]:
                writer.write_batch(pa.RecordBatch.from_pydict(columns, schema=schema))
                for values in columns.values():
                    values.clear()

        for row in rows:
            for name in DOCUMENT_FIELDS:
                columns[name].append(_parquet_value(name, row.get(name)))
            count += 1
            if count % row_group == 0:
                flush()
        flush()
    return count


# -- WARC ------------------------------------------------------------------------------------

# The stored body is what the page said after transport decoding (Scrapy undoes gzip and
# chunking), so these headers would misdescribe it; Content-Length is set to the stored size.
_TRANSPORT_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def write_warc(pages: Iterable[StoredPage], out: BinaryIO) -> int:
    """A gzipped WARC/1.1: a warcinfo record, then one `response` record per stored page."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.timeutils import datetime_to_iso_date
    from warcio.warcwriter import WARCWriter

    from pipelines.processing import extractor_version

    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    writer.write_record(
        writer.create_warcinfo_record(
            "schoolnews.warc.gz",
            {
                "software": extractor_version().split()[0],
                "format": "WARC File Format 1.1",
                "description": (
                    "schoolnews corpus: stored responses, bodies after transfer decoding"
                ),
            },
        )
    )
    count = 0
    for page in pages:
        headers = [(k, v) for k, v in page.headers.items() if k.lower() not in _TRANSPORT_HEADERS]
        headers.append(("Content-Length", str(len(page.body))))
        http = StatusAndHeaders(_status_line(page.status), headers, protocol="HTTP/1.1")
        fetched = page.fetched_at.astimezone(UTC).replace(tzinfo=None)  # warcio: naive UTC
        warc_headers = {"WARC-Date": datetime_to_iso_date(fetched, use_micros=True)}
        record = writer.create_warc_record(
            page.url,
            "response",
            payload=io.BytesIO(page.body),
            length=len(page.body),
            http_headers=http,
            warc_headers_dict=warc_headers,
        )
        writer.write_record(record)
        count += 1
    return count
