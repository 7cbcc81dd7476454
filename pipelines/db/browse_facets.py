"""The browser's own facets: documents by year of a date column, and by topic.

Registered by the Datasette plugin in pipelines.db.browse. Each value links to the same page
with its filter added (or removed, when it is the one selected).
"""

from __future__ import annotations

from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args


class _ToggleFacet(Facet):
    """What both facets share: no suggestions, a time-limited count, values that toggle."""

    async def suggest(self):
        return []

    async def counts(self, sql: str):
        """The rows of `sql` (value, count), or None when it ran out of time."""
        try:
            return await self.ds.execute(
                self.database,
                sql,
                self.params,
                truncate=False,
                custom_time_limit=self.ds.setting("facet_time_limit_ms"),
            )
        except Exception:  # QueryInterrupted: shown as a timed-out facet
            return None

    def toggle(self, arg: str, row, selected: bool) -> dict:
        """One facet value: selecting it adds `arg=value` to the page's URL, or removes it."""
        change = path_with_removed_args if selected else path_with_added_args
        path = change(self.request, {arg: str(row["value"])})
        return {
            "value": row["value"],
            "label": row["value"],
            "count": row["count"],
            "selected": selected,
            "toggle_url": self.ds.absolute_url(self.request, path),
        }


class YearFacet(_ToggleFacet):
    """Facet on the year of a YYYY-MM-DD column (`{"year": "published"}` in metadata)."""

    type = "year"

    async def facet_results(self):
        results, timed_out = [], []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            col = escape_sqlite(column)
            rows = await self.counts(
                f"select substr({col}, 1, 4) as value, count(*) as count "
                f"from ({self.sql}) where {col} is not null "
                f"group by value order by value desc limit {size + 1}"
            )
            if rows is None:
                timed_out.append(column)
                continue
            key = f"{column}__startswith"
            values = [
                self.toggle(key, row, args.get(key) == str(row["value"]))
                for row in rows.rows[:size]
            ]
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "results": values,
                    "hideable": source_and_config["source"] != "metadata",
                    "toggle_url": self.request.path,
                    "truncated": len(rows.rows) > size,
                }
            )
        return results, timed_out


class TopicFacet(_ToggleFacet):
    """Documents by topic (document_topics): `{"topic": "id"}` in metadata; selecting a value
    adds `_topic=SLUG`, which exact_conditions turns into a filter."""

    type = "topic"

    async def facet_results(self):
        selected = set(self.request.args.getlist("_topic"))
        rows = await self.counts(
            f"select topic as value, count(*) as count from document_topics "
            f"where document_id in (select id from ({self.sql})) "
            f"group by topic order by count desc, topic"
        )
        if rows is None:
            return [], ["topic"]
        values = [self.toggle("_topic", row, row["value"] in selected) for row in rows.rows]
        return [
            {
                "name": "topic",
                "type": self.type,
                "results": values,
                "hideable": False,
                "toggle_url": self.request.path,
                "truncated": False,
            }
        ], []
