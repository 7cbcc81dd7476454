"""`schoolnews partners`: pairs of organisations named together (pipelines.db.partners), as a
table, CSV edges or a GraphML network."""

from __future__ import annotations

import csv
import sys
from xml.etree import ElementTree as ET

from rich.markup import escape
from rich.table import Table

from crawler.cli.options import Common, corpus, limit_or_all, require_topic
from crawler.cli.terminal import UsageError, console

EDGE_FIELDS = (
    "source",
    "target",
    "source_kind",
    "target_kind",
    "documents",
    "stories",
    "first",
    "last",
    "example_site",
    "example_sentence",
)


def _edge(pair) -> dict:
    return {
        "source": pair.a,
        "target": pair.b,
        "source_kind": pair.kind_a,
        "target_kind": pair.kind_b,
        "documents": pair.documents,
        "stories": pair.stories,
        "first": pair.first or "",
        "last": pair.last or "",
        "example_site": ", ".join(pair.sites),
        "example_sentence": pair.sentence,
    }


def write_graphml(found, out) -> None:
    """Nodes (organisations, with kind) and weighted edges, GraphML any network tool reads."""
    ns = "http://graphml.graphdrawing.org/xmlns"
    root = ET.Element("graphml", xmlns=ns)
    keys = [
        ("kind", "node", "string"),
        ("documents", "edge", "int"),
        ("stories", "edge", "int"),
        ("first", "edge", "string"),
        ("last", "edge", "string"),
        ("sentence", "edge", "string"),
    ]
    for name, scope, kind in keys:
        ET.SubElement(root, "key", {"id": name, "for": scope, "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, "graph", id="partners", edgedefault="undirected")
    nodes: dict[str, str] = {}
    for pair in found:
        nodes.setdefault(pair.a, pair.kind_a)
        nodes.setdefault(pair.b, pair.kind_b)
    for name, kind in nodes.items():
        ET.SubElement(ET.SubElement(graph, "node", id=name), "data", key="kind").text = kind
    for pair in found:
        edge = ET.SubElement(graph, "edge", source=pair.a, target=pair.b)
        for key, value in (
            ("documents", pair.documents),
            ("stories", pair.stories),
            ("first", pair.first),
            ("last", pair.last),
            ("sentence", pair.sentence),
        ):
            ET.SubElement(edge, "data", key=key).text = str(value or "")
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)


TABLE_PAIRS = 50  # pairs a table shows by default


def partners(args) -> int:
    from pipelines.db.partners import pairs
    from pipelines.db.session import session_scope

    if args.topic:
        require_topic(args.topic)
    # A table is read by a person: the pairs named together in the most stories. A CSV or GraphML
    # file is a network to analyse: all of it, unless --limit says otherwise.
    limit = args.limit if args.limit is not None else (TABLE_PAIRS if args.format == "table" else 0)
    with session_scope(corpus(args)) as session:
        found = pairs(session, args.topic, args.min_documents, limit or None)
    if not found:
        print(
            f"no organisations named together{' in topic ' + args.topic if args.topic else ''}"
            " (topics and organisations are found at extraction: run `reextract` on a corpus"
            " stored before them)",
            file=sys.stderr,
        )
        return 1
    if args.format == "graphml":
        if not args.out:
            raise UsageError("graphml needs --out FILE")
        with open(args.out, "wb") as out:
            write_graphml(found, out)
    elif args.format == "csv":
        with (
            open(args.out, "w", encoding="utf-8-sig", newline="") if args.out else _stdout() as out
        ):
            writer = csv.DictWriter(out, fieldnames=EDGE_FIELDS)
            writer.writeheader()
            writer.writerows(_edge(p) for p in found)
    else:
        _table(found, console, args.topic)
        if limit and len(found) == limit:
            said = f"the {limit} pairs named together in the most stories; --limit 0 for all"
            print(said, file=sys.stderr)
    if args.out:
        print(f"wrote {len(found)} pairs to {args.out}", file=sys.stderr)
    return 0


class _stdout:  # noqa: N801 - a context manager that leaves standard output open
    def __enter__(self):
        return sys.stdout

    def __exit__(self, *exc):
        return False


def _table(found, console, topic: str | None) -> None:
    table = Table(
        title=f"{len(found)} pairs of organisations named together"
        + (f" (topic {topic})" if topic else ""),
        show_lines=True,
    )
    for column in ("organisations", "stories", "docs", "dates", "example"):
        table.add_column(column, overflow="fold")
    for pair in found:
        table.add_row(
            escape(f"{pair.a} ({pair.kind_a})\n{pair.b} ({pair.kind_b})"),
            str(pair.stories),
            str(pair.documents),
            f"{pair.first or '-'} … {pair.last or '-'}",
            escape(f"{', '.join(pair.sites)}: {pair.sentence}"),
        )
    console.print(table)


def add_parsers(sub, common: Common) -> None:
    p = sub.add_parser(
        "partners",
        parents=[common.db],
        help="organisations named together (schools, enterprises, governments)",
    )
    p.add_argument(
        "--topic",
        metavar="SLUG",
        help="only documents of this topic (e.g. school-enterprise, east-west)",
    )
    p.add_argument(
        "--min-documents",
        type=int,
        default=1,
        metavar="N",
        help="only pairs named together in at least N documents",
    )
    p.add_argument(
        "--limit",
        type=limit_or_all,
        metavar="N",
        help=f"at most N pairs, those named together in the most stories (default: {TABLE_PAIRS} "
        "in the table, all in CSV and GraphML; 0: all)",
    )
    p.add_argument("--format", choices=("table", "csv", "graphml"), default="table")
    p.add_argument("--out", metavar="FILE", help="output file (graphml: required)")
    p.set_defaults(func=partners)
