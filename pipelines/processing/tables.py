"""Table rows in extracted text: cells become plain lines, layout rows become metadata.

trafilatura writes tables as `| cell | cell |` rows and `|---|` rules. Stored text carries no
markup, so a row becomes its cells joined by spaces. Old PHP school CMSes lay the whole page
out in a table: before the body they print the headline in a row and a row of labels and
values (日期 时间 发布部门 浏览次数). Those rows repeat the title and the metadata the page
already gives; they are not body text and are dropped while no prose line came yet.
"""

from __future__ import annotations

import re

from . import dates, labels
from .han import han_count

_RULE = re.compile(r"^\|?[\s:|-]*-[\s:|-]*\|?$")
_YEAR_MONTH = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}")
_LABEL = re.compile(rf"^{labels.ANY}\s*[:：]?", re.I)
MAX_META_CELL = 30  # a metadata cell is a label, a date, a name or a count


# trafilatura escapes a pipe inside a cell as "\\|" (a menu "首页 | 新闻中心" in one cell).
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")


def cells(row: str) -> list[str]:
    """A row's cells, a pipe the page printed inside one kept as it is."""
    parts = _CELL_SEPARATOR.split(row.strip())
    return [cell.strip().replace("\\|", "|") for cell in parts if cell.strip()]


def _prose(text: str) -> bool:
    return han_count(text) >= 20 or len(text.split()) >= 10


def _metadata_row(row_cells: list[str], title: str | None) -> bool:
    """The headline row, or a row of labels, dates, names and counts."""
    joined = " ".join(row_cells)
    if title and (joined == title or all(cell in title for cell in row_cells)):
        return True
    if any(len(cell) > MAX_META_CELL or _prose(cell) for cell in row_cells):
        return False
    words = joined.split()
    labels = sum(1 for word in words if _LABEL.match(word))
    # A printed day (Republic of China years too: dates.holds_a_date), or a year and month.
    has_date = bool(_YEAR_MONTH.search(joined)) or dates.holds_a_date(joined)
    return labels >= 2 or (has_date and (labels >= 1 or len(words) <= 6))


def flatten_tables(lines: list[str], title: str | None = None) -> list[str]:
    """Lines without table markup; layout rows before the first prose line dropped."""
    out: list[str] = []
    seen_prose = False
    for line in lines:
        if not line.startswith("|"):
            seen_prose = seen_prose or _prose(line)
            out.append(line)
            continue
        if _RULE.match(line):
            continue
        row = cells(line)
        if not row or (not seen_prose and _metadata_row(row, title)):
            continue
        text = " ".join(row)
        seen_prose = seen_prose or _prose(text)
        out.append(text)
    return out
