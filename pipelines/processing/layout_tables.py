"""Layout tables: old school CMSes lay the whole page out in `<table>`s; they are not data.

trafilatura keeps every table it meets (include_tables) and writes it cell by cell, so a page
laid out in one table comes out whole: the masthead, the menu, the footer and the body, in
table order (the footer row can precede the body's cell). Read as blocks instead, the page
goes through trafilatura's own boilerplate pruning like any `<div>` page.

Which tables hold data is Mozilla Readability's test (`_markDataTables`, Readability.js):
`role="presentation"` or `datatable="0"` say layout; a summary, a caption, `<th>`, `<thead>`,
`<tfoot>`, `<col>` say data; a table holding another table is layout; one row or one column is
layout; ten rows or more than four columns, or more than ten cells, are data. Two changes: the
caption, head and `<th>` must be the table's own, not a nested table's (Readability looks at
every descendant, so a page laid out in a table around an article with a data table in it
would be data whole); and a smaller grid of plain text cells (same cells in every row, no
span, no link, picture or block inside: an article's pros and cons) is data too. Made blocks,
its short cells were pruned by trafilatura and lost.

A `<figure>` holding a `<blockquote>` is read as a block too (`_quoting`).
"""

from __future__ import annotations

import copy

from lxml import html as lxml_html

_DATA_PARTS = frozenset({"caption", "colgroup", "col", "tfoot", "thead"})
_BLOCK = "div"
_SECTIONS = ("tbody", "thead", "tfoot")


def _rows(table: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The table's own rows (not a nested table's), under tbody/thead/tfoot or direct."""
    rows = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in _SECTIONS:
            rows.extend(c for c in child if c.tag == "tr")
    return rows


def _span(cell: lxml_html.HtmlElement) -> int:
    span = (cell.get("colspan") or "").strip()
    return int(span) if span.isdigit() and 0 < int(span) < 100 else 1


def is_data_table(table: lxml_html.HtmlElement) -> bool:
    if (table.get("role") or "").lower() == "presentation" or table.get("datatable") == "0":
        return False
    rows = _rows(table)
    if (
        table.get("summary")
        or any(child.tag in _DATA_PARTS for child in table)
        or any(cell.tag == "th" for row in rows for cell in row)
    ):
        return True
    if table.find(".//table") is not None:
        return False
    columns = max((sum(_span(cell) for cell in row if cell.tag == "td") for row in rows), default=0)
    if len(rows) <= 1 or columns <= 1:
        return False
    if len(rows) >= 10 or columns > 4:
        return True
    return len(rows) * columns > 10 or _plain_grid(rows, columns)


_NOT_PLAIN = "descendant::*[self::a or self::img or self::p or self::div or self::ul or self::ol]"


def _plain_grid(rows: list, columns: int) -> bool:
    """Rows of the same cells, each of plain text: a small comparison (pros and cons), not a
    page's layout, which holds menus, pictures and blocks, and spans its cells."""
    cells = [cell for row in rows for cell in row if cell.tag in ("td", "th")]
    return (
        all(len(row) == columns for row in rows)
        and len(cells) == len(rows) * columns
        and not any(cell.get("colspan") or cell.get("rowspan") for cell in cells)
        and not any(cell.xpath(_NOT_PLAIN) for cell in cells)
    )


def unwrapped(tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The tree with its layout tables, and the figures that hold a quote, as blocks: a copy
    when it has any (the page's own tree stays as served: the listing model's layout signals
    read tables as tables), else itself."""
    layout = [not is_data_table(table) for table in tree.iter("table")]
    if not any(layout) and not any(map(_quoting, tree.iter("figure"))):
        return tree
    copied = copy.deepcopy(tree)
    # The copy's tables in the same document order, judged once (on the page's own tree).
    for table, as_blocks in zip(list(copied.iter("table")), layout, strict=True):
        if as_blocks:
            for part in (table, *_parts(table)):
                part.tag = _BLOCK
                for name in ("colspan", "rowspan"):
                    part.attrib.pop(name, None)
    for figure in filter(_quoting, list(copied.iter("figure"))):
        figure.tag = _BLOCK
    return copied


def _quoting(figure: lxml_html.HtmlElement) -> bool:
    """A figure around a quote (Squarespace's and WordPress's quote blocks): trafilatura drops
    every `<figure>` as a picture's frame (it keeps those holding a table), and the quote,
    words the story gives, went with it. Its caption, the quote's source, stays a caption;
    captions of pictures stay out (the shared gold leaves them out: read as text, wcxb's
    articles lost 0.0013 F1)."""
    return figure.find(".//blockquote") is not None


def _parts(table: lxml_html.HtmlElement):
    """The table's own sections, rows and cells (a nested table is judged on its own)."""
    yield from (child for child in table if child.tag in _SECTIONS)
    for row in _rows(table):
        yield row
        yield from (cell for cell in row if cell.tag in ("td", "th"))
