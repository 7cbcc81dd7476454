"""SharePoint's list forms: how every SharePoint 2010-2016 list item displays (an announcement,
an event, a list's blog post: `/Lists/Announcements/DispForm.aspx?ID=12`).

The form is a `<table class="ms-formtable">` of rows, each an `ms-formlabel` cell naming a
field and an `ms-formbody` cell holding it (a comment in it names the field for machines,
`FieldInternalName="Title"`, whatever the site's language), in SharePoint's heavy chrome (menus,
a search box, the site's footer). One record, never a list of them: its Title field is its
headline, its notes (`SPFieldNote`, the Body) are its text.
"""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

from . import day_order

_WS = re.compile(r"\s+")
_FORM = '//table[contains(concat(" ", normalize-space(@class), " "), " ms-formtable ")]'
_CELL = './td[contains(concat(" ", normalize-space(@class), " "), " {} ")]'
_INTERNAL = re.compile(r'FieldInternalName="([^"]+)"')
_TYPE = re.compile(r'FieldType="([^"]+)"')


def fields(tree) -> list[tuple[str, str, object]]:
    """(internal name or label, field type or "", value cell) of each row of the page's list
    form, in order; [] when the page has none."""
    rows = (row for table in tree.xpath(_FORM) for row in table.xpath("./tr | ./tbody/tr"))
    return [found for row in rows if (found := _field(row))]


def _field(row) -> tuple[str, str, object] | None:
    labels = row.xpath(_CELL.format("ms-formlabel"))
    values = row.xpath(_CELL.format("ms-formbody"))
    if not labels or not values:
        return None
    said = " ".join(comment.text or "" for comment in values[0].iter(etree.Comment))
    name, kind = _INTERNAL.search(said), _TYPE.search(said)
    label = _WS.sub(" ", labels[0].text_content()).strip()
    return (name.group(1) if name else label), (kind.group(1) if kind else ""), values[0]


def is_record(tree) -> bool:
    """The page displays one list item: a list form of two fields or more."""
    return len(fields(tree)) >= 2


def title(tree) -> str | None:
    """The item's Title field: its headline (the page's <h1> is the list's name)."""
    for name, _, cell in fields(tree):
        if name == "Title":
            return _WS.sub(" ", cell.text_content()).strip() or None
    return None


def notes(tree, lines: list[str]) -> list[str]:
    """The lines of `lines` that stand in the form's note fields (the Body): the item's text,
    without the site's footer trafilatura took with it, the form's labels and its "Created
    at" lines; `lines` when no note field holds any."""
    held = " ".join(
        _WS.sub(" ", cell.text_content()) for _, kind, cell in fields(tree) if kind == "SPFieldNote"
    )
    kept = [line for line in lines if _WS.sub(" ", line).strip() in held]
    return kept or lines


# "Created at 10/5/2026 1:32 PM by Helen Clarke": SharePoint's line under a list item's form
# (English sites), beside "Last modified at … by …".
_CREATED = re.compile(
    r"\bCreated at\s+(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\s+\d{1,2}:\d\d(?:\s*[AP]M)?\s+by\b"
)


def created(tree) -> date | None:
    """The day the item was created: its publication (a later "Last modified" is an edit),
    in the page's day order (day_order); one reading must be possible when nothing says.
    The page's text is joined for the search only where a text node holds the label (one
    XPath in C): joined on every page, it cost more than the rest of this module."""
    if not tree.xpath('boolean(//text()[contains(., "Created at")])'):
        return None
    match = _CREATED.search(" ".join(tree.itertext()))
    if not match:
        return None
    first, second, year = (int(part) for part in match.groups())
    month_first = day_order.page_month_first(tree)
    if month_first is None and first != second and (first > 12) == (second > 12):
        return None  # either order, and nothing says which
    if month_first is None:
        month_first = second > 12
    month, day = (first, second) if month_first else (second, first)
    try:
        return date(year, month, day)
    except ValueError:
        return None
